"""The keyword (BM25) side of the index: one tokenizer for indexing and querying."""
from __future__ import annotations

import bm25s
import numpy as np
import Stemmer

_STEMMER = Stemmer.Stemmer("english")
# k1/b as commonly tuned for short passages (the BEIR BM25 baseline's values).
BM25_PARAMS = {"k1": 0.9, "b": 0.4}


def tokenize(texts: list[str]) -> list[list[str]]:
    """Lower-cased, stop-word-free, stemmed word tokens."""
    return bm25s.tokenize(texts, stopwords="en", stemmer=_STEMMER, return_ids=False, show_progress=False)


def build_keyword_index(texts: list[str]) -> bm25s.BM25:
    index = bm25s.BM25(**BM25_PARAMS)
    index.index(tokenize(texts), show_progress=False)
    return index


def keyword_scores(index: bm25s.BM25, query: str | list[str], limit: int) -> tuple[np.ndarray, np.ndarray]:
    """(row ids, scores) of the best `limit` chunks by BM25, best first; empty when no query word is known.

    `query` is the normalised question, or its terms already tokenized (one tokenizing per request).
    """
    terms = tokenize([query])[0] if isinstance(query, str) else query
    tokens = [t for t in terms if t in index.vocab_dict]
    limit = min(limit, int(index.scores["num_docs"]))
    if not tokens or limit <= 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    ids, scores = index.retrieve([tokens], k=limit, show_progress=False, n_threads=1)
    keep = scores[0] > 0
    return ids[0][keep].astype(np.int64), scores[0][keep].astype(np.float32)
