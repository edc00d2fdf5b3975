"""Reliability under bad luck and bad input: kill -9 builds, reloads under load, and a request fuzzer.

Usage: python -m bench.reliability kill9     [--builds 50]
       python -m bench.reliability pushes    [--trials 20]
       python -m bench.reliability rollbacks [--builds 30]
       python -m bench.reliability races     [--pairs 8]
       python -m bench.reliability questions [--index DIR]
       python -m bench.reliability reloads   [--reloads 20]
       python -m bench.reliability fuzz      [--requests 10000] [--seed 1]

kill9    copies the shipped corpus, then repeatedly edits a few articles, starts
         `python -m indexer build` and kills it with SIGKILL at a random moment within a
         normal build's duration; after every kill the index must open and answer.
rollbacks interrupts builds of the shipped corpus (SIGKILL or Ctrl-C's SIGINT, at a random
         moment of a normal build, the golden check included), then runs `rollback`: the
         snapshot made live must be one that was published before, and a last build with
         `--keep 2` must keep only published snapshots and remove every leftover.
replicas serves one index from three replicas (`serve --no-front`) behind deploy/balancer.conf's
         nginx under four searching clients; one replica is killed with SIGKILL and restarted,
         then a new snapshot is published: no request may fail, every replica must follow,
         and no replica may answer from an older version after a newer one.
pushes   publishes a new version of the shipped corpus at a build host before each trial, then
         starts `indexer push` or `indexer pull` to a replica and stops it with SIGKILL (the
         process alone, or its whole group with rsync) or SIGINT at a random moment: half of
         the trials anywhere within a normal copy's duration, half once the copy has begun to
         arrive. After every stop the replica must point at a complete snapshot that opens
         checksums and all and answers; the same command run again must finish the job and
         leave nothing unpublished behind.
races    starts two builds of the shipped corpus, editing an article between the two starts:
         when both have finished, the live snapshot must hold the newest content.
questions times whole answers in process to valid but pathological 500-character questions
         (one character repeated, one word repeated, distinct nonsense words, digits, a long
         English question) against the median reader question.
reloads  serves the shipped corpus through `python -m search_app serve` (nginx in front)
         under two threads of searches while editors' rebuilds publish new snapshots; every
         request must succeed and the served version must never go backwards.
fuzz     sends malformed, huge, deep, mis-typed and mis-encoded requests to the served
         stack (front and gunicorn alone); no response may be a 5xx, every error on an API
         path must be JSON, every response must carry the security headers, and no log
         line may carry a question (each carries a marker).
The test suite runs each with small counts (tests/test_reliability.py).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import requests

from indexer import snapshot as snap
from indexer.embedding import default_embedder
from search_app.http import SECURITY_HEADERS, is_api_path
from search_app.retrieval import SearchEngine
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
MARKER = "fzmk"
LOAD_THREADS = 2


# ---- kill -9 builds --------------------------------------------------------

def build_command(corpus: Path, index: Path, wait: bool = False) -> list[str]:
    """A build; without `wait`, one that gives up at once if another holds the lock."""
    return [sys.executable, "-m", "indexer", "build", "--corpus", str(corpus), "--index", str(index),
            *(() if wait else ("--no-wait",))]


def shipped_corpus(workdir: Path, cache_from: Path | None = None) -> tuple[Path, Path]:
    """(corpus, index): a copy of the shipped articles and an index folder for them, its embedding cache
    copied from `cache_from` when given (the suite passes its session build's: the same vectors, found
    instead of computed, so each run does not encode the whole corpus again)."""
    corpus, index = workdir / "corpus", workdir / "index"
    shutil.copytree(ROOT / "corpus", corpus)
    index.mkdir()
    if cache_from is not None:
        shutil.copy(cache_from, index / snap.CACHE_FILE)
    return corpus, index


def edit_some(corpus: Path, rng: random.Random, count: int = 3) -> None:
    articles = sorted(corpus.glob("*.md"))
    for path in rng.sample(articles, count):
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"\nReviewed note {rng.randrange(10**9)}.\n")


def usable(index: Path, embedder) -> bool:
    """The published snapshot opens, checksums and all, and answers a question."""
    try:
        engine = SearchEngine.open(index, embedder)
        ok = bool(engine.rank_chunks("how can I sleep better", depth=3))
        engine.snapshot.records.close()
        return ok
    except Exception:  # any failure to open or search is what this counts
        return False


def kill_builds(workdir: Path, builds: int, seed: int = 1, cache_from: Path | None = None) -> dict:
    rng = random.Random(seed)
    corpus, index = shipped_corpus(workdir, cache_from)
    subprocess.run(build_command(corpus, index), cwd=ROOT, check=True, capture_output=True)
    edit_some(corpus, rng)
    started = time.perf_counter()
    subprocess.run(build_command(corpus, index), cwd=ROOT, check=True, capture_output=True)
    duration = time.perf_counter() - started   # an editor's incremental build, model load included
    embedder = default_embedder()
    unusable = killed_after_publish = 0
    for _ in range(builds):
        edit_some(corpus, rng)
        before = snap.read_pointer(index)
        process = subprocess.Popen(build_command(corpus, index), cwd=ROOT, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, duration))
        process.send_signal(signal.SIGKILL)
        process.wait()
        killed_after_publish += snap.read_pointer(index) != before
        unusable += not usable(index, embedder)
    final = subprocess.run(build_command(corpus, index), cwd=ROOT, capture_output=True, text=True)
    return {"builds_killed": builds, "unusable_indexes": unusable, "published_before_the_kill": killed_after_publish,
            "build_seconds": round(duration, 2), "final_build_ok": final.returncode == 0 and usable(index, embedder),
            "leftovers_after_final_build": len(list(index.glob(".tmp-*")))}


def _started_then_interrupted(corpus: Path, index: Path, rng: random.Random, duration: float) -> str:
    """Start a build, stop it at a random moment of its usual duration; which signal was sent."""
    process = subprocess.Popen(build_command(corpus, index), cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0, duration))
    how = rng.choice((signal.SIGKILL, signal.SIGINT))
    process.send_signal(how)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    return how.name


def interrupted_then_rolled_back(workdir: Path, builds: int, seed: int = 1, cache_from: Path | None = None) -> dict:
    rng = random.Random(seed)
    corpus, index = shipped_corpus(workdir, cache_from)
    subprocess.run(build_command(corpus, index), cwd=ROOT, check=True, capture_output=True)
    published = {snap.read_pointer(index)}
    edit_some(corpus, rng)
    started = time.perf_counter()
    subprocess.run(build_command(corpus, index), cwd=ROOT, check=True, capture_output=True)
    duration = time.perf_counter() - started
    published.add(snap.read_pointer(index))
    signals: dict[str, int] = {}
    never_published_made_live = rollbacks = tracebacks = 0
    for _ in range(builds):
        edit_some(corpus, rng)
        how = _started_then_interrupted(corpus, index, rng, duration)
        signals[how] = signals.get(how, 0) + 1
        published.add(snap.read_pointer(index))  # a build may have published just before it was stopped
        if snap.list_snapshots(index).index(snap.read_pointer(index)) == 0:  # nothing older to roll back to
            subprocess.run(build_command(corpus, index), cwd=ROOT, check=True, capture_output=True)
            published.add(snap.read_pointer(index))
        done = subprocess.run([sys.executable, "-m", "indexer", "rollback", "--index", str(index)], cwd=ROOT,
                              capture_output=True, text=True)
        rollbacks += done.returncode == 0
        tracebacks += "Traceback" in done.stderr
        never_published_made_live += snap.read_pointer(index) not in published
    final = subprocess.run([*build_command(corpus, index), "--keep", "2"], cwd=ROOT, capture_output=True, text=True)
    left = [p.name for p in (index / snap.SNAPSHOTS_DIR).iterdir() if p.is_dir()]
    return {"builds_interrupted": builds, "signals": signals, "rollbacks_done": rollbacks,
            "never_published_made_live": never_published_made_live, "tracebacks": tracebacks,
            "final_build_ok": final.returncode == 0, "snapshots_kept": len(left),
            "kept_but_never_published": len([s for s in left if s not in published | {snap.read_pointer(index)}])}


# ---- interrupted copies to a replica ---------------------------------------

def copy_command(kind: str, source: Path, replica: Path) -> list[str]:
    if kind == "push":
        return [sys.executable, "-m", "indexer", "push", str(replica), "--index", str(source)]
    return [sys.executable, "-m", "indexer", "pull", str(source), "--index", str(replica)]


def _stop(process: subprocess.Popen, how: str) -> None:
    if how == "SIGKILL":
        process.send_signal(signal.SIGKILL)           # the copier alone: its rsync must not outlive it
    else:
        os.killpg(process.pid, signal.SIGKILL if how == "SIGKILL group" else signal.SIGINT)  # as a terminal does
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _partial_copies(replica: Path) -> int:
    """Folders of the replica that are not published: half-arrived copies, or copies whose pointer never moved."""
    folders = [p.name for p in (replica / snap.SNAPSHOTS_DIR).iterdir()] if (replica / snap.SNAPSHOTS_DIR).is_dir() else []
    return len(list(replica.glob(".tmp-*"))) + len(set(folders) - set(snap.list_snapshots(replica)))


def interrupted_copies(workdir: Path, trials: int, seed: int = 1, articles: Path = ROOT / "corpus") -> dict:
    from indexer.build import build_index

    rng = random.Random(seed)
    corpus, source, replica = workdir / "corpus", workdir / "source", workdir / "replica"
    shutil.copytree(articles, corpus)
    embedder = default_embedder()
    publish = lambda: build_index(corpus, source, get_embedder=lambda: embedder, progress=False,
                                  log=lambda line: None).snapshot_id
    publish()
    subprocess.run(copy_command("pull", source, replica), cwd=ROOT, check=True, capture_output=True)
    edit_some(corpus, rng)
    publish()
    started = time.perf_counter()
    subprocess.run(copy_command("pull", source, replica), cwd=ROOT, check=True, capture_output=True)
    duration = time.perf_counter() - started
    tally = {"trials": trials, "copy_seconds": round(duration, 2), "stopped_with": {}, "stopped_mid_copy": 0,
             "left_partial_copies": 0, "published_before_the_stop": 0, "pointer_at_an_incomplete_snapshot": 0,
             "unusable_replicas": 0, "tracebacks": 0, "rerun_failures": 0, "leftovers_after_rerun": 0}
    for trial in range(trials):
        edit_some(corpus, rng)
        version, before = publish(), snap.read_pointer(replica)
        kind, how = rng.choice(("push", "pull")), rng.choice(("SIGKILL", "SIGKILL group", "SIGINT"))
        process = subprocess.Popen(copy_command(kind, source, replica), cwd=ROOT, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True, start_new_session=True)
        if trial % 2:  # once the copy has begun to arrive, then a little later
            deadline = time.monotonic() + duration * 3
            while not any(replica.glob(f".tmp-{version}")) and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.002)
            tally["stopped_mid_copy"] += process.poll() is None
            time.sleep(rng.uniform(0, 0.05))
        else:
            time.sleep(rng.uniform(0, duration))
        _stop(process, how)
        tally["tracebacks"] += "Traceback" in process.stderr.read()
        tally["stopped_with"][how] = tally["stopped_with"].get(how, 0) + 1
        live = snap.read_pointer(replica)
        tally["published_before_the_stop"] += live == version
        tally["pointer_at_an_incomplete_snapshot"] += live not in (before, version)
        tally["left_partial_copies"] += _partial_copies(replica) > 0
        try:
            snap.open_current(replica, embedder.model_id).records.close()  # every file's checksum
        except snap.SnapshotError:
            tally["pointer_at_an_incomplete_snapshot"] += 1
        tally["unusable_replicas"] += not usable(replica, embedder)
        done = subprocess.run(copy_command(kind, source, replica), cwd=ROOT, capture_output=True, text=True)
        tally["rerun_failures"] += done.returncode != 0 or snap.read_pointer(replica) != version
        tally["tracebacks"] += "Traceback" in done.stderr
        tally["leftovers_after_rerun"] += _partial_copies(replica)
    return tally


def racing_builds(workdir: Path, pairs: int, seed: int = 1, cache_from: Path | None = None) -> dict:
    rng = random.Random(seed)
    corpus, index = shipped_corpus(workdir, cache_from)
    subprocess.run(build_command(corpus, index), cwd=ROOT, check=True, capture_output=True)
    stale = 0
    for pair in range(pairs):
        target = rng.choice(sorted(corpus.glob("*.md")))
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(f"\nOlder note {pair}.\n")
        first = subprocess.Popen(build_command(corpus, index, wait=True), cwd=ROOT, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)  # waits for the lock
        time.sleep(rng.uniform(0.5, 3.0))
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(f"\nNewer note {pair}.\n")
        second = subprocess.Popen(build_command(corpus, index, wait=True), cwd=ROOT, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        first.wait(timeout=600)
        second.wait(timeout=600)
        live = snap.current_snapshot_dir(index)
        records = snap.read_records(live)
        rows = records.doc_rows(target.stem)
        text = " ".join(chunk.passage for chunk in records.chunks(rows))
        stale += f"Newer note {pair}." not in text
        records.close()
    return {"pairs": pairs, "live_without_the_newest_content": stale}


def pathological_questions(index: Path, rounds: int = 5) -> dict:
    """Each pathological question's median time as a multiple of the median reader question's."""
    import statistics

    from search_app import service
    from search_app.query import SearchRequest

    engine = SearchEngine.for_index(index)
    readers = [json.loads(line)["question"] for line in (ROOT / "bench" / "reader_questions.jsonl").read_text().splitlines()
               if line.strip()]

    def median_ms(question: str, times: int) -> float:
        request = SearchRequest.parse({"q": question})
        service.answer(engine, request)
        taken = []
        for _ in range(times):
            started = time.perf_counter()
            service.answer(engine, request)
            taken.append((time.perf_counter() - started) * 1000)
        return statistics.median(taken)

    typical = statistics.median(median_ms(question, 1) for question in readers)
    english = ("i have been feeling really low for months and i cannot sleep, i wake at four every morning and my mind "
               "races about work and money and my relationship, my doctor offered me sertraline but i am worried about "
               "side effects and whether it will change who i am, my partner says i should try therapy first but the "
               "waiting list is long, what should i do and is it normal to feel this way after losing my job")
    cases = {"one character repeated": "a" * 500, "one word repeated": "sleep " * 83, "two letters repeated": "ab" * 250,
             "distinct nonsense words": " ".join("".join(chr(97 + (i * 7 + j) % 26) for j in range(9)) for i in range(50)),
             "digits": "1" * 500, "a long question in English": english}
    found = {"median reader question ms": round(typical, 2)}
    for name, question in cases.items():
        taken = median_ms(question[:500], rounds)
        found[name] = {"ms": round(taken, 2), "x median": round(taken / typical, 1),
                       "tokens": engine.embedder.count_tokens(question[:500]),
                       "tokens encoded": engine.embedder.count_tokens(engine.embedder.within_query_limit(question[:500]))}
    return found


# ---- the served stack --------------------------------------------------------

class Stack:
    """`python -m search_app serve` on a free port, its output captured for the privacy check."""

    def __init__(self, index: Path, log: Path, *flags: str, env: dict | None = None, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self._handle = open(log, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "search_app", "serve", "--bind", f"127.0.0.1:{self.port}", *flags], cwd=ROOT,
            env={**os.environ, "INDEX_DIR": str(index), **(env or {})}, stdout=self._handle, stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/healthz", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("the server did not start")

    def kill(self) -> None:
        """kill -9 the whole server (gunicorn and its workers) at once, as a crashed machine would stop."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._handle.close()

    def stop(self) -> str:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._handle.close()
        return self.log.read_text(encoding="utf-8", errors="replace")


