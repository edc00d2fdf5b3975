"""The dense vector index of a snapshot: exact search while it is fast, IVF beyond, tuned to a recall target.

Vectors are L2-normalised, so inner product is cosine similarity. Below
`EXACT_SEARCH_LIMIT` chunks a flat index answers exactly; above it an inverted-file
index (IVF) searches only the `nprobe` nearest of its `nlist` clusters. `nprobe` is
chosen at build time, from the corpus's own vectors, as the smallest value whose
recall@10 against exact search meets `RECALL_TARGET`; the measured recall is recorded
in the manifest and printed by the build.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

# Flat search grows linearly: one thread searched 10k vectors in 0.44 ms, 25k in 1.7 ms,
# 50k in 3.6 ms and 100k in 6.8 ms, where IVF took 0.12-0.22 ms at recall@10 0.97-0.99
# (bench/scale.py). Exact search stops at 20k, about 1.4 ms, under half a query's encoding.
EXACT_SEARCH_LIMIT = 20_000
# The build measures recall with the corpus's own vectors as queries, which IVF finds more
# easily than readers' questions: at 100k, 0.975 on its own vectors was 0.903 on questions,
# and 0.993 was 0.981 (bench/scale.py). Aiming at 0.99 keeps questions above 0.95.
RECALL_TARGET = 0.99
RECALL_SAMPLE = 200       # corpus vectors used as queries when measuring recall
RECALL_K = 10
NPROBE_CHOICES = (1, 2, 4, 8, 16, 32, 64, 128, 256)
# Clusters: about 4 * sqrt(n) (the FAISS guideline of 4-16 * sqrt(n), at its fast end),
# with at least 39 training points per cluster, as FAISS's k-means wants.
CLUSTERS_PER_SQRT = 4
MIN_POINTS_PER_CLUSTER = 39


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
    nlist = max(1, min(int(CLUSTERS_PER_SQRT * math.sqrt(count)), count // MIN_POINTS_PER_CLUSTER))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dimension), dimension, nlist, faiss.METRIC_INNER_PRODUCT)
    index.cp.seed = seed
    index.train(vectors)
    index.add(vectors)
    sample = np.random.default_rng(seed).choice(count, size=min(RECALL_SAMPLE, count), replace=False)
    exact = _exact_neighbours(vectors, sample)
    recall = 0.0
    for nprobe in NPROBE_CHOICES:
        if nprobe > nlist:
            break
        index.nprobe = nprobe
        recall = _recall(index, vectors, sample, exact)
        if recall >= recall_target:
            break
    return index, VectorIndexInfo(kind="ivf", nlist=nlist, nprobe=index.nprobe, recall_at_10=round(recall, 4))


def open_vector_index(path: Path, info: VectorIndexInfo) -> faiss.Index:
    """Memory-map the index file (processes share its pages) and apply the recorded search parameters."""
    # Flat codes and IVF inverted lists are mapped by different FAISS readers, one flag each.
    index = faiss.read_index(str(path), faiss.IO_FLAG_MMAP if info.kind == "ivf" else faiss.IO_FLAG_MMAP_IFC)
    if info.kind == "ivf":
        ivf = faiss.extract_index_ivf(index)
        ivf.nprobe = info.nprobe
        ivf.make_direct_map()  # so passages' vectors can be read back by row (near-duplicate collapsing)
    return index


def stored_vectors(index: faiss.Index) -> np.ndarray | None:
    """A flat index's vectors as an array over its own (memory-mapped) storage, without a copy; None for IVF.

    Reading a row from it costs an index, where `reconstruct` is a call into FAISS and a copy.
    """
    if not isinstance(index, faiss.IndexFlat):
        return None
    return faiss.rev_swig_ptr(index.get_xb(), index.ntotal * index.d).reshape(index.ntotal, index.d)


def _exact_neighbours(vectors: np.ndarray, sample: np.ndarray) -> np.ndarray:
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    return flat.search(vectors[sample], RECALL_K + 1)[1]


def _recall(index: faiss.Index, vectors: np.ndarray, sample: np.ndarray, exact: np.ndarray) -> float:
    """Mean share of each sample vector's exact 10 nearest neighbours (itself excluded) that `index` finds."""
    found = index.search(vectors[sample], RECALL_K + 1)[1]
    hits = 0
    for row, truth, got in zip(sample, exact, found):
        truth = [i for i in truth if i != row][:RECALL_K]
        hits += len(set(truth) & set(int(i) for i in got if i != row))
    return hits / (RECALL_K * len(sample))
