"""Hybrid fusion: how the dense and keyword rankings become one.

Min-max normalised score fusion, 0.7 dense + 0.3 BM25, chosen on the BEIR dev sets
(bench/fusion_sweep.py): it beat dense alone, BM25 alone, and plain and dense-weighted
reciprocal rank fusion on both sets.
"""
from __future__ import annotations

DENSE_WEIGHT = 0.7


def normalized_score_fusion(dense: list[tuple[int, float]], keyword: list[tuple[int, float]],
                            dense_weight: float = DENSE_WEIGHT) -> list[tuple[int, float]]:
    """Fuse scored lists: min-max normalise each to [0, 1], then take the weighted sum (absent = 0)."""
    def normalise(ranking: list[tuple[int, float]]) -> dict[int, float]:
        if not ranking:
            return {}
        scores = [score for _, score in ranking]
        low, span = min(scores), max(scores) - min(scores)
        return {item: (score - low) / span if span else 1.0 for item, score in ranking}

    d, b = normalise(dense), normalise(keyword)
    fused = {item: dense_weight * d.get(item, 0.0) + (1 - dense_weight) * b.get(item, 0.0) for item in d.keys() | b.keys()}
    return sorted(fused.items(), key=lambda pair: (-pair[1], pair[0]))
