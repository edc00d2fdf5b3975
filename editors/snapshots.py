"""`snapshots`, `rollback` and `diff`: the snapshots an index keeps, going back to one, and what changed between two."""
from __future__ import annotations

import argparse
from pathlib import Path

from editors.golden_gate import run_for
from indexer import snapshot as snap
from indexer.build import build_lock
from indexer.changes import diff_hashes
from indexer.console import log_to_stderr
from search_app.golden import changed_answers, describe, read_golden


def snapshots(args: argparse.Namespace) -> int:
    live = snap.read_pointer(args.index_dir)
    ids = snap.list_snapshots(args.index_dir)
    if not ids:
        print(f"no snapshots in {args.index_dir}/: build one with `python -m indexer build`")
        return 1
    print(f"  {'snapshot':34} {'built (UTC)':25} {'documents':>9} {'chunks':>7}  {'model':32} golden")
    for snapshot_id in ids:
        try:
            manifest = snap.read_manifest(snap.snapshot_dir(args.index_dir, snapshot_id))
        except snap.SnapshotError as exc:
            print(f"{'*' if snapshot_id == live else ' '} {snapshot_id:34} unreadable: {exc}")
            continue
        golden = manifest.golden
        counted = isinstance(golden, dict) and all(isinstance(golden.get(k), int) for k in ("questions", "failed"))
        verdict = f"{golden['questions'] - golden['failed']}/{golden['questions']} pass" if counted else "not checked"
        model = f"{Path(manifest.model.id).name} {manifest.model.precision}"
        print(f"{'*' if snapshot_id == live else ' '} {snapshot_id:34} {manifest.built_at:25} {manifest.documents:>9} "
              f"{manifest.chunks:>7}  {model:32} {verdict}")
    print("* live")
    return 0


def rollback(args: argparse.Namespace) -> int:
    with build_lock(args.index_dir, True, log_to_stderr):
        live = snap.read_pointer(args.index_dir)
        ids = snap.list_snapshots(args.index_dir)
        target = args.snapshot or _previous(ids, live)
        if target not in ids:
            raise snap.SnapshotError(f"there is no snapshot {target!r} in {args.index_dir}/; "
                                     "`python -m indexer snapshots` lists them")
        folder = snap.snapshot_dir(args.index_dir, target)
        snap.verify_checksums(folder, snap.read_manifest(folder))
        snap.publish(args.index_dir, target)
    print(f"live snapshot is now {target} (was {live}); a running app switches to it within its reload interval")
    return 0


def _previous(ids: list[str], snapshot_id: str | None) -> str:
    earlier = [s for s in ids if snapshot_id and s < snapshot_id]
    if not earlier:
        raise snap.SnapshotError(f"no snapshot is older than {snapshot_id}: nothing to go back to")
    return earlier[-1]


def diff(args: argparse.Namespace) -> int:
    ids = snap.list_snapshots(args.index_dir)
    new = args.new or snap.read_pointer(args.index_dir)
    old = args.old or _previous(ids, new)
    for snapshot_id in (old, new):
        if snapshot_id not in ids:
            raise snap.SnapshotError(f"there is no snapshot {snapshot_id!r} in {args.index_dir}/")
    folders = [snap.snapshot_dir(args.index_dir, s) for s in (old, new)]
    hashes = []
    for folder in folders:
        records = snap.read_records(folder)
        try:
            hashes.append(records.content_hashes())
        finally:
            records.close()
    changes = diff_hashes(hashes[1], hashes[0])
    print(f"{old} -> {new}")
    print(f"articles: +{len(changes.added)} added, ~{len(changes.changed)} changed, "
          f">{len(changes.renamed)} renamed, -{len(changes.deleted)} removed")
    for mark, doc_ids in (("+", changes.added), ("~", changes.changed), ("-", changes.deleted)):
        for doc_id in doc_ids:
            print(f"  {mark} {doc_id}")
    for before, after in changes.renamed:
        print(f"  > {before} -> {after}")
    golden = read_golden(args.corpus_dir)
    if golden is None:
        print(f"no {args.corpus_dir}/golden-questions.yaml: golden answers not compared")
        return 0
    before, after = (run_for(f, golden, encoder_cache=args.encoder_cache) for f in folders)
    differing = changed_answers(before, after)
    print(f"golden questions whose answers differ: {len(differing)} of {len(after.answers)}")
    for old_answer, new_answer in differing:
        print(f"  {new_answer.question!r}: {describe(old_answer)} -> {describe(new_answer)}")
    return 0
