"""An honest "no good match": a calibrated verdict on absolute evidence, measured on the test split;
misspellings corrected to the articles' words."""
import random
import string

import numpy as np
import pytest
from rapidfuzz.distance import DamerauLevenshtein

from search_app import service, spelling
from search_app.judgement_data import OUT_OF_SCOPE_VERDICT_KINDS, load_data
from search_app.query import SearchRequest
from search_app.spelling import Speller

_, SCOPE_DATA = load_data()
TEST_SPLIT = SCOPE_DATA["test"]
# Guards for the test split (measured figures in bench/RESULTS.md, "Judgement"), a little beyond them.
MAX_ANSWERABLE_NONE, MIN_OUT_OF_SCOPE_NONE, MAX_PARTLY_WHEN_RIGHT = 0.05, 0.93, 0.16
# The target for misspelt questions (right article in the top 3); measured 94.4% on the 82 articles (sixteenth run).
MIN_MISSPELT_TOP3 = 0.90


@pytest.fixture(scope="module")
def test_split_searched(corpus_engine):
    """(match, first article) for every test-split question, searched as a reader's would be."""
    found = []
    for row in TEST_SPLIT:
        outcome = corpus_engine.search(SearchRequest.parse({"q": row["question"], "k": 3}))
        found.append((outcome.match, [result.chunk.doc_id for result in outcome.results]))
    return found


def test_the_data_is_big_and_covers_every_kind():
    rows = [row for split in SCOPE_DATA.values() for row in split]
    assert sum(row["in_scope"] for row in rows) >= 1000 and sum(not row["in_scope"] for row in rows) >= 1000
    assert {row["kind"] for row in rows} >= {"situation", "misspelled", "gap_topic", "other_medical", "everyday"}


def test_the_verdict_holds_its_targets_on_the_test_split(test_split_searched):
    answerable = np.array([row["in_scope"] for row in TEST_SPLIT])
    far = np.array([row["kind"] in OUT_OF_SCOPE_VERDICT_KINDS for row in TEST_SPLIT])
    matches = np.array([match for match, _ in test_split_searched])
    right_first = np.array([bool(docs) and docs[0] in row.get("relevant", ()) for row, (_, docs) in zip(TEST_SPLIT, test_split_searched)])
    assert (matches[answerable] == "none").mean() <= MAX_ANSWERABLE_NONE
    assert (matches[far] == "none").mean() >= MIN_OUT_OF_SCOPE_NONE
    assert (matches[answerable & right_first] == "weak").mean() <= MAX_PARTLY_WHEN_RIGHT


@pytest.mark.xfail(strict=True, reason="known miss: 'mood lighting ideas for the living room' is told strong "
                                       "(bench/RESULTS.md)")
def test_no_question_far_from_the_subject_is_told_strong(test_split_searched):
    far = np.array([row["kind"] in OUT_OF_SCOPE_VERDICT_KINDS for row in TEST_SPLIT])
    matches = np.array([match for match, _ in test_split_searched])
    assert not (matches[far] == "strong").any()


@pytest.mark.parametrize("question", ["how to get kids ready for school faster in the morning",
                                      "ocd car detailing near me", "bank stress test results"])
def test_a_question_off_the_subject_that_reads_like_an_answered_one_is_not_told_strong(corpus_client, question):
    """Dev questions the verdict model alone puts above its strong threshold; the far model keeps them below."""
    assert corpus_client.get("/search", query_string={"q": question}).get_json()["match"] != "strong"


def test_misspelt_questions_find_their_article(test_split_searched):
    found = [bool(set(row.get("relevant", ())) & set(docs)) for row, (_, docs) in zip(TEST_SPLIT, test_split_searched)
             if row["kind"] == "misspelled"]
    assert len(found) >= 50 and np.mean(found) >= MIN_MISSPELT_TOP3


@pytest.mark.parametrize("question, article", [
    ("i spend hours checking my nose in the mirror, everyone says it's fine", "body-dysmorphic-disorder"),
    ("convinced i have cancer even tho tests were clear", "health-anxiety"),
    ("lost my whole paycheck on betting apps again", "gambling-and-behavioural-addictions"),
    ("son hearing voices and thinks the neighbours are watching him", "schizophrenia-and-psychosis"),
    ("anxeity", "generalized-anxiety-disorder"),
    ("bipoler", "bipolar-disorder"),
    ("panik attaks", "panic-attacks-and-panic-disorder"),
    ("generalised anxeity disorder treatmnet", "generalized-anxiety-disorder"),
])
def test_readers_describing_their_situation_or_misspelling_are_answered(corpus_client, question, article):
    body = corpus_client.get("/search", query_string={"q": question, "k": 3}).get_json()
    assert body["match"] != "none" and article in [r["doc_id"] for r in body["results"]]


def test_a_passage_that_answers_gets_no_partly_answers_note(corpus_client):
    page = corpus_client.get("/?q=how+can+I+help+my+teenager+with+anxiety").get_data(as_text=True)
    assert "may only partly answer" not in page


