"""How well the articles answer a question: a verdict for the answer, and a relevance for each passage.

The fused hybrid score is min-max normalised within one response, so its best passage
always looks perfect; the verdict rests on absolute evidence instead (`Evidence`): the
dense cosine of the closest passage, how far ahead its article is of the next one,
whether the keyword side agrees on the article, how many of the question's words the
articles use, words they never use (after spelling correction), the language and length,
and how likely the question is about mental health at all, twice: a model of the query vector
alone and one of the question's letters and words (`search_app.ngrams`), both trained on
answerable questions and mental-health topics the articles lack against everyday and
other-medical ones.

A calibrated model (`judgement.Judgement.verdict`, logistic regression trained on
answerable and unanswerable questions, `search_app.judgement_training`) turns the
evidence into the probability that the articles answer the question. `match` is "weak"
from the `weak` threshold, else "none"; "strong" also needs the `strong` threshold and the
far model (`Judgement.far`: the same evidence, trained on answerable questions against
questions off the subject alone) above every off-subject question seen in training, so that
no such question is told "strong" and few answered ones "weak". The thresholds were chosen
on the development split and live, with their figures, in the judgement file.
A passage's `relevance` is the same probability with that passage's cosine as the best.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from search_app.judgement import Judgement

STRONG, WEAK, NONE = "strong", "weak", "none"
ANSWERED = "yes"
# The features, in the order the verdict model reads them.
FEATURES = ("best_cosine", "article_gap", "top_mean", "keyword_agrees", "keyword_found", "known_share",
            "unfamiliar", "english", "log_words", "topic", "topic_words")
# Cosines averaged for `top_mean`: the closest few passages, whatever their article.
TOP_PASSAGES = 5


@dataclass(frozen=True)
class Evidence:
    """What a search found, as the verdict reads it (never the question's words)."""
    best_cosine: float          # the closest passage
    next_article_cosine: float  # the closest passage of another article
    top_mean: float             # the mean cosine of the closest `TOP_PASSAGES`
    keyword_agrees: bool        # the keyword side's first article is the dense side's first
    keyword_found: bool         # some passage holds one of the question's words
    known_share: float          # of the question's content words, the share the articles use
    unfamiliar: int             # rare words the articles never use, after spelling correction
    english: bool
    words: int
    topic: float                # how likely the question is about mental health at all (`MatchJudge.topic`)
    topic_words: float          # the same from its letters and words, as log-odds (`MatchJudge.topic_words`)

    def features(self) -> np.ndarray:
        return self.passage_features(np.array([self.best_cosine]))[0]

    def passage_features(self, cosines: np.ndarray) -> np.ndarray:
        """One row of features per passage, as if it were the closest one (of dense similarity `cosines`):
        how likely each passage alone answers the question, in one pass of the model for a whole page."""
        cosines = np.asarray(cosines, dtype=np.float64).reshape(-1)
        rest = np.array([self.keyword_agrees, self.keyword_found, self.known_share, min(self.unfamiliar, 2),
                         self.english, math.log1p(self.words), self.topic, self.topic_words], dtype=np.float64)
        return np.column_stack([cosines, cosines - self.next_article_cosine, np.minimum(self.top_mean, cosines),
                                np.broadcast_to(rest, (len(cosines), len(rest)))])


class MatchJudge:
    """Verdicts and relevance from the judgement trained for the search's model."""

    def __init__(self, judgement: Judgement):
        self._model = judgement.verdict
        self._topic = judgement.topic
        self._far = judgement.far
        self._ngram_scores = judgement.ngram_scores
        self.weak_at = float(judgement.thresholds["weak"])
        self.strong_at = float(judgement.thresholds["strong"])
        self.far_at = float(judgement.thresholds["far"])

    def topic(self, vector: np.ndarray) -> float:
        """How likely a question (its query vector) is about mental health at all, whatever the articles
        cover: far questions ("pizza near me", "knee pain") are told "none" even when a passage shares words."""
        return self._topic.probability(vector, ANSWERED)

    def topic_words(self, text: str) -> float:
        """How likely a question (its normalised text) is about mental health by its letters and words, as
        log-odds: the vector alone put homonyms and everyday questions on the subject ("ocd car detailing near
        me", "how to get kids ready for school faster"), and the strong threshold had to clear them."""
        return self._ngram_scores(text)[1]

    def relevances(self, evidence: Evidence, cosines: np.ndarray) -> np.ndarray:
        """How likely each passage (of dense similarity `cosines`) answers the question, comparable across
        questions: one call for a page, not one per result."""
        if not len(cosines):
            return np.zeros(0)
        return self._model.probabilities(evidence.passage_features(cosines))[:, self._model.classes.index(ANSWERED)]

    def verdict(self, evidence: Evidence | None) -> str:
        if evidence is None:
            return NONE
        features = evidence.features()
        chance = self._model.probability(features, ANSWERED)  # how likely the articles answer it (calibrated on dev)
        far_chance = self._far.probability(features, ANSWERED) if chance >= self.strong_at else 0.0
        return match_for(chance, far_chance, self.weak_at, self.strong_at, self.far_at)


def match_for(chance: float, far_chance: float, weak: float, strong: float, far: float) -> str:
    """The verdict from the verdict model's probability and the far model's, and their thresholds."""
    if chance < weak:
        return NONE
    return STRONG if chance >= strong and far_chance >= far else WEAK
