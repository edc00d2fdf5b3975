"""Retrieval over an open snapshot: a request prepared once, its candidates (dense and keyword lists and
their fusion) with the evidence the verdict reads, and the shaped answer.

`SearchEngine.prepare` does once what the rest reads: the spelling check, the allowed rows, the
keyword terms, the vectors, and, on large snapshots, the keyword scoring started beside the
encoding. `retrieve` finds the candidates (`dense` searches the vectors); `shape` makes the page
(`shaping`: limits, duplicates, help first, means) and its records (`records`).

Nothing here knows about Flask; the page, the JSON API, the CLI and the
evaluation all call `SearchEngine`.
"""
from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np
import threadpoolctl

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

__all__ = ["SearchEngine", "PreparedQuery", "Candidates", "Outcome", "RetrievalOptions",
           "article_link", "article_source"]  # the links, for the pages that import them from here

# One OpenMP thread per single-query search: on these 2-core machines a second thread makes
# one query slower, not faster (its start-up dominates). The same holds for numpy's BLAS,
# whose products here are one question against a few thousand vectors: a second thread
# waits for a busy core, and under load the crisis check waited with it
# (bench/RESULTS.md, "One BLAS thread").
SEARCH_THREADS = 1
# From this many chunks a question's keywords are scored on another thread while it is
# encoded and its dense search runs (ONNX, FAISS and numpy release the GIL), so the two
# cores share one question: at 1M chunks the keyword side takes about as long as the
# encoding and longer than the dense search (bench/RESULTS.md, "Scale": "Dense search",
# "Both cores"). Below this size the keywords take less than handing work to a thread costs.
PARALLEL_SIDES_FROM = EXACT_SEARCH_LIMIT
# Threads for that: one per gunicorn request thread, so no request's keyword scoring waits
# behind another's.
KEYWORD_THREADS = 4


@dataclass(frozen=True)
class PreparedQuery:
    """A request made ready to search, once: what every later step reads."""
    request: SearchRequest              # as asked (its text normalised, its words as typed)
    searched: SearchRequest             # the same with its misspellings corrected: what is searched
    spelling: Spelling | None           # the corrections (None for a question with no words)
    searchable: bool                    # some word is not a function word (else it is not searched)
    terms: list[str]                    # the searched text's keyword terms
    allowed: RowFilter | None           # the rows its topics or article allow (None: all)
    vector: np.ndarray | None           # the searched text's vector, shape (1, dimension)
    typed_vector: np.ndarray | None     # the text as typed's vector: what the crisis check reads
    keywords: Future | None = None      # the keyword scoring started beside the encoding (large snapshots)


@dataclass(frozen=True)
class Candidates:
    """One request's ranking, with the dense and keyword (rows, scores) it was made from (None: not
    searched) and the evidence the verdict reads of them."""
    ranked: Ranked
    dense: Scored | None = None
    keyword: Scored | None = None
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Outcome:
    """The answer to one request: its passages, best first, and how well they answer it."""
    results: list[Result]
    match: str
    has_more: bool = False                      # results exist beyond this page
    spelling: Spelling | None = None            # the question's corrections, when it had any
    evidence: Evidence | None = None            # what the verdict was made from
    facets: list[tuple[str, int]] | None = None  # (topic, matching passages), most first, when asked for


