"""Crisis intent by pattern and by meaning; resources by country; crisis-first answers with no means."""
import json
import re
import time
from collections import Counter

import numpy as np
import pytest

from indexer.chunking import discusses_means
from indexer.embedding import DEFAULT_ENCODER_CACHE, DEFAULT_MODEL, model_id
from search_app.crisis import _ANY_PATTERN, CrisisDetector, CrisisSignal, crisis_block, detector_for, pattern_hits
from search_app.crisis_patterns import PATTERNS
from search_app.pattern_search import any_of, first_letters
from search_app.judgement import JudgementMissing, load_judgement
from search_app.judgement_data import COUNSEL_CHAT_QUERIES, LOOKALIKE_KINDS, load_data, split_of
from search_app.query import SearchRequest, normalize_query
from search_app.shaping import HELP_PASSAGES

CRISIS_DATA, _ = load_data()
TEST_SPLIT = CRISIS_DATA["test"]
# Guards for the test split (measured figures in bench/RESULTS.md, "Judgement"), a little
# beyond them so that float noise across CPUs cannot flip them.
MIN_RECALL, MAX_FALSE_ALARMS, MAX_LOOKALIKE_FALSE_ALARMS, MIN_AUDIENCE = 0.80, 0.015, 0.025, 0.94
MIN_RECALL_WITH_OFFER = 0.96
ORDINARY_OTHER_LANGUAGE_KINDS = {"everyday_other_language", "mental_health_other_language", "other_medical_other_language"}


@pytest.fixture(scope="module")
def detector(embedder) -> CrisisDetector:
    return detector_for(embedder)


@pytest.fixture(scope="module")
def test_split_assessed(embedder, detector):
    """The detector's (signal, offer) for every test-split question; their vectors are kept on disk."""
    texts = [normalize_query(row["text"]) for row in TEST_SPLIT]
    vectors = embedder.encode_fixed_queries(texts)
    return [detector.assess(text, vector.reshape(1, -1)) for text, vector in zip(texts, vectors)]


def test_the_data_is_big_varied_and_split_once():
    rows = [row for split in CRISIS_DATA.values() for row in split]
    kinds = Counter((row["risk"], row["kind"]) for row in rows)
    assert sum(n for (risk, _), n in kinds.items() if risk) >= 1500
    assert sum(n for (risk, _), n in kinds.items() if not risk) >= 3000
    assert {kind for risk, kind in kinds if risk} >= {"third_person", "mixed_request", "slang", "misspelled",
                                                       "other_language", "short", "indirect"}
    assert {kind for risk, kind in kinds if not risk} >= {"everyday", "short", "figurative", "death_adjacent",
                                                           "medicine_dose", "overdose_first_aid", "mental_health"}
    texts = {split: {normalize_query(row["text"]) for row in data} for split, data in CRISIS_DATA.items()}
    assert not texts["test"] & (texts["train"] | texts["dev"]) and not texts["dev"] & texts["train"]
    assert all(split_of(row["text"]) == "test" for row in TEST_SPLIT)


@pytest.mark.skipif(not COUNSEL_CHAT_QUERIES.is_file(), reason="needs ../shared/data/counsel-chat beside the checkout")
def test_real_readers_questions_from_counsel_chat_are_in_the_data():
    kinds = Counter((row["risk"], row["kind"]) for split in CRISIS_DATA.values() for row in split)
    assert kinds[(True, "counsel_chat")] and kinds[(False, "counsel_chat")]


def test_the_box_holds_its_targets_on_the_test_split(test_split_assessed):
    fired = np.array([signal is not None for signal, _ in test_split_assessed])
    risk = np.array([row["risk"] for row in TEST_SPLIT])
    lookalike = np.array([row["kind"] in LOOKALIKE_KINDS for row in TEST_SPLIT])
    assert fired[risk].mean() >= MIN_RECALL
    assert fired[~risk & ~lookalike].mean() <= MAX_FALSE_ALARMS
    assert fired[~risk & lookalike].mean() <= MAX_LOOKALIKE_FALSE_ALARMS
    judged = [signal.audience == row["audience"] for row, (signal, _) in zip(TEST_SPLIT, test_split_assessed)
              if row["risk"] and signal]
    assert np.mean(judged) >= MIN_AUDIENCE


