"""Scoring the search on a BEIR-format question set with the project's own indexer and search path.

Each BEIR document becomes an article; chunks are scored as in production and a
document takes the score of its best passage. Metrics come from ir-measures
(trec_eval underneath), so the numbers match published BEIR tables.
"""
from __future__ import annotations

import hashlib
import json
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import ir_measures
from ir_measures import MRR, R, nDCG

from indexer.build import build_from_articles
from indexer.corpus import Article
from indexer.embedding import DEFAULT_ENCODER_CACHE, resolve_backend, shared_embedder
from search_app.query import MODES, normalize_query
from search_app.judgement_training import untrained_judgement
from search_app.retrieval import SearchEngine

METRICS = {"ndcg@10": nDCG @ 10, "recall@10": R @ 10, "recall@100": R @ 100, "mrr@10": MRR @ 10}
DOCUMENT_DEPTH = 100
# Chunks fetched per query so that about DOCUMENT_DEPTH distinct documents survive best-passage grouping.
CHUNK_DEPTH = 400


class EvaluationError(Exception):
    """The evaluation data is missing or malformed."""


@dataclass(frozen=True)
class EvaluationSet:
    articles: list[Article]
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]


def load_beir(corpus_file: Path, queries_file: Path, qrels_file: Path) -> EvaluationSet:
    for path in (corpus_file, queries_file, qrels_file):
        if not path.is_file():
            raise EvaluationError(f"{path} does not exist")
    articles = []
    for line in _lines(corpus_file):
        doc = json.loads(line)
        doc_id = str(doc.get("id", doc.get("_id")))
        title, text = doc.get("title") or "", doc.get("text") or ""
        articles.append(Article(doc_id=doc_id, path=doc_id, title=title, body=text,
                                content_hash=hashlib.sha256(f"{title}\0{text}".encode()).hexdigest()))
    queries = {str(q.get("id", q.get("_id"))): q["text"] for q in map(json.loads, _lines(queries_file))}
    qrels: dict[str, dict[str, int]] = {}
    for line in _lines(qrels_file)[1:]:
        query_id, doc_id, score = line.split("\t")[:3]
        qrels.setdefault(query_id, {})[doc_id] = int(score)
    judged = {q: t for q, t in queries.items() if q in qrels}
    if not judged:
        raise EvaluationError(f"no query in {queries_file} has judgments in {qrels_file}")
    return EvaluationSet(articles, judged, qrels)


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def best_passage_per_document(engine: SearchEngine, ranked_chunks: list[tuple[int, float]]) -> dict[str, float]:
    """Documents scored by their best passage in a chunk ranking, the top DOCUMENT_DEPTH of them."""
    best: dict[str, float] = {}
    for row, score in ranked_chunks:
        doc_id = engine.snapshot.records.doc_id(row)
        if doc_id not in best:
            best[doc_id] = float(score)
            if len(best) == DOCUMENT_DEPTH:
                break
    return best


def document_ranking(engine: SearchEngine, query: str, mode: str) -> dict[str, float]:
    return best_passage_per_document(engine, engine.rank_chunks(normalize_query(query), mode, CHUNK_DEPTH))


def evaluate(data: EvaluationSet, index_dir: Path | None, model: str | None, modes: tuple[str, ...] = MODES,
             progress: bool = False, backend: str | None = None,
             encoder_cache: Path = DEFAULT_ENCODER_CACHE) -> dict[str, dict[str, float]]:
    """Metrics and latency per mode. Builds (or reuses) a snapshot of the set's documents in `index_dir`,
    with `backend` for passages and questions alike."""
    with tempfile.TemporaryDirectory(prefix="evaluate-") as scratch:
        index_dir = index_dir or Path(scratch)
        embedder = shared_embedder(model, resolve_backend(backend, "build"), encoder_cache)
        # The embedder's own backend, so that a kept fp32 index is reused as it is, not rebuilt from its cache.
        build_from_articles(data.articles, index_dir, model, get_embedder=lambda: embedder, backend=embedder.backend,
                            progress=progress, log=lambda line: None)
        # Ranking alone is measured, so a candidate model is evaluated before a judgement is trained for it.
        engine = SearchEngine.open(index_dir, embedder, judgement=untrained_judgement(embedder.model_id, embedder.dimension))
        report = {}
        for mode in modes:
            run, latencies = {}, []
            for query_id, text in data.queries.items():
                started = time.perf_counter()
                run[query_id] = document_ranking(engine, text, mode)
                latencies.append((time.perf_counter() - started) * 1000)
            scores = ir_measures.calc_aggregate(list(METRICS.values()), data.qrels, run)
            report[mode] = {name: round(float(scores[measure]), 4) for name, measure in METRICS.items()}
            report[mode]["latency_ms_p50"] = round(statistics.median(latencies), 2)
            report[mode]["latency_ms_p99"] = round(_percentile(latencies, 99), 2)
            report[mode]["queries"] = len(run)
        return report


def _percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(percent / 100 * (len(ordered) - 1))))]


def format_table(report: dict[str, dict[str, float]]) -> str:
    columns = [*METRICS, "latency_ms_p50", "latency_ms_p99"]
    lines = ["| mode | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for mode, row in report.items():
        lines.append(f"| {mode} | " + " | ".join(f"{row[c]:.3f}" if c in METRICS else f"{row[c]:.1f}" for c in columns) + " |")
    return "\n".join(lines)
