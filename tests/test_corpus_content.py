"""The shipped corpus: every article well-formed, and the search answers readers' questions from it."""
import json
import re
from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.chunking import paragraphs_by_section
from indexer.corpus import read_corpus
from indexer.snapshot import current_snapshot_dir, load_snapshot
from search_app.retrieval import SearchEngine

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
QUESTIONS = ROOT / "bench" / "reader_questions.jsonl"
ARTICLES, ERRORS = read_corpus(CORPUS)


def test_every_article_parses():
    assert ERRORS == []
    assert len(ARTICLES) >= 40


def test_ids_and_titles_are_unique():
    assert len({a.doc_id for a in ARTICLES}) == len({a.title.lower() for a in ARTICLES}) == len(ARTICLES)


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.doc_id)
def test_article_meets_the_house_format(article):
    assert article.summary and 3 <= len(article.tags) <= 8 and article.updated
    assert article.sources and all(ref.url.startswith("https://") for ref in article.sources)
    headings = re.findall(r"^## ", article.body, re.M)
    assert 3 <= len(headings) <= 8 and not re.search(r"^# ", article.body, re.M)
    paragraphs = [block.text for _, blocks in paragraphs_by_section(article.body) for block in blocks]
    words = sum(len(p.split()) for p in paragraphs)
    assert 500 <= words <= 1500, f"{words} words"
    short_or_long = [p[:50] for p in paragraphs if not 40 <= len(p.split()) <= 150]
    assert not short_or_long, f"paragraphs outside 40-150 words: {short_or_long}"
    assert not re.search(r"\b\d+\s?(mg|mcg|milligrams?)\b", article.body, re.I), "no dosing information"


@pytest.fixture(scope="module")
def corpus_engine(tmp_path_factory, embedder):
    index = tmp_path_factory.mktemp("corpus-index")
    report = build_index(CORPUS, index, get_embedder=lambda: embedder, progress=False, log=lambda line: None)
    assert report.published and report.documents == len(ARTICLES)
    return SearchEngine(load_snapshot(current_snapshot_dir(index), embedder.model_id), embedder)


def test_readers_questions_find_a_right_article_in_the_top_3(corpus_engine):
    questions = [json.loads(line) for line in QUESTIONS.read_text().splitlines() if line.strip()]
    assert len(questions) >= 30
    known = {a.doc_id for a in ARTICLES}
    assert all(set(q["relevant"]) <= known for q in questions)
    misses = []
    for question in questions:
        top3 = {r.chunk.doc_id for r in corpus_engine.search(question["question"], k=3)}
        if not top3 & set(question["relevant"]):
            misses.append(question["question"])
    assert len(misses) <= 0.1 * len(questions), misses
