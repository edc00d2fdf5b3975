"""A question's character and word n-grams, scored by a linear model: one of the crisis check's features,
and (another model) one of the verdict's.

The query vector compares meanings well in English only; spellings, slang and words of other
languages are better told by their letters. The model is scikit-learn's: the union of two
`TfidfVectorizer`s (characters 2-5 within word bounds, words 1-2; sublinear counts, each part
normalised to unit length) under a `LogisticRegression`, fitted in `judgement_training`. The search
scores it here from two tables, n-gram -> (idf, weight), the same numbers to 1e-12 without
scikit-learn or a sparse matrix for one question (`tests/test_judgement.py` checks against
scikit-learn). N-grams the training never kept count for nothing, as in scikit-learn.
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

CHAR_SIZES = (2, 5)
WORD_SIZES = (1, 2)
WORD_PATTERN = r"(?u)\b\w+\b"
_WORD = re.compile(WORD_PATTERN)


def char_grams(text: str) -> list[str]:
    """Character n-grams inside each word padded with a space, as scikit-learn's `char_wb` analyser
    makes them (a word shorter than an n-gram size counts once, whole, and stops the larger sizes)."""
    grams = []
    for word in text.lower().split():  # runs of spaces split as scikit-learn's single spaces do
        padded = f" {word} "
        for size in range(CHAR_SIZES[0], CHAR_SIZES[1] + 1):
            grams += [padded[start:start + size] for start in range(max(1, len(padded) - size + 1))]
            if len(padded) <= size:
                break
    return grams


def word_grams(text: str) -> list[str]:
    """Words and word pairs, as scikit-learn's `word` analyser makes them with `WORD_PATTERN`."""
    words = _WORD.findall(text.lower())
    return words + [" ".join(pair) for pair in zip(words, words[1:])]


def _counted(text: str) -> tuple[Counter, Counter]:
    """A question's character and word n-grams, counted."""
    return Counter(char_grams(text)), Counter(word_grams(text))


def _parts(counts: Counter, table: dict[str, tuple[float, float, float, float]]) -> tuple[float, float]:
    """One vectoriser's share of two models' scores: sublinear tf x idf, normalised, dotted with the weights;
    `table`: n-gram -> (idf, weight) of the one model, then of the other."""
    weighted = norm = other_weighted = other_norm = 0.0
    for gram, count in counts.items():
        entry = table.get(gram)
        if entry is not None:
            idf, weight, other_idf, other_weight = entry
            if count != 1:
                idf, other_idf = (1.0 + math.log(count)) * idf, (1.0 + math.log(count)) * other_idf
            norm += idf * idf
            weighted += idf * weight
            other_norm += other_idf * other_idf
            other_weighted += other_idf * other_weight
    return (weighted / math.sqrt(norm) if norm else 0.0,
            other_weighted / math.sqrt(other_norm) if other_norm else 0.0)


class NgramPair:
    """Two n-gram models scored in one pass over a question's n-grams. The crisis check's model and the
    verdict's topic model read the same question one after the other; looking each n-gram up once for both
    saved 0.02-0.05 ms a question after an encoding (bench/RESULTS.md, "Judgement": "Cost"). Each score is
    the very number its model alone gives: an n-gram one model lacks adds exactly zero to that model's sums,
    in the same order."""

    def __init__(self, first: "NgramModel", second: "NgramModel"):
        none = (0.0, 0.0)
        merged = lambda one, other: {gram: (*one.get(gram, none), *other.get(gram, none)) for gram in one.keys() | other.keys()}
        self._chars, self._words = merged(first.chars, second.chars), merged(first.words, second.words)
        self._intercepts = (first.intercept, second.intercept)
        self.logits = functools.lru_cache(maxsize=64)(self._logits)

    def _logits(self, text: str) -> tuple[float, float]:
        """(the first model's score, the second's) of a normalised question."""
        chars, words = _counted(text)
        (first_chars, second_chars), (first_words, second_words) = _parts(chars, self._chars), _parts(words, self._words)
        return self._intercepts[0] + first_chars + first_words, self._intercepts[1] + second_chars + second_words


@dataclass(frozen=True)
class NgramModel:
    chars: dict[str, tuple[float, float]]   # character n-gram -> (idf, weight)
    words: dict[str, tuple[float, float]]   # word or word pair -> (idf, weight)
    intercept: float

    def logit(self, text: str) -> float:
        """The model's score: the log-odds that the question shows risk (the crisis check's model) or is about
        mental health at all (the verdict's)."""
        return self._alone.logits(text)[0]

    @functools.cached_property
    def _alone(self) -> NgramPair:
        return NgramPair(self, NgramModel({}, {}, 0.0))

    def arrays(self, name: str) -> dict[str, np.ndarray]:
        """The tables as named arrays, exactly: each vectoriser's n-grams (UTF-8, one a line: n-grams hold no
        line breaks, the text is split on whitespace) with their idf and weight columns, and the intercept."""
        found = {f"{name}/intercept": np.array(self.intercept)}
        for part, table in (("chars", self.chars), ("words", self.words)):
            grams = list(table)
            found[f"{name}/{part}/grams"] = np.frombuffer("\n".join(grams).encode(), dtype=np.uint8)
            found[f"{name}/{part}/values"] = np.array([table[gram] for gram in grams], dtype=np.float64).reshape(-1, 2)
        return found

    @classmethod
    def from_arrays(cls, name: str, arrays) -> "NgramModel":
        tables = []
        for part in ("chars", "words"):
            raw = bytes(arrays[f"{name}/{part}/grams"]).decode()
            grams, values = raw.split("\n") if raw else [], arrays[f"{name}/{part}/values"]
            if len(grams) != len(values):
                raise ValueError("an n-gram table's grams and numbers do not fit together")
            tables.append({gram: (float(idf), float(weight)) for gram, (idf, weight) in zip(grams, values.tolist())})
        return cls(*tables, float(arrays[f"{name}/intercept"]))

    @classmethod
    def fit(cls, texts: list[str], labels: list[bool], strength: float, min_count: int) -> "NgramModel":
        """Fitted with scikit-learn (training only): n-grams in fewer than `min_count` questions are dropped,
        `strength` is the logistic regression's C."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_union

        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_SIZES, sublinear_tf=True, min_df=min_count)
        words = TfidfVectorizer(analyzer="word", ngram_range=WORD_SIZES, sublinear_tf=True, min_df=min_count,
                                token_pattern=WORD_PATTERN)
        union = make_union(chars, words)
        regression = LogisticRegression(C=strength, max_iter=5000).fit(union.fit_transform(texts), labels)
        weights, first_word = regression.coef_[0], len(chars.vocabulary_)
        table = lambda vectoriser, offset: {gram: (float(vectoriser.idf_[column]), float(weights[offset + column]))
                                            for gram, column in vectoriser.vocabulary_.items()}
        return cls(table(chars, 0), table(words, first_word), float(regression.intercept_[0]))
