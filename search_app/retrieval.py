"""Retrieval over an open snapshot: dense (FAISS, whole or filtered: `dense`), keyword (BM25), their fusion,
and result shaping (the result records and links: `records`).

A question that shows risk is answered crisis-first: passages from the articles editors
tag `crisis-support` lead (the one for helpers when someone else is at risk), unless the
reader narrowed the search to topics or an article, and no passage that discusses doses,
amounts or methods appears anywhere in the answer (first aid is not such a passage).
Every result carries a relevance comparable across questions (see `verdict`), and the
most relevant safety note of its article, whatever the per-article limit.
`article_link` and `article_source` are `records`' own, kept importable from here for the pages.

Nothing here knows about Flask; the page, the JSON API, the CLI and the
evaluation all call `SearchEngine`.
"""
from __future__ import annotations

import functools
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from indexer.embedding import DEFAULT_ENCODER_CACHE, Embedder, model_id, resolve_backend, shared_embedder
from indexer.keywords import keyword_scores, tokenize
from indexer.snapshot import Snapshot, current_snapshot_dir, open_current, open_snapshot, read_manifest, snapshot_dir
from indexer.vector_index import EXACT_SEARCH_LIMIT
from search_app.crisis import SOMEONE_ELSE, CrisisSignal
from search_app.dense import AllowedRows, DenseIndex, RowFilter
from search_app.fusion import Scored, normalized_score_fusion
from search_app.judgement import Judgement, load_judgement
from search_app.languages import looks_english
from search_app.query import SearchRequest, has_content
from search_app.records import Result, article_link, article_source, result_records
from search_app.spelling import Speller, Spelling
from search_app.verdict import NONE, TOP_PASSAGES, Evidence, MatchJudge

# One OpenMP thread per single-query search: on these 2-core machines a flat search with
# two threads measured 2.7-3.9x slower than with one (thread start-up dominates one query).
SEARCH_THREADS = 1
# Per-article limits and duplicate collapsing discard candidates; fetching four per result
# (for the deepest result a request may reach) left every measured query with k results.
CANDIDATES_PER_RESULT = 4
# From this many chunks a question's keywords are scored on another thread while it is
# encoded and its dense search runs (ONNX, FAISS and numpy release the GIL), so the two
# cores share one question. At 1M chunks the keyword side takes ~4.7 ms, encoding 3-8.5 ms
# (by machine) and the dense search ~2 ms (bench/scale.py); below this size the keywords
# take a fraction of a millisecond, less than handing work to a thread costs.
PARALLEL_SIDES_FROM = EXACT_SEARCH_LIMIT
# Threads for that: one per gunicorn request thread, so no request's keyword scoring waits
# behind another's.
KEYWORD_THREADS = 4
# Articles editors tag for leading the answer to a question that shows risk.
CRISIS_SUPPORT_TAG = "crisis-support"
# Help passages that lead a crisis answer: enough for the lines, what to do now and how to
# stay safe, before the passages that answer the question's own words.
HELP_PASSAGES = 3


@dataclass(frozen=True)
class RetrievalOptions:
    per_article: int = 2            # at most this many passages from one article (bench/reader_questions.py)
    duplicate_similarity: float = 0.95  # passages this similar (cosine) to a better one are collapsed
    max_window: int = 50            # the deepest result a request may reach (offset + k): the app's max k

    @property
    def candidate_depth(self) -> int:
        """How deep each retriever's list goes before fusion. The same for every request, so that
        page 2 continues page 1 exactly: the fused order does not depend on k or the offset."""
        return CANDIDATES_PER_RESULT * self.max_window


@dataclass(frozen=True)
class Outcome:
    """The answer to one request: its passages, best first, and how well they answer it."""
    results: list[Result]
    match: str
    has_more: bool = False                      # results exist beyond this page
    spelling: Spelling | None = None            # the question's corrections, when it had any
    evidence: Evidence | None = None            # what the verdict was made from
    facets: list[tuple[str, int]] | None = None  # (topic, matching passages), most first, when asked for


def _leading_help_tag(crisis: CrisisSignal) -> str:
    """Which crisis-support article goes first: the one for helpers when someone else is at risk,
    the self-harm article for self-harm, otherwise the one on suicidal feelings and crisis lines."""
    if crisis.audience == SOMEONE_ELSE:
        return "supporting-someone"
    return "self-harm" if crisis.category == "self_harm" else "suicide-prevention"


