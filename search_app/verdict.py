"""How well the articles answer a question: a relevance for each passage, and a verdict for the answer.

The fused hybrid score is min-max normalised within one response, so its best passage
always looks perfect; the verdict rests on absolute evidence instead:

- the dense cosine between the question and the closest passage (comparable across queries);
- whether the question names something the articles never mention: a rare word (one
  the model splits into pieces) that is not in the snapshot's vocabulary, and not a
  misspelling of a word that is ("kleptomania", "misophonia", not "anxeity");
- whether it is written in another language: the articles and the model are English,
  and in a large corpus such questions otherwise find chance matches.

relevance = 1 / (1 + exp(-SLOPE * (cosine - penalty - MIDPOINT))), where penalty is
UNFAMILIAR_PENALTY for an unfamiliar word plus FOREIGN_PENALTY for another language.

`match` is "strong" when the best passage's relevance reaches STRONG_AT, "weak" when it
reaches WEAK_AT, else "none". The constants were fitted and chosen on the development
set tests/data/scope_questions.jsonl by `python -m bench.match_calibration`, which
prints the confusion tables in bench/RESULTS.md (also on a hold-out set, and on a
corpus ten times larger).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from indexer.keywords import tokenize
from search_app.query import looks_english

STRONG, WEAK, NONE = "strong", "weak", "none"
# Fitted by bench/match_calibration.py (logistic regression of in-scope vs out-of-scope on
# the development set): see bench/RESULTS.md for the figures.
SLOPE = 19.2
MIDPOINT = 0.404
UNFAMILIAR_PENALTY = 0.10
# Chosen on the ten-times-larger corpus, where other-language questions reached `weak` by
# chance (41% of them without it, 7% with it); it changes nothing on the shipped corpus.
FOREIGN_PENALTY = 0.15
WEAK_AT = 0.407
STRONG_AT = 0.983
# A word shorter than this is too often an abbreviation or a typo to count as a topic.
MIN_TOPIC_WORD = 4
# A word this far (Damerau-Levenshtein, on stems) from a corpus word is taken as its misspelling.
TYPO_DISTANCE_SHORT, TYPO_DISTANCE_LONG, LONG_WORD = 1, 2, 7
_WORD = re.compile(r"[^\W\d_]+")
# Letters counted one by one when picking a misspelling's candidates; every other letter shares one count.
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _letter_counts(stems: list[str], length: int) -> np.ndarray:
    """How often each of `_LETTERS` (and any other letter) occurs in each stem of one length: shape (stems, 27)."""
    codes = np.frombuffer("".join(stems).encode("utf-32-le"), dtype=np.uint32).reshape(len(stems), length)
    offsets = codes.astype(np.int64) - ord(_LETTERS[0])
    letters = np.where((offsets >= 0) & (offsets < len(_LETTERS)), offsets, len(_LETTERS))
    width = len(_LETTERS) + 1
    cells = np.repeat(np.arange(len(stems)) * width, length) + letters.ravel()
    return np.bincount(cells, minlength=len(stems) * width).reshape(len(stems), width).astype(np.int16)


@dataclass(frozen=True)
class _StemsOfLength:
    stems: list[str]
    letter_counts: np.ndarray

    def within(self, counts: np.ndarray, distance: int) -> list[str]:
        """The stems that may be `distance` edits from a word with these letter counts. An edit changes
        the counts by at most 2 (a substitution 2, an insertion or deletion 1, a transposition 0), so
        only stems whose counts differ by at most 2 x `distance` can be. With 113k stems (as many as
        the 1M-chunk benchmark's vocabulary: the BEIR sets' 13.9k and random words) this cut a
        misspelling check from 38 ms to 3.3 ms (median of 100 misspelt words), with the same answers."""
        near = np.flatnonzero(np.abs(self.letter_counts - counts).sum(axis=1) <= 2 * distance)
        return [self.stems[i] for i in near]


def _grouped_by_length(vocabulary: dict[str, int]) -> dict[int, _StemsOfLength]:
    """Corpus stems grouped by length, so a misspelling is compared only with words of a similar length."""
    groups: dict[int, list[str]] = {}
    for stem in vocabulary:
        groups.setdefault(len(stem), []).append(stem)
    return {length: _StemsOfLength(stems, _letter_counts(stems, length)) for length, stems in groups.items()}


class MatchJudge:
    """Relevance and verdicts for one snapshot's vocabulary and one model's word pieces."""

    def __init__(self, vocabulary: dict[str, int], count_word_pieces: Callable[[str], int]):
        self._vocabulary = vocabulary
        self._count_word_pieces = count_word_pieces
        # Made with the engine, which a reload opens off the request path, so that no reader's
        # question waits for it (75 ms at 113k stems).
        self._stems_by_length = _grouped_by_length(vocabulary)

    def unfamiliar_terms(self, text: str) -> list[str]:
        """Rare words of a normalised question that the articles never use, misspellings aside."""
        words = [word for word in _WORD.findall(text) if len(word) >= MIN_TOPIC_WORD]
        found = []
        for word, stems in zip(words, tokenize(words) if words else []):
            if not stems or stems[0] in self._vocabulary or self._count_word_pieces(word) < 2:
                continue  # a stop-word, a corpus word, or a common word the model knows whole
            if not self._is_misspelling(stems[0]):
                found.append(word)
        return found

    def _is_misspelling(self, stem: str) -> bool:
        limit = TYPO_DISTANCE_LONG if len(stem) >= LONG_WORD else TYPO_DISTANCE_SHORT
        counts = _letter_counts([stem], len(stem))[0]
        groups = [self._stems_by_length.get(length) for length in range(len(stem) - limit, len(stem) + limit + 1)]
        candidates = [near for group in groups if group for near in group.within(counts, limit)]
        return process.extractOne(stem, candidates, scorer=DamerauLevenshtein.distance, score_cutoff=limit) is not None

    def penalty(self, text: str) -> float:
        """How much a normalised question's evidence is discounted: names an unknown thing, or not English."""
        return (UNFAMILIAR_PENALTY if self.unfamiliar_terms(text) else 0.0) + (0.0 if looks_english(text) else FOREIGN_PENALTY)

    @staticmethod
    def relevance(cosine: float, penalty: float) -> float:
        """How likely the passage answers the question, 0-1, comparable across questions."""
        return 1.0 / (1.0 + math.exp(-SLOPE * (cosine - penalty - MIDPOINT)))

    @staticmethod
    def verdict(best_relevance: float | None) -> str:
        if best_relevance is None or best_relevance < WEAK_AT:
            return NONE
        return STRONG if best_relevance >= STRONG_AT else WEAK
