"""What is live, said truthfully after a command stopped: read afresh, never assumed."""
from __future__ import annotations

import argparse
from pathlib import Path

from indexer import snapshot as snap


def live_snapshot(index_dir: Path) -> str | None:
    """The live snapshot's id; None when there is none or the pointer cannot be read."""
    try:
        return snap.read_pointer(index_dir)
    except snap.SnapshotError:
        return None


def os_reason(exc: Exception) -> str:
    """An OS error in a few words: the file's name and what went wrong, never a traceback."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{Path(exc.filename).name}: {exc.strerror}" if exc.filename else exc.strerror
    return str(exc)


def live_state(args: argparse.Namespace | None) -> str:
    """What is live, read afresh: the one thing an editor needs to know after a command failed."""
    index_dir = getattr(args, "index_dir", None)
    live = live_snapshot(index_dir) if index_dir else None
    return f"the live snapshot is {live}" if live else "no snapshot is live"


def published_state(index_dir: Path, before: str | None) -> str:
    """What is live now, said truthfully: an interruption can come just after a publish."""
    now = live_snapshot(index_dir)
    if now == before:
        return "the published index is unchanged"
    return f"snapshot {now} was published before the interruption and is live"


def replica_state(replica: Path, before: str | None) -> str:
    now = live_snapshot(replica)
    if now != before:
        return f"snapshot {now} was made live in {replica} before the copy stopped"
    return f"the live snapshot of {replica} is unchanged ({now})" if now else f"{replica} has no live snapshot"
