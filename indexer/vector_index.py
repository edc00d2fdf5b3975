"""The dense vector index of a snapshot: exact search while it is fast, IVF beyond, tuned to a recall target.

Vectors are L2-normalised, so inner product is cosine similarity. Below
`EXACT_SEARCH_LIMIT` chunks a flat index answers exactly; above it an inverted-file
index (IVF, its vectors as 16-bit floats) searches only the `nprobe` nearest of its
`nlist` clusters. `nprobe` is chosen at build time as the smallest value whose recall@10
against exact search meets `RECALL_TARGET` on question-like probes made from the corpus's
own vectors (doubling to bracket it, then bisecting: recall only grows with nprobe); the
measured recall is recorded in the manifest and printed by the build.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

# Flat search grows linearly with the vectors, IVF's far more slowly. Exact search stops
# where a flat search still takes well under half a query's encoding
# (bench/RESULTS.md, "Scale": "Exact search").
EXACT_SEARCH_LIMIT = 20_000
# Recall is measured with probes, not the corpus's own vectors: a passage's vector finds
# its near-duplicates in its own cluster, so self-recall flatters IVF (at 1M chunks it chose
# far too few clusters for real questions). A probe is a sampled vector moved, by noise
# shaped like the corpus's own spread, to cosine PROBE_COSINE from it: somewhere between
# passages, where questions land. Probes track questions only roughly: at 100k they are the
# harder, at 1M not always. The target on probes is where every measurement had real
# questions above 0.95 (bench/RESULTS.md, "Scale": "Recall").
RECALL_TARGET = 0.97
PROBE_COSINE = 0.7
# Probes per measurement. With 200 the estimate wandered between builds of the same data
# enough to choose too few clusters (bench/RESULTS.md, "Scale": "Recall").
RECALL_SAMPLE = 1_000
COVARIANCE_SAMPLE = 20_000  # vectors the noise's covariance is estimated from
RECALL_K = 10
# Clusters: about 4 * sqrt(n) (the FAISS guideline of 4-16 * sqrt(n), at its fast end),
# with at least 39 training points per cluster, as FAISS's k-means wants.
CLUSTERS_PER_SQRT = 4
MIN_POINTS_PER_CLUSTER = 39
# IVF stores each vector as 16-bit floats: half the memory and half the bytes a probe scans.
# At 1M chunks searches were faster than with 32-bit floats and the top 10 the same for
# nearly every question-like query (bench/RESULTS.md, "Scale": "Dense search").
IVF_CODES = faiss.ScalarQuantizer.QT_fp16
# FAISS maps an IVF file's inverted lists as on-disk lists, which by default start 32
# threads on every search to read the probed lists ahead. The pages are already mapped
# (and usually cached); at 1M chunks that start-up cost more than the scan itself
# (bench/RESULTS.md, "Scale": "Dense search").
MAPPED_LIST_PREFETCH_THREADS = 0


@dataclass(frozen=True)
class VectorIndexInfo:
    kind: str                          # "flat" (exact) or "ivf"
    nlist: int | None = None
    nprobe: int | None = None
    recall_at_10: float | None = None  # measured at build against exact search; 1.0 for flat


def build_vector_index(vectors: np.ndarray, exact_limit: int = EXACT_SEARCH_LIMIT,
                       recall_target: float = RECALL_TARGET, seed: int = 0) -> tuple[faiss.Index, VectorIndexInfo]:
    """The index for these vectors, and what it is (kind, parameters, measured recall)."""
    count, dimension = vectors.shape
    if count <= exact_limit:
        index = faiss.IndexFlatIP(dimension)
        index.add(vectors)
        return index, VectorIndexInfo(kind="flat", recall_at_10=1.0)
    # Training, adding and the recall check use every core, whatever a search set before
    # (SearchEngine runs FAISS on one thread per query); the setting is restored after.
    searching_threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(os.cpu_count() or 1)
    try:
        return _build_ivf(vectors, recall_target, seed)
    finally:
        faiss.omp_set_num_threads(searching_threads)


def _build_ivf(vectors: np.ndarray, recall_target: float, seed: int) -> tuple[faiss.Index, VectorIndexInfo]:
    count, dimension = vectors.shape
    nlist = max(1, min(int(CLUSTERS_PER_SQRT * math.sqrt(count)), count // MIN_POINTS_PER_CLUSTER))
    index = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(dimension), dimension, nlist, IVF_CODES,
                                          faiss.METRIC_INNER_PRODUCT, False)  # whole vectors, not residuals
    index.cp.seed = seed
    index.train(vectors)
    index.add(vectors)
    probes = question_like_probes(vectors, np.random.default_rng(seed))
    nprobe, recall = _smallest_nprobe(index, probes, _exact_neighbours(vectors, probes), recall_target)
    index.nprobe = nprobe
    return index, VectorIndexInfo(kind="ivf", nlist=nlist, nprobe=nprobe, recall_at_10=round(recall, 4))


def _smallest_nprobe(index: faiss.IndexIVF, probes: np.ndarray, exact: np.ndarray, target: float) -> tuple[int, float]:
    """The smallest nprobe whose recall on `probes` meets `target` (every cluster if none does), and its recall.

    Probing more clusters never loses a neighbour found with fewer (scores are exact up to the
    16-bit vectors' rounding), so recall only grows with nprobe: doubling brackets the answer,
    bisection finds it. Powers of two alone overshot: at 1M chunks the target is met well
    below the next power of two, which searches markedly slower (bench/RESULTS.md, "Scale": "Recall")."""
    def recall_at(nprobe: int) -> float:
        index.nprobe = nprobe
        return _recall(index, probes, exact)

    failing, meeting = 0, 1
    recall = recall_at(meeting)
    while recall < target and meeting < index.nlist:
        failing, meeting = meeting, min(2 * meeting, index.nlist)
        recall = recall_at(meeting)
    while recall >= target and meeting - failing > 1:
        middle = (failing + meeting) // 2
        middle_recall = recall_at(middle)
        if middle_recall >= target:
            meeting, recall = middle, middle_recall
        else:
            failing = middle
    return meeting, recall


def open_vector_index(path: Path, info: VectorIndexInfo) -> faiss.Index:
    """Memory-map the index file (processes share its pages) and apply the recorded search parameters."""
    # Flat codes and IVF inverted lists are mapped by different FAISS readers, one flag each.
    index = faiss.read_index(str(path), faiss.IO_FLAG_MMAP if info.kind == "ivf" else faiss.IO_FLAG_MMAP_IFC)
    if info.kind == "ivf":
        ivf = faiss.extract_index_ivf(index)
        ivf.nprobe = info.nprobe
        lists = faiss.downcast_InvertedLists(ivf.invlists)
        if isinstance(lists, faiss.OnDiskInvertedLists):
            lists.prefetch_nthread = MAPPED_LIST_PREFETCH_THREADS
        ivf.make_direct_map()  # so passages' vectors can be read back by row (near-duplicate collapsing)
    return index


def stored_vectors(index: faiss.Index) -> np.ndarray | None:
    """A flat index's vectors as an array over its own (memory-mapped) storage, without a copy; None for IVF.

    Reading a row from it costs an index, where `reconstruct` is a call into FAISS and a copy.
    """
    if not isinstance(index, faiss.IndexFlat):
        return None
    return faiss.rev_swig_ptr(index.get_xb(), index.ntotal * index.d).reshape(index.ntotal, index.d)


def question_like_probes(vectors: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """RECALL_SAMPLE unit vectors, each at about PROBE_COSINE from a random corpus vector, moved
    along the directions the corpus itself varies in (its covariance), not uniformly."""
    count, dimension = vectors.shape
    spread = vectors[rng.choice(count, size=min(COVARIANCE_SAMPLE, count), replace=False)].astype(np.float64)
    covariance = np.cov(spread, rowvar=False)
    basis = np.linalg.cholesky(covariance + 1e-6 * np.eye(dimension))
    # noise drawn with covariance c*C has expected squared norm c*trace(C): choose c for the cosine
    scale = np.sqrt((1 / PROBE_COSINE ** 2 - 1) / np.trace(covariance))
    sources = vectors[rng.choice(count, size=min(RECALL_SAMPLE, count), replace=False)].astype(np.float64)
    moved = sources + scale * rng.standard_normal(sources.shape) @ basis.T
    return (moved / np.linalg.norm(moved, axis=1, keepdims=True)).astype(np.float32)


def _exact_neighbours(vectors: np.ndarray, probes: np.ndarray) -> np.ndarray:
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    return flat.search(probes, RECALL_K)[1]


def _recall(index: faiss.Index, probes: np.ndarray, exact: np.ndarray) -> float:
    """Mean share of each probe's exact RECALL_K nearest neighbours that `index` finds."""
    found = index.search(probes, RECALL_K)[1]
    return sum(len(set(truth.tolist()) & set(got.tolist())) for truth, got in zip(exact, found)) / exact.size