def reloads_under_load(workdir: Path, reloads: int, seed: int = 1, cache_from: Path | None = None) -> dict:
    rng = random.Random(seed)
    corpus, index = shipped_corpus(workdir, cache_from)
    subprocess.run(build_command(corpus, index), cwd=ROOT, check=True, capture_output=True)
    stack = Stack(index, workdir / "server.log", env={"SEARCH_RELOAD_SECONDS": "0.5"})
    stop = threading.Event()
    failures: list = []
    regressions = [0]
    counted = [0]
    published: list[str] = [snap.read_pointer(index)]

    def load() -> None:
        session = requests.Session()
        newest_seen = ""
        while not stop.is_set():
            try:
                response = session.get(f"{stack.url}/search", params={"q": rng.choice(QUESTIONS)}, timeout=30)
                if response.status_code != 200:
                    failures.append(response.status_code)
                    continue
                version = response.json()["index_version"]
                regressions[0] += version < newest_seen  # ids sort by build time
                newest_seen = max(newest_seen, version)
            except requests.RequestException as exc:
                failures.append(type(exc).__name__)
            counted[0] += 1

    threads = [threading.Thread(target=load) for _ in range(LOAD_THREADS)]
    seen = 0
    try:
        for thread in threads:
            thread.start()
        for _ in range(reloads):
            edit_some(corpus, rng, 1)
            subprocess.run(build_command(corpus, index), cwd=ROOT, check=True, capture_output=True)
            published.append(snap.read_pointer(index))
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if requests.get(f"{stack.url}/healthz", timeout=5).json()["index_version"] == published[-1]:
                    seen += 1
                    break
                time.sleep(0.1)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        stack.stop()
    return {"reloads": reloads, "reloads_seen": seen, "requests": counted[0], "failed": len(failures),
            "version_regressions": regressions[0]}


