"""The keyword (BM25) side of the index: one tokenizer for indexing and querying, and top-k scoring.

bm25s builds and stores the index (sparse matrices as numpy arrays, memory-mapped when
opened). Tokenizing and scoring a query are done here, in plain numpy over the query
terms' postings: bm25s's own `retrieve` starts a thread pool and progress bars for every
call, which cost more than the search itself on one question.
"""
from __future__ import annotations

import re

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

_STEMMER = Stemmer.Stemmer("english")
# Words of two or more letters or digits, as bm25s's default tokenizer splits them.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_STOPWORDS = frozenset(STOPWORDS_EN)
# Summing a question's postings per row: sorting them (np.unique) is fastest while they are
# few; once they reach a tenth of the rows, one bincount over every row wins (100k rows:
# 20k postings 0.6 vs 1.0 ms, 100k postings 0.9 vs 7.0 ms; 1M rows: 500k postings 9.9 vs
# 43 ms), and common words in large corpora have that many.
DENSE_ACCUMULATION_SHARE = 0.1
# k1/b as commonly tuned for short passages (the BEIR BM25 baseline's values).
BM25_PARAMS = {"k1": 0.9, "b": 0.4}


def tokenize(texts: list[str]) -> list[list[str]]:
    """Lower-cased, stop-word-free, stemmed word tokens of each text (an empty list for none)."""
    return [_STEMMER.stemWords([w for w in _TOKEN.findall(text.lower()) if w not in _STOPWORDS]) for text in texts]


def build_keyword_index(texts: list[str]) -> bm25s.BM25:
    index = bm25s.BM25(**BM25_PARAMS)
    index.index(tokenize(texts), show_progress=False)
    return index


def keyword_scores(index: bm25s.BM25, query: str | list[str], limit: int,
                   allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(row ids, scores) of the best `limit` chunks by BM25, best first; empty when no query word is known.

    `query` is the normalised question, or its terms already tokenized (one tokenizing per request).
    Only the chunks holding a query term are scored: the sum of each term's stored weights; with
    `allowed` (a mask over rows), only the allowed ones.
    """
    terms = tokenize([query])[0] if isinstance(query, str) else query
    term_ids = [index.vocab_dict[t] for t in terms if t in index.vocab_dict]  # repeats count, as in bm25s
    if not term_ids or limit <= 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    indptr, indices, data = index.scores["indptr"], index.scores["indices"], index.scores["data"]
    rows = np.concatenate([indices[indptr[t]:indptr[t + 1]] for t in term_ids])
    weights = np.concatenate([data[indptr[t]:indptr[t + 1]] for t in term_ids])
    if len(term_ids) > 1:
        total_rows = int(index.scores["num_docs"])
        if len(rows) >= DENSE_ACCUMULATION_SHARE * total_rows:
            totals = np.bincount(rows, weights=weights, minlength=total_rows)
            rows = np.flatnonzero(totals)
            weights = totals[rows].astype(np.float32)
        else:
            rows, where = np.unique(rows, return_inverse=True)
            weights = np.bincount(where, weights=weights).astype(np.float32)
    keep = weights > 0
    if allowed is not None:
        keep &= allowed[rows]
    rows, weights = rows[keep], weights[keep]
    if len(rows) > limit:
        top = np.argpartition(-weights, limit - 1)[:limit]
        rows, weights = rows[top], weights[top]
    order = np.lexsort((rows, -weights))  # best first; equal scores by row, so results are stable
    return rows[order].astype(np.int64), weights[order].astype(np.float32)
