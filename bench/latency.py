"""Query latency: the floor (raw model encode + raw FAISS search) vs the search in-process and over HTTP.

Usage: python -m bench.latency [--index index] [--rounds 5]

All three are measured in one run on the same questions (bench/reader_questions.jsonl),
so the ratios to the floor are meaningful on a noisy, shared machine.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

from indexer.embedding import default_embedder
from search_app import service
from search_app.crisis import detector_for
from search_app.query import SearchRequest, normalize_query
from search_app.retrieval import SearchEngine

ROOT = Path(__file__).resolve().parents[1]


def percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(percent / 100 * (len(ordered) - 1))))]


def timed(function, questions: list[str], rounds: int) -> list[float]:
    function(questions[0])  # warm-up
    samples = []
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter()
            function(question)
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    questions = [json.loads(line)["question"] for line in (ROOT / "bench" / "reader_questions.jsonl").read_text().splitlines() if line.strip()]
    embedder = default_embedder()
    engine = SearchEngine.open(args.index, embedder)
    snapshot = engine.snapshot
    model = embedder.model  # the raw SentenceTransformer, for the floor

    detector = detector_for(embedder)
    vectors = {q: engine.encode(normalize_query(q)) for q in questions}

    def safety_checks(question: str) -> None:
        """The work the safe-answers features add to a query: crisis check and match verdict's word check."""
        text = normalize_query(question)
        detector.detect(text, vectors[question])
        engine.judge.penalty(text)

    def floor(question: str) -> None:
        vector = model.encode([question], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        snapshot.vectors.search(vector, 10)

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{port}",
                               "search_app:create_app()"], cwd=ROOT, env={**os.environ, "INDEX_DIR": str(args.index)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        session = requests.Session()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if session.get(f"http://127.0.0.1:{port}/healthz", timeout=2).ok:
                    break
            except requests.RequestException:
                time.sleep(0.2)

        def over_http(question: str) -> None:
            session.get(f"http://127.0.0.1:{port}/search", params={"q": question, "k": 10}, timeout=10).raise_for_status()

        rows = {
            "floor: encode + FAISS": timed(floor, questions, args.rounds),
            "in-process, dense": timed(lambda q: engine.search(SearchRequest.parse({"q": q, "mode": "dense"})),
                                       questions, args.rounds),
            "in-process, hybrid": timed(lambda q: engine.search(SearchRequest.parse({"q": q})), questions, args.rounds),
            "in-process, whole answer (hybrid + crisis check + verdict)":
                timed(lambda q: service.answer(engine, SearchRequest.parse({"q": q})), questions, args.rounds),
            "added by the safety checks alone": timed(safety_checks, questions, args.rounds),
            "HTTP /search, hybrid": timed(over_http, questions, args.rounds),
        }
    finally:
        server.terminate()
        server.wait(timeout=10)
    base = statistics.median(rows["floor: encode + FAISS"])
    print(f"{len(questions)} questions x {args.rounds} rounds, index {snapshot.snapshot_id} "
          f"({snapshot.manifest.chunks} chunks)")
    print("| path | median ms | p99 ms | median / floor |\n|---|---|---|---|")
    for name, samples in rows.items():
        median = statistics.median(samples)
        print(f"| {name} | {median:.1f} | {percentile(samples, 99):.1f} | {median / base:.2f}x |")


if __name__ == "__main__":
    main()
