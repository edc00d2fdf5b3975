"""`push` and `pull`: the live snapshot copied to a replica, checked, then made live there (`indexer.replication`)."""
from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from editors.live_state import live_snapshot, os_reason, replica_state
from indexer import snapshot as snap
from indexer.replication import ReplicationError, follow, is_remote


def push(args: argparse.Namespace) -> int:
    if is_remote(args.dest):
        print(f"error: {args.dest} is on another machine, and push writes only folders this one can; "
              f"on that machine run `python -m indexer pull HOST:{args.index_dir.resolve()}` (HOST: this machine)",
              file=sys.stderr)
        return 2
    return _copy(str(args.index_dir), Path(args.dest), args.keep)


def pull(args: argparse.Namespace) -> int:
    return _copy(args.source, args.index_dir, args.keep)


def _copy(source: str, replica: Path, keep: int) -> int:
    """One copy to a replica; every failure in one line saying what the replica serves, read afresh."""
    before = live_snapshot(replica)
    try:
        result = follow(source, replica, keep)
    except (ReplicationError, snap.SnapshotError) as exc:
        print(f"error: {exc}; {replica_state(replica, before)}", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error) as exc:  # the replica's folder cannot be written, its disk is full
        print(f"error: {os_reason(exc)}; {replica_state(replica, before)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"interrupted; {replica_state(replica, before)}", file=sys.stderr)
        return 130
    print(result.summary(replica))
    return 0
