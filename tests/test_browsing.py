"""Finding by topic: tag filters inside retrieval, facets, pages of results, more from an article, related articles."""
import shutil

import numpy as np
import pytest

from indexer.snapshot import CACHE_FILE
from search_app import service
from search_app.query import QueryError, SearchRequest
from tests.conftest import ask


def search(engine, **values):
    return engine.search(SearchRequest.parse(values))


def test_a_topic_filter_returns_only_its_articles_and_still_k_results(corpus_engine):
    unfiltered = ask(corpus_engine, "trouble sleeping and feeling anxious", k=10)
    assert any("ocd" not in r.article.tags for r in unfiltered)
    filtered = ask(corpus_engine, "trouble sleeping and feeling anxious", k=10, tags="ocd")
    assert len(filtered) == 10 and all("ocd" in r.article.tags for r in filtered)


def test_a_filter_happens_inside_retrieval_not_after_it(corpus_engine):
    # Work-and-money passages are far from this question: filtering the unfiltered top list would
    # leave too few, but the filtered search still fills k (5 articles, at most 2 passages each).
    unfiltered = corpus_engine.rank_chunks("nightmares and flashbacks after trauma", "hybrid", 40)
    records = corpus_engine.snapshot.records
    assert sum("work-and-money" in records.doc_tags[records.row_docs[row]] for row, _ in unfiltered) < 10
    results = ask(corpus_engine, "nightmares and flashbacks after trauma", k=10, tags="work-and-money")
    assert len(results) == 10 and all("work-and-money" in r.article.tags for r in results)


def test_several_topics_match_any_of_them(corpus_engine):
    results = ask(corpus_engine, "what helps", k=20, tags="sleep,grief")
    assert {t for r in results for t in r.article.tags} & {"sleep", "grief"}
    assert all({"sleep", "grief"} & set(r.article.tags) for r in results)



def test_a_filter_is_found_once_and_reused_whatever_the_order_of_its_topics(corpus_engine):
    # At 1M chunks finding a topic's rows and packing them for FAISS took milliseconds: done once per filter.
    first = corpus_engine.allowed_rows(SearchRequest.parse({"q": "sleep", "tags": "sleep,grief"}))
    again = corpus_engine.allowed_rows(SearchRequest.parse({"q": "grief", "tags": "grief,sleep"}))
    assert again is first
    records = corpus_engine.snapshot.records
    expected = [bool({"sleep", "grief"} & set(records.doc_tags[doc])) for doc in records.row_docs]
    assert first.mask.tolist() == expected and first.count == sum(expected)
    assert np.unpackbits(first.bitmap, bitorder="little")[:len(expected)].astype(bool).tolist() == expected
    article = corpus_engine.allowed_rows(SearchRequest.parse({"q": "sleep", "article": records.doc_ids[0]}))
    assert article is not first and article.count == sum(doc == 0 for doc in records.row_docs)

@pytest.mark.parametrize("values, message", [
    ({"tags": "no-such-topic"}, "no article has the topic 'no-such-topic'"),
    ({"tags": "Bad Topic!"}, "topic names of letters"),
    ({"tags": ",".join(f"t{i}" for i in range(11))}, "up to 10"),
    ({"article": "no-such-article"}, "there is no article 'no-such-article'"),
    ({"offset": "-1"}, "'offset' must be a whole number"),
    ({"offset": "45", "k": "10"}, "'offset' must be from 0 to 40"),
    ({"facets": "everything"}, "'facets' can only be 'tags'"),
])
def test_bad_browsing_values_are_refused_with_a_reason(corpus_engine, values, message):
    with pytest.raises(QueryError, match=message):
        corpus_engine.search(SearchRequest.parse({"q": "anxiety", **values}))


def test_pages_continue_each_other_without_duplicates_or_gaps(corpus_engine):
    whole = [r.chunk.chunk_id for r in ask(corpus_engine, "how to cope with stress at work", k=30)]
    pages = []
    for offset in (0, 10, 20):
        outcome = search(corpus_engine, q="how to cope with stress at work", k="10", offset=str(offset))
        assert [r.rank for r in outcome.results] == list(range(offset + 1, offset + 11))
        pages += [r.chunk.chunk_id for r in outcome.results]
        assert outcome.has_more
    assert pages == whole and len(set(pages)) == 30


def test_the_last_page_says_there_is_no_more(corpus_engine):
    outcome = search(corpus_engine, q="hoarding", k="5", article="hoarding")
    assert not outcome.has_more and 0 < len(outcome.results) <= 5


def test_more_in_article_counts_the_passages_left_out_and_the_article_filter_shows_them(corpus_engine):
    results = ask(corpus_engine, "what is a panic attack", k=10)
    panic = [r for r in results if r.chunk.doc_id == "panic-attacks-and-panic-disorder"]
    assert panic and panic[0].more_in_article > 0
    shown = {r.chunk.chunk_id for r in panic}
    rest = ask(corpus_engine, "what is a panic attack", k=20, article="panic-attacks-and-panic-disorder")
    assert all(r.chunk.doc_id == "panic-attacks-and-panic-disorder" for r in rest)
    assert len(rest) > len(panic) and shown <= {r.chunk.chunk_id for r in rest}


def test_facets_count_matching_passages_per_topic(corpus_engine):
    body = service.answer(corpus_engine, SearchRequest.parse({"q": "sleep problems", "facets": "tags"}))
    facets = body["facets"]["tags"]
    records = corpus_engine.snapshot.records
    candidates = corpus_engine.rank_chunks("sleep problems")
    expected = {}
    for row, _ in candidates:
        for tag in records.doc_tags[records.row_docs[row]]:
            expected[tag] = expected.get(tag, 0) + 1
    assert {f["tag"]: f["count"] for f in facets} == expected
    assert next(f for f in facets if f["tag"] == "sleep")["name"] == "Sleep"
    assert [f["count"] for f in facets] == sorted((f["count"] for f in facets), reverse=True)
    assert "facets" not in service.answer(corpus_engine, SearchRequest.parse({"q": "sleep problems"}))


def test_every_article_has_related_articles_and_they_are_stable(corpus_engine, corpus_index, embedder, tmp_path):
    from tests.conftest import ROOT, quiet_build
    from search_app.retrieval import SearchEngine

    records = corpus_engine.snapshot.records
    related = {a.doc_id: a.related for a in records.articles()}
    assert all(1 <= len(r) <= 5 and doc not in r for doc, r in related.items())
    assert "ptsd-trauma-focused-therapies" in related["ptsd-overview"]
    (tmp_path / "index").mkdir()  # the same vectors, from the embedding cache: the rebuild re-derives the rest
    shutil.copy(corpus_index / CACHE_FILE, tmp_path / "index" / CACHE_FILE)
    quiet_build(embedder, ROOT / "corpus", tmp_path / "index", full=True)
    again = SearchEngine.open(tmp_path / "index", embedder).snapshot.records
    assert {a.doc_id: a.related for a in again.articles()} == related


def test_the_api_takes_tags_on_get_and_post(client):
    got = client.get("/search?q=what+helps&tags=ptsd&tags=depression&k=5").get_json()
    posted = client.post("/search", json={"q": "what helps", "tags": ["ptsd", "depression"], "k": 5}).get_json()
    assert got["tags"] == posted["tags"] == ["ptsd", "depression"]
    assert [r["chunk_id"] for r in got["results"]] == [r["chunk_id"] for r in posted["results"]]
    assert client.get("/search?q=x&tags=nope").status_code == 400
