"""Crisis intent by pattern and by meaning; resources by country; crisis-first answers with no means."""
import json
import re
import time
from collections import defaultdict

import numpy as np
import pytest

from indexer.chunking import discusses_means
from indexer.embedding import DEFAULT_ENCODER_CACHE
from search_app.crisis import _ANY_PATTERN, CrisisDetector, CrisisSignal, _any_of, crisis_block, detector_for
from search_app.crisis_patterns import PATTERNS
from search_app.query import SearchRequest, normalize_query
from tests.conftest import ROOT, read_jsonl

DEV_SET = read_jsonl(ROOT / "tests" / "data" / "crisis_questions.jsonl")
# Guards for the development set (measured: 97.1% recall, 12.7% false alarms, the short searches
# of one or two words included; bench/RESULTS.md), a little beyond the measured figures so that
# float noise across CPUs cannot flip them.
MIN_RECALL = 0.95
MAX_FALSE_ALARMS = 0.14
MIN_RECALL_PER_KIND = 0.85


@pytest.fixture(scope="module")
def detector(embedder) -> CrisisDetector:
    return detector_for(embedder)


@pytest.fixture(scope="module")
def dev_signals(embedder, detector):
    """The detector's answer for every development question, embedded in one batch."""
    texts = [normalize_query(row["text"]) for row in DEV_SET]
    vectors = embedder.encode_queries(texts)
    return [detector.detect(text, vector.reshape(1, -1)) for text, vector in zip(texts, vectors)]


def test_the_development_set_is_big_and_covers_every_kind():
    kinds = defaultdict(int)
    for row in DEV_SET:
        kinds[(row["risk"], row["kind"])] += 1
    assert sum(n for (risk, _), n in kinds.items() if risk) >= 200
    assert sum(n for (risk, _), n in kinds.items() if not risk) >= 200
    assert {kind for risk, kind in kinds if risk} >= {"passive_wish", "means", "preparations", "self_harm", "someone_else",
                                                       "slang", "misspelling", "other_language", "suicidal_thoughts"}
    assert {kind for risk, kind in kinds if not risk} >= {"figurative", "near_topic"}


def test_recall_and_false_alarms_on_the_development_set(dev_signals):
    at_risk = [signal is not None for row, signal in zip(DEV_SET, dev_signals) if row["risk"]]
    ordinary = [signal is not None for row, signal in zip(DEV_SET, dev_signals) if not row["risk"]]
    assert sum(at_risk) / len(at_risk) >= MIN_RECALL
    assert sum(ordinary) / len(ordinary) <= MAX_FALSE_ALARMS


@pytest.mark.parametrize("kind", sorted({row["kind"] for row in DEV_SET if row["risk"]}))
def test_each_kind_of_risky_phrasing_is_recognised(dev_signals, kind):
    found = [signal is not None for row, signal in zip(DEV_SET, dev_signals) if row["risk"] and row["kind"] == kind]
    assert sum(found) / len(found) >= MIN_RECALL_PER_KIND, kind


def test_the_audience_is_who_is_at_risk(dev_signals):
    judged = [(row["audience"], signal.audience) for row, signal in zip(DEV_SET, dev_signals) if row["risk"] and signal]
    assert sum(expected == got for expected, got in judged) / len(judged) >= 0.95
    someone_else = [got for expected, got in judged if expected == "someone_else"]
    assert someone_else.count("someone_else") / len(someone_else) >= 0.80  # measured 83% (29 of 35)


def test_the_one_search_over_all_patterns_finds_what_each_pattern_finds():
    # Patterns starting at a word boundary share one boundary test; any others join as they are.
    combined = _any_of([r"\bcat", r"\bend\s+it", "dog"])
    assert [bool(combined.search(text)) for text in ("a cat", "bobcat", "hotdog", "time to end it", "blend it")] == \
        [True, False, True, True, False]
    each = [re.compile(pattern) for _, _, pattern in PATTERNS]
    texts = [normalize_query(case["text"]) for case in DEV_SET]
    assert all(bool(_ANY_PATTERN.search(t)) == any(p.search(t) for p in each) for t in texts)

def test_both_nets_contribute(dev_signals):
    reasons = {signal.reason for signal in dev_signals if signal}
    assert reasons == {"pattern", "similar"}


@pytest.mark.parametrize("question, category, audience", [
    ("i wish i could just stop existing", "passive_wish", "self"),
    ("thinking about ending my life tonight", "suicidal_thoughts", "self"),
    ("how many of my tablets would it take to not wake up", "means", "self"),
    ("writing goodbye letters to everyone", "preparations", "self"),
    ("my cuts are getting deeper every week", "self_harm", "self"),
    ("my brother says he wants to end it", None, "someone_else"),
    ("gonna kms", "suicidal_thoughts", "self"),
    ("thinking about unaliving myself", "suicidal_thoughts", "self"),
    ("i want to comit sucide", "suicidal_thoughts", "self"),
    ("quiero morir, no aguanto más", "passive_wish", "self"),
    ("j'ai envie de mourir", "passive_wish", "self"),
    ("não quero mais viver", "passive_wish", "self"),
    ("ich will nicht mehr leben", "passive_wish", "self"),
])
def test_kinds_of_risky_phrasing_get_crisis_resources_first(client, question, category, audience):
    body = client.get("/search", query_string={"q": question}).get_json()
    crisis = body["crisis"]
    assert crisis is not None and crisis["audience"] == audience
    assert category is None or crisis["category"] == category
    assert crisis["reason"] in ("pattern", "similar")
    assert question.lower() not in json.dumps(crisis, ensure_ascii=False).lower()


