"""Correcting a question's misspelt words to the words the articles use ("anxeity" -> "anxiety").

A word is corrected when the articles never use it (nor another form of it), it is no
English word (symspellpy's list of 82,765, from Google Books n-grams: "router" is left
alone, it is simply not a topic here; so is any word the model knows whole), and a word
the articles use is within a small edit distance
(Damerau-Levenshtein: 1 for words under 7 letters, 2 for longer ones); of those the
nearest, then the most frequent, wins. A rare word with no such neighbour is
*unfamiliar*: the question names something the articles do not cover ("kleptomania").

Distances are rapidfuzz's; only words whose letter counts are close enough to be within
the distance are compared (an edit changes the counts by at most 2). symspellpy's own
lookup was tried first: building its index of the articles' words took seconds and far
more memory at every engine open, where this takes milliseconds (bench/RESULTS.md,
"Judgement": "Spelling").
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Callable

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from indexer.keywords import tokenize

# A word shorter than this is too often an abbreviation to correct or count as a topic.
MIN_TOPIC_WORD = 4
TYPO_DISTANCE_SHORT, TYPO_DISTANCE_LONG, LONG_WORD = 1, 2, 7
_WORD = re.compile(r"[^\W\d_]+")
ENGLISH_WORDS = "frequency_dictionary_en_82_765.txt"
# Letters counted one by one when picking a misspelling's candidates; every other letter shares one count.
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def letter_counts(words: list[str], length: int) -> np.ndarray:
    """How often each of `_LETTERS` (and any other letter) occurs in each word of one length: shape (words, 27)."""
    codes = np.frombuffer("".join(words).encode("utf-32-le"), dtype=np.uint32).reshape(len(words), length)
    offsets = codes.astype(np.int64) - ord(_LETTERS[0])
    letters = np.where((offsets >= 0) & (offsets < len(_LETTERS)), offsets, len(_LETTERS))
    width = len(_LETTERS) + 1
    cells = np.repeat(np.arange(len(words)) * width, length) + letters.ravel()
    return np.bincount(cells, minlength=len(words) * width).reshape(len(words), width).astype(np.int16)


@functools.cache
def english_words() -> frozenset[str]:
    """symspellpy's English word list: a word in it is a word, not a typo, whatever the articles say."""
    text = resources.files("symspellpy").joinpath(ENGLISH_WORDS).read_text(encoding="utf-8")
    return frozenset(line.split(" ", 1)[0] for line in text.splitlines() if line)


@dataclass(frozen=True)
class _WordsOfLength:
    words: list[str]
    letter_counts: np.ndarray

    def within(self, counts: np.ndarray, distance: int) -> list[str]:
        """The words that may be `distance` edits from a word with these letter counts: on a large
        vocabulary, filtering by them first makes a check many times faster (bench/RESULTS.md,
        "Scale": "Unknown words")."""
        near = np.flatnonzero(np.abs(self.letter_counts - counts).sum(axis=1) <= 2 * distance)
        return [self.words[i] for i in near]


@dataclass(frozen=True)
class Spelling:
    """What the corrector made of a normalised question."""
    text: str                                  # the question with its misspellings corrected
    corrections: tuple[tuple[str, str], ...]   # (as typed, corrected), in order
    unfamiliar: tuple[str, ...]                # rare words the articles never use and that correct to nothing


class Speller:
    """Corrections against one snapshot's words (`words`, with counts) and stems (`stems`)."""

    def __init__(self, words: dict[str, int], stems: dict[str, int], count_word_pieces: Callable[[str], int]):
        self._words = words
        self._stems = stems
        self._count_word_pieces = count_word_pieces
        groups: dict[int, list[str]] = {}
        for word in words:
            groups.setdefault(len(word), []).append(word)
        # Made with the engine, which a reload opens off the request path.
        self._by_length = {n: _WordsOfLength(ws, letter_counts(ws, n)) for n, ws in groups.items()}

    def check(self, text: str) -> Spelling:
        words = [w for w in dict.fromkeys(_WORD.findall(text)) if len(w) >= MIN_TOPIC_WORD and w not in self._words]
        corrections, unfamiliar = [], []
        english = english_words()
        for word, stems in zip(words, tokenize(words) if words else []):
            if not stems or stems[0] in self._stems or self._count_word_pieces(word) < 2:
                continue  # a stop-word, another form of a corpus word, or a common word the model knows whole
            nearest = None if word in english else self.nearest(word)
            if nearest:
                corrections.append((word, nearest))
            else:
                unfamiliar.append(word)
        corrected = text
        for typed, meant in corrections:
            corrected = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", meant, corrected)
        return Spelling(corrected, tuple(corrections), tuple(unfamiliar))

    def nearest(self, word: str) -> str | None:
        """The corpus word nearest `word` within the typo distance (the most frequent of equals), or None."""
        limit = TYPO_DISTANCE_LONG if len(word) >= LONG_WORD else TYPO_DISTANCE_SHORT
        counts = letter_counts([word], len(word))[0]
        groups = [self._by_length.get(n) for n in range(len(word) - limit, len(word) + limit + 1)]
        candidates = [near for group in groups if group for near in group.within(counts, limit)]
        found = process.extract(word, candidates, scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=None)
        if not found:
            return None
        return min(found, key=lambda hit: (hit[1], -self._words[hit[0]], hit[0]))[0]
