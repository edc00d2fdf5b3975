"""Copying published snapshots between index folders: `push` from the build host, `pull` on a replica.

A replica follows its source by version: it reads the source's `CURRENT`, copies that
snapshot with rsync under a temporary name, checks it with the snapshot format's own
checks (manifest seal, every file's sha256), moves it into place and only then switches
its own pointer, atomically. A copy killed at any moment leaves the replica serving its
previous snapshot; the next copy of the same snapshot resumes the partial one (rsync
skips what already arrived whole), and any other leftover is removed with the old
snapshots, as after a dead build. rsync is used for its delta transfer, its resumable
copies and because it reaches a source on another machine (`host:path`, over ssh) as
easily as a local folder.
"""
from __future__ import annotations

import ctypes
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from indexer import snapshot as snap
from indexer.build import KEEP_SNAPSHOTS, build_lock
from indexer.console import log_to_stderr

# Linux's prctl option that sends the child a signal when its parent dies.
_PR_SET_PDEATHSIG = 1


class ReplicationError(Exception):
    """A copy that could not be made or published; the replica's live snapshot is unchanged."""


@dataclass(frozen=True)
class Replicated:
    version: str            # the source's live snapshot, now the replica's
    before: str | None      # the replica's live snapshot before
    copied: bool            # False when the replica already had it

    def summary(self, replica: Path | str) -> str:
        if self.version == self.before:
            return f"{replica} is up to date: snapshot {self.version} is live"
        got = "copied and checked" if self.copied else "already there, checked"
        return (f"live snapshot of {replica} is now {self.version} (was {self.before or 'none'}; {got}); "
                "a running app switches to it within its reload interval")


def is_remote(location: str) -> bool:
    """rsync's rule: `host:path` is on another machine unless a slash comes before the colon."""
    return ":" in location.split("/", 1)[0]


def follow(source: str, index_dir: Path, keep: int = KEEP_SNAPSHOTS,
           log: Callable[[str], None] = log_to_stderr) -> Replicated:
    """Make `index_dir` serve the snapshot `source` serves: copy, check, publish, then remove old snapshots.

    Holds the index folder's build lock, so a copy never meets a build, a rollback or another copy."""
    rsync = shutil.which("rsync")
    if rsync is None:
        raise ReplicationError("rsync is not installed: apt-get install rsync (or your system's package)")
    with build_lock(index_dir, True, log):
        try:
            before = snap.read_pointer(index_dir)
        except snap.SnapshotError:  # a damaged pointer: the copy is what mends it
            before = None
        version = _source_version(rsync, source, index_dir)
        snap.record_upstream(index_dir, version)
        if version == before:
            return Replicated(version, before, copied=False)
        copied = version not in snap.list_snapshots(index_dir)
        if copied:
            incoming = snap.receiving_dir(index_dir, version)
            _rsync(rsync, f"{source.rstrip('/')}/{snap.SNAPSHOTS_DIR}/{version}/", incoming,
                   "--delete", f"--exclude={snap.PUBLISHED_FILE}", what=f"copying snapshot {version} from {source}")
            try:
                snap.receive_snapshot(index_dir, version)
            except snap.SnapshotError as exc:
                raise ReplicationError(f"the copy of snapshot {version} from {source} failed its checks ({exc}), "
                                       "so it was deleted and not published") from None
        else:  # a snapshot this replica served before (the source rolled back to it)
            folder = snap.snapshot_dir(index_dir, version)
            snap.verify_checksums(folder, snap.read_manifest(folder))
        snap.publish(index_dir, version)
        snap.remove_old_snapshots(index_dir, keep)
    return Replicated(version, before, copied)


def _source_version(rsync: str, source: str, index_dir: Path) -> str:
    """The source's live snapshot id, read through rsync (a local folder or another machine alike)."""
    with snap.scratch_folder(index_dir) as scratch:
        _rsync(rsync, f"{source.rstrip('/')}/{snap.POINTER_FILE}", Path(scratch) / snap.POINTER_FILE,
               what=f"reading the live snapshot of {source}")
        try:
            version = snap.read_pointer(Path(scratch))
        except snap.SnapshotError:
            version = None
    if version is None:
        raise ReplicationError(f"{source} has no published snapshot to copy: its {snap.POINTER_FILE} "
                               "does not name one")
    return version


def _rsync(rsync: str, source: str, target: Path, *options: str, what: str) -> None:
    """One rsync call; its first complaint becomes the error (rsync's own lines name the file and the reason)."""
    done = subprocess.run([rsync, "-a", *options, source, str(target)], capture_output=True, text=True,
                          preexec_fn=_die_with_parent)
    if done.returncode != 0:
        said = [line.strip() for line in done.stderr.splitlines() if line.strip()]
        reason = said[0].removeprefix("rsync: ") if said else f"rsync exited with status {done.returncode}"
        raise ReplicationError(f"{what} failed: {reason}")


def _die_with_parent() -> None:
    """In the rsync child: end when this process does. A copy killed with SIGKILL must not leave rsync writing
    into the folder the next copy resumes (and checks) meanwhile."""
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
