"""The keyword (BM25) side of the index: one tokenizer for indexing and querying, and top-k scoring.

bm25s builds and stores the index (sparse matrices as numpy arrays, memory-mapped when
opened). Tokenizing and scoring a query are done here, in plain numpy over the query
terms' postings: bm25s's own `retrieve` starts a thread pool and progress bars for every
call, which cost more than the search itself on one question.
"""
from __future__ import annotations

import logging
import re
from collections import Counter

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

# bm25s sets its own logger to DEBUG: once any library configures logging (the ONNX export's do), every
# build would print "Building index from tokens". Its warnings still show.
logging.getLogger("bm25s").setLevel(logging.WARNING)

_STEMMER = Stemmer.Stemmer("english")
# Words of two or more letters or digits, as bm25s's default tokenizer splits them.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_STOPWORDS = frozenset(STOPWORDS_EN)
_WORD = re.compile(r"[^\W\d_]{3,}")
# Summing a question's postings per row: sorting them (np.unique) is fastest while they are
# few; once they reach a tenth of the rows, one bincount over every row wins, and common
# words in large corpora have that many (bench/RESULTS.md, "Scale": "Keywords").
DENSE_ACCUMULATION_SHARE = 0.1
# Large corpora. A question whose words have more postings than this in all has its common
# words score only the passages that hold one of its selective words: the rarest words,
# taken until their postings would pass SELECTIVE_POSTINGS (at least the rarest one). A
# passage holding none of them (only common words) is then not a keyword candidate; it can
# still come from the dense side. Below EXACT_POSTINGS every posting is summed: every
# question of the shipped corpus and of both dev sets has far fewer, so is exact.
# At 1M rows summing every posting was the largest part of a question; the selective words
# make it several times faster and keep nearly all of the hybrid top 10. SELECTIVE_POSTINGS
# lies between a larger budget (slower, little more kept) and a smaller one (more of the
# keyword top 10 lost) (bench/RESULTS.md, "Scale": "Keywords").
EXACT_POSTINGS = 100_000
SELECTIVE_POSTINGS = 20_000
# k1/b as commonly tuned for short passages (the BEIR BM25 baseline's values).
BM25_PARAMS = {"k1": 0.9, "b": 0.4}


def tokenize(texts: list[str]) -> list[list[str]]:
    """Lower-cased, stop-word-free, stemmed word tokens of each text (an empty list for none)."""
    return [_STEMMER.stemWords([w for w in _TOKEN.findall(text.lower()) if w not in _STOPWORDS]) for text in texts]


def surface_words(texts: list[str]) -> dict[str, int]:
    """How often each word of letters (three or more, lower-cased, not a stop-word) occurs in
    `texts`: the vocabulary a question's misspellings are corrected to."""
    counts: Counter = Counter()
    for text in texts:
        counts.update(w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS)
    return dict(counts)


def build_keyword_index(texts: list[str]) -> bm25s.BM25:
    index = bm25s.BM25(**BM25_PARAMS)
    index.index(tokenize(texts), show_progress=False)
    if not postings_are_sorted(index):  # `_selective_scores` looks rows up by binary search
        raise RuntimeError("bm25s wrote a term's postings out of row order; this version of bm25s is not supported")
    return index


def postings_are_sorted(index: bm25s.BM25) -> bool:
    """Whether every term's postings list its rows in increasing order."""
    indptr, indices = index.scores["indptr"], index.scores["indices"]
    rising = np.diff(indices) > 0
    starts = indptr[1:-1]
    rising[starts[(starts > 0) & (starts < len(indices))] - 1] = True  # a new term may start lower
    return bool(rising.all())


