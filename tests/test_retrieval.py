"""Fusion, result shaping, highlighting and query handling."""
from dataclasses import replace

import pytest

from indexer.snapshot import current_snapshot_dir, load_snapshot
from search_app.query import QueryError, QueryLimits, normalize_query, parse_request
from search_app.retrieval import (RetrievalOptions, SearchEngine, best_sentences, normalized_score_fusion,
                                  reciprocal_rank_fusion)


@pytest.fixture(scope="module")
def snapshot(built_index, embedder):
    return load_snapshot(current_snapshot_dir(built_index[1]), embedder.model_id)


def test_rrf_rewards_items_ranked_well_by_both_lists():
    fused = reciprocal_rank_fusion([[1, 2, 3], [3, 2, 4]])
    # 3 (3rd + 1st) and 2 (2nd + 2nd) both beat 1 (1st in one list only)
    assert fused[:3] == [(3, pytest.approx(1 / 63 + 1 / 61)), (2, pytest.approx(2 / 62)), (1, pytest.approx(1 / 61))]
    assert {item for item, _ in fused} == {1, 2, 3, 4}


def test_rrf_of_one_list_keeps_its_order():
    assert [item for item, _ in reciprocal_rank_fusion([[7, 5, 9]])] == [7, 5, 9]


@pytest.mark.parametrize("limit", [1, 2])
def test_no_article_has_more_passages_than_the_per_article_limit(snapshot, embedder, limit):
    engine = SearchEngine(snapshot, embedder, RetrievalOptions(per_article=limit))
    results = engine.search("ketamine PTSD risks how it works", k=10)
    counts = {}
    for result in results:
        counts[result.chunk.doc_id] = counts.get(result.chunk.doc_id, 0) + 1
    assert max(counts.values()) == limit
    assert [r.rank for r in results] == list(range(1, len(results) + 1))


def test_near_duplicate_passages_are_collapsed(snapshot, embedder):
    duplicate = snapshot.records.chunks[0]
    twin = replace(duplicate, chunk_id=duplicate.chunk_id + "-twin", doc_id="partner-depression")
    records = replace(snapshot.records, chunks=[*snapshot.records.chunks, twin])
    vectors = snapshot.vectors
    import faiss
    copy = faiss.clone_index(vectors)
    copy.add(vectors.reconstruct(0).reshape(1, -1))
    from indexer.keywords import build_keyword_index
    keywords = build_keyword_index([c.embed_text for c in records.chunks])
    engine = SearchEngine(replace(snapshot, records=records, vectors=copy, keywords=keywords), embedder)
    results = engine.search(duplicate.passage, k=10)
    passages = [r.chunk.passage for r in results]
    assert passages.count(duplicate.passage) == 1
    assert SearchEngine(replace(snapshot, records=records, vectors=copy, keywords=keywords), embedder,
                        RetrievalOptions(duplicate_similarity=1.01)).search(duplicate.passage, k=10)[1].chunk.passage == duplicate.passage


def test_highlight_marks_the_sentence_sharing_most_query_words():
    passages = ["Sleep matters. Ketamine acts on glutamate in the brain. It is studied for PTSD.",
                "No sentence here shares a word with the query.", "One. Two brains."]
    spans = best_sentences(passages, "what does glutamate do in the brain")
    assert [p[s:e] for p, (s, e) in zip(passages, spans)] == [
        "Ketamine acts on glutamate in the brain.", "No sentence here shares a word with the query.", "Two brains."]


def test_every_result_highlight_is_a_sentence_inside_its_passage(snapshot, embedder):
    for result in SearchEngine(snapshot, embedder).search("insomnia treatment that lasts", k=5):
        body = result.as_dict()
        assert body["highlight"]["text"] and body["highlight"]["text"] in body["passage"]


@pytest.mark.parametrize("variant", [
    "Can't sleep at night", "can't   sleep at night!!", "CAN'T SLEEP AT NIGHT?", "cannot sleep, at night.",
    "can\u2019t sleep at night",
])
def test_case_punctuation_spacing_and_contractions_do_not_change_results(snapshot, embedder, variant):
    engine = SearchEngine(snapshot, embedder)
    expected = [r.chunk.chunk_id for r in engine.search("cannot sleep at night", k=5)]
    assert normalize_query(variant) == "cannot sleep at night"
    assert [r.chunk.chunk_id for r in engine.search(variant, k=5)] == expected


def test_a_one_word_query_still_finds_the_topic(snapshot, embedder):
    for mode in ("hybrid", "dense", "bm25"):
        assert SearchEngine(snapshot, embedder).search("ketamine", k=3, mode=mode)[0].chunk.doc_id == "ketamine-ptsd"


def test_bm25_mode_finds_nothing_for_unknown_words(snapshot, embedder):
    assert SearchEngine(snapshot, embedder).search("zzqx", k=3, mode="bm25") == []


@pytest.mark.parametrize("q, k, mode, message", [
    (None, None, None, "missing or blank"), ("   ", None, None, "missing or blank"),
    ("x" * 501, None, None, "limit is 500"), ("ok", "abc", None, "whole number"), ("ok", "2.5", None, "whole number"),
    ("ok", 0, None, "from 1 to 50"), ("ok", "51", None, "from 1 to 50"), ("ok", True, None, "whole number"),
    ("ok", None, "fuzzy", "one of hybrid"), (42, None, None, "must be a string"),
])
def test_bad_requests_are_rejected_with_a_clear_message(q, k, mode, message):
    with pytest.raises(QueryError, match=message):
        parse_request(q, k, mode, QueryLimits())


def test_request_defaults():
    assert parse_request("ok", None, None, QueryLimits()) == parse_request("ok", "10", "hybrid", QueryLimits())


def test_score_fusion_weights_normalised_dense_and_keyword_scores():
    fused = dict(normalized_score_fusion([(1, 0.9), (2, 0.5), (3, 0.1)], [(3, 12.0), (4, 2.0)], dense_weight=0.7))
    assert fused[1] == pytest.approx(0.7)           # best dense, absent from BM25
    assert fused[3] == pytest.approx(0.3)           # worst dense (0), best BM25
    assert fused[2] == pytest.approx(0.35) and fused[4] == pytest.approx(0.0)
    assert normalized_score_fusion([], []) == []


def test_score_fusion_treats_a_list_of_equal_scores_as_all_best():
    assert dict(normalized_score_fusion([(5, 0.4)], [(5, 3.0), (6, 3.0)])) == {5: pytest.approx(1.0), 6: pytest.approx(0.3)}
