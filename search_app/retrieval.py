"""Retrieval over an open snapshot: dense (FAISS, whole or filtered: `dense`), keyword (BM25), their
fusion, and the evidence the verdict reads; the candidates become a page in `shaping` (limits,
duplicates, help first, means) and its results in `records` (records and links; the pages import
`article_link` and `article_source` from here).

Nothing here knows about Flask; the page, the JSON API, the CLI and the
evaluation all call `SearchEngine`.
"""
from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from indexer.embedding import DEFAULT_ENCODER_CACHE, Embedder, model_id, resolve_backend, shared_embedder
from indexer.keywords import keyword_scores, tokenize
from indexer.snapshot import Snapshot, current_snapshot_dir, open_current, open_snapshot, read_manifest, snapshot_dir
from indexer.vector_index import EXACT_SEARCH_LIMIT
from search_app.crisis import CrisisSignal
from search_app.dense import AllowedRows, DenseIndex, RowFilter
from search_app.fusion import Scored, normalized_score_fusion
from search_app.judgement import Judgement, load_judgement
from search_app.languages import looks_english
from search_app.query import SearchRequest, has_content
from search_app.records import Result, article_link, article_source, result_records
from search_app.shaping import Ranked, RetrievalOptions, Shaper
from search_app.spelling import Speller, Spelling
from search_app.verdict import NONE, TOP_PASSAGES, Evidence, MatchJudge

# One OpenMP thread per single-query search: on these 2-core machines a flat search with
# two threads measured 2.7-3.9x slower than with one (thread start-up dominates one query).
SEARCH_THREADS = 1
# From this many chunks a question's keywords are scored on another thread while it is
# encoded and its dense search runs (ONNX, FAISS and numpy release the GIL), so the two
# cores share one question. At 1M chunks the keyword side takes ~4.7 ms, encoding 3-8.5 ms
# (by machine) and the dense search ~2 ms (bench/scale.py); below this size the keywords
# take a fraction of a millisecond, less than handing work to a thread costs.
PARALLEL_SIDES_FROM = EXACT_SEARCH_LIMIT
# Threads for that: one per gunicorn request thread, so no request's keyword scoring waits
# behind another's.
KEYWORD_THREADS = 4


@dataclass(frozen=True)
class Outcome:
    """The answer to one request: its passages, best first, and how well they answer it."""
    results: list[Result]
    match: str
    has_more: bool = False                      # results exist beyond this page
    spelling: Spelling | None = None            # the question's corrections, when it had any
    evidence: Evidence | None = None            # what the verdict was made from
    facets: list[tuple[str, int]] | None = None  # (topic, matching passages), most first, when asked for


@dataclass(frozen=True)
class _Candidates:
    """One request's ranking, with the dense and keyword (rows, scores) it was made from (None: not searched)."""
    ranked: Ranked
    dense: Scored | None
    keyword: Scored | None


