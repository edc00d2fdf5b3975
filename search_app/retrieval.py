"""Retrieval over a loaded snapshot: dense (FAISS), keyword (BM25), their fusion, and result shaping.

Nothing here knows about Flask; the page, the JSON API, the CLI and the
evaluation all call `SearchEngine`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indexer.chunking import Chunk, split_sentences
from indexer.corpus import Article
from indexer.embedding import Embedder
from indexer.keywords import keyword_scores, tokenize
from indexer.snapshot import Snapshot
from search_app.query import normalize_query

# Reciprocal-rank-fusion constant from Cormack et al. (2009); it damps the weight of top ranks.
RRF_K = 60
# Hybrid = 0.7 x dense + 0.3 x BM25, each min-max normalised over its candidates. Chosen on the
# BEIR dev sets (bench/fusion_sweep.py): it beat dense, BM25, plain and dense-weighted RRF on both.
DENSE_WEIGHT = 0.7


@dataclass(frozen=True)
class RetrievalOptions:
    per_article: int = 2            # at most this many passages from one article in the results
    duplicate_similarity: float = 0.95  # passages this similar (cosine) to a better one are collapsed
    candidate_depth: int = 100      # how deep each retriever's list goes before fusion


@dataclass(frozen=True)
class Result:
    rank: int
    score: float
    chunk: Chunk
    article: Article
    highlight: tuple[int, int]

    def as_dict(self) -> dict:
        """The public result shape shared by `/search` and `query --json`."""
        start, end = self.highlight
        return {
            "rank": self.rank, "score": round(self.score, 6),
            "title": self.article.title, "heading": self.chunk.heading, "passage": self.chunk.passage,
            "highlight": {"start": start, "end": end, "text": self.chunk.passage[start:end]},
            "url": self.article.url, "source": article_source(self.article), "updated": self.article.updated,
            "doc_id": self.chunk.doc_id, "chunk_id": self.chunk.chunk_id,
            "link": f"/articles/{self.chunk.doc_id}#{self.chunk.anchor}",
        }


def article_source(article: Article) -> str | None:
    """Who the information comes from: the article's `source`, else its references' names."""
    return article.source or ("; ".join(r.name for r in article.sources) or None)


def reciprocal_rank_fusion(rankings: list[list[int]], k: int = RRF_K) -> list[tuple[int, float]]:
    """Fuse ranked id lists: each id scores the sum of 1/(k + rank) over the lists it appears in."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))


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


class SearchEngine:
    def __init__(self, snapshot: Snapshot, embedder: Embedder, options: RetrievalOptions = RetrievalOptions()):
        self.snapshot = snapshot
        self.embedder = embedder
        self.options = options

    @property
    def version(self) -> str:
        return self.snapshot.snapshot_id

    def rank_chunks(self, query: str, mode: str = "hybrid", depth: int | None = None) -> list[tuple[int, float]]:
        """(chunk row, score) pairs, best first, for a normalised query."""
        depth = depth or self.options.candidate_depth
        if mode == "bm25":
            ids, scores = keyword_scores(self.snapshot.keywords, query, depth)
            return list(zip(ids.tolist(), scores.tolist()))
        dense = self._dense(query, depth)
        if mode == "dense":
            return dense
        keyword_ids, keyword_values = keyword_scores(self.snapshot.keywords, query, depth)
        return normalized_score_fusion(dense, list(zip(keyword_ids.tolist(), keyword_values.tolist())))

    def search(self, query: str, k: int = 10, mode: str = "hybrid") -> list[Result]:
        """The top `k` passages for a reader's question, with per-article limits and duplicates collapsed."""
        normalized = normalize_query(query)
        if not normalized:
            return []
        ranked = self.rank_chunks(normalized, mode, max(self.options.candidate_depth, 4 * k))
        records = self.snapshot.records
        chosen: list[tuple[int, float]] = []
        per_article: dict[str, int] = {}
        chosen_vectors: list[np.ndarray] = []
        for row, score in ranked:
            doc_id = records.chunks[row].doc_id
            if per_article.get(doc_id, 0) >= self.options.per_article:
                continue
            vector = self.snapshot.vectors.reconstruct(row)
            if any(float(vector @ other) >= self.options.duplicate_similarity for other in chosen_vectors):
                continue
            chosen.append((row, score))
            chosen_vectors.append(vector)
            per_article[doc_id] = per_article.get(doc_id, 0) + 1
            if len(chosen) == k:
                break
        highlights = best_sentences([records.chunks[row].passage for row, _ in chosen], normalized)
        return [Result(rank=rank, score=score, chunk=records.chunks[row],
                       article=records.articles[records.chunks[row].doc_id], highlight=highlight)
                for rank, ((row, score), highlight) in enumerate(zip(chosen, highlights), start=1)]

    def _dense(self, query: str, depth: int) -> list[tuple[int, float]]:
        vector = self.embedder.encode_query(query)
        scores, ids = self.snapshot.vectors.search(vector, min(depth, self.snapshot.vectors.ntotal))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]


def best_sentences(passages: list[str], query: str) -> list[tuple[int, int]]:
    """For each passage, the span of its sentence sharing the most query words (the first on a tie).

    All sentences are tokenized in one call: per-sentence calls cost more than the search itself.
    """
    spans = [split_sentences(passage) or [(0, len(passage))] for passage in passages]
    texts = [passage[s:e] for passage, passage_spans in zip(passages, spans) for s, e in passage_spans]
    query_terms, *sentence_terms = tokenize([query, *texts])
    query_terms = set(query_terms)
    best, cursor = [], 0
    for passage_spans in spans:
        overlaps = [len(query_terms.intersection(terms)) for terms in sentence_terms[cursor:cursor + len(passage_spans)]]
        best.append(passage_spans[int(np.argmax(overlaps))])
        cursor += len(passage_spans)
    return best
