"""Result shaping: from one request's ranked candidates to the page it shows.

At most `per_article` passages from one article, near-duplicates of a better passage collapsed,
and the window of the request's page (`offset`, `k`) cut from an order that is the same for
every page. A question that shows risk is answered crisis-first: passages from the articles
editors tag `crisis-support` lead (the one for helpers when someone else is at risk), unless
the reader narrowed the search to topics or an article, nothing below the verdict's bar for
"none" pads the page, no two results in a row come from one article, and no passage that
discusses doses, amounts or methods appears anywhere in the answer (first aid is not such a passage).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import numpy as np

from search_app.crisis import SOMEONE_ELSE, CrisisSignal
from search_app.query import SearchRequest
from search_app.records import Page
from search_app.verdict import Evidence, MatchJudge

if TYPE_CHECKING:
    from indexer.snapshot import Records

# Per-article limits and duplicate collapsing discard candidates; fetching four per result
# (for the deepest result a request may reach) left every measured query with k results.
CANDIDATES_PER_RESULT = 4
# Articles editors tag for leading the answer to a question that shows risk.
CRISIS_SUPPORT_TAG = "crisis-support"
# Help passages that lead a crisis answer: enough for the lines, what to do now and how to
# stay safe, before the passages that answer the question's own words.
HELP_PASSAGES = 3

Ranked = list[tuple[int, float]]


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
class Shaped:
    """One request's page: its passages, whether more exist, and what the candidates held besides."""
    page: Page
    has_more: bool                              # results exist beyond this page
    unshown: dict[int, int]                     # per document ordinal on the page: its candidates not shown so far
    facets: list[tuple[str, int]] | None        # (topic, matching passages), most first, when asked for


def _leading_help_tag(crisis: CrisisSignal) -> str:
    """Which crisis-support article goes first: the one for helpers when someone else is at risk,
    the self-harm article for self-harm, otherwise the one on suicidal feelings and crisis lines."""
    if crisis.audience == SOMEONE_ELSE:
        return "supporting-someone"
    return "self-harm" if crisis.category == "self_harm" else "suicide-prevention"


