"""Compare fusion methods for hybrid retrieval on the BEIR dev sets (the measurement behind the default).

Usage: python -m bench.fusion_sweep [--model M] [--backend B] [--indexes DIR] [DATA_DIR ...]
Each query's dense and BM25 chunk rankings are computed once; every fusion variant
then re-ranks the same candidates, so the comparison is exact and fast.

The dense weight was chosen with MiniLM; a stronger encoder may deserve another, so
`--model` re-chooses it for any model. Each set's index is DIR/<set folder's name>
(default bench/.indexes/); an index kept by `python -m search_app evaluate --index`
with the same model and backend is reused as it is, without encoding the passages again.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import ir_measures
import numpy as np

from indexer.build import build_from_articles
from indexer.embedding import resolve_backend, shared_embedder
from indexer.keywords import keyword_scores
from search_app.evaluation import CHUNK_DEPTH, METRICS, best_passage_per_document, load_beir
from search_app.fusion import normalized_score_fusion
from search_app.judgement_training import untrained_judgement
from search_app.query import normalize_query
from search_app.retrieval import SearchEngine

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SETS = [ROOT.parent / "shared" / "data" / name for name in ("medquad-mental-health", "counsel-chat")]


# Reciprocal-rank-fusion constant from Cormack et al. (2009); it damps the weight of top ranks.
RRF_K = 60


def weighted_rrf(dense, keyword, dense_weight=1.0, k=RRF_K):
    """Reciprocal rank fusion: each row scores the sum of weight/(k + rank) over the lists it is in."""
    scores = {}
    for weight, ranking in ((dense_weight, dense), (1.0, keyword)):
        for rank, (row, _) in enumerate(ranking, start=1):
            scores[row] = scores.get(row, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda p: (-p[1], p[0]))


def _arrays(ranking: list[tuple[int, float]]) -> tuple[np.ndarray, np.ndarray]:
    """(row ids, scores), as the engine's retrievers give them to the fusion."""
    return np.array([row for row, _ in ranking], dtype=np.int64), np.array([score for _, score in ranking])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.fusion_sweep", description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="*", metavar="DATA_DIR", help="BEIR sets (default: both dev sets)")
    parser.add_argument("--model", help="the model to sweep for (default: the default model)")
    parser.add_argument("--backend", default="auto", help="encoder backend; the index's vectors must match it (default: auto)")
    parser.add_argument("--indexes", type=Path, default=ROOT / "bench" / ".indexes",
                        help="folder of the sets' indexes, one per set, named as its folder (default: bench/.indexes)")
    args = parser.parse_args(argv)
    embedder = shared_embedder(args.model, resolve_backend(args.backend, "build"))
    variants = {"dense": lambda d, b: d, "bm25": lambda d, b: b,
                "rrf k=60": lambda d, b: weighted_rrf(d, b)}
    for weight in (1.5, 2.0, 3.0):
        variants[f"rrf dense x{weight}"] = lambda d, b, w=weight: weighted_rrf(d, b, w)
    for alpha in (0.5, 0.6, 0.7, 0.8, 0.9):
        variants[f"minmax a={alpha}"] = lambda d, b, a=alpha: normalized_score_fusion(_arrays(d), _arrays(b), a)
    print(f"{embedder.model_id}, {embedder.backend}")
    for folder in args.folders or DEFAULT_SETS:
        data = load_beir(folder / "corpus.jsonl", folder / "queries.jsonl", folder / "qrels" / "dev.tsv")
        index = args.indexes / folder.name
        build_from_articles(data.articles, index, embedder.model_id, get_embedder=lambda: embedder,
                            backend=embedder.backend, progress=False, log=lambda l: None)
        # Ranking alone is compared, so a model without a trained judgement can be swept.
        engine = SearchEngine.open(index, embedder, judgement=untrained_judgement(embedder.model_id, embedder.dimension))
        candidates = {}
        for query_id, text in data.queries.items():
            query = normalize_query(text)
            ids, scores = keyword_scores(engine.snapshot.keywords, query, CHUNK_DEPTH)
            candidates[query_id] = (engine.rank_chunks(query, "dense", CHUNK_DEPTH), list(zip(ids.tolist(), scores.tolist())))
        print(f"\n{folder.name} ({len(data.queries)} queries)\n| fusion | " + " | ".join(METRICS) + " |\n" + "|---" * (len(METRICS) + 1) + "|")
        for name, fuse in variants.items():
            run = {q: best_passage_per_document(engine, fuse(d, b)) for q, (d, b) in candidates.items()}
            scores = ir_measures.calc_aggregate(list(METRICS.values()), data.qrels, run)
            print(f"| {name} | " + " | ".join(f"{scores[m]:.3f}" for m in METRICS.values()) + " |")


if __name__ == "__main__":
    main()