def test_everyday_questions_in_other_languages_are_not_taken_for_risk(test_split_assessed):
    """When other languages were nearly all risk rows, the check learned the language as a sign of risk:
    the box showed for 8% of everyday searches in Spanish, French, Portuguese, German, Italian and Dutch."""
    fired = [signal is not None for row, (signal, _) in zip(TEST_SPLIT, test_split_assessed)
             if not row["risk"] and row["kind"] in ORDINARY_OTHER_LANGUAGE_KINDS]
    assert len(fired) >= 150 and np.mean(fired) <= MAX_FALSE_ALARMS


def test_below_the_box_a_likely_question_is_offered_help(test_split_assessed):
    reached = [signal is not None or offer for row, (signal, offer) in zip(TEST_SPLIT, test_split_assessed) if row["risk"]]
    assert np.mean(reached) >= MIN_RECALL_WITH_OFFER
    assert not any(signal and offer for signal, offer in test_split_assessed)


def test_the_judgement_file_for_another_model_is_missing_with_how_to_train_it(tmp_path):
    with pytest.raises(JudgementMissing, match="train-judgement --model some/other-model"):
        load_judgement("some/other-model", tmp_path)


def test_the_one_search_over_all_patterns_finds_what_each_pattern_finds():
    # Patterns starting at a word boundary share one boundary test; any others join as they are.
    combined = any_of([r"\bcat", r"\bend\s+it", "dog"])
    assert [bool(combined.search(text)) for text in ("a cat", "bobcat", "hotdog", "time to end it", "blend it")] == \
        [True, False, True, True, False]
    each = [re.compile(pattern) for _, _, pattern in PATTERNS]
    texts = [normalize_query(case["text"]) for case in TEST_SPLIT]
    assert all(bool(_ANY_PATTERN.search(t)) == any(p.search(t) for p in each) for t in texts)


@pytest.mark.parametrize("pattern, letters", [
    (r"cat|dog", "cd"),
    (r"(?:my\s+)?son", "ms"),                    # an optional word: its letters and the next word's
    (r"[ée]tre|\bend", "éee"),                    # a class of letters; a boundary inside matches no letter
    (r"(?=x)y", "y"),                              # a look-ahead reads, it does not start the match
    (r"(?:a|b?)c", "abc"),                         # an alternative that can be empty lets the next letter start it
    (r"\w+ing", None), (r"[^a]x", None), (r".x", None), (r"x?", None),  # any letter, or nothing at all
])
def test_a_pattern_is_gated_on_exactly_the_letters_its_matches_can_start_with(pattern, letters):
    assert first_letters(pattern) == (None if letters is None else frozenset(letters))


@pytest.mark.parametrize("question, category", [
    ("je me fais du mal quand je suis seule", "self_harm"),
    ("ma fille se fait du mal", "someone_else"),
    ("fatiguée de vivre comme ça", "passive_wish"),
    ("manera más rápida de morir", "means"),
    ("cansada de vivir", "passive_wish"),
    ("me he cortado otra vez", "self_harm"),
    ("jeito mais fácil de morrer", "means"),
    ("keine kraft mehr zu leben", "passive_wish"),
    ("einfachste art zu sterben", "means"),
    ("modo più facile per morire", "means"),
    ("stanco di vivere", "passive_wish"),
    ("snelste manier om dood te gaan", "means"),
    ("ik heb een afscheidsbrief geschreven", "preparations"),
    # the same words in everyday use
    ("me corto el pelo mañana", None),
    ("estoy cansado de vivir en madrid", None),
])
def test_risk_is_recognised_in_the_other_languages_words_and_their_everyday_uses_are_not(question, category):
    """Phrasings the patterns of the other languages lacked: the quickest way to die, being tired of living,
    hurting oneself in the present tense, a goodbye letter; and a haircut is not self-harm."""
    clear, _ = pattern_hits(normalize_query(question))
    assert clear == category


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
    ({"country": "FR"}, {}, "FR", "3114"),
    ({"country": "JP"}, {}, "international", "findahelpline.com"),
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
    helplines = {"messages": {"en": {"self": "for you", "someone_else": "for them"}}, "homes": {},
                 "countries": {"international": {"name": "x", "emergency": ["112"], "aliases": [], "languages": [],
                                                 "resources": [{"name": "a", "contact": "b", "url": None, "actions": []}]}}}
    block = crisis_block(CrisisSignal("pattern", "someone_else", "someone_else"), helplines, None, "en")
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
    """Fixed questions' vectors (the golden questions', the training data's) are read, not re-embedded."""
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