@pytest.mark.parametrize("question", [
    "this commute is killing me", "dying to know how the series ends", "she is killing it at work",
    "drop-dead gorgeous wedding dresses", "suicide prevention training for teachers",
    "how to support a friend after a suicide attempt last year, she is doing well now",
    "side effects of sertraline", "kill time while waiting for therapy", "can't sleep after trauma",
    "best knife for cutting onions", "i feel so lonely",
])
def test_ordinary_and_figurative_questions_get_no_crisis_block(client, question):
    assert client.get("/search", query_string={"q": question}).get_json()["crisis"] is None


@pytest.mark.parametrize("params, headers, expected, contact", [
    ({"country": "GB"}, {}, "GB", "116 123"),
    ({"country": "uk"}, {}, "GB", "116 123"),
    ({}, {"Accept-Language": "en-AU,en;q=0.8"}, "AU", "13 11 14"),
    ({"country": "US"}, {"Accept-Language": "en-GB"}, "US", "838255"),
    ({}, {"Accept-Language": "fr"}, "international", "findahelpline.com"),
    ({"country": "FR"}, {}, "international", "findahelpline.com"),
    ({}, {}, "international", "findahelpline.com"),
])
def test_crisis_lines_follow_the_country_asked_for_else_the_browser_region(client, params, headers, expected, contact):
    crisis = client.get("/search", query_string={"q": "i want to kill myself", **params}, headers=headers).get_json()["crisis"]
    assert crisis["country"] == expected and contact in json.dumps(crisis)
    assert any("immediate danger" in r["contact"] for r in crisis["resources"])


def test_a_malformed_country_is_a_400(client):
    response = client.get("/search", query_string={"q": "i want to die", "country": "USA"})
    assert response.status_code == 400 and "ISO 3166" in response.get_json()["error"]["message"]


def test_helpers_get_resources_framed_for_helping():
    helplines = {"messages": {"self": "for you", "someone_else": "for them"},
                 "countries": {"international": {"name": "x", "emergency": "112", "aliases": [],
                                                 "resources": [{"name": "a", "contact": "b", "url": None}]}}}
    block = crisis_block(CrisisSignal("pattern", "someone_else", "someone_else"), helplines, None)
    assert block["message"] == "for them" and block["audience"] == "someone_else" and block["country"] == "international"


def test_results_of_a_question_showing_risk_lead_with_help(client):
    body = client.get("/search", query_string={"q": "i don't want to wake up tomorrow", "k": 5}).get_json()
    assert body["crisis"] and body["results"][0]["doc_id"] == "crisis-lines"
    ordinary = client.get("/search", query_string={"q": "i can't fall asleep at night", "k": 5}).get_json()
    assert ordinary["crisis"] is None and ordinary["results"][0]["doc_id"] != "crisis-lines"


def test_worry_about_someone_else_leads_with_the_helpers_article(client):
    body = client.get("/search", query_string={"q": "my brother says he wants to end it"}).get_json()
    assert body["crisis"]["audience"] == "someone_else"
    assert body["results"][0]["doc_id"] == "helping-someone"


def test_a_question_about_means_never_gets_passages_about_doses_or_methods(client):
    for question in ("how many sleeping tablets would it take to not wake up", "what is a lethal dose of sleeping pills",
                     "overdose on my tablets tonight"):
        body = client.get("/search", query_string={"q": question, "k": 20}).get_json()
        assert body["crisis"]["category"] == "means"
        passages = [r["passage"] for r in body["results"]] + [r["safety_note"]["passage"] for r in body["results"] if r["safety_note"]]
        assert passages and not any(discusses_means(p) for p in passages), question



def test_only_answers_to_a_question_showing_risk_leave_out_passages_about_means(engine):
    request = SearchRequest.parse({"q": "overdose of sleeping tablets and alcohol", "k": 20})
    ordinary = engine.search(request).results
    at_risk = engine.search(request, crisis=CrisisSignal("pattern", "means", "self")).results
    assert any(r.chunk.discusses_means for r in ordinary)
    assert at_risk and not any(r.chunk.discusses_means for r in at_risk)
    assert at_risk[0].chunk.doc_id == "crisis-lines"


def test_exemplar_vectors_are_kept_beside_the_encoder_and_read_back(embedder):
    """Each process reads the exemplars' vectors instead of re-embedding them (3.9 s a worker)."""
    texts = [f"a sentence only this test embeds {time.time_ns()}"]
    before = set(DEFAULT_ENCODER_CACHE.glob("queries-*.npy"))
    first = embedder.encode_fixed_queries(texts)
    (kept,) = set(DEFAULT_ENCODER_CACHE.glob("queries-*.npy")) - before
    try:
        assert np.array_equal(np.load(kept), first) and np.allclose(first, embedder.encode_queries(texts))
        np.save(kept, -first)  # what is on disk is what comes back
        assert np.array_equal(embedder.encode_fixed_queries(texts), -first)
    finally:
        kept.unlink()