QUESTIONS = ["how can I sleep better", "what is ptsd", "how do I support a partner with depression",
             "side effects of sertraline", "I feel lonely", "what does a panic attack feel like"]


# ---- fuzzing -----------------------------------------------------------------

@dataclass
class FuzzTally:
    requests: int = 0
    server_errors: list = field(default_factory=list)
    non_json_api_errors: list = field(default_factory=list)
    missing_headers: list = field(default_factory=list)
    kinds: dict = field(default_factory=dict)


def _text(rng: random.Random, length: int) -> str:
    alphabets = ["abc xyz sleep anxiety ", "睡眠不安抑郁", "😴🙂💔🧠", "ñçüöß", "\u200b\u202e\t\r\n",
                 "<script>'\"&;%", "\u0663\u0664\u0665"]
    alphabet = rng.choice(alphabets)
    return "".join(rng.choice(alphabet) for _ in range(length))


def _marked(rng: random.Random, length: int | None = None) -> str:
    return f"{MARKER}{rng.randrange(10**6)} " + _text(rng, length if length is not None else rng.randrange(0, 40))


def fuzz_case(rng: random.Random) -> tuple[str, dict]:
    """One request: (kind, requests.request keyword arguments or a raw byte string under 'raw')."""
    path = rng.choice(["/search", "/search", "/", "/healthz", "/openapi.json", "/articles/x", "/topics/y",
                       "/search/extra", "//search", "/nope", "/articles", "/static/style.css"])
    kind = rng.choice(["get_q", "get_params", "post_json", "post_bad_body", "method", "headers", "raw_line",
                       "huge_q", "deep_json", "huge_number"])
    q = _marked(rng)
    if kind == "get_q":
        return kind, {"method": "GET", "url": path, "params": {"q": q}}
    if kind == "get_params":
        params = {"q": q, rng.choice(["k", "mode", "offset", "country", "tags", "article", "facets"]):
                  rng.choice(["", "-1", "0", "51", "1e3", "٣", "x", "[]", "null", "true", "9" * 5000, "hybrid,dense",
                              "..", "a" * 300, "%00", "GB", "zz"])}
        return kind, {"method": "GET", "url": path, "params": params}
    if kind == "post_json":
        body = {"q": rng.choice([q, 5, None, [q], {"q": q}, ""]),
                rng.choice(["k", "mode", "offset", "tags", "facets", "country"]): rng.choice(
                    [None, -1, 1.5, "3", [], {}, True, 10**30, "٣", ["a", 1], q])}
        return kind, {"method": "POST", "url": path, "json": body}
    if kind == "post_bad_body":
        data = rng.choice([b"{", b"[]", b"null", b"\xff\xfe", q.encode("utf-8"), b'{"q": "\\ud800"}', b"{}" * 1000])
        content_type = rng.choice(["application/json", "text/plain", "application/x-www-form-urlencoded", ""])
        return kind, {"method": "POST", "url": path, "data": data, "headers": {"Content-Type": content_type}}
    if kind == "method":
        return kind, {"method": rng.choice(["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]), "url": path,
                      "params": {"q": q}}
    if kind == "headers":
        headers = rng.choice([{"Accept-Language": _text(rng, 30).encode("utf-8")}, {"Accept-Language": "x" * 5000},
                              {"Host": "evil.example"}, {"Accept": "text/html"}, {"X-Long": "y" * 9000},
                              {"Cookie": "a=" + "b" * 3000}])
        return kind, {"method": "GET", "url": path, "params": {"q": q}, "headers": headers}
    if kind == "raw_line":
        line = rng.choice([f"GET {path}?q={q} HTTP/1.1", f"GET {path}?q=schlafstörung{q} HTTP/1.1",
                           f"BREW {path}?q={q}", f"GET {path}?q={q}", f"GET {path}?q={q} HTTP/9.9",
                           f"GET {path}?q=%ED%A0%80{urllib.parse.quote(q)} HTTP/1.1"])
        return kind, {"raw": f"{line}\r\nHost: x\r\nConnection: close\r\n\r\n".encode("utf-8", "surrogatepass")}
    if kind == "huge_q":
        return kind, {"method": "GET", "url": path, "params": {"q": _marked(rng, rng.choice([499, 501, 2000, 9000]))}}
    if kind == "deep_json":
        depth = rng.choice([100, 1000, 5000])
        return kind, {"method": "POST", "url": "/search", "data": ("[" * depth + "]" * depth).encode(),
                      "headers": {"Content-Type": "application/json"}}
    digits = "9" * rng.choice([400, 4300, 5000, 20000])
    return kind, {"method": "POST", "url": "/search", "data": f'{{"q": "{q}", "k": {digits}}}'.encode(),
                  "headers": {"Content-Type": "application/json"}}


def send_raw(port: int, payload: bytes, timeout: float = 15) -> tuple[int | None, dict, bytes]:
    """Send bytes exactly as given (no client library fixing them up): (status or None, headers, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(payload)
        reply = b""
        try:
            while chunk := connection.recv(65536):
                reply += chunk
        except (ConnectionResetError, socket.timeout):
            pass
    head, _, body = reply.partition(b"\r\n\r\n")
    lines = head.decode("latin1").split("\r\n")
    try:
        status = int(lines[0].split()[1])
    except (IndexError, ValueError):
        return None, {}, body
    headers = {name.strip().lower(): value.strip() for name, _, value in (l.partition(":") for l in lines[1:])}
    return status, headers, body


def fuzz(url: str, port: int, count: int, seed: int) -> FuzzTally:
    rng = random.Random(seed)
    tally = FuzzTally()
    session = requests.Session()
    for _ in range(count):
        kind, case = fuzz_case(rng)
        tally.kinds[kind] = tally.kinds.get(kind, 0) + 1
        if "raw" in case:
            status, headers, body = send_raw(port, case["raw"])
            if status is None:
                continue  # the server closed a request it could not read, without answering: fine
            path = case["raw"].split(b" ")[1].split(b"?")[0].decode("utf-8", "replace") if b" " in case["raw"] else ""
        else:
            try:
                response = session.request(case.pop("method"), url + case.pop("url"), timeout=30, **case)
            except requests.exceptions.InvalidHeader:
                continue  # the client library refuses to send a header with a line break: never reached a server
            except requests.RequestException as exc:
                tally.server_errors.append((kind, type(exc).__name__))
                continue
            status, body = response.status_code, response.content
            headers = {name.lower(): value for name, value in response.headers.items()}
            path = urllib.parse.urlsplit(response.request.url).path
        tally.requests += 1
        if status >= 500:
            tally.server_errors.append((kind, status))
        if status >= 400 and is_api_path(path) and not headers.get("content-type", "").startswith("application/json"):
            tally.non_json_api_errors.append((kind, status, path))
        if any(headers.get(name.lower()) != value for name, value in SECURITY_HEADERS.items()):
            tally.missing_headers.append((kind, status, path))
    return tally


def fuzz_stack(workdir: Path, count: int, seed: int, cache_from: Path | None = None) -> dict:
    corpus, index = shipped_corpus(workdir, cache_from)
    subprocess.run(build_command(corpus, index), cwd=ROOT, check=True, capture_output=True)
    results = {}
    for name, flags in (("front", ()), ("gunicorn_alone", ("--no-front",))):
        stack = Stack(index, workdir / f"{name}.log", *flags)
        try:
            tally = fuzz(stack.url, stack.port, count // 2, seed)
        finally:
            log = stack.stop()
        results[name] = {"requests": tally.requests, "responses_5xx": len(tally.server_errors),
                         "non_json_api_errors": len(tally.non_json_api_errors),
                         "without_security_headers": len(tally.missing_headers),
                         "markers_in_log": log.count(MARKER), "examples": (tally.server_errors + tally.non_json_api_errors
                                                                           + tally.missing_headers)[:5]}
    return results


# ---- replicas behind a balancer ----------------------------------------------

class Balancer:
    """deploy/balancer.conf's nginx in front of local replicas; each answer says which replica gave it."""

    def __init__(self, workdir: Path, ports: list[int]):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in ports)
        config = (ROOT / "deploy" / "balancer.conf").read_text(encoding="utf-8")
        config = re.sub(r"        server replica:8000 [^\n]*", servers, config)
        config = config.replace("listen 8080;", f"listen 127.0.0.1:{self.port};")
        config = config.replace("/tmp/balancer.pid", str(workdir / "balancer.pid"))
        config = config.replace("        location / {", "        location / {\n            add_header X-Replica $upstream_addr always;")
        (workdir / "balancer.conf").write_text(config, encoding="utf-8")
        self.process = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(workdir), "-c", str(workdir / "balancer.conf"),
                                         "-e", "stderr", "-g", "daemon off;"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(f"{self.url}/healthz", timeout=5)
                return
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError("the balancer did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def replicas_under_load(workdir: Path, total: int, clients: int = 4, seed: int = 1, articles: Path = ROOT / "corpus") -> dict:
    """Three replicas of one index behind the balancer, `clients` threads searching: a replica killed with
    SIGKILL and restarted a third of the way in, a new snapshot published two thirds in."""
    rng = random.Random(seed)
    corpus, index = workdir / "corpus", workdir / "index"
    shutil.copytree(articles, corpus)
    subprocess.run(build_command(corpus, index), cwd=ROOT, check=True, capture_output=True)
    env = {"SEARCH_RELOAD_SECONDS": "0.5"}
    replicas = [Stack(index, workdir / f"replica{n}.log", "--no-front", env=env) for n in range(3)]
    balancer = Balancer(workdir, [replica.port for replica in replicas])
    answers: list[tuple[str, str]] = []   # (replica, version) in the order each client saw them, per client
    failures: list = []
    done = [0]
    lock = threading.Lock()

    stop = threading.Event()

    def client(seen: list) -> None:
        session = requests.Session()
        while not stop.is_set():
            try:
                response = session.get(f"{balancer.url}/search", params={"q": rng.choice(QUESTIONS)}, timeout=30)
                if response.status_code == 200:  # the replica that answered: the last one nginx tried
                    replica = response.headers.get("X-Replica", "?").split(", ")[-1]
                    seen.append((replica, response.json()["index_version"]))
                else:
                    failures.append(response.status_code)
            except requests.RequestException as exc:
                failures.append(type(exc).__name__)
            with lock:
                done[0] += 1

    per_client = [[] for _ in range(clients)]
    threads = [threading.Thread(target=client, args=(seen,)) for seen in per_client]
    published = snap.read_pointer(index)
    followed = False
    try:
        for thread in threads:
            thread.start()
        while done[0] < total // 3:
            time.sleep(0.05)
        replicas[1].kill()
        time.sleep(1)
        replicas[1] = Stack(index, workdir / "replica1-again.log", "--no-front", env=env, port=replicas[1].port)
        while done[0] < 2 * total // 3:
            time.sleep(0.05)
        edit_some(corpus, rng, 1)
        subprocess.run(build_command(corpus, index), cwd=ROOT, check=True, capture_output=True)
        published = snap.read_pointer(index)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not followed:
            followed = all(requests.get(f"{replica.url}/healthz", timeout=5).json()["index_version"] == published
                           for replica in replicas)
            time.sleep(0.2)
        after = done[0]
        while done[0] < max(total, after + total // 10):  # and searches keep coming once all have followed
            time.sleep(0.05)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        balancer.stop()
        for replica in replicas:
            replica.stop()
    regressions = 0
    for seen in per_client:   # each client's answers in order: a replica never goes back a version
        newest: dict[str, str] = {}
        for replica, version in seen:
            regressions += version < newest.get(replica, "")
            newest[replica] = max(newest.get(replica, ""), version)
    answered = [answer for seen in per_client for answer in seen]
    return {"requests": done[0], "failed": len(failures), "failures": failures[:5], "version_regressions": regressions,
            "replicas_answering": len({replica for replica, _ in answered}), "new_snapshot_followed_by_all": followed,
            "answers_from_the_new_snapshot": sum(version == published for _, version in answered)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("kill9").add_argument("--builds", type=int, default=50)
    commands.add_parser("rollbacks").add_argument("--builds", type=int, default=30)
    commands.add_parser("pushes").add_argument("--trials", type=int, default=20)
    commands.add_parser("races").add_argument("--pairs", type=int, default=8)
    commands.add_parser("questions").add_argument("--index", type=Path, default=ROOT / "index")
    commands.add_parser("replicas").add_argument("--requests", type=int, default=3000)
    commands.add_parser("reloads").add_argument("--reloads", type=int, default=20)
    fuzzing = commands.add_parser("fuzz")
    fuzzing.add_argument("--requests", type=int, default=10_000)
    fuzzing.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        workdir = Path(scratch)
        if args.command == "kill9":
            result = kill_builds(workdir, args.builds)
        elif args.command == "rollbacks":
            result = interrupted_then_rolled_back(workdir, args.builds)
        elif args.command == "pushes":
            result = interrupted_copies(workdir, args.trials)
        elif args.command == "races":
            result = racing_builds(workdir, args.pairs)
        elif args.command == "questions":
            result = pathological_questions(args.index)
        elif args.command == "replicas":
            result = replicas_under_load(workdir, args.requests)
        elif args.command == "reloads":
            result = reloads_under_load(workdir, args.reloads)
        else:
            result = fuzz_stack(workdir, args.requests, args.seed)
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