def ask_corpus(corpus_client, question: str, **params) -> dict:
    return corpus_client.get("/search", query_string={"q": question, **params}).get_json()


# Searches readers outside the team tried, which got the box before ("Judgement that holds").
@pytest.mark.parametrize("question", [
    "how can I feel calmer", "calm down", "feel better", "how far is 10 km", "5 km run time",
    "is it going to rain tomorrow", "how to reset my router password", "best time to plant tomatoes",
    "how to write a cover letter", "lorem ipsum dolor sit amet", "i'm dying to see that film",
    "my grandma is dying", "writing a will", "giving away baby clothes", "caffeine overdose symptoms",
])
def test_everyday_and_look_alike_searches_get_no_box(corpus_client, question):
    assert ask_corpus(corpus_client, question)["crisis"] is None


@pytest.mark.parametrize("question, audience", [
    ("my son is talking about suicide", "someone_else"),
    ("my dad is talking about suicide", "someone_else"),
    ("my friend said she wants to end it all", "someone_else"),
    ("mein Sohn redet davon, sich umzubringen", "someone_else"),
    ("how do I cancel my phone contract, I won't be alive to use it after this weekend", "self"),
    ("quiero morir", "self"),
])
def test_risk_in_any_words_gets_the_box_framed_for_who_is_at_risk(corpus_client, question, audience):
    crisis = ask_corpus(corpus_client, question)["crisis"]
    assert crisis is not None and crisis["audience"] == audience


FIRST_AID = ("naloxone", "recovery position", "emergency number")


@pytest.mark.parametrize("question", ["my friend took an overdose what do i do", "opioid overdose what to do",
                                      "naloxone overdose"])
def test_overdose_questions_lead_with_what_to_do_now(corpus_client, question):
    body = ask_corpus(corpus_client, question, k=5)
    shown = [r["passage"].lower() for r in body["results"][:3]]
    shown += [r["safety_note"]["passage"].lower() for r in body["results"][:3] if r["safety_note"]]
    assert any(words in passage for passage in shown for words in FIRST_AID), question


def test_first_aid_is_help_but_amounts_and_methods_are_not():
    assert not discusses_means("If someone has taken an overdose, call your local emergency number, give naloxone "
                               "and put them in the recovery position.")
    assert discusses_means("An overdose of 20 tablets can be fatal; call your local emergency number.")
    assert discusses_means("Some people stockpile tablets.")


def test_with_the_box_a_readers_topic_filter_still_holds(corpus_client):
    body = ask_corpus(corpus_client, "i want to kill myself", tags="anxiety", k=10)
    assert body["crisis"] is not None and body["results"]
    assert all("anxiety" in result["tags"] for result in body["results"])
    unfiltered = ask_corpus(corpus_client, "i want to kill myself", k=3)
    assert "crisis-support" in unfiltered["results"][0]["tags"]


def test_every_page_links_to_the_help_page_with_the_readers_lines(corpus_client):
    for path in ("/", "/articles", "/?q=sleep"):
        assert 'href="/help"' in corpus_client.get(path).get_data(as_text=True), path
    page = corpus_client.get("/help", headers={"Accept-Language": "en-GB"}).get_data(as_text=True)
    assert "116 123" in page and "findahelpline.com" in page


@pytest.mark.parametrize("question", ["i want to end my life", "my son talks about killing himself",
                                      "how many pills would it take to die",
                                      "quiero matarme"])  # the articles are English: few passages answer it
def test_a_crisis_page_holds_only_help_and_relevant_results_never_one_article_twice_in_a_row(corpus_client, question):
    body = ask_corpus(corpus_client, question, k=10)
    assert body["crisis"] is not None
    bar = load_judgement(model_id(DEFAULT_MODEL)).thresholds["weak"]
    results = body["results"]
    help_passages = [r for r in results if "crisis-support" in r["tags"]]
    below = [r["title"] for r in results if r not in help_passages and r["relevance"] < bar]
    repeats = [(a["doc_id"], n) for n, (a, b) in enumerate(zip(results, results[1:])) if a["doc_id"] == b["doc_id"]]
    assert len(help_passages) >= HELP_PASSAGES and below == [] and repeats == []