class Shaper:
    def __init__(self, records: "Records", vector_of: Callable[[int], np.ndarray], dimension: int,
                 judge: MatchJudge, options: RetrievalOptions):
        self._records = records
        self._vector = vector_of
        self._dimension = dimension
        self._judge = judge
        self._options = options

    def shape(self, request: SearchRequest, ranked: Ranked, evidence: Evidence | None, vector: np.ndarray,
              crisis: CrisisSignal | None) -> Shaped:
        """The page `request` asks for from `ranked` (best first), crisis-first when `crisis`."""
        options = self._options
        per_article = request.window if request.article else options.per_article
        if crisis:
            ranked = self.without_means(ranked)
        if crisis and not (request.tags or request.article):  # a reader's filter holds: help leads unfiltered answers
            ranked = self._relevant(ranked, evidence, vector)
            help_first = self._choose(self._help_passages(vector, crisis), HELP_PASSAGES, per_article)
            # Chosen to the deepest page whatever the request's, so that the reordering is the same on every page.
            chosen = self._alternate(self._choose(ranked, options.max_window + 1, per_article, help_first))
        else:
            chosen = self._choose(ranked, request.window + 1, per_article)
        # More only when a next page can be asked for: no request reaches past the deepest result.
        has_more = len(chosen) > request.window and request.window < options.max_window
        return Shaped(chosen[request.offset:request.window], has_more, self._unshown(ranked, chosen[:request.window]),
                      self._facets(ranked) if request.facets else None)

    def without_means(self, ranked: Ranked) -> Ranked:
        means = self._records.flagged_rows([row for row, _ in ranked], "discusses_means")
        return [(row, score) for row, score in ranked if row not in means]

    def _choose(self, ranked: Ranked, k: int, per_article_limit: int, taken: Page = ()) -> Page:
        """`taken` and then the best candidates, `k` in all: at most `per_article_limit` from one
        article, near-duplicates collapsed. Returns (row, score, vector) triples."""
        docs = self._records.row_docs
        chosen = list(taken)
        taken_rows = {row for row, _, _ in chosen}
        per_article: dict[int, int] = {}
        for row in taken_rows:
            doc = int(docs[row])
            per_article[doc] = per_article.get(doc, 0) + 1
        # The chosen passages' vectors as rows of one matrix: one product per candidate finds a near-duplicate.
        kept = np.empty((max(k, len(chosen)), self._dimension), dtype=np.float32)
        for n, (_, _, vector) in enumerate(chosen):
            kept[n] = vector
        for row, score in ranked:
            if len(chosen) >= k:
                break
            doc = int(docs[row])
            if per_article.get(doc, 0) >= per_article_limit or row in taken_rows:
                continue
            vector = self._vector(row)
            if chosen and float((kept[:len(chosen)] @ vector).max()) >= self._options.duplicate_similarity:
                continue
            kept[len(chosen)] = vector
            chosen.append((row, score, vector))
            taken_rows.add(row)
            per_article[doc] = per_article.get(doc, 0) + 1
        return chosen

    @functools.cached_property
    def _help_rows(self) -> dict[str, list[int]]:
        """Chunk rows of the crisis-support articles, by their other tags' preference, computed once."""
        records = self._records
        rows: dict[str, list[int]] = {}
        for ordinal, tags in enumerate(records.doc_tags):
            if CRISIS_SUPPORT_TAG in tags:
                rows[records.doc_ids[ordinal]] = records.doc_rows(records.doc_ids[ordinal])
        return rows

    def _help_passages(self, vector: np.ndarray, crisis: CrisisSignal) -> Ranked:
        """Crisis-support passages without means, the leading article's first, each article's by similarity."""
        leading = _leading_help_tag(crisis)
        records = self._records
        scored = []
        for doc_id, rows in self._help_rows.items():
            first = leading in records.doc_tags[records.ordinal_of[doc_id]]
            scored.extend((not first, -float(self._vector(row) @ vector[0]), row) for row in rows)
        return self.without_means([(row, -negative) for _, negative, row in sorted(scored)])

    def _relevant(self, ranked: Ranked, evidence: Evidence | None, vector: np.ndarray) -> Ranked:
        """The candidates likely enough to answer the question to be shown at all (the verdict's bar for
        "none"): under the help passages of a crisis answer, nothing pads the page."""
        if evidence is None:
            return []
        cosines = np.array([float(self._vector(row) @ vector[0]) for row, _ in ranked])
        likely = self._judge.relevances(evidence, cosines) >= self._judge.weak_at
        return [candidate for candidate, keep in zip(ranked, likely) if keep]

    def _alternate(self, chosen: Page) -> Page:
        """The same passages, each next one from a different article than the one before where any is left:
        a reader in crisis scans cards, and two in a row from one article read as a repeat."""
        docs = self._records.row_docs
        left, ordered = list(chosen), []
        while left:
            previous = int(docs[ordered[-1][0]]) if ordered else None
            pick = next((n for n, (row, _, _) in enumerate(left) if int(docs[row]) != previous), 0)
            ordered.append(left.pop(pick))
        return ordered

    def _unshown(self, ranked: Ranked, shown: Page) -> dict[int, int]:
        """Per document ordinal of the results so far: candidates that matched but are not among them."""
        docs = self._records.row_docs
        ranked_docs = docs[np.fromiter((row for row, _ in ranked), dtype=np.int64, count=len(ranked))]
        shown_docs = [int(docs[row]) for row, _, _ in shown]
        return {doc: int(np.count_nonzero(ranked_docs == doc)) - shown_docs.count(doc) for doc in set(shown_docs)}

    def _facets(self, ranked: Ranked) -> list[tuple[str, int]]:
        """Matching passages per topic among the candidates, most first (then by name)."""
        records = self._records
        counts: dict[str, int] = {}
        for row, _ in ranked:
            for tag in records.doc_tags[records.row_docs[row]]:
                counts[tag] = counts.get(tag, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