def test_out_of_scope_questions_are_told_so(corpus_engine):
    for question in ("how do I cook pasta", "is it going to rain tomorrow", "cheap flights to lisbon"):
        outcome = corpus_engine.search(SearchRequest.parse({"q": question}))
        assert outcome.match == "none", question


def test_relevance_is_comparable_across_questions_not_normalised_within_one(corpus_engine):
    answered = corpus_engine.search(SearchRequest.parse({"q": "what are the side effects of electroconvulsive therapy"}))
    unanswered = corpus_engine.search(SearchRequest.parse({"q": "how do I cook pasta"}))
    assert answered.match == "strong" and unanswered.match == "none"
    assert answered.results[0].relevance > 0.9 > 0.2 > unanswered.results[0].relevance
    assert unanswered.results[0].score >= 0.7  # the fused score only says "best of this list"


def test_misspelt_words_are_corrected_and_the_page_offers_the_words_as_typed(corpus_client):
    body = corpus_client.get("/search", query_string={"q": "Generalised anxeity treatmnet"}).get_json()
    assert body["spelling"] == {"searched": "generalised anxiety treatment",
                                "corrections": [{"typed": "anxeity", "corrected": "anxiety"},
                                                {"typed": "treatmnet", "corrected": "treatment"}]}
    assert body["query"] == "Generalised anxeity treatmnet"
    as_typed = corpus_client.get("/search", query_string={"q": "generalised anxeity treatmnet", "correct": "false"})
    assert as_typed.get_json()["spelling"] is None
    page = corpus_client.get("/?q=anxeity").get_data(as_text=True)
    assert "Showing results for <em>anxiety</em>" in page and "correct=false" in page


def test_only_rare_unknown_words_are_corrected_or_counted_unfamiliar(corpus_engine):
    check = corpus_engine.speller.check
    assert check("is kleptomania a real illness").unfamiliar == ("kleptomania",)
    assert check("generalised anxeity treatment").corrections == (("anxeity", "anxiety"),)
    assert check("my daughter is anxious") == spelling.Spelling("my daughter is anxious", (), ())
    assert check("reset my router password").corrections == ()  # a word the model knows whole is no typo


@pytest.mark.parametrize("word, corrected", [
    ("anxeity", "anxiety"),     # a transposition: the letters are the same
    ("depresion", "depression"),  # a deletion
    ("deprezzion", "depression"),  # two substitutions in a long word: its letter counts differ by 4
    ("sleap", "sleep"),         # a substitution in a short word
    ("menage", "ménage"),       # a substitution of a letter outside a-z
    ("sleeep", "sleep"),        # an insertion
    ("sheeps", None),           # two edits in a short word
    ("kleptomania", None),
])
def test_a_misspelling_is_found_among_the_words_whose_letters_are_close(word, corrected):
    speller = Speller({w: 1 for w in ["anxiety", "depression", "sleep", "ménage"]}, {}, len)
    assert speller.nearest(word) == corrected


def test_of_equally_near_words_the_most_frequent_wins():
    assert Speller({"cat": 1, "car": 9, "can": 3}, {}, len).nearest("caz") == "car"


def test_the_letter_count_filter_finds_every_misspelling_a_comparison_with_each_word_finds():
    """Against a comparison with every word (the filter's only job is to skip comparisons)."""
    rng = random.Random(7)
    letters = string.ascii_lowercase + "éü"
    words = sorted({"".join(rng.choices(letters[:8], k=rng.randint(3, 9))) for _ in range(3000)})
    speller = Speller({word: 1 for word in words}, {}, len)
    probes = []
    for _ in range(300):
        word = list(rng.choice(words))
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(word))
            edit = rng.choice("sidt")
            if edit == "s":
                word[at] = rng.choice(letters)
            elif edit == "i":
                word.insert(at, rng.choice(letters))
            elif edit == "d" and len(word) > 2:
                del word[at]
            elif edit == "t" and at + 1 < len(word):
                word[at], word[at + 1] = word[at + 1], word[at]
        probes.append("".join(word))

    def compared_with_each(word: str) -> bool:
        limit = spelling.TYPO_DISTANCE_LONG if len(word) >= spelling.LONG_WORD else spelling.TYPO_DISTANCE_SHORT
        return any(DamerauLevenshtein.distance(word, other) <= limit for other in words)

    expected = [compared_with_each(probe) for probe in probes]
    assert 0.2 < sum(expected) / len(expected) < 0.9  # both answers are exercised
    assert [speller.nearest(probe) is not None for probe in probes] == expected


@pytest.mark.parametrize("question", ["???", "what is it", "how do i", "hello"])
def test_a_question_with_nothing_to_search_gets_no_passages_and_a_suggestion(engine, question):
    body = service.answer(engine, SearchRequest.parse({"q": question}))
    assert body["results"] == [] and body["match"] == "none" and body["suggestion"]


def test_an_ordinary_question_gets_no_suggestion(engine):
    body = service.answer(engine, SearchRequest.parse({"q": "what helps with insomnia"}))
    assert body["suggestion"] is None and body["results"] and body["match"] in ("weak", "strong")
