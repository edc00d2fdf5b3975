"""Hybrid fusion: how the dense and keyword rankings become one.

Min-max normalised score fusion, 0.7 dense + 0.3 BM25, chosen on the BEIR dev sets
(bench/RESULTS.md, "Choosing the fusion"): it beat dense alone, BM25 alone, and plain and dense-weighted
reciprocal rank fusion on both sets.
"""
from __future__ import annotations

import numpy as np

DENSE_WEIGHT = 0.7
# A retriever's answer: row ids and their scores, best first.
Scored = tuple[np.ndarray, np.ndarray]


def normalized_score_fusion(dense: Scored, keyword: Scored, dense_weight: float = DENSE_WEIGHT) -> list[tuple[int, float]]:
    """Fuse two scored lists, each (row ids, scores) as the retrievers return them: min-max
    normalise each to [0, 1], then take the weighted sum (absent = 0).

    Best first; equal scores by row id, so the order is stable. Arrays in, as FAISS and BM25
    give them: making (row, score) pairs of them and arrays again took a noticeable share of a
    search on the shipped corpus (bench/RESULTS.md, "Speed on the shipped corpus").
    """
    ids = np.concatenate([dense[0], keyword[0]]).astype(np.int64, copy=False)
    if not len(ids):
        return []
    weighted = np.concatenate([dense_weight * _normalised(dense[1]), (1 - dense_weight) * _normalised(keyword[1])])
    rows, where = np.unique(ids, return_inverse=True)
    fused = np.bincount(where, weights=weighted)
    order = np.lexsort((rows, -fused))
    return list(zip(rows[order].tolist(), fused[order].tolist()))


def _normalised(scores: np.ndarray) -> np.ndarray:
    values = np.asarray(scores, dtype=np.float64)
    if not len(values):
        return values
    low, span = values.min(), values.max() - values.min()
    return (values - low) / span if span else np.ones_like(values)