class SearchEngine:
    def __init__(self, snapshot: Snapshot, embedder: Embedder, options: RetrievalOptions = RetrievalOptions(),
                 judgement: Judgement | None = None):
        """`judgement`: the verdict's models, by default those trained for `embedder`'s model."""
        faiss.omp_set_num_threads(SEARCH_THREADS)
        threadpoolctl.threadpool_limits(SEARCH_THREADS, user_api="blas")
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

    def spell(self, request: SearchRequest) -> Spelling:
        """The question with its misspelt words corrected to the articles' words (unless asked as typed).
        A question in another language keeps its words: they are not misspellings of English ones
        ("vivir" is not "vivid"), though the verdict still learns how many the articles never use."""
        if not request.correct:
            return Spelling(request.text, (), ())
        spelling = self.speller.check(request.text)
        return spelling if looks_english(request.text) else Spelling(request.text, (), spelling.unfamiliar)

    def prepare(self, request: SearchRequest, vector: np.ndarray | None = None, judged: bool = True) -> PreparedQuery:
        """`request` made ready to search; raises QueryError for a topic or article the snapshot does not have.

        `vector`, if given, is the question's as typed (the golden questions' are kept on disk). With
        `judged`, the question as typed is encoded for the crisis check, and the corrected one, if it
        differs, for the search; without, only what is searched. Large snapshots start scoring the
        keywords on another thread before the encoding, so that the two run at once."""
        allowed = self.allowed_rows(request)
        searchable = has_content(request.text)
        if not request.text:
            return PreparedQuery(request, request, None, False, [], allowed, None, None)
        spelling = self.spell(request)
        searched = request.searching(spelling.text)
        terms = tokenize([searched.text])[0]
        keywords = self._keywords_ahead(searched.mode, terms, allowed) if vector is None and searchable else None
        if vector is None and (judged or searched is request):
            vector = self.encode(request.text)
        searched_vector = vector if searched is request else self.encode(searched.text)
        return PreparedQuery(request, searched, spelling, searchable, terms, allowed, searched_vector,
                             vector if judged else None, keywords)

    def _keywords_ahead(self, mode: str, terms: list[str], allowed: RowFilter | None) -> Future | None:
        """A large snapshot's keyword scoring, started now on another thread; None where it would not pay."""
        if self._keyword_threads is None or mode != "hybrid":
            return None
        return self._keyword_threads.submit(keyword_scores, self.snapshot.keywords, terms,
                                            self.options.candidate_depth, allowed.mask if allowed else None)

    def retrieve(self, query: PreparedQuery) -> Candidates:
        """The candidates for a prepared query, in its mode, among its allowed rows, with the verdict's
        evidence; none for a question of function words only (its neighbours would be noise). The dense
        list is searched in every mode: in BM25 mode it is evidence only."""
        if not query.searchable:
            return Candidates([])
        ranked, dense, keyword = self._candidates(query.searched.mode, self.options.candidate_depth, query.vector,
                                                  query.terms, query.allowed, query.keywords, evidence=True)
        return Candidates(ranked, dense, keyword, self._evidence(query, dense, keyword))

    def rank_chunks(self, text: str, mode: str = "hybrid", depth: int | None = None,
                    vector: np.ndarray | None = None, terms: list[str] | None = None) -> Ranked:
        """(chunk row, score) pairs, best first, for a normalised query (and its keyword terms, if known)."""
        if vector is None and mode != "bm25":
            vector = self.encode(text)
        terms = tokenize([text])[0] if terms is None else terms
        return self._candidates(mode, depth or self.options.candidate_depth, vector, terms, None, None, evidence=False)[0]

    def _candidates(self, mode: str, depth: int, vector: np.ndarray | None, terms: list[str],
                    allowed: RowFilter | None, keywords: Future | None,
                    evidence: bool) -> tuple[Ranked, Scored | None, Scored | None]:
        """(ranking, dense list, keyword list); `keywords`, if given, is the keyword scoring already started.
        With `evidence`, the dense list is searched in every mode."""
        dense = self.dense.search(vector, depth, allowed) if mode != "bm25" or evidence else None
        if mode == "dense":
            return list(zip(dense[0].tolist(), dense[1].tolist())), dense, None
        mask = allowed.mask if allowed else None
        keyword = keywords.result() if keywords is not None else keyword_scores(self.snapshot.keywords, terms, depth, mask)
        if mode == "bm25":
            return list(zip(keyword[0].tolist(), keyword[1].tolist())), dense, keyword
        return normalized_score_fusion(dense, keyword), dense, keyword

    def _evidence(self, query: PreparedQuery, dense: Scored, keyword: Scored | None) -> Evidence | None:
        """What the verdict reads: the dense list (all candidates, shown or not), the keyword list's first
        article, and the question's words; None when nothing was found."""
        if not len(dense[0]):
            return None
        rows, cosines = dense
        row_docs = self.snapshot.records.row_docs
        docs = row_docs[rows]
        others = cosines[docs != docs[0]]
        keyword_rows = keyword[0] if keyword is not None else ()
        vocabulary, terms, text = self.snapshot.keywords.vocab_dict, query.terms, query.searched.text
        return Evidence(
            best_cosine=float(cosines[0]), next_article_cosine=float(others[0] if len(others) else cosines[0]),
            top_mean=float(cosines[:TOP_PASSAGES].mean()),
            keyword_agrees=bool(len(keyword_rows)) and row_docs[keyword_rows[0]] == docs[0],
            keyword_found=bool(len(keyword_rows)),
            known_share=sum(t in vocabulary for t in terms) / len(terms) if terms else 0.0,
            unfamiliar=len(query.spelling.unfamiliar), english=looks_english(text), words=len(text.split()),
            topic=self.judge.topic(query.vector), topic_words=self.judge.topic_words(query.request.text))

    def shape(self, query: PreparedQuery, found: Candidates, crisis: CrisisSignal | None = None) -> Outcome:
        """The page the query asks for (`offset`, `k`) from its candidates, crisis-first when `crisis`, as
        result records, with the verdict."""
        if not (query.searchable or crisis):
            return Outcome([], NONE)
        request = query.searched
        shaped = self.shaper.shape(request, found.ranked, found.evidence, query.vector, crisis)
        results = result_records(self.snapshot.records, self.dense.vector, self.judge, shaped.page, query.vector,
                                 set(query.terms), found.evidence, bool(crisis), request.offset, shaped.unshown)
        return Outcome(results, self.judge.verdict(found.evidence), shaped.has_more,
                       query.spelling if query.spelling.corrections else None, found.evidence, shaped.facets)

    def search(self, request: SearchRequest, crisis: CrisisSignal | None = None) -> Outcome:
        """The passages for a reader's question from `offset`, `k` of them, with per-article limits and
        duplicates collapsed, among the requested topics or article if any (crisis-first when `crisis`);
        raises QueryError for a topic or article the snapshot does not have. Misspellings are corrected."""
        query = self.prepare(request, judged=False)
        return self.shape(query, self.retrieve(query), crisis)
