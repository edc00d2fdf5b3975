"""Retrieval over an open snapshot: dense (FAISS), keyword (BM25), their fusion, and result shaping.

Nothing here knows about Flask; the page, the JSON API, the CLI and the
evaluation all call `SearchEngine`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import faiss
import numpy as np

from indexer.chunking import Chunk, split_sentences
from indexer.corpus import Article
from indexer.embedding import Embedder
from indexer.keywords import keyword_scores, tokenize
from indexer.snapshot import Snapshot, open_current
from search_app.fusion import normalized_score_fusion
from search_app.query import SearchRequest

# One OpenMP thread per single-query search: on these 2-core machines a flat search with
# two threads measured 2.7-3.9x slower than with one (thread start-up dominates one query).
SEARCH_THREADS = 1
# Per-article limits and duplicate collapsing discard candidates; fetching four per result
# asked for (at least `candidate_depth`) left every measured query with k results.
CANDIDATES_PER_RESULT = 4


@dataclass(frozen=True)
class RetrievalOptions:
    per_article: int = 2            # at most this many passages from one article (bench/reader_questions.py)
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
            "link": passage_link(self.chunk),
        }


def article_source(article: Article) -> str | None:
    """Who the information comes from: the article's `source`, else its references' names."""
    return article.source or ("; ".join(r.name for r in article.sources) or None)


def article_link(doc_id: str) -> str:
    """The article's page on this site; ids with spaces, '?' or '#' are escaped, slashes kept."""
    return "/articles/" + quote(doc_id, safe="/")


def passage_link(chunk: Chunk) -> str:
    return f"{article_link(chunk.doc_id)}#{chunk.anchor}"


class SearchEngine:
    def __init__(self, snapshot: Snapshot, embedder: Embedder, options: RetrievalOptions = RetrievalOptions()):
        faiss.omp_set_num_threads(SEARCH_THREADS)
        self.snapshot = snapshot
        self.embedder = embedder
        self.options = options

    @classmethod
    def open(cls, index_dir: Path, embedder: Embedder, options: RetrievalOptions = RetrievalOptions()) -> "SearchEngine":
        """An engine over the published snapshot of `index_dir`."""
        return cls(open_current(index_dir, embedder.model_id), embedder, options)

    @property
    def version(self) -> str:
        return self.snapshot.snapshot_id

    def encode(self, text: str) -> np.ndarray:
        """The query's vector, shape (1, dimension): computed once per request and shared."""
        return self.embedder.encode_query(text)

    def rank_chunks(self, text: str, mode: str = "hybrid", depth: int | None = None,
                    vector: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(chunk row, score) pairs, best first, for a normalised query."""
        depth = depth or self.options.candidate_depth
        if mode == "bm25":
            ids, scores = keyword_scores(self.snapshot.keywords, text, depth)
            return list(zip(ids.tolist(), scores.tolist()))
        dense = self._dense(self.encode(text) if vector is None else vector, depth)
        if mode == "dense":
            return dense
        keyword_ids, keyword_values = keyword_scores(self.snapshot.keywords, text, depth)
        return normalized_score_fusion(dense, list(zip(keyword_ids.tolist(), keyword_values.tolist())))

    def search(self, request: SearchRequest, vector: np.ndarray | None = None) -> list[Result]:
        """The top `k` passages for a reader's question, with per-article limits and duplicates collapsed."""
        if not request.text:
            return []
        ranked = self.rank_chunks(request.text, request.mode,
                                  max(self.options.candidate_depth, CANDIDATES_PER_RESULT * request.k), vector)
        chosen = self._shape(ranked, request.k)
        chunks = self.snapshot.records.chunks([row for row, _ in chosen])
        highlights = best_sentences([chunk.passage for chunk in chunks], request.text)
        articles = self._articles({chunk.doc_id for chunk in chunks})
        return [Result(rank=rank, score=score, chunk=chunk, article=articles[chunk.doc_id], highlight=highlight)
                for rank, ((_, score), chunk, highlight) in enumerate(zip(chosen, chunks, highlights), start=1)]

    def _shape(self, ranked: list[tuple[int, float]], k: int) -> list[tuple[int, float]]:
        """The best `k` candidates, at most `per_article` from one article, near-duplicates collapsed."""
        records = self.snapshot.records
        chosen: list[tuple[int, float]] = []
        per_article: dict[int, int] = {}
        chosen_vectors: list[np.ndarray] = []
        for row, score in ranked:
            doc = int(records.row_docs[row])
            if per_article.get(doc, 0) >= self.options.per_article:
                continue
            vector = self.snapshot.vectors.reconstruct(row)
            if any(float(vector @ other) >= self.options.duplicate_similarity for other in chosen_vectors):
                continue
            chosen.append((row, score))
            chosen_vectors.append(vector)
            per_article[doc] = per_article.get(doc, 0) + 1
            if len(chosen) == k:
                break
        return chosen

    def _articles(self, doc_ids: set[str]) -> dict[str, Article]:
        return {doc_id: self.snapshot.records.article(doc_id) for doc_id in doc_ids}

    def _dense(self, vector: np.ndarray, depth: int) -> list[tuple[int, float]]:
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