@dataclass(frozen=True)
class _Candidates:
    """One request's ranking, with the dense and keyword (rows, scores) it was made from (None: not searched)."""
    ranked: list[tuple[int, float]]
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
                    vector: np.ndarray | None = None, terms: list[str] | None = None) -> list[tuple[int, float]]:
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
        ranked = found.ranked
        per_article = request.window if request.article else self.options.per_article
        evidence = self._evidence(request.text, terms, found, spelling, vector)
        if crisis:
            ranked = self._without_means(ranked)
        if crisis and not (request.tags or request.article):  # a reader's filter holds: help leads unfiltered answers
            ranked = self._relevant(ranked, evidence, vector)
            help_first = self._shape(self._help_passages(vector, crisis), HELP_PASSAGES, per_article)
            # Shaped to the deepest page whatever the request's, so that the reordering is the same on every page.
            chosen = self._alternate(self._shape(ranked, self.options.max_window + 1, per_article, help_first))
        else:
            chosen = self._shape(ranked, request.window + 1, per_article)
        # More only when a next page can be asked for: no request reaches past the deepest result.
        has_more = len(chosen) > request.window and request.window < self.options.max_window
        results = result_records(self.snapshot.records, self.vector, self.judge, chosen[request.offset:request.window],
                                 vector, set(terms), evidence, bool(crisis), request.offset,
                                 self._unshown(ranked, chosen[:request.window]))
        return Outcome(results, self.judge.verdict(evidence), has_more, spelling if spelling.corrections else None,
                       evidence, self._facets(ranked) if request.facets else None)

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

    def _unshown(self, ranked: list[tuple[int, float]], shown: list[tuple[int, float, np.ndarray]]) -> dict[int, int]:
        """Per document ordinal of the results so far: candidates that matched but are not among them."""
        docs = self.snapshot.records.row_docs
        ranked_docs = docs[np.fromiter((row for row, _ in ranked), dtype=np.int64, count=len(ranked))]
        shown_docs = [int(docs[row]) for row, _, _ in shown]
        return {doc: int(np.count_nonzero(ranked_docs == doc)) - shown_docs.count(doc) for doc in set(shown_docs)}

    def _facets(self, ranked: list[tuple[int, float]]) -> list[tuple[str, int]]:
        """Matching passages per topic among the candidates, most first (then by name)."""
        records = self.snapshot.records
        counts: dict[str, int] = {}
        for row, _ in ranked:
            for tag in records.doc_tags[records.row_docs[row]]:
                counts[tag] = counts.get(tag, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def _shape(self, ranked: list[tuple[int, float]], k: int, per_article_limit: int,
               taken: list[tuple[int, float, np.ndarray]] = ()) -> list[tuple[int, float, np.ndarray]]:
        """`taken` and then the best candidates, `k` in all: at most `per_article_limit` from one
        article, near-duplicates collapsed. Returns (row, score, vector) triples."""
        records = self.snapshot.records
        chosen = list(taken)
        taken_rows = {row for row, _, _ in chosen}
        per_article: dict[int, int] = {}
        for row in taken_rows:
            doc = int(records.row_docs[row])
            per_article[doc] = per_article.get(doc, 0) + 1
        # The chosen passages' vectors as rows of one matrix: one product per candidate finds a near-duplicate.
        kept = np.empty((max(k, len(chosen)), self.snapshot.vectors.d), dtype=np.float32)
        for n, (_, _, vector) in enumerate(chosen):
            kept[n] = vector
        for row, score in ranked:
            if len(chosen) >= k:
                break
            doc = int(records.row_docs[row])
            if per_article.get(doc, 0) >= per_article_limit or row in taken_rows:
                continue
            vector = self.vector(row)
            if chosen and float((kept[:len(chosen)] @ vector).max()) >= self.options.duplicate_similarity:
                continue
            kept[len(chosen)] = vector
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

    def _relevant(self, ranked: list[tuple[int, float]], evidence: Evidence | None,
                  vector: np.ndarray) -> list[tuple[int, float]]:
        """The candidates likely enough to answer the question to be shown at all (the verdict's bar for
        "none"): under the help passages of a crisis answer, nothing pads the page."""
        if evidence is None:
            return []
        return [(row, score) for row, score in ranked
                if self.judge.relevance(evidence, float(self.vector(row) @ vector[0])) >= self.judge.weak_at]

    def _alternate(self, chosen: list[tuple[int, float, np.ndarray]]) -> list[tuple[int, float, np.ndarray]]:
        """The same passages, each next one from a different article than the one before where any is left:
        a reader in crisis scans cards, and two in a row from one article read as a repeat."""
        docs = self.snapshot.records.row_docs
        left, ordered = list(chosen), []
        while left:
            previous = int(docs[ordered[-1][0]]) if ordered else None
            pick = next((n for n, (row, _, _) in enumerate(left) if int(docs[row]) != previous), 0)
            ordered.append(left.pop(pick))
        return ordered

    def _without_means(self, ranked: list[tuple[int, float]]) -> list[tuple[int, float]]:
        means = self.snapshot.records.flagged_rows([row for row, _ in ranked], "discusses_means")
        return [(row, score) for row, score in ranked if row not in means]
