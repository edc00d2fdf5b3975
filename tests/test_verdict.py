"""An honest "no good match": calibrated on absolute evidence, checked on the development set."""
import random
import string
from collections import Counter

import numpy as np
import pytest
from rapidfuzz.distance import DamerauLevenshtein

from search_app import service, verdict
from search_app.query import SearchRequest
from tests.conftest import ROOT, read_jsonl

DEV_SET = read_jsonl(ROOT / "tests" / "data" / "scope_questions.jsonl")


@pytest.fixture(scope="module")
def dev_matches(corpus_engine, embedder):
    """The verdict for every development question against the shipped corpus, embedded in one batch."""
    requests = [SearchRequest.parse({"q": row["question"]}) for row in DEV_SET]
    vectors = embedder.encode_queries([r.text for r in requests])
    return [corpus_engine.search(request, vector.reshape(1, -1)).match for request, vector in zip(requests, vectors)]


def test_the_development_set_is_big_and_covers_every_kind():
    kinds = Counter(row["kind"] for row in DEV_SET)
    assert sum(row["in_scope"] for row in DEV_SET) >= 150 and sum(not row["in_scope"] for row in DEV_SET) >= 150
    assert set(kinds) >= {"in_scope", "other_medical", "everyday", "gibberish", "mental_health_gap", "other_language"}


def test_out_of_scope_questions_are_told_so_and_in_scope_ones_are_answered(dev_matches):
    inside = [m for row, m in zip(DEV_SET, dev_matches) if row["in_scope"]]
    outside = [m for row, m in zip(DEV_SET, dev_matches) if not row["in_scope"]]
    assert inside.count("none") / len(inside) <= 0.05
    assert outside.count("none") / len(outside) >= 0.90
    assert outside.count("strong") == 0


@pytest.mark.parametrize("kind", ["everyday", "gibberish", "other_language", "other_medical"])
def test_questions_far_from_mental_health_get_none(dev_matches, kind):
    got = [m for row, m in zip(DEV_SET, dev_matches) if row["kind"] == kind]
    assert got.count("none") / len(got) >= 0.95


def test_relevance_is_comparable_across_questions_not_normalised_within_one(corpus_engine):
    answered = corpus_engine.search(SearchRequest.parse({"q": "what are the side effects of electroconvulsive therapy"}))
    unanswered = corpus_engine.search(SearchRequest.parse({"q": "how do I cook pasta"}))
    assert answered.match == "strong" and unanswered.match == "none"
    assert answered.results[0].relevance > 0.9 > 0.2 > unanswered.results[0].relevance
    assert unanswered.results[0].score >= 0.7  # the fused score only says "best of this list"


def test_a_word_the_articles_never_use_counts_against_the_match(corpus_engine):
    judge = corpus_engine.judge
    assert judge.unfamiliar_terms("is kleptomania a real illness") == ["kleptomania"]
    assert judge.unfamiliar_terms("generalised anxeity treatment") == []    # a misspelling of a corpus word
    assert judge.unfamiliar_terms("my daughter is anxious") == []           # a common word the model knows whole
    assert judge.penalty("is kleptomania a real illness") == pytest.approx(verdict.UNFAMILIAR_PENALTY)
    assert judge.penalty("qué es la depresión") >= verdict.FOREIGN_PENALTY
    assert judge.relevance(0.5, 0.0) > judge.relevance(0.5, verdict.UNFAMILIAR_PENALTY)


@pytest.mark.parametrize("stem, misspelt", [
    ("anxeity", True),      # a transposition: the letters are the same
    ("depresion", True),    # a deletion
    ("deprezzion", True),   # two substitutions in a long word: its letter counts differ by 4
    ("sleap", True),        # a substitution in a short word
    ("menage", True),       # a substitution of a letter outside a-z
    ("sleeep", True),       # an insertion
    ("sheeps", False),      # two edits in a short word
    ("kleptomania", False),
])
def test_a_misspelling_is_found_among_the_stems_whose_letters_are_close(stem, misspelt):
    judge = verdict.MatchJudge({word: n for n, word in enumerate(["anxiety", "depression", "sleep", "ménage"])}, len)
    assert judge._is_misspelling(stem) is misspelt


def test_the_letter_count_filter_finds_every_misspelling_a_comparison_with_each_stem_finds():
    """Against a comparison with every stem (the filter's only job is to skip comparisons)."""
    rng = random.Random(7)
    letters = string.ascii_lowercase + "éü"
    stems = sorted({"".join(rng.choices(letters[:8], k=rng.randint(3, 9))) for _ in range(3000)})
    judge = verdict.MatchJudge({stem: n for n, stem in enumerate(stems)}, len)
    probes = []
    for _ in range(300):
        word = list(rng.choice(stems))
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

    def compared_with_each(stem: str) -> bool:
        limit = verdict.TYPO_DISTANCE_LONG if len(stem) >= verdict.LONG_WORD else verdict.TYPO_DISTANCE_SHORT
        return any(DamerauLevenshtein.distance(stem, other) <= limit for other in stems)

    expected = [compared_with_each(probe) for probe in probes]
    assert 0.2 < sum(expected) / len(expected) < 0.9  # both answers are exercised
    assert [judge._is_misspelling(probe) for probe in probes] == expected


@pytest.mark.parametrize("best, expected", [(None, "none"), (0.1, "none"), (verdict.WEAK_AT, "weak"),
                                            (0.9, "weak"), (verdict.STRONG_AT, "strong")])
def test_the_verdict_thresholds(best, expected):
    assert verdict.MatchJudge.verdict(best) == expected


@pytest.mark.parametrize("question", ["???", "what is it", "how do i", "hello"])
def test_a_question_with_nothing_to_search_gets_no_passages_and_a_suggestion(engine, question):
    body = service.answer(engine, SearchRequest.parse({"q": question}))
    assert body["results"] == [] and body["match"] == "none" and body["suggestion"]


def test_an_ordinary_question_gets_no_suggestion(engine):
    body = service.answer(engine, SearchRequest.parse({"q": "what helps with insomnia"}))
    assert body["suggestion"] is None and body["results"] and body["match"] in ("weak", "strong")
