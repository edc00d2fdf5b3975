"""The command-line tools as editors and scripts run them: `python -m indexer` and `python -m search_app`."""
import json
import os
import subprocess
import sys
import time

import pytest

from indexer.snapshot import read_pointer
from tests.conftest import ROOT


def run(*args: str, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def test_query_json_prints_the_search_response(built_index):
    result = run("search_app", "query", "can ketamine help with PTSD?", "--index", str(built_index[1]), "--json")
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["query"] == "can ketamine help with PTSD?" and body["mode"] == "hybrid" and body["k"] == 10
    assert body["index_version"] == read_pointer(built_index[1])
    assert body["results"][0]["doc_id"] == "ketamine-ptsd" and body["results"][0]["link"].startswith("/articles/")


def test_query_reads_the_index_and_k_from_the_environment_like_the_app(built_index):
    result = run("search_app", "query", "how do I help my depressed wife", "--json",
                 env={"INDEX_DIR": str(built_index[1]), "SEARCH_DEFAULT_K": "2"})
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["k"] == 2 and len(body["results"]) <= 2 and body["results"][0]["doc_id"] == "partner-depression"


def test_query_text_output_names_article_section_and_link(built_index):
    result = run("search_app", "query", "what is CBT-I", "--index", str(built_index[1]), "--k", "1")
    assert result.returncode == 0, result.stderr
    assert "\n1. Sleep problems and insomnia" in result.stdout and "/articles/sleep#" in result.stdout
    assert result.stdout.splitlines()[0].startswith(("Good match", "Weak match"))


@pytest.mark.parametrize("args, message", [
    (("--k", "0"), "'k' must be from 1 to 50"),
    (("--index", "/nonexistent/index"), "no index in /nonexistent/index"),
])
def test_query_errors_are_one_line_without_a_traceback(built_index, args, message):
    result = run("search_app", "query", "sleep", *(args if "--index" in args else ("--index", str(built_index[1]), *args)))
    assert result.returncode != 0 and message in result.stderr and "Traceback" not in result.stderr


def test_a_bad_setting_in_the_environment_is_reported_by_name(built_index):
    result = run("search_app", "query", "sleep", "--index", str(built_index[1]), env={"SEARCH_MAX_K": "lots"})
    assert result.returncode == 2 and "SEARCH_MAX_K='lots' is not valid" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_prints_the_summary_line(fresh_corpus):
    corpus, index = fresh_corpus
    result = run("indexer", "build", "--corpus", str(corpus), "--index", str(index))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("published snapshot ") and "7 documents" in result.stdout
    assert "vectors: exact search" in result.stdout


def test_build_takes_its_folders_from_the_environment(fresh_corpus):
    corpus, index = fresh_corpus
    result = run("indexer", "build", env={"CORPUS_DIR": str(corpus), "INDEX_DIR": str(index)})
    assert result.returncode == 0, result.stderr
    assert read_pointer(index) is not None


def start_watching(corpus, index) -> subprocess.Popen:
    """`build --watch` in a subprocess, returned once its first build has published (or two minutes passed).
    It takes Ctrl-C as from a terminal even when the tests run as a background job, whose shell has its
    children ignore SIGINT (and then so would Python)."""
    import signal

    process = subprocess.Popen([sys.executable, "-m", "indexer", "build", "--watch", "--corpus", str(corpus),
                                "--index", str(index)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while read_pointer(index) is None and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
    return process


def test_watch_rebuilds_when_an_article_changes(fresh_corpus):
    corpus, index = fresh_corpus
    process = start_watching(corpus, index)
    try:
        deadline = time.monotonic() + 120
        first = read_pointer(index)
        assert first is not None, "the first build did not publish"
        time.sleep(1)  # let the watcher start
        (corpus / "worry.md").write_text("---\ntitle: Worry at night\n---\n\nLying awake worrying about tomorrow is "
                                         "common, and writing worries down earlier in the evening helps some people.\n")
        while read_pointer(index) == first and time.monotonic() < deadline:
            time.sleep(0.2)
        assert read_pointer(index) != first, "the change was not rebuilt"
        time.sleep(3)  # the pointer moves before the build prints its summary line: let it finish
    finally:
        process.terminate()
        out, err = process.communicate(timeout=30)
    assert out.count("published snapshot") == 2 and "+1 added" in out.splitlines()[-1]


def test_report_lists_articles_past_their_review_date_first(tmp_path):
    (tmp_path / "old.md").write_text("---\ntitle: Old advice\nreviewed: 2024-01-01\nnext_review: 2025-01-01\n---\n\nBody.\n")
    (tmp_path / "fresh.md").write_text("---\ntitle: Fresh advice\nreviewed: 2026-11-01\nnext_review: 2099-01-01\n---\n\nBody.\n")
    (tmp_path / "undated.md").write_text("---\ntitle: Undated\n---\n\nBody.\n")
    result = run("indexer", "report", "--corpus", str(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "past next_review (1)" and "old.md  Old advice" in lines[1]
    assert "Fresh advice" not in result.stdout.split("no next_review")[0].split("due within")[0]
    assert "undated.md" in result.stdout.split("no next_review")[1]
    assert lines[-1] == "3 articles: 1 past review, 0 due within 90 days, 1 without a review date"


def test_build_warns_about_articles_past_their_review_date(fresh_corpus):
    corpus, index = fresh_corpus
    (corpus / "old.md").write_text("---\ntitle: Old advice\nnext_review: 2025-01-01\n---\n\nA paragraph about sleep.\n")
    result = run("indexer", "build", "--corpus", str(corpus), "--index", str(index))
    assert result.returncode == 0 and "review due: old.md (next_review 2025-01-01)" in result.stderr


def test_output_piped_into_a_reader_that_stops_early_ends_quietly(built_index):
    """`python -m search_app query ... | head -1`: no traceback when head closes the pipe."""
    process = subprocess.Popen([sys.executable, "-m", "search_app", "query", "sleep", "--index", str(built_index[1])],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # before the answer is written: the write meets a closed pipe
    _, stderr = process.communicate(timeout=120)
    assert b"Traceback" not in stderr and b"BrokenPipe" not in stderr


def test_a_build_that_cannot_write_its_index_says_so_without_a_traceback(tmp_path):
    """On the previous main this printed `NameError: name '_published_state' is not defined`."""
    import subprocess
    import sys

    from tests.conftest import FIXTURES, ROOT

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "indexer", "build", "--corpus", str(FIXTURES / "corpus"),
                           "--index", str(blocker / "index")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and "Traceback" not in done.stderr and "Error:" not in done.stderr
    assert "error: cannot write the index" in done.stderr and "the published index is unchanged" in done.stderr


def _limited_file_size(limit: int):
    """For a child process: files it writes cannot grow past `limit` bytes, as on a full disk (EFBIG, not a signal)."""
    import resource
    import signal

    def limit_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limit_files


@pytest.mark.slow  # two builds in a subprocess each: the quick loop leaves them to `make test`
@pytest.mark.parametrize("limit", [2_000, 20_000])
def test_a_build_that_runs_out_of_disk_says_so_in_one_line_and_the_live_index_stays(fresh_corpus, build, limit):
    """A full disk mid-build: whichever writer meets it first (SQLite, at these sizes; faiss's own failure is the
    next test), the build says so in one line and the live index stays."""
    corpus, index = fresh_corpus
    live = build(corpus, index).snapshot_id
    done = subprocess.run([sys.executable, "-m", "indexer", "build", "--full", "--corpus", str(corpus), "--index", str(index)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, preexec_fn=_limited_file_size(limit))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("error: cannot write the index")
    assert "the published index is unchanged" in done.stderr and read_pointer(index) == live


def test_a_vector_index_that_cannot_be_written_is_an_os_error_not_faiss_internals(tmp_path):
    """faiss reports a failed write as a RuntimeError carrying its C++ source lines; the build reports OSErrors."""
    code = ("import faiss, numpy as np; from pathlib import Path; from indexer.snapshot.store import _write_vectors\n"
            "index = faiss.IndexFlatIP(384); index.add(np.ones((200, 384), dtype='float32'))\n"
            f"try:\n    _write_vectors(index, Path({str(tmp_path / 'vectors.faiss')!r}))\n"
            "except OSError as exc:\n    print('OSError', exc)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          preexec_fn=_limited_file_size(10_000))
    assert done.stdout.startswith("OSError the vector index could not be written"), done.stderr[-300:]


@pytest.mark.parametrize("command", [("rollback",), ("build", "--corpus", str(ROOT / "tests" / "fixtures" / "corpus"))])
def test_editors_commands_that_cannot_take_the_lock_say_so_in_one_line(built_index, tmp_path, command):
    """On the previous main, `rollback` on a folder it could not write printed an OSError traceback on build.lock."""
    import shutil

    index = tmp_path / "index"
    shutil.copytree(built_index[1], index)
    live = read_pointer(index)
    (index / "build.lock").unlink(missing_ok=True)
    (index / "build.lock").mkdir()  # cannot be opened as a file, as in a folder that cannot be written
    done = run("indexer", command[0], "--index", str(index), *command[1:])
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    said = done.stderr.strip().splitlines()[-1]
    assert said.startswith("error: ") and "Is a directory" in said
    assert said.endswith(f"the live snapshot is {live}" if command[0] == "rollback" else "the published index is unchanged")
    assert read_pointer(index) == live


@pytest.mark.slow  # a watching build in a subprocess
def test_ctrl_c_ends_a_watching_build_in_one_line_saying_what_is_live(fresh_corpus):
    """Ctrl-C is how an editor stops `--watch`: one line, exit 130, no traceback."""
    import select
    import signal

    corpus, index = fresh_corpus
    process = start_watching(corpus, index)
    try:
        said, waiting = b"", process.stderr.fileno()  # read unbuffered, until the watcher says it is waiting
        while b"for changes" not in said and select.select([waiting], [], [], 60)[0] and (chunk := os.read(waiting, 4096)):
            said += chunk
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        err = said.decode() + err
    finally:
        process.kill()
    assert process.returncode == 130 and "Traceback" not in err, err
    live = read_pointer(index)  # the watch's first build published it: the line says so
    assert err.strip().splitlines()[-1] == f"interrupted: snapshot {live} was published before the interruption and is live"
    assert "published snapshot" in out