def keyword_scores(index: bm25s.BM25, query: str | list[str], limit: int,
                   allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(row ids, scores) of the best `limit` chunks by BM25, best first; empty when no query word is known.

    `query` is the normalised question, or its terms already tokenized (one tokenizing per request).
    A chunk's score is the sum of its stored weights for the query's terms (a repeated term
    counts again, as in bm25s); with `allowed` (a mask over rows), only allowed chunks count.
    In large corpora, only chunks holding a selective word are candidates (EXACT_POSTINGS).
    """
    words = tokenize([query])[0] if isinstance(query, str) else query
    known = Counter(index.vocab_dict[w] for w in words if w in index.vocab_dict)
    if not known or limit <= 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    indptr = index.scores["indptr"]
    # (term, times in the question), rarest first
    terms = sorted(known.items(), key=lambda item: (int(indptr[item[0] + 1] - indptr[item[0]]), item[0]))
    if sum(int(indptr[t + 1] - indptr[t]) for t, _ in terms) > EXACT_POSTINGS:
        return _best(*_selective_scores(index, terms, allowed), limit)
    return _best(*_summed(index, terms, allowed), limit)


def _summed(index: bm25s.BM25, terms: list[tuple[int, int]], allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """(rows, summed weights as float64) of the allowed chunks holding any of `terms`, rows increasing."""
    indptr, indices, data = index.scores["indptr"], index.scores["indices"], index.scores["data"]
    rows = np.concatenate([indices[indptr[t]:indptr[t + 1]] for t, _ in terms])
    weights = np.concatenate([data[indptr[t]:indptr[t + 1]] * np.float32(times) for t, times in terms])
    if len(terms) > 1:
        total_rows = int(index.scores["num_docs"])
        if len(rows) >= DENSE_ACCUMULATION_SHARE * total_rows:
            totals = np.bincount(rows, weights=weights, minlength=total_rows)
            rows = np.flatnonzero(totals)
            weights = totals[rows]
        else:
            rows, where = np.unique(rows, return_inverse=True)
            weights = np.bincount(where, weights=weights)
    else:
        weights = weights.astype(np.float64)
    if allowed is not None:
        keep = allowed[rows]
        rows, weights = rows[keep], weights[keep]
    return rows, weights


def _selective_scores(index: bm25s.BM25, terms: list[tuple[int, int]],
                      allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """(rows, full scores) of the chunks holding one of the selective words (see EXACT_POSTINGS).

    The selective words' postings are summed; each other word's weight for those rows is found
    by binary search in its postings, so common words' long lists are never read whole.
    """
    indptr, indices, data = index.scores["indptr"], index.scores["indices"], index.scores["data"]
    selective, taken = 0, 0
    while selective < len(terms):
        size = int(indptr[terms[selective][0] + 1] - indptr[terms[selective][0]])
        if selective and taken + size > SELECTIVE_POSTINGS:
            break
        taken, selective = taken + size, selective + 1
    rows, scores = _summed(index, terms[:selective], allowed)
    for term, times in terms[selective:]:
        start, end = int(indptr[term]), int(indptr[term + 1])
        held = indices[start:end]
        where = np.minimum(np.searchsorted(held, rows), len(held) - 1)
        hit = held[where] == rows
        scores[hit] += data[start + where[hit]] * np.float32(times)
    return rows, scores


def _best(rows: np.ndarray, weights: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """The `limit` best (rows, weights) with a positive weight, best first; equal scores by row."""
    keep = weights > 0
    rows, weights = rows[keep], weights[keep].astype(np.float32)
    if len(rows) > limit:  # those above the limit-th score, then the lowest rows of those equal to it
        cut = np.partition(weights, len(weights) - limit)[len(weights) - limit]
        tied = np.flatnonzero(weights == cut)
        tied = tied[np.argsort(rows[tied], kind="stable")]
        top = np.concatenate([np.flatnonzero(weights > cut), tied])[:limit]
        rows, weights = rows[top], weights[top]
    order = np.lexsort((rows, -weights))  # best first; equal scores by row, so results are stable
    return rows[order].astype(np.int64), weights[order]
