"""Receiving a snapshot copied from another index folder (`indexer.replication`), and the source's version.

A copy is assembled under a temporary name like a build's, checked (its manifest's seal, its id,
every file's checksum), and only then moved into `snapshots/`, unpublished.
"""
from __future__ import annotations

import datetime
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from indexer.snapshot.layout import SNAPSHOTS_DIR, TEMP_PREFIX, UPSTREAM_FILE, SnapshotError, fsync
from indexer.snapshot.manifest import Manifest, damaged_files, read_manifest
from indexer.snapshot.store import list_snapshots, snapshot_dir

def receiving_dir(index_dir: Path, snapshot_id: str) -> Path:
    """Where a snapshot copied from another index folder is assembled: under a temporary name, like a build's,
    so a copy that dies part-way is a leftover nobody lists or serves. The next copy of the same snapshot
    resumes in it (`remove_old_snapshots` deletes any other); a folder of it that was moved into place but
    never published (the copy died just before the pointer moved) is taken back to be checked again."""
    temp = index_dir / f"{TEMP_PREFIX}{snapshot_id}"
    landed = snapshot_dir(index_dir, snapshot_id)
    if landed.is_dir() and snapshot_id not in list_snapshots(index_dir):
        shutil.rmtree(temp, ignore_errors=True)
        os.rename(landed, temp)
    temp.mkdir(parents=True, exist_ok=True)
    return temp


def receive_snapshot(index_dir: Path, snapshot_id: str) -> Manifest:
    """Check a copy assembled in `receiving_dir` (its manifest's seal, its id, every file's checksum) and move it
    into `snapshots/`, unpublished. A copy that fails is deleted, so the next one starts afresh; the
    SnapshotError says which files failed."""
    temp = index_dir / f"{TEMP_PREFIX}{snapshot_id}"
    try:
        manifest = read_manifest(temp)
        if manifest.snapshot_id != snapshot_id:
            raise SnapshotError(f"its manifest names snapshot {manifest.snapshot_id!r}")
        damaged = damaged_files(temp, manifest)
        if damaged:
            raise SnapshotError(f"{', '.join(damaged)} differ from its manifest")
    except SnapshotError:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    for path in temp.rglob("*"):
        if path.is_file():
            fsync(path)
    (index_dir / SNAPSHOTS_DIR).mkdir(exist_ok=True)
    os.rename(temp, snapshot_dir(index_dir, snapshot_id))
    fsync(index_dir / SNAPSHOTS_DIR)
    return manifest


def scratch_folder(index_dir: Path) -> tempfile.TemporaryDirectory:
    """A private folder inside an index folder, deleted on leaving; one a killed process leaves behind is a
    leftover `remove_old_snapshots` deletes."""
    return tempfile.TemporaryDirectory(dir=index_dir, prefix=TEMP_PREFIX)


@dataclass(frozen=True)
class Upstream:
    """What a replica's source served when `pull` last read its pointer."""
    version: str
    checked_at: str


def record_upstream(index_dir: Path, version: str) -> None:
    """Keep the source's live version on a replica, atomically (a reader sees the old record or the new)."""
    temp = index_dir / f"{TEMP_PREFIX}{UPSTREAM_FILE}"
    checked_at = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    temp.write_text(json.dumps({"version": version, "checked_at": checked_at}), encoding="utf-8")
    os.replace(temp, index_dir / UPSTREAM_FILE)


def read_upstream(index_dir: Path) -> Upstream | None:
    """The last `record_upstream`; None on an index folder no `pull` has written (a build host), or an
    unreadable record (it is advice for operators, never a reason to stop serving)."""
    try:
        raw = json.loads((index_dir / UPSTREAM_FILE).read_text(encoding="utf-8"))
        return Upstream(str(raw["version"]), str(raw["checked_at"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
