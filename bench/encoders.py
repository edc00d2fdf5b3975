"""Encoder backends compared in one run: agreement, query latency, batch throughput and retrieval quality.

Usage: python -m bench.encoders [--passages 600] [--no-quality]

For each backend (torch, onnx, onnx-int8): cosine agreement with torch on the same
passages, single-query latency, passages/s at several batch sizes (passages sorted by
length, as the indexer does), and nDCG@10 (hybrid and dense) on both ../shared/data dev
sets, each set indexed and searched with that backend (fp32 backends share one index:
their vectors are the same).
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import numpy as np

from indexer.embedding import shared_embedder
from search_app.evaluation import evaluate, load_beir

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SETS = ("medquad-mental-health", "counsel-chat")
BACKENDS = ("torch", "onnx", "onnx-int8")
BATCHES = (1, 8, 16, 32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passages", type=int, default=600)
    parser.add_argument("--no-quality", action="store_true", help="skip the nDCG runs (they index both sets)")
    args = parser.parse_args()
    passages = [json.loads(line)["text"] for line in (DATA / SETS[0] / "corpus.jsonl").read_text().splitlines()][:args.passages]
    questions = [json.loads(line)["text"] for line in (DATA / SETS[0] / "queries.jsonl").read_text().splitlines()]
    reference = shared_embedder(None, "torch").encode_passages(passages)
    print(f"{len(passages)} medquad passages, {len(questions)} questions\n")
    print("| backend | cosine to torch (mean / min) | query p50 ms | " + " | ".join(f"batch {b} passages/s" for b in BATCHES) + " |")
    print("|---" * (3 + len(BATCHES)) + "|")
    for backend in BACKENDS:
        embedder = shared_embedder(None, backend)
        vectors = embedder.encode_passages(passages)
        cosines = np.sum(vectors * reference, axis=1)
        embedder.encode_query(questions[0])
        latencies = []
        for question in questions * 3:
            started = time.perf_counter()
            embedder.encode_query(question)
            latencies.append((time.perf_counter() - started) * 1000)
        rates = []
        for batch in BATCHES:
            started = time.perf_counter()
            embedder.encode_passages(passages, batch)
            rates.append(len(passages) / (time.perf_counter() - started))
        print(f"| {backend} | {cosines.mean():.4f} / {cosines.min():.4f} | {statistics.median(latencies):.2f} | "
              + " | ".join(f"{r:.1f}" for r in rates) + " |")
    if args.no_quality:
        return
    print("\n| set | backend | hybrid nDCG@10 | dense nDCG@10 |\n|---|---|---|---|")
    for name in SETS:
        folder = DATA / name
        data = load_beir(folder / "corpus.jsonl", folder / "queries.jsonl", folder / "qrels" / "dev.tsv")
        for backend in BACKENDS:
            index = ROOT / "bench" / ".indexes" / f"{name}-{'int8' if backend == 'onnx-int8' else 'fp32'}"
            report = evaluate(data, index, None, ("hybrid", "dense"), backend=backend)
            print(f"| {name} | {backend} | {report['hybrid']['ndcg@10']:.4f} | {report['dense']['ndcg@10']:.4f} |")


if __name__ == "__main__":
    main()
