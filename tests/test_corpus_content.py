"""The shipped corpus: every article well-formed and safe, and the search answers readers' questions from it."""
import datetime
import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from indexer.chunking import is_safety_note, paragraphs_by_section, safety_notes
from indexer.corpus import read_corpus
from indexer.readability import MAX_GRADE, MAX_SENTENCE_WORDS, measure
from indexer.site import PHONE_NUMBER, number_links, read_site, unlinked_numbers
from tests.conftest import ask

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
QUESTIONS = ROOT / "bench" / "reader_questions.jsonl"
ARTICLES, ERRORS = read_corpus(CORPUS)
TOPICS = yaml.safe_load((CORPUS / "topics.yaml").read_text(encoding="utf-8"))
# A crisis line every article carries: the US 988 line, Samaritans (UK and Ireland), or the worldwide directory.
CRISIS_LINE = re.compile(r"\b988\b|116 123|findahelpline\.com")
BODY_WORDS = (500, 1500)
PARAGRAPH_WORDS = (40, 150)
SAFETY_NOTE_WORDS = (15, 120)
# Dosing is never given: a number with a dose unit anywhere in an article fails.
DOSE = re.compile(r"\b\d+(?:\.\d+)?\s?(?:mg|mcg|µg|micrograms?|milligrams?|ml)\b", re.I)
# Articles about medicines, doses or drugs: each needs a safety note with a helpline number readers can tap.
MEDICINE_TAG = "medication"
MEDICINE_WORDS = re.compile(r"\b(?:overdos\w*|opioids?|benzodiazepines?|ketamine|doses?|dosage)\b", re.I)
SITE = read_site(CORPUS)
# What a helpline entry must tell a reader: where it is, when, who it is for and in what language.
HELPLINE_FIELDS = ("name", "url", "hours", "for", "languages")


def test_every_article_parses():
    assert ERRORS == []
    assert len(ARTICLES) >= 64


def test_ids_and_titles_are_unique():
    assert len({a.doc_id for a in ARTICLES}) == len({a.title.lower() for a in ARTICLES}) == len(ARTICLES)


def test_every_topic_has_a_name_an_intro_and_key_articles_that_carry_it():
    assert all(isinstance(tag, str) and entry["name"] and entry["intro"] for tag, entry in TOPICS.items())
    used = {tag for article in ARTICLES for tag in article.tags}
    assert set(TOPICS) - used == set(), "topics with no article"
    tags_of = {article.doc_id: set(article.tags) for article in ARTICLES}
    misplaced = {tag: key for tag, entry in TOPICS.items() for key in entry["key_articles"] if tag not in tags_of.get(key, ())}
    assert misplaced == {}


def test_every_number_in_a_safety_note_is_a_helpline_readers_can_tap():
    unlisted = {article.doc_id: unlinked_numbers(note, SITE.helplines)
                for article in ARTICLES for note in safety_notes(article.body) if unlinked_numbers(note, SITE.helplines)}
    assert SITE.helplines and unlisted == {}


def test_every_helpline_says_how_to_reach_it_when_for_whom_and_in_what_language():
    incomplete = [(code, resource["name"]) for code, entry in SITE.helplines["countries"].items()
                  for resource in entry["resources"] if not all(resource.get(field) for field in HELPLINE_FIELDS)]
    assert incomplete == []
    no_line_to_call = [code for code, entry in SITE.helplines["countries"].items()
                       if not any(action["kind"] == "call" for resource in entry["resources"] for action in resource["actions"])]
    assert no_line_to_call == []


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.doc_id)
def test_an_article_about_medicines_or_drugs_has_a_safety_note_with_a_number_to_call(article):
    if MEDICINE_TAG not in article.tags and not MEDICINE_WORDS.search(article.body):
        pytest.skip("not about medicines, doses or drugs")
    known = number_links(SITE.helplines)
    numbers = [re.sub(r"\D", "", found) for note in safety_notes(article.body) for found in PHONE_NUMBER.findall(note)]
    assert any(number in known for number in numbers), "no safety note with a helpline number"