class SearchEngine:
    def __init__(self, snapshot: Snapshot, embedder: Embedder, options: RetrievalOptions = RetrievalOptions(),
                 judgement: Judgement | None = None):
        """`judgement`: the verdict's models, by default those trained for `embedder`'s model."""
        faiss.omp_set_num_threads(SEARCH_THREADS)
        self.snapshot = snapshot
        self.embedder = embedder
        self.options = options
        self.judge = MatchJudge(judgement or load_judgement(embedder.model_id))
        self.speller = Speller(snapshot.words, snapshot.keywords.vocab_dict, embedder.count_word_pieces)
        self.dense = DenseIndex(snapshot.vectors)
        self.allowed_rows = AllowedRows(snapshot.records)
        self.shaper = Shaper(snapshot.records, self.dense.vector, snapshot.vectors.d, self.judge, options)
        # Large snapshots score keywords beside the encoding (PARALLEL_SIDES_FROM); small ones in turn.
        self._keyword_threads = (ThreadPoolExecutor(KEYWORD_THREADS, thread_name_prefix="keywords")
                                 if snapshot.vectors.ntotal >= PARALLEL_SIDES_FROM else None)

    def vector(self, row: int) -> np.ndarray:
        """A chunk's vector, read from the index's own storage where it allows."""
        return self.dense.vector(row)

    @classmethod
    def open(cls, index_dir: Path, embedder: Embedder, options: RetrievalOptions = RetrievalOptions(),
             judgement: Judgement | None = None) -> "SearchEngine":
        """An engine over the published snapshot of `index_dir`, searched with `embedder`."""
        return cls(open_current(index_dir, embedder.model_id, embedder.precision), embedder, options, judgement)

    @classmethod
    def for_index(cls, index_dir: Path, model: str | None = None, backend: str | None = None,
                  encoder_cache: Path = DEFAULT_ENCODER_CACHE, options: RetrievalOptions = RetrievalOptions(),
                  snapshot: str | None = None) -> "SearchEngine":
        """An engine over the published snapshot (or the named one), with the fastest encoder whose vectors
        match its own."""
        folder = snapshot_dir(index_dir, snapshot) if snapshot else current_snapshot_dir(index_dir)
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
                    vector: np.ndarray | None = None, terms: list[str] | None = None) -> Ranked:
        """(chunk row, score) pairs, best first, for a normalised query (and its keyword terms, if known)."""
        return self._candidates(text, mode, depth, vector, terms, None, evidence=False).ranked

    def spell(self, request: SearchRequest) -> Spelling:
        """The question with its misspelt words corrected to the articles' words (unless asked as typed).
        A question in another language keeps its words: they are not misspellings of English ones
        ("vivir" is not "vivid"), though the verdict still learns how many the articles never use."""
        if not request.correct:
            return Spelling(request.text, (), ())
        spelling = self.speller.check(request.text)
        return spelling if looks_english(request.text) else Spelling(request.text, (), spelling.unfamiliar)

    def keywords_ahead(self, request: SearchRequest) -> Future | None:
        """A large snapshot's keyword scoring for `request`, started now on another thread so that it
        runs while the question is encoded; pass it to `search`. None where it would not pay."""
        if self._keyword_threads is None or request.mode != "hybrid" or not has_content(request.text):
            return None
        allowed = self.allowed_rows(request)
        return self._keyword_threads.submit(keyword_scores, self.snapshot.keywords, tokenize([request.text])[0],
                                            self.options.candidate_depth, allowed.mask if allowed else None)

    def _candidates(self, text: str, mode: str, depth: int | None, vector: np.ndarray | None,
                    terms: list[str] | None, allowed: RowFilter | None, keywords: Future | None = None,
                    evidence: bool = True) -> "_Candidates":
        """The ranking, with the dense and keyword lists it came from (the verdict's evidence);
        `keywords`, if given, is the keyword scoring already started for this question. With
        `evidence`, the dense list is searched in every mode: in BM25 mode it is evidence only."""
        depth = depth or self.options.candidate_depth
        terms = tokenize([text])[0] if terms is None else terms
        mask = allowed.mask if allowed else None
        dense = (self.dense.search(self.encode(text) if vector is None else vector, depth, allowed)
                 if mode != "bm25" or evidence else None)
        if mode == "dense":
            return _Candidates(list(zip(dense[0].tolist(), dense[1].tolist())), dense, None)
        keyword = keywords.result() if keywords is not None else keyword_scores(self.snapshot.keywords, terms, depth, mask)
        if mode == "bm25":
            return _Candidates(list(zip(keyword[0].tolist(), keyword[1].tolist())), dense, keyword)
        return _Candidates(normalized_score_fusion(dense, keyword), dense, keyword)

    def search(self, request: SearchRequest, vector: np.ndarray | None = None,
               crisis: CrisisSignal | None = None, keywords: Future | None = None,
               spelling: Spelling | None = None) -> Outcome:
        """The passages for a reader's question from `offset`, `k` of them, with per-article limits and
        duplicates collapsed, among the requested topics or article if any; raises QueryError for a
        topic or article the snapshot does not have. `request` is searched with its misspellings
        corrected (`spelling`, if already found; the vector, if given, is of the corrected text), and
        `keywords` is `keywords_ahead` of the corrected request, if started."""
        allowed = self.allowed_rows(request)
        searchable = has_content(request.text)
        if not (searchable or crisis):
            return Outcome([], NONE)  # nothing but punctuation or function words: its neighbours would be noise
        spelling = spelling or self.spell(request)
        request = request.searching(spelling.text)
        if vector is None:
            keywords = keywords or self.keywords_ahead(request)
            vector = self.encode(request.text)
        terms = tokenize([request.text])[0]
        found = self._candidates(request.text, request.mode, self.options.candidate_depth, vector,
                                 terms, allowed, keywords) if searchable else _Candidates([], None, None)
        evidence = self._evidence(request.text, terms, found, spelling, vector)
        shaped = self.shaper.shape(request, found.ranked, evidence, vector, crisis)
        results = result_records(self.snapshot.records, self.vector, self.judge, shaped.page, vector, set(terms),
                                 evidence, bool(crisis), request.offset, shaped.unshown)
        return Outcome(results, self.judge.verdict(evidence), shaped.has_more,
                       spelling if spelling.corrections else None, evidence, shaped.facets)

    def _evidence(self, text: str, terms: list[str], found: "_Candidates", spelling: Spelling,
                  vector: np.ndarray) -> Evidence | None:
        """What the verdict reads: the dense list (all candidates, shown or not), the keyword list's first
        article, and the question's words; None when nothing was searched."""
        if found.dense is None or not len(found.dense[0]):
            return None
        rows, cosines = found.dense
        docs = self.snapshot.records.row_docs[rows]
        others = cosines[docs != docs[0]]
        keyword_rows = found.keyword[0] if found.keyword is not None else ()
        vocabulary = self.snapshot.keywords.vocab_dict
        return Evidence(
            best_cosine=float(cosines[0]), next_article_cosine=float(others[0] if len(others) else cosines[0]),
            top_mean=float(cosines[:TOP_PASSAGES].mean()),
            keyword_agrees=bool(len(keyword_rows)) and self.snapshot.records.row_docs[keyword_rows[0]] == docs[0],
            keyword_found=bool(len(keyword_rows)),
            known_share=sum(t in vocabulary for t in terms) / len(terms) if terms else 0.0,
            unfamiliar=len(spelling.unfamiliar), english=looks_english(text), words=len(text.split()),
            topic=self.judge.topic(vector))
