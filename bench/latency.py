"""Query latency against the floor: a raw encoder session plus a raw FAISS search, measured in one run.

Usage: python -m bench.latency [--index index] [--rounds 5] [--order question|block] [--cores same|split]

The floor is the fastest raw path for a question on this machine: the exported ONNX
model the engine uses, run directly by onnxruntime on the tokenized question, then a raw
single-thread FAISS search of the same index. Every path runs on the same questions
(bench/reader_questions.jsonl), interleaved so that a machine whose speed drifts slows
them all alike and the ratios stay meaningful. By default question by question: every
path answers each question after the others' work, as a server does between other
requests or after idling, so none runs with the caches to itself. `--order block` runs
each path over all the questions in turn (after warm-up questions), the order of the paths
rotating each round: the floor then runs with the encoder alone in the caches, the fastest
it can be (figures for both in bench/RESULTS.md). HTTP is measured after, in its own
interleaved run against the in-process whole answer alone (`print_http` says why): through
the shipped serving stack (nginx in front of gunicorn, `python -m search_app serve`) with
one keep-alive connection and with a new connection per request, and through gunicorn
alone. By default (`--cores same`) the servers and this process (the floor, the
in-process paths and the HTTP client) share one core, so the server answers on the core,
and with the caches, the in-process answer just used, and the only difference between the
two is HTTP: the client sleeps while the server works, and its own request and response
handling is part of what HTTP costs a caller. `--cores split` puts the client and the
in-process paths on the other core: the server's core then idles between its requests,
and the difference also holds the cost of answering on an idle core (figures for both
in bench/RESULTS.md).
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
import requests

from search_app import service
from search_app.serving import GUNICORN_CONFIG
from search_app.crisis import detector_for
from search_app.query import SearchRequest
from search_app.retrieval import SearchEngine
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
SERVER_CPU = 1
CLIENT_CPU = {"same": SERVER_CPU, "split": 0}
# With --order block, questions asked untimed before each path's block: its code and model back in the caches.
WARM_UP = 10
FILTER_TAG = "depression"
WHOLE_ANSWER = "in-process, whole answer (hybrid + crisis check + verdict)"


def percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(percent / 100 * (len(ordered) - 1))))]


def raw_floor(engine: SearchEngine):
    """Tokenize, run the ONNX session, search FAISS: no Python of ours in between."""
    embedder = engine.embedder
    session, tokenizer = embedder._session, embedder._batcher
    index = engine.snapshot.vectors

    def floor(question: str) -> None:
        index.search(session.run(None, embedder.feed([tokenizer.encode(question)]))[0], 10)
    return floor


def start(command: list[str], env: dict, port: int) -> subprocess.Popen:
    """A server pinned to one core, so its answers run where `--cores` says the in-process ones do."""
    process = subprocess.Popen(["taskset", "-c", str(SERVER_CPU), *command], cwd=ROOT, env={**os.environ, **env},
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


def over_http(port: int, keep_alive: bool = True):
    """The standard library's client (the server's time, not a client library's): one keep-alive
    connection, as a program with a connection pool or a browser has, or a new connection per request."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def ask(question: str) -> None:
        nonlocal connection
        target = "/search?" + urllib.parse.urlencode({"q": question, "k": 10})
        if not keep_alive:
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", target)
            response = connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionError):
            # The server closed the connection while other paths ran (idle longer than its keep-alive):
            # this happens on a block's untimed warm-up question; ask again on a new connection.
            connection.close()
            connection.request("GET", target)
            response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"/search answered {response.status}")
    return ask