def test_the_readability_measure_reads_prose_not_markup_and_finds_the_longest_sentence():
    plain = "---\ntitle: x\n---\n\n## Sleep\n\nSleep helps. Go to bed at the same time. Keep the room dark.\n"
    hard = ("Pharmacological interventions notwithstanding, comprehensive psychotherapeutic methodologies demonstrate "
            "considerable effectiveness regarding generalised anxiety symptomatology. ")
    sprawling = "- " + " ".join(["and we walked on"] * 9) + " home.\n- A [short](https://example.org/a/very/long/path) one.\n"
    assert measure(plain).grade < 3 and measure(plain).longest == 7
    assert measure(hard * 3).grade > MAX_GRADE
    found = measure(sprawling)
    assert found.longest == 37 and found.longest_sentence.startswith("and we walked on")
    assert "https" not in " ".join(found.longest_sentence.split()) and measure("A [short](https://x.org/p) one.").longest == 3


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.doc_id)
def test_article_is_plain_english(article):
    found = measure(article.body)
    assert found.grade <= MAX_GRADE, f"Flesch-Kincaid grade {found.grade}"
    assert found.longest <= MAX_SENTENCE_WORDS, f"a sentence of {found.longest} words: {found.longest_sentence}"


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.doc_id)
def test_front_matter_is_complete(article):
    assert article.summary and article.also_called and article.updated
    assert 1 <= len(article.tags) <= 6 and set(article.tags) <= set(TOPICS), article.tags
    reviewed, next_review = (datetime.date.fromisoformat(d) for d in (article.reviewed, article.next_review))
    assert reviewed < next_review <= reviewed + datetime.timedelta(days=2 * 366)


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.doc_id)
def test_every_source_names_a_specific_page(article):
    assert article.sources
    for ref in article.sources:
        url = urlparse(ref.url)
        assert url.scheme == "https" and url.netloc, ref
        assert url.path.strip("/"), f"{ref.name} points at a home page, not the page that says it"
    by_url = {}
    for ref in article.sources:
        by_url.setdefault(ref.url.rstrip("/"), set()).add(ref.name)
    assert all(len(names) == 1 for names in by_url.values()), f"one page cited under several names: {by_url}"


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.doc_id)
def test_article_body_meets_the_house_format(article):
    headings = re.findall(r"^## ", article.body, re.M)
    assert 3 <= len(headings) <= 8 and not re.search(r"^# ", article.body, re.M)
    paragraphs = [block.text for _, blocks in paragraphs_by_section(article.body) for block in blocks]
    words = sum(len(p.split()) for p in paragraphs)
    assert BODY_WORDS[0] <= words <= BODY_WORDS[1], f"{words} words"
    wrong_length = [p[:50] for p in paragraphs if not (
        SAFETY_NOTE_WORDS[0] <= len(p.split()) <= SAFETY_NOTE_WORDS[1] if is_safety_note(p)
        else PARAGRAPH_WORDS[0] <= len(p.split()) <= PARAGRAPH_WORDS[1])]
    assert not wrong_length, f"paragraphs of the wrong length: {wrong_length}"


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.doc_id)
def test_article_is_safe_health_information(article):
    assert CRISIS_LINE.search(article.body), "no crisis line"
    assert not DOSE.search(article.body), "no dosing information"


def test_the_whole_corpus_builds_into_one_snapshot(corpus_engine):
    assert corpus_engine.snapshot.manifest.documents == len(ARTICLES)
    assert corpus_engine.snapshot.site.topics == {tag: entry["name"] for tag, entry in TOPICS.items()}
    assert corpus_engine.snapshot.site.helplines and corpus_engine.snapshot.site.guides.keys() == TOPICS.keys()


def test_a_capped_articles_safety_note_reaches_its_result(corpus_engine):
    # The per-article limit keeps two panic passages, neither of them the chest-pain note.
    results = ask(corpus_engine, "what does a panic attack feel like", k=10)
    panic = [r for r in results if r.chunk.doc_id == "panic-attacks-and-panic-disorder"]
    assert len(panic) == 2 and not any(r.chunk.safety_note for r in panic)
    assert panic[0].safety_note is not None and "Chest pain" in panic[0].safety_note.passage
    assert panic[1].safety_note is None  # once per article


def test_a_safety_note_that_answers_the_question_is_a_result_itself(corpus_engine):
    results = ask(corpus_engine, "is my racing heart a panic attack or a heart attack", k=10)
    panic = [r for r in results if r.chunk.doc_id == "panic-attacks-and-panic-disorder"]
    assert panic[0].chunk.safety_note and "Chest pain" in panic[0].chunk.passage
    assert all(r.safety_note is None for r in panic)  # not repeated under the other passage


def test_readers_questions_find_a_right_article_in_the_top_3(corpus_engine):
    questions = [json.loads(line) for line in QUESTIONS.read_text().splitlines() if line.strip()]
    assert len(questions) >= 3 * len(ARTICLES) - 75
    known = {a.doc_id for a in ARTICLES}
    assert all(set(q["relevant"]) <= known for q in questions)
    misses = []
    for question in questions:
        top3 = {r.chunk.doc_id for r in ask(corpus_engine, question["question"], k=3)}
        if not top3 & set(question["relevant"]):
            misses.append(question["question"])
    assert len(misses) <= 0.05 * len(questions), misses
