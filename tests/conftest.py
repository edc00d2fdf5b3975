"""Shared fixtures: the real bundled model, real indexes built in temporary folders, the real app."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from filelock import FileLock

from indexer.build import build_index
from indexer.embedding import default_embedder
from indexer.site import HELPLINES_FILE, TOPICS_FILE
from indexer.snapshot import read_pointer
from search_app import create_app
from search_app.serving import GUNICORN_CONFIG
from search_app.query import SearchRequest
from search_app.records import Result
from search_app.retrieval import SearchEngine

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"


def ask(engine: SearchEngine, text: str, **fields) -> list[Result]:
    """Search as a reader would: the question and any request fields (k, mode, ...); the results."""
    return engine.search(SearchRequest.parse({"q": text, **fields})).results


def top_doc(engine: SearchEngine, text: str, **fields) -> str:
    return ask(engine, text, **fields)[0].chunk.doc_id


@pytest.fixture(scope="session")
def embedder():
    return default_embedder()


def copy_fixture_corpus(target: Path) -> Path:
    """The fixture articles, with the shipped site files (topic names, helplines)."""
    shutil.copytree(FIXTURES / "corpus", target)
    for name in (TOPICS_FILE, HELPLINES_FILE):
        shutil.copy(ROOT / "corpus" / name, target / name)
    return target


def quiet_build(embedder, corpus: Path, index: Path, **options):
    """Build with the session's model, without progress bars or log lines; returns the BuildReport."""
    return build_index(corpus, index, get_embedder=lambda: embedder, progress=False, log=lambda line: None, **options)


@pytest.fixture(scope="session")
def built_index(tmp_path_factory, embedder):
    """(corpus_dir, index_dir) of the fixture articles, built once. Tests must not modify it."""
    root = tmp_path_factory.mktemp("built")
    corpus = copy_fixture_corpus(root / "corpus")
    quiet_build(embedder, corpus, root / "index")
    return corpus, root / "index"


@pytest.fixture(scope="session")
def engine(built_index, embedder):
    return SearchEngine.open(built_index[1], embedder)


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory, embedder):
    """The index folder of the shipped corpus/, built once per test run: with parallel workers
    (`pytest -n`), by the first that needs it, in the run's folder they share. Tests must not modify it."""
    run_folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_folder = run_folder.parent  # this run's, above each worker's own
    index = run_folder / "corpus-index"
    with FileLock(str(run_folder / "corpus-index.lock")):
        if read_pointer(index) is None:
            assert quiet_build(embedder, ROOT / "corpus", index).published
    return index


@pytest.fixture(scope="session")
def corpus_engine(corpus_index, embedder):
    """An engine over the shipped corpus/."""
    return SearchEngine.open(corpus_index, embedder)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture
def client(built_index):
    return create_app({"INDEX_DIR": str(built_index[1])}).test_client()


@pytest.fixture
def corpus_client(corpus_index):
    """The app over the shipped corpus/, through Flask's test client."""
    return create_app({"INDEX_DIR": str(corpus_index)}).test_client()


@pytest.fixture
def fresh_corpus(tmp_path):
    """A private, writable copy of the fixture corpus and an empty index folder."""
    return copy_fixture_corpus(tmp_path / "corpus"), tmp_path / "index"


@pytest.fixture
def build(embedder):
    """Build with the session's model, quietly; returns the BuildReport."""
    return lambda corpus, index, **options: quiet_build(embedder, corpus, index, **options)


def settle(client) -> None:
    """Let a test app notice the pointer now and finish opening what it names (reloads run in the background)."""
    from search_app.app_state import live_index

    with client.application.app_context():
        live = live_index()
        live.engine()
        live.wait_for_reload()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(index_dir: Path, *extra_args: str, env: dict | None = None, stderr=subprocess.DEVNULL):
    """Start the app under gunicorn with the shipped config; returns (process, base URL) once it answers."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", GUNICORN_CONFIG, "-b", f"127.0.0.1:{port}", *extra_args,
         "search_app:create_app()"],
        cwd=ROOT, env={**os.environ, "INDEX_DIR": str(index_dir), **(env or {})},
        stdout=subprocess.DEVNULL, stderr=stderr, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{url}/healthz", timeout=5).status_code in (200, 503):
                return process, url
        except requests.RequestException:  # not listening yet, or the worker is still loading
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"server did not start (exit {process.poll()})")
        time.sleep(0.2)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# What `make test-fast` leaves out: the served stack and the browser, and everything that needs the
# whole shipped corpus built. The full suite (`make test`) runs them all.
SLOW_MODULES = {"test_browser", "test_reliability", "test_serving"}
SLOW_FIXTURES = {"corpus_index", "corpus_engine", "corpus_client"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.module.__name__.rsplit(".", 1)[-1] in SLOW_MODULES or SLOW_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.slow)