def schedule(order: str, rounds: int, names: list[str], questions: list[str]):
    """(path, question, timed) in the order they run: question by question, every path in turn, each
    in every position as often (each path then starts after the others' work), or in blocks, each path over all the
    questions after untimed warm-up questions, starting from a different path each round."""
    for round_ in range(rounds):
        if order == "question":
            # The paths' order rotates from question to question: a path that follows another on the same
            # question finds the caches warm with it (the new-connection path, always right after the
            # keep-alive one, came out 1.5 ms faster), so no path may always come after the others.
            for number, question in enumerate(questions):
                turn = (round_ * len(questions) + number) % len(names)
                yield from ((name, question, True) for name in names[turn:] + names[:turn])
            continue
        for name in names[round_ % len(names):] + names[:round_ % len(names)]:
            yield from ((name, question, False) for question in questions[:WARM_UP])
            yield from ((name, question, True) for question in questions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--order", choices=("question", "block"), default="question",
                        help="interleave the paths question by question (default) or in blocks")
    parser.add_argument("--cores", choices=tuple(CLIENT_CPU), default="same",
                        help="this process on the server's core (default) or on the other one")
    args = parser.parse_args()
    os.sched_setaffinity(0, {CLIENT_CPU[args.cores]})
    faiss.omp_set_num_threads(1)
    questions = [json.loads(line)["question"] for line in (ROOT / "bench" / "reader_questions.jsonl").read_text().splitlines() if line.strip()]
    engine = SearchEngine.for_index(args.index)
    detector = detector_for(engine.embedder)
    requests_ = {q: SearchRequest.parse({"q": q}) for q in questions}
    filtered = {q: SearchRequest.parse({"q": q, "tags": FILTER_TAG}) for q in questions}
    vectors = {q: engine.encode(requests_[q].text) for q in questions}

    def safety_checks(question: str) -> None:
        """The work the judgement adds to a query: the crisis check, the spelling check and the verdict's topic models
        (the verdict's other evidence comes from lists the search makes anyway)."""
        detector.assess(requests_[question].text, vectors[question])
        engine.spell(requests_[question])
        engine.judge.topic(vectors[question])
        engine.judge.topic_words(requests_[question].text)

    paths = {
        "floor: raw ONNX session + raw FAISS": raw_floor(engine),
        "in-process, dense": lambda q: engine.search(SearchRequest.parse({"q": q, "mode": "dense"})),
        "in-process, hybrid": lambda q: engine.search(requests_[q]),
        # 18 of the 64 articles carry the depression topic: a filter that removes most candidates
        "in-process, hybrid, filtered to one topic": lambda q: engine.search(filtered[q]),
        WHOLE_ANSWER: lambda q: service.answer(engine, requests_[q]),
        "added by the safety checks alone": safety_checks,
    }
    print(f"{len(questions)} questions x {args.rounds} rounds, order: {args.order}, cores: {args.cores}; index {engine.version} "
          f"({engine.snapshot.manifest.chunks} chunks, {engine.embedder.backend} encoder)")
    samples = measure(paths, args.order, args.rounds, questions)
    floor = statistics.median(samples["floor: raw ONNX session + raw FAISS"])
    print("| path | median ms | p99 ms | median / floor | median - floor |\n|---|---|---|---|---|")
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"| {name} | {median:.2f} | {percentile(values, 99):.2f} | {median / floor:.2f}x | {median - floor:+.2f} ms |")
    print_http(args, questions, paths[WHOLE_ANSWER])


def measure(paths: dict, order: str, rounds: int, questions: list[str]) -> dict[str, list[float]]:
    """Each path's times in ms, run in the order `schedule` gives."""
    samples = {name: [] for name in paths}
    for path in paths.values():
        path(questions[0])  # first-use costs (caches, connections) are not a question's
    for name, question, timed in schedule(order, rounds, list(paths), questions):
        started = time.perf_counter()
        paths[name](question)
        if timed:
            samples[name].append((time.perf_counter() - started) * 1000)
    return samples


def print_http(args: argparse.Namespace, questions: list[str], whole_answer) -> None:
    """What HTTP adds to the whole answer, measured apart from the other in-process paths.

    Among those, the in-process answer to a question mostly ran right after other in-process work on
    the same question in the same process, and found the caches warm with it, which no server's answer
    does: that put 1.3-1.5 ms more on HTTP than this design (bench/RESULTS.md). Here the in-process
    answer and the servers' answers take turns with nothing else between them.
    """
    servers = []
    front_port, alone_port = free_port(), free_port()
    env = {"INDEX_DIR": str(args.index)}
    paths = {WHOLE_ANSWER: whole_answer}
    try:
        servers.append(start([sys.executable, "-m", "gunicorn", "-c", GUNICORN_CONFIG, "-b", f"127.0.0.1:{alone_port}",
                              "search_app:create_app()"], env, alone_port))
        paths["HTTP /search, gunicorn alone"] = over_http(alone_port)
        try:
            servers.append(start([sys.executable, "-m", "search_app", "serve", "--bind", f"127.0.0.1:{front_port}"],
                                 env, front_port))
            paths["HTTP /search, nginx in front of gunicorn (shipped)"] = over_http(front_port)
            paths["HTTP /search, shipped, a new connection per request"] = over_http(front_port, keep_alive=False)
        except RuntimeError:
            print("(nginx is not installed: the shipped stack was not measured)")
        samples = measure(paths, args.order, args.rounds, questions)
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    print("\nHTTP, taking turns with the in-process answer alone:\n"
          "| path | median ms | p99 ms | median over the in-process answer to the same question |\n|---|---|---|---|")
    for name, values in samples.items():
        # per question, the HTTP time minus the in-process answer measured beside it: drift cannot enter it
        added = "—" if name == WHOLE_ANSWER else \
            f"{statistics.median(h - a for h, a in zip(values, samples[WHOLE_ANSWER])):+.2f} ms"
        print(f"| {name} | {statistics.median(values):.2f} | {percentile(values, 99):.2f} | {added} |")

if __name__ == "__main__":
    main()
