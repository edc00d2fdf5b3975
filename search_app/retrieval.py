"""Retrieval over an open snapshot: dense (FAISS), keyword (BM25), their fusion, and result shaping.

A question that shows risk is answered crisis-first: passages from the articles editors
tag `crisis-support` lead (the one for helpers when someone else is at risk), and no
passage that discusses doses, amounts or methods appears anywhere in the answer.
Every result carries a relevance comparable across questions (see `verdict`), and the
most relevant safety note of its article, whatever the per-article limit.

Nothing here knows about Flask; the page, the JSON API, the CLI and the
evaluation all call `SearchEngine`.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import faiss
import numpy as np

from indexer.chunking import Chunk
from indexer.corpus import Article
from indexer.embedding import DEFAULT_ENCODER_CACHE, Embedder, model_id, resolve_backend, shared_embedder
from indexer.keywords import keyword_scores, tokenize
from indexer.snapshot import Snapshot, current_snapshot_dir, open_current, open_snapshot, read_manifest
from indexer.vector_index import stored_vectors
from search_app.crisis import SOMEONE_ELSE, CrisisSignal
from search_app.fusion import normalized_score_fusion
from search_app.query import SearchRequest, has_content
from search_app.verdict import NONE, MatchJudge

# One OpenMP thread per single-query search: on these 2-core machines a flat search with
# two threads measured 2.7-3.9x slower than with one (thread start-up dominates one query).
SEARCH_THREADS = 1
# Per-article limits and duplicate collapsing discard candidates; fetching four per result
# asked for (at least `candidate_depth`) left every measured query with k results.
CANDIDATES_PER_RESULT = 4
# Articles editors tag for leading the answer to a question that shows risk.
CRISIS_SUPPORT_TAG = "crisis-support"
# Help passages that lead a crisis answer: enough for the lines, what to do now and how to
# stay safe, before the passages that answer the question's own words.
HELP_PASSAGES = 3


@dataclass(frozen=True)
class RetrievalOptions:
    per_article: int = 2            # at most this many passages from one article (bench/reader_questions.py)
    duplicate_similarity: float = 0.95  # passages this similar (cosine) to a better one are collapsed
    candidate_depth: int = 100      # how deep each retriever's list goes before fusion


@dataclass(frozen=True)
class Result:
    rank: int
    score: float
    cosine: float       # dense similarity of question and passage: the verdict's evidence
    relevance: float
    chunk: Chunk
    article: Article
    highlight: tuple[int, int]
    safety_note: Chunk | None = None

    def as_dict(self) -> dict:
        """The public result shape shared by `/search` and `query --json`."""
        start, end = self.highlight
        note = self.safety_note
        return {
            "rank": self.rank, "score": round(self.score, 6), "relevance": round(self.relevance, 4),
            "title": self.article.title, "heading": self.chunk.heading, "passage": self.chunk.passage,
            "highlight": {"start": start, "end": end, "text": self.chunk.passage[start:end]},
            "url": self.article.url, "source": article_source(self.article), "updated": self.article.updated,
            "doc_id": self.chunk.doc_id, "chunk_id": self.chunk.chunk_id,
            "link": passage_link(self.chunk),
            "safety_note": note and {"passage": note.passage, "chunk_id": note.chunk_id, "link": passage_link(note)},
        }


@dataclass(frozen=True)
class Outcome:
    """The answer to one request: its passages, best first, and how well they answer it."""
    results: list[Result]
    match: str


def _leading_help_tag(crisis: CrisisSignal) -> str:
    """Which crisis-support article goes first: the one for helpers when someone else is at risk,
    the self-harm article for self-harm, otherwise the one on suicidal feelings and crisis lines."""
    if crisis.audience == SOMEONE_ELSE:
        return "supporting-someone"
    return "self-harm" if crisis.category == "self_harm" else "suicide-prevention"


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
        self.judge = MatchJudge(snapshot.keywords.vocab_dict, embedder.count_word_pieces)
        self._stored = stored_vectors(snapshot.vectors)

    def vector(self, row: int) -> np.ndarray:
        """A chunk's vector, read from the index's own storage where it allows."""
        return self._stored[row] if self._stored is not None else self.snapshot.vectors.reconstruct(row)

    @classmethod
    def open(cls, index_dir: Path, embedder: Embedder, options: RetrievalOptions = RetrievalOptions()) -> "SearchEngine":
        """An engine over the published snapshot of `index_dir`, searched with `embedder`."""
        return cls(open_current(index_dir, embedder.model_id, embedder.precision), embedder, options)

    @classmethod
    def for_index(cls, index_dir: Path, model: str | None = None, backend: str | None = None,
                  encoder_cache: Path = DEFAULT_ENCODER_CACHE, options: RetrievalOptions = RetrievalOptions()) -> "SearchEngine":
        """An engine over the published snapshot, with the fastest encoder whose vectors match its own."""
        folder = current_snapshot_dir(index_dir)
        precision = read_manifest(folder).model.precision
        embedder = shared_embedder(model_id(model), resolve_backend(backend, "query", precision), encoder_cache)
        return cls(open_snapshot(folder, embedder.model_id, embedder.precision), embedder, options)

    @property
    def version(self) -> str:
        return self.snapshot.snapshot_id

    def encode(self, text: str) -> np.ndarray:
        """The query's vector, shape (1, dimension): computed once per request and shared."""
        return self.embedder.encode_query(text)

    def rank_chunks(self, text: str, mode: str = "hybrid", depth: int | None = None,
                    vector: np.ndarray | None = None, terms: list[str] | None = None) -> list[tuple[int, float]]:
        """(chunk row, score) pairs, best first, for a normalised query (and its keyword terms, if known)."""
        depth = depth or self.options.candidate_depth
        terms = tokenize([text])[0] if terms is None else terms
        if mode == "bm25":
            ids, scores = keyword_scores(self.snapshot.keywords, terms, depth)
            return list(zip(ids.tolist(), scores.tolist()))
        dense = self._dense(self.encode(text) if vector is None else vector, depth)
        if mode == "dense":
            return dense
        keyword_ids, keyword_values = keyword_scores(self.snapshot.keywords, terms, depth)
        return normalized_score_fusion(dense, list(zip(keyword_ids.tolist(), keyword_values.tolist())))

    def search(self, request: SearchRequest, vector: np.ndarray | None = None,
               crisis: CrisisSignal | None = None) -> Outcome:
        """The top `k` passages for a reader's question, with per-article limits and duplicates collapsed."""
        searchable = has_content(request.text)
        if not (searchable or crisis):
            return Outcome([], NONE)  # nothing but punctuation or function words: its neighbours would be noise
        vector = self.encode(request.text) if vector is None else vector
        terms = tokenize([request.text])[0]
        depth = max(self.options.candidate_depth, CANDIDATES_PER_RESULT * request.k)
        ranked = self.rank_chunks(request.text, request.mode, depth, vector, terms) if searchable else []
        if crisis:
            help_first = self._shape(self._help_passages(vector, crisis), HELP_PASSAGES)
            chosen = self._shape(self._without_means(ranked), request.k, help_first)
        else:
            chosen = self._shape(ranked, request.k)
        penalty = self.judge.penalty(request.text)
        cosines = [float(v @ vector[0]) for _, _, v in chosen]
        results = self._results(chosen, cosines, penalty, set(terms), vector, crisis)
        return Outcome(results, self.judge.verdict(max((r.relevance for r in results), default=None)))

    def _shape(self, ranked: list[tuple[int, float]], k: int,
               taken: list[tuple[int, float, np.ndarray]] = ()) -> list[tuple[int, float, np.ndarray]]:
        """`taken` and then the best candidates up to `k` in all: at most `per_article` from one
        article, near-duplicates collapsed. Returns (row, score, vector) triples."""
        records = self.snapshot.records
        chosen = list(taken)
        taken_rows = {row for row, _, _ in chosen}
        per_article: dict[int, int] = {}
        for row in taken_rows:
            doc = int(records.row_docs[row])
            per_article[doc] = per_article.get(doc, 0) + 1
        limit = len(taken) + k
        for row, score in ranked:
            if len(chosen) >= limit:
                break
            doc = int(records.row_docs[row])
            if per_article.get(doc, 0) >= self.options.per_article or row in taken_rows:
                continue
            vector = self.vector(row)
            if any(float(vector @ other) >= self.options.duplicate_similarity for _, _, other in chosen):
                continue
            chosen.append((row, score, vector))
            taken_rows.add(row)
            per_article[doc] = per_article.get(doc, 0) + 1
        return chosen

    @functools.cached_property
    def _help_rows(self) -> dict[str, list[int]]:
        """Chunk rows of the crisis-support articles, by their other tags' preference, computed once."""
        records = self.snapshot.records
        rows: dict[str, list[int]] = {}
        for ordinal, tags in enumerate(records.doc_tags):
            if CRISIS_SUPPORT_TAG in tags:
                rows[records.doc_ids[ordinal]] = records.doc_rows(records.doc_ids[ordinal])
        return rows

    def _help_passages(self, vector: np.ndarray, crisis: CrisisSignal) -> list[tuple[int, float]]:
        """Crisis-support passages without means, the leading article's first, each article's by similarity."""
        leading = _leading_help_tag(crisis)
        records = self.snapshot.records
        scored = []
        for doc_id, rows in self._help_rows.items():
            first = leading in records.doc_tags[records.ordinal_of[doc_id]]
            scored.extend((not first, -float(self.vector(row) @ vector[0]), row) for row in rows)
        return self._without_means([(row, -negative) for _, negative, row in sorted(scored)])

    def _without_means(self, ranked: list[tuple[int, float]]) -> list[tuple[int, float]]:
        means = self.snapshot.records.flagged_rows([row for row, _ in ranked], "discusses_means")
        return [(row, score) for row, score in ranked if row not in means]

    def _results(self, chosen: list[tuple[int, float, np.ndarray]], cosines: list[float], penalty: float,
                 terms: set[str], vector: np.ndarray, crisis: CrisisSignal | None) -> list[Result]:
        records = self.snapshot.records
        chunks = records.chunks([row for row, _, _ in chosen])
        doc_ids = list(dict.fromkeys(chunk.doc_id for chunk in chunks))
        articles = records.articles_by_id(doc_ids, with_body=False)
        notes = self._safety_notes(doc_ids, {row for row, _, _ in chosen}, vector, crisis)
        results, noted = [], set()
        for rank, ((_, score, _), chunk, cosine) in enumerate(zip(chosen, chunks, cosines), start=1):
            highlight = best_sentence(chunk, terms)
            note = notes.get(chunk.doc_id) if chunk.doc_id not in noted else None
            noted.add(chunk.doc_id)
            results.append(Result(rank=rank, score=score, cosine=cosine, relevance=self.judge.relevance(cosine, penalty),
                                  chunk=chunk, article=articles[chunk.doc_id], highlight=highlight, safety_note=note))
        return results

    def _safety_notes(self, doc_ids: list[str], shown: set[int], vector: np.ndarray,
                      crisis: CrisisSignal | None) -> dict[str, Chunk]:
        """The safety note most similar to the question, for each article that has one not already shown."""
        by_doc = self.snapshot.records.safety_note_rows(doc_ids)
        if crisis:
            means = self.snapshot.records.flagged_rows([r for rows in by_doc.values() for r in rows], "discusses_means")
            by_doc = {d: [r for r in rows if r not in means] for d, rows in by_doc.items()}
        best = {}
        for doc_id, rows in by_doc.items():
            if rows and not shown.intersection(rows):
                best[doc_id] = max(rows, key=lambda r: float(self.vector(r) @ vector[0]))
        chunks = self.snapshot.records.chunks(list(best.values()))
        return {chunk.doc_id: chunk for chunk in chunks}

    def _dense(self, vector: np.ndarray, depth: int) -> list[tuple[int, float]]:
        scores, ids = self.snapshot.vectors.search(vector, min(depth, self.snapshot.vectors.ntotal))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]


def best_sentence(chunk: Chunk, query_terms: set[str]) -> tuple[int, int]:
    """The span of the chunk's sentence sharing the most query terms (the first on a tie).

    The sentences and their terms were found at build time (`Chunk.sentences`), so this
    is set intersections only: tokenizing sentences per query cost more than the search.
    """
    if not chunk.sentences:
        return 0, len(chunk.passage)
    start, end, _ = max(chunk.sentences, key=lambda sentence: len(query_terms.intersection(sentence[2])))
    return start, end
