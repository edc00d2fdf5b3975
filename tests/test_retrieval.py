"""Fusion, result shaping, highlighting and query handling."""
import threading
from collections import Counter

import numpy as np
import pytest
import threadpoolctl

from search_app.fusion import normalized_score_fusion
from search_app.query import QueryError, QueryLimits, SearchRequest, normalize_query
from search_app.records import best_sentence
from search_app.retrieval import RetrievalOptions, SearchEngine
from search_app import service
from tests.conftest import ask

PARAGRAPH = ("Grounding exercises such as slow breathing and naming five things you can see help some people "
             "through moments of overwhelming anxiety by bringing their attention back to the present.")


@pytest.mark.parametrize("limit", [1, 2])
def test_no_article_has_more_passages_than_the_per_article_limit(engine, limit):
    limited = SearchEngine(engine.snapshot, engine.embedder, RetrievalOptions(per_article=limit))
    results = ask(limited, "ketamine PTSD risks how it works", k=10)
    counts = {}
    for result in results:
        counts[result.chunk.doc_id] = counts.get(result.chunk.doc_id, 0) + 1
    assert max(counts.values()) == limit
    assert [r.rank for r in results] == list(range(1, len(results) + 1))


def test_near_duplicate_passages_are_collapsed(tmp_path, build, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("first", "second"):
        (corpus / f"{name}.md").write_text(f"---\ntitle: Coping {name}\n---\n\n{PARAGRAPH}\n")
    build(corpus, tmp_path / "index")
    engine = SearchEngine.open(tmp_path / "index", embedder)
    assert [r.chunk.passage for r in ask(engine, PARAGRAPH)] == [PARAGRAPH]
    keep_all = SearchEngine(engine.snapshot, embedder, RetrievalOptions(duplicate_similarity=1.01))
    assert [r.chunk.passage for r in ask(keep_all, PARAGRAPH)] == [PARAGRAPH, PARAGRAPH]


def test_highlight_marks_the_sentence_sharing_most_query_words(embedder):
    from pathlib import Path

    from indexer.chunking import Chunker, ChunkerSettings
    from indexer.corpus import parse_article
    from indexer.keywords import tokenize

    chunker = Chunker(ChunkerSettings.for_model(embedder.max_seq_length), embedder.count_tokens)
    passages = ["Sleep matters. Ketamine acts on glutamate in the brain. It is studied for PTSD.",
                "No sentence here shares a word with the query.", "One. Two brains."]
    query = set(tokenize(["what does glutamate do in the brain"])[0])
    spans = [best_sentence(chunker.chunk(parse_article(f"---\ntitle: T\n---\n\n{p}\n".encode(), Path("t.md")))[0], query)
             for p in passages]
    assert [p[s:e] for p, (s, e) in zip(passages, spans)] == [
        "Ketamine acts on glutamate in the brain.", "No sentence here shares a word with the query.", "Two brains."]


def test_a_results_highlight_is_its_best_sentence_not_the_whole_passage(engine):
    result = ask(engine, "how does ketamine act on glutamate", k=1)[0]
    body = result.as_dict()
    assert body["highlight"]["text"].startswith("Ketamine acts on glutamate")
    assert body["highlight"]["text"] != body["passage"]
    assert body["passage"][body["highlight"]["start"]:body["highlight"]["end"]] == body["highlight"]["text"]


@pytest.mark.parametrize("variant", [
    "Can't sleep at night", "can't   sleep at night!!", "CAN'T SLEEP AT NIGHT?", "cannot sleep, at night.",
    "can\u2019t sleep at night",
])
def test_case_punctuation_spacing_and_contractions_do_not_change_results(engine, variant):
    expected = [r.chunk.chunk_id for r in ask(engine, "cannot sleep at night", k=5)]
    assert normalize_query(variant) == "cannot sleep at night"
    assert [r.chunk.chunk_id for r in ask(engine, variant, k=5)] == expected


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_a_one_word_query_still_finds_the_topic(engine, mode):
    assert ask(engine, "ketamine", k=3, mode=mode)[0].chunk.doc_id == "ketamine-ptsd"


def test_bm25_mode_finds_nothing_for_unknown_words(engine):
    assert ask(engine, "zzqx", k=3, mode="bm25") == []


def test_the_answer_uses_the_requested_mode(engine):
    text = "someone I love is struggling and I do not know what to say"
    for mode in ("hybrid", "dense", "bm25"):
        body = service.answer(engine, SearchRequest.parse({"q": text, "mode": mode}))
        assert body["mode"] == mode
        assert [r["chunk_id"] for r in body["results"]] == [r.chunk.chunk_id for r in ask(engine, text, mode=mode)]
    scores = {mode: [r["score"] for r in service.answer(engine, SearchRequest.parse({"q": text, "mode": mode}))["results"]]
              for mode in ("dense", "bm25")}
    assert scores["dense"] != scores["bm25"]


@pytest.mark.parametrize("values, message", [
    ({}, "missing or blank"), ({"q": "   "}, "missing or blank"),
    ({"q": "x" * 501}, "limit is 500"), ({"q": "ok", "k": "abc"}, "whole number"), ({"q": "ok", "k": "2.5"}, "whole number"),
    ({"q": "ok", "k": 0}, "from 1 to 50"), ({"q": "ok", "k": "51"}, "from 1 to 50"), ({"q": "ok", "k": True}, "whole number"),
    ({"q": "ok", "k": "9" * 5000}, "whole number"), ({"q": "ok", "k": "\u0663"}, "whole number"),
    ({"q": "ok", "mode": "fuzzy"}, "one of hybrid"), ({"q": 42}, "must be a string"),
    ({"q": "ok", "mode": []}, "one of hybrid"), ({"q": "ok", "mode": 0}, "one of hybrid"),
    ({"q": "ok", "mode": False}, "one of hybrid"),
])
def test_bad_requests_are_rejected_with_a_clear_message(values, message):
    with pytest.raises(QueryError, match=message):
        SearchRequest.parse(values, QueryLimits())


def test_request_defaults_and_normalised_text():
    request = SearchRequest.parse({"q": "  What's PTSD?  "})
    assert (request.query, request.text, request.k, request.mode) == ("  What's PTSD?  ", "what is ptsd", 10, "hybrid")
    assert request == SearchRequest.parse({"q": "  What's PTSD?  ", "k": "10", "mode": "hybrid"})


def scored(*pairs: tuple[int, float]) -> tuple[np.ndarray, np.ndarray]:
    """A retriever's answer, (row ids, scores), from (row, score) pairs."""
    return np.array([row for row, _ in pairs], dtype=np.int64), np.array([score for _, score in pairs], dtype=np.float32)


def test_score_fusion_weights_normalised_dense_and_keyword_scores():
    fused = dict(normalized_score_fusion(scored((1, 0.9), (2, 0.5), (3, 0.1)), scored((3, 12.0), (4, 2.0)), dense_weight=0.7))
    assert fused[1] == pytest.approx(0.7)           # best dense, absent from BM25
    assert fused[3] == pytest.approx(0.3)           # worst dense (0), best BM25
    assert fused[2] == pytest.approx(0.35) and fused[4] == pytest.approx(0.0)
    assert normalized_score_fusion(scored(), scored()) == []


def test_score_fusion_treats_a_list_of_equal_scores_as_all_best():
    assert dict(normalized_score_fusion(scored((5, 0.4)), scored((5, 3.0), (6, 3.0)))) == {5: pytest.approx(1.0), 6: pytest.approx(0.3)}


def test_score_fusion_breaks_ties_by_row():
    assert [row for row, _ in normalized_score_fusion(scored((9, 0.5), (4, 0.5)), scored())] == [4, 9]


def _common_and_rare_word_texts(count: int = 3000) -> list[str]:
    """Passages where a few words are in most rows and others in a few, as in a large corpus."""
    rng = np.random.default_rng(7)
    common, rare = ["feel", "help", "sleep", "worry"], ["ketamine", "nightmare", "lithium", "grief"]
    texts = []
    for i in range(count):
        words = [w for w in common if rng.random() < 0.6] * int(rng.integers(1, 3))
        words += [w for n, w in enumerate(rare) if rng.random() < 0.01 * (n + 1)]
        texts.append(" ".join(words + [f"filler{rng.integers(0, 50)}" for _ in range(int(rng.integers(2, 12)))]))
    return texts


@pytest.mark.parametrize("question", ["ketamine nightmare help sleep feel", "grief worry worry help",
                                      "lithium sleep feel", "nightmare grief ketamine lithium help worry"])
def test_bm25_at_scale_scores_every_word_on_the_passages_holding_a_selective_one(monkeypatch, question):
    import indexer.keywords as keywords

    texts = _common_and_rare_word_texts()
    index = keywords.build_keyword_index(texts)
    monkeypatch.setattr(keywords, "EXACT_POSTINGS", 100)     # as if the corpus were large
    monkeypatch.setattr(keywords, "SELECTIVE_POSTINGS", 90)  # ketamine (~30 rows) and nightmare (~60)
    terms = keywords.tokenize([question])[0]
    full = index.get_scores(terms)  # bm25s's own scores of every row, every word counted
    ranked = sorted(range(len(texts)), key=lambda row: -full[row])
    words_of = [set(keywords.tokenize([text])[0]) for text in texts]
    selective, taken = [], 0
    for size, word in sorted((sum(word in words for words in words_of), word) for word in set(terms)):
        if selective and taken + size > 90:
            break
        selective.append(word)
        taken += size
    assert 0 < len(selective) < len(set(terms))
    allowed = np.arange(len(texts)) % 3 != 0
    for mask in (None, allowed):
        holders = [row for row in ranked if words_of[row] & set(selective) and (mask is None or mask[row])]
        rows, scores = keywords.keyword_scores(index, question, 20, mask)
        assert len(rows) == 20 and np.allclose(scores, [full[row] for row in holders[:20]], rtol=1e-5)
        assert set(rows) <= set(holders)


def test_bm25_in_a_small_corpus_sums_every_posting(monkeypatch):
    import indexer.keywords as keywords

    monkeypatch.setattr(keywords, "SELECTIVE_POSTINGS", 5)  # only zeta would be selective, were it large
    texts = ["zeta"] * 5 + ["alpha alpha alpha alpha beta beta beta beta gamma gamma gamma gamma"] * 45 + ["filler"] * 60
    index = keywords.build_keyword_index(texts)
    rows, _ = keywords.keyword_scores(index, "zeta alpha beta gamma", 3)
    assert rows.tolist() == [5, 6, 7]  # three common words outweigh one rare one: found by summing everything


def test_bm25_postings_are_checked_to_be_in_row_order():
    import indexer.keywords as keywords

    index = keywords.build_keyword_index(["sleep worry", "worry panic", "sleep panic night"])
    assert keywords.postings_are_sorted(index)
    indices, indptr = index.scores["indices"], index.scores["indptr"]
    sleep = index.vocab_dict[keywords.tokenize(["sleep"])[0][0]]  # in rows 0 and 2
    postings = slice(int(indptr[sleep]), int(indptr[sleep + 1]))
    indices[postings] = indices[postings][::-1].copy()
    assert not keywords.postings_are_sorted(index)


def test_bm25_sums_postings_the_same_way_whichever_accumulation_it_picks(monkeypatch):
    import indexer.keywords as keywords

    texts = [f"sleep worry {'panic ' * (i % 3)}night {'grief' if i % 5 else 'sleep'} number {i}" for i in range(300)]
    index = keywords.build_keyword_index(texts)
    question = "sleep worry panic night grief"
    monkeypatch.setattr(keywords, "DENSE_ACCUMULATION_SHARE", 0.0)    # always one bincount over every row
    dense = keywords.keyword_scores(index, question, 50)
    monkeypatch.setattr(keywords, "DENSE_ACCUMULATION_SHARE", 1e9)    # always sorting the postings
    sorted_ = keywords.keyword_scores(index, question, 50)
    assert len(dense[0]) == 50 and np.array_equal(dense[0], sorted_[0]) and np.allclose(dense[1], sorted_[1])


def test_large_snapshots_score_keywords_beside_the_encoding_with_the_same_answers(corpus_engine, monkeypatch):
    import search_app.retrieval as retrieval

    monkeypatch.setattr(retrieval, "PARALLEL_SIDES_FROM", 1)  # as if the shipped corpus were large
    parallel = SearchEngine(corpus_engine.snapshot, corpus_engine.embedder)
    scored_on = []
    original = retrieval.keyword_scores
    monkeypatch.setattr(retrieval, "keyword_scores",
                        lambda *args: scored_on.append(threading.current_thread().name) or original(*args))
    assert corpus_engine.prepare(SearchRequest.parse({"q": "panic attacks"})).keywords is None
    for question in ["can ketamine help with PTSD nightmares?", "how do I support a partner with depression",
                     "panic attacks at night"]:
        for fields in ({}, {"tags": "anxiety"}):
            request = SearchRequest.parse({"q": question, **fields})
            mine = [r["chunk_id"] for r in service.answer(parallel, request)["results"]]
            theirs = [r["chunk_id"] for r in service.answer(corpus_engine, request)["results"]]
            assert mine == theirs and [(r.chunk.chunk_id, r.score) for r in ask(parallel, question, **fields)] == [
                (r.chunk.chunk_id, r.score) for r in ask(corpus_engine, question, **fields)]
    # the parallel engine's keywords were all scored on its own threads, the other's in the request's
    assert len(scored_on) == 24 and scored_on.count("MainThread") == 12
    assert all(name.startswith("keywords") for name in scored_on if name != "MainThread")


def test_building_the_keyword_index_logs_nothing_below_a_warning(caplog):
    """On the previous main a fresh `make run` printed "DEBUG:bm25s:Building index from tokens": bm25s sets its
    own logger to DEBUG, and the first ONNX export configures logging."""
    import logging

    from indexer.keywords import build_keyword_index

    with caplog.at_level(logging.DEBUG):
        build_keyword_index(["sleep problems and anxiety", "panic attacks at night"])
    assert [record.getMessage() for record in caplog.records if record.name.startswith("bm25s")] == []


def test_a_search_engine_multiplies_on_one_blas_thread(engine):
    """A question's products are one vector against a few thousand: a second BLAS thread only waits for
    a busy core (bench/RESULTS.md, "One BLAS thread")."""
    blas = [pool for pool in threadpoolctl.threadpool_info() if pool["user_api"] == "blas"]
    assert blas and {pool["num_threads"] for pool in blas} == {1}
