"""Query latency against the floor: a raw encoder session plus a raw FAISS search, measured in one run.

Usage: python -m bench.latency [--index index] [--rounds 5]

The floor is the fastest raw path for a question on this machine: the exported ONNX
model the engine uses, run directly by onnxruntime on the tokenized question, then a raw
single-thread FAISS search of the same index. Every path runs on the same questions
(bench/reader_questions.jsonl), interleaved question by question, so a busy machine
slows them all alike and the ratios stay meaningful. HTTP goes through the shipped
serving stack (nginx in front of gunicorn, `python -m search_app serve`), and through
gunicorn alone, with the server on one core and this process (the floor, the in-process
paths and the HTTP client) on the other.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import faiss
import numpy as np
import requests

from search_app import service
from search_app.serving import GUNICORN_CONFIG
from search_app.crisis import detector_for
from search_app.query import SearchRequest
from search_app.retrieval import SearchEngine
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
CLIENT_CPU, SERVER_CPU = 0, "1"
FILTER_TAG = "depression"


def percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(percent / 100 * (len(ordered) - 1))))]


def raw_floor(engine: SearchEngine):
    """Tokenize, run the ONNX session, search FAISS: no Python of ours in between."""
    embedder = engine.embedder
    session, tokenizer = embedder._session, embedder._batcher
    index = engine.snapshot.vectors

    def floor(question: str) -> None:
        encoded = tokenizer.encode(question)
        feed = {"input_ids": np.array([encoded.ids], dtype=np.int64),
                "attention_mask": np.array([encoded.attention_mask], dtype=np.int64),
                "token_type_ids": np.array([encoded.type_ids], dtype=np.int64)}
        index.search(session.run(None, feed)[0], 10)
    return floor


def start(command: list[str], env: dict, port: int) -> subprocess.Popen:
    """A server on the second core (the benchmark's client keeps the first): a client on the same
    machine would otherwise take turns with the server on one core and time itself too."""
    process = subprocess.Popen(["taskset", "-c", SERVER_CPU, *command], cwd=ROOT, env={**os.environ, **env},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).ok:
                return process
        except requests.RequestException:
            time.sleep(0.2)
    os.killpg(process.pid, signal.SIGTERM)
    raise RuntimeError(f"{command} did not start")


def over_http(port: int):
    """A keep-alive connection with the standard library's client: the server's time, not a client library's."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def ask(question: str) -> None:
        connection.request("GET", "/search?" + urllib.parse.urlencode({"q": question, "k": 10}))
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"/search answered {response.status}")
    return ask


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.sched_setaffinity(0, {CLIENT_CPU})
    faiss.omp_set_num_threads(1)
    questions = [json.loads(line)["question"] for line in (ROOT / "bench" / "reader_questions.jsonl").read_text().splitlines() if line.strip()]
    engine = SearchEngine.for_index(args.index)
    detector = detector_for(engine.embedder)
    requests_ = {q: SearchRequest.parse({"q": q}) for q in questions}
    filtered = {q: SearchRequest.parse({"q": q, "tags": FILTER_TAG}) for q in questions}
    vectors = {q: engine.encode(requests_[q].text) for q in questions}

    def safety_checks(question: str) -> None:
        """The work the safe-answers features add to a query: the crisis check and the verdict's word check."""
        detector.detect(requests_[question].text, vectors[question])
        engine.judge.penalty(requests_[question].text)

    servers = []
    front_port, alone_port = free_port(), free_port()
    env = {"INDEX_DIR": str(args.index)}
    paths = {
        "floor: raw ONNX session + raw FAISS": raw_floor(engine),
        "in-process, dense": lambda q: engine.search(SearchRequest.parse({"q": q, "mode": "dense"})),
        "in-process, hybrid": lambda q: engine.search(requests_[q]),
        # 18 of the 64 articles carry the depression topic: a filter that removes most candidates
        "in-process, hybrid, filtered to one topic": lambda q: engine.search(filtered[q]),
        "in-process, whole answer (hybrid + crisis check + verdict)": lambda q: service.answer(engine, requests_[q]),
        "added by the safety checks alone": safety_checks,
    }
    try:
        servers.append(start([sys.executable, "-m", "gunicorn", "-c", GUNICORN_CONFIG, "-b", f"127.0.0.1:{alone_port}",
                              "search_app:create_app()"], env, alone_port))
        paths["HTTP /search, gunicorn alone"] = over_http(alone_port)
        try:
            servers.append(start([sys.executable, "-m", "search_app", "serve", "--bind", f"127.0.0.1:{front_port}"],
                                 env, front_port))
            paths["HTTP /search, nginx in front of gunicorn (shipped)"] = over_http(front_port)
        except RuntimeError:
            print("(nginx is not installed: the shipped stack was not measured)")
        samples = {name: [] for name in paths}
        for path in paths.values():
            path(questions[0])  # warm-up
        for _ in range(args.rounds):
            for question in questions:
                for name, path in paths.items():
                    started = time.perf_counter()
                    path(question)
                    samples[name].append((time.perf_counter() - started) * 1000)
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    floor = statistics.median(samples["floor: raw ONNX session + raw FAISS"])
    print(f"{len(questions)} questions x {args.rounds} rounds, interleaved; index {engine.version} "
          f"({engine.snapshot.manifest.chunks} chunks, {engine.embedder.backend} encoder)")
    print("| path | median ms | p99 ms | median / floor | median - floor |\n|---|---|---|---|---|")
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"| {name} | {median:.2f} | {percentile(values, 99):.2f} | {median / floor:.2f}x | {median - floor:+.2f} ms |")


if __name__ == "__main__":
    main()
