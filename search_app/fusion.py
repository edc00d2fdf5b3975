"""Hybrid fusion: how the dense and keyword rankings become one.

Min-max normalised score fusion, 0.7 dense + 0.3 BM25, chosen on the BEIR dev sets
(bench/fusion_sweep.py): it beat dense alone, BM25 alone, and plain and dense-weighted
reciprocal rank fusion on both sets.
"""
from __future__ import annotations

import numpy as np

DENSE_WEIGHT = 0.7


def normalized_score_fusion(dense: list[tuple[int, float]], keyword: list[tuple[int, float]],
                            dense_weight: float = DENSE_WEIGHT) -> list[tuple[int, float]]:
    """Fuse scored lists: min-max normalise each to [0, 1], then take the weighted sum (absent = 0).

    Best first; equal scores by row id, so the order is stable.
    """
    ids = np.array([i for i, _ in dense] + [i for i, _ in keyword], dtype=np.int64)
    if not len(ids):
        return []
    weighted = np.concatenate([dense_weight * _normalised([s for _, s in dense]),
                               (1 - dense_weight) * _normalised([s for _, s in keyword])])
    rows, where = np.unique(ids, return_inverse=True)
    fused = np.bincount(where, weights=weighted)
    order = np.lexsort((rows, -fused))
    return list(zip(rows[order].tolist(), fused[order].tolist()))


def _normalised(scores: list[float]) -> np.ndarray:
    values = np.asarray(scores, dtype=np.float64)
    if not len(values):
        return values
    low, span = values.min(), values.max() - values.min()
    return (values - low) / span if span else np.ones_like(values)
