"""Dense search over a snapshot's vectors (FAISS), whole or filtered to the rows a request may return.

A reader's topics or article narrow the search inside FAISS (a bitmap selector), not after it,
so a filtered search still finds k passages when k exist; with IVF, the probed clusters grow
until they hold enough allowed passages.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import faiss
import numpy as np

from indexer.snapshot import RecentCache
from indexer.vector_index import stored_vectors
from search_app.fusion import Scored
from search_app.query import QueryError, SearchRequest

if TYPE_CHECKING:
    from indexer.snapshot import Records

# Tag filters are applied inside retrieval; each recent filter's rows are kept for reuse (at
# 1M chunks, finding and packing a topic's rows on every request slowed a filtered search:
# bench/RESULTS.md, "Scale": run 4).
CACHED_FILTERS = 64
# IVF with a filter: if the probed clusters hold too few allowed passages, probe this many
# times more, up to every cluster, so a filtered search still finds k when k exist.
PROBE_GROWTH = 4


@dataclass(frozen=True)
class RowFilter:
    """The rows a request may return: a mask for keyword scoring, the same bits packed for
    FAISS's selector, and how many rows are allowed."""
    mask: np.ndarray
    bitmap: np.ndarray
    count: int

    @classmethod
    def of(cls, mask: np.ndarray) -> "RowFilter":
        return cls(mask, np.packbits(mask, bitorder="little"), int(mask.sum()))


class AllowedRows:
    """Each request's allowed rows (its topics or its article), the recent filters kept."""

    def __init__(self, records: "Records"):
        self._records = records
        self._filters = RecentCache(CACHED_FILTERS)

    def __call__(self, request: SearchRequest) -> RowFilter | None:
        """The rows `request` may return, or None for all; raises QueryError for a topic or article the
        snapshot does not have."""
        records = self._records
        if request.article:
            if request.article not in records.ordinal_of:
                raise QueryError(f"there is no article {request.article!r}")
            key, ordinals = ("article", request.article), lambda: [records.ordinal_of[request.article]]
        elif request.tags:
            unknown = [tag for tag in request.tags if tag not in self._tag_ordinals]
            if unknown:
                raise QueryError(f"no article has the topic {unknown[0]!r}; topics are listed at /articles")
            key = ("tags", *sorted(request.tags))
            ordinals = lambda: sorted({o for tag in request.tags for o in self._tag_ordinals[tag]})
        else:
            return None
        cached = self._filters.get_many([key])
        if key in cached:
            return cached[key]
        rows = RowFilter.of(np.isin(records.row_docs, np.array(ordinals(), dtype=np.int32)))
        self._filters.put_many({key: rows})
        return rows

    @functools.cached_property
    def _tag_ordinals(self) -> dict[str, list[int]]:
        """Each topic's documents, from the snapshot's document map (computed once)."""
        found: dict[str, list[int]] = {}
        for ordinal, tags in enumerate(self._records.doc_tags):
            for tag in tags:
                found.setdefault(tag, []).append(ordinal)
        return found


class DenseIndex:
    """A snapshot's vector index: nearest passages by cosine, and any passage's vector."""

    def __init__(self, index: faiss.Index):
        self.index = index
        self._stored = stored_vectors(index)

    def vector(self, row: int) -> np.ndarray:
        """A chunk's vector, read from the index's own storage where it allows."""
        return self._stored[row] if self._stored is not None else self.index.reconstruct(row)

    def search(self, vector: np.ndarray, depth: int, allowed: RowFilter | None = None) -> Scored:
        """The nearest passages by cosine, (rows, cosines); with a filter, among the allowed rows (inside FAISS's search)."""
        depth = min(depth, self.index.ntotal)
        if allowed is None:
            scores, ids = self.index.search(vector, depth)
        else:
            scores, ids = self._filtered(vector, depth, allowed)
        found = ids[0] >= 0  # FAISS pads with -1 when fewer rows qualify
        return ids[0][found], scores[0][found]

    def _filtered(self, vector: np.ndarray, depth: int, allowed: RowFilter):
        index = self.index
        selector = faiss.IDSelectorBitmap(len(allowed.mask), faiss.swig_ptr(allowed.bitmap))  # bitmap kept by `allowed`
        wanted = min(depth, allowed.count)
        if not isinstance(index, faiss.IndexIVF):
            return index.search(vector, depth, params=faiss.SearchParameters(sel=selector))
        nprobe = index.nprobe
        while True:
            found = index.search(vector, depth, params=faiss.SearchParametersIVF(sel=selector, nprobe=nprobe))
            if (found[1][0] >= 0).sum() >= wanted or nprobe >= index.nlist:
                return found
            nprobe = min(index.nlist, nprobe * PROBE_GROWTH)
