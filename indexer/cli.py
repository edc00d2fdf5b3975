"""`python -m indexer build|snapshots|rollback|diff|report|gaps|push|pull`: the editor's and operator's commands."""
from __future__ import annotations

import argparse
import datetime
import functools
import os
import sqlite3
import sys

from pathlib import Path

from indexer import snapshot as snap
from indexer.build import BuildError, CheckResult, build_index, build_lock, diff_hashes, log_to_stderr
from indexer.corpus import CorpusError, read_corpus, reviews_due
from indexer.embedding import Embedder, ModelLoadError, load_embedder, resolve_backend, shared_embedder
from indexer.replication import ReplicationError, follow, is_remote
from indexer.settings import BACKEND, CLUSTER, CORPUS_DIR, ENCODER_CACHE, INDEX_DIR, KEEP, MODEL
from search_app.config import GAP_MIN_COUNT, GAP_RETENTION_DAYS
from search_app.gap_report import GAP_FILE, GapReport
from search_app.golden import (GoldenError, GoldenRun, GoldenSet, changed_answers, describe, read_golden, report,
                               run_golden)

BUILD_HELP = """\
Build the search index from the articles in a corpus folder.

Reads every .md (with a front-matter header) and .txt article, splits it into
paragraph chunks, embeds them and publishes a new index snapshot atomically:
a build that is interrupted leaves the previous index serving. Builds are
incremental: only new or changed articles are re-chunked, and only text the
model has not embedded before is re-embedded.

Before publishing, the questions in CORPUS/golden-questions.yaml are asked of the new
snapshot; if any expectation fails it is not published (--force publishes anyway).
The report lists failures and the questions whose answers changed from the live index.
"""
SNAPSHOTS_HELP = """\
List the index's snapshots, oldest first: id, build time, documents, chunks, model,
the golden-question result it was built with, and which is live (*).
"""
ROLLBACK_HELP = """\
Make an earlier snapshot live again (default: the one before the live one), in one
atomic step. A running app follows within its reload interval (SEARCH_RELOAD_SECONDS).
"""
DIFF_HELP = """\
What changed between two snapshots (default: the live one and the one before it):
articles added, changed and removed, and golden questions whose answers differ.
"""
GAPS_HELP = """\
Questions readers asked that no article answers (match "none"), scrubbed of names and
numbers, each asked at least --min-count times within the retention window, most asked
first: the articles to write next. The app counts them only with SEARCH_GAP_REPORT=on.
"""
REPORT_HELP = """\
List the articles by review date: those past their next_review first, then those due
within --within days, then any without review dates. Reads the corpus, not the index.
"""
PUSH_HELP = """\
Copy the live snapshot of this index to a replica's index folder and make it live there.

The snapshot is copied with rsync under a temporary name, checked (its manifest's seal and
every file's checksum), moved into place, and only then is the replica's CURRENT replaced,
atomically: a push interrupted at any moment leaves the replica serving its previous
snapshot, and the next push finishes the job. DEST is a folder this machine writes (a
replica on this host, or one it mounts); a replica on another machine runs `pull`.
"""
PULL_HELP = """\
Make this index serve what SRC serves: read SRC's CURRENT, copy that snapshot with rsync,
check it, then replace CURRENT atomically (`push`, from the replica's side). SRC is a
folder or an rsync remote (host:path, over ssh). Run it from a timer to follow the build
host; a rollback there is followed too. The source's version is kept for /healthz.
"""
# An editor's save often writes several files (and editors' temporary files) within a second.
WATCH_DEBOUNCE_MS = 1500
# How far ahead `report` looks for reviews coming due.
DEFAULT_REVIEW_WINDOW_DAYS = 90


def main(argv: list[str] | None = None) -> int:
    args = None
    try:
        args = _parser().parse_args(argv)
        return args.run(args)
    except (BuildError, ModelLoadError, CorpusError, snap.SnapshotError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return output_closed()
    except (OSError, sqlite3.Error) as exc:  # a folder that cannot be written, a full disk
        print(f"error: {_os_reason(exc)}; {_live_state(args)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"interrupted; {_live_state(args)}", file=sys.stderr)
        return 130


def _os_reason(exc: Exception) -> str:
    """An OS error in a few words: the file's name and what went wrong, never a traceback."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{Path(exc.filename).name}: {exc.strerror}" if exc.filename else exc.strerror
    return str(exc)


def _live_state(args: argparse.Namespace | None) -> str:
    """What is live, read afresh: the one thing an editor needs to know after a command failed."""
    index_dir = getattr(args, "index_dir", None)
    live = _live(index_dir) if index_dir else None
    return f"the live snapshot is {live}" if live else "no snapshot is live"


def output_closed() -> int:
    """The reader of our output went away (`... | head`): stop quietly, not with a traceback."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush cannot fail again
    return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m indexer", description="Build the search index, or report on the articles.")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build or update the index", description=BUILD_HELP,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    for option in (CORPUS_DIR, INDEX_DIR, MODEL, BACKEND, ENCODER_CACHE):
        option.add_argument(build, os.environ)
    build.add_argument("--full", action="store_true", help="re-chunk every article instead of only changed ones")
    build.add_argument("--no-wait", action="store_true",
                       help="exit at once if another build is running (default: wait for it)")
    build.add_argument("--watch", action="store_true",
                       help="keep running and rebuild whenever files in the corpus change")
    build.add_argument("--force", action="store_true", help="publish even if golden questions fail")
    build.add_argument("--dry-run", action="store_true", help="build and report, but do not publish")
    KEEP.add_argument(build, os.environ, metavar="N")
    CLUSTER.add_argument(build, os.environ, metavar="ADDRESS")
    build.set_defaults(run=_build)

    listing = commands.add_parser("snapshots", help="list snapshots and which is live", description=SNAPSHOTS_HELP)
    INDEX_DIR.add_argument(listing, os.environ)
    listing.set_defaults(run=_snapshots)

    rollback = commands.add_parser("rollback", help="make an earlier snapshot live", description=ROLLBACK_HELP)
    rollback.add_argument("snapshot", nargs="?", help="snapshot id (default: the one before the live one)")
    INDEX_DIR.add_argument(rollback, os.environ)
    rollback.set_defaults(run=_rollback)

    diff = commands.add_parser("diff", help="what changed between two snapshots", description=DIFF_HELP)
    diff.add_argument("old", nargs="?", help="snapshot id (default: the one before NEW)")
    diff.add_argument("new", nargs="?", help="snapshot id (default: the live one)")
    for option in (CORPUS_DIR, INDEX_DIR, ENCODER_CACHE):
        option.add_argument(diff, os.environ)
    diff.set_defaults(run=_diff)

    report = commands.add_parser("report", help="list articles by review date", description=REPORT_HELP,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    CORPUS_DIR.add_argument(report, os.environ)
    report.add_argument("--within", type=int, default=DEFAULT_REVIEW_WINDOW_DAYS, metavar="DAYS",
                        help=f"also list reviews due within this many days (default: {DEFAULT_REVIEW_WINDOW_DAYS})")
    report.set_defaults(run=_report)

    gaps = commands.add_parser("gaps", help="questions readers asked that no article answers", description=GAPS_HELP,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
    for option in (INDEX_DIR, GAP_MIN_COUNT, GAP_RETENTION_DAYS):
        option.add_argument(gaps, os.environ, metavar="N" if option is not INDEX_DIR else None)
    gaps.set_defaults(run=_gaps)

    push = commands.add_parser("push", help="copy the live snapshot to a replica and make it live there",
                               description=PUSH_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    push.add_argument("dest", help="the replica's index folder")
    pull = commands.add_parser("pull", help="copy the snapshot a source serves and make it live here",
                               description=PULL_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    pull.add_argument("source", help="the source's index folder, or host:path")
    for command, run in ((push, _push), (pull, _pull)):
        INDEX_DIR.add_argument(command, os.environ)
        KEEP.add_argument(command, os.environ, metavar="N")
        command.set_defaults(run=run)
    return parser


def _build(args: argparse.Namespace) -> int:
    published_before = _live(args.index_dir)
    try:
        backend = resolve_backend(args.backend, "build")
        get_embedder = functools.cache(lambda: load_embedder(args.model, backend, args.encoder_cache))
        outcome = _build_once(args, backend, get_embedder)
        if args.watch:
            _watch(args, backend, get_embedder)
    except (OSError, sqlite3.Error) as exc:  # a full disk, a folder that cannot be written
        print(f"error: cannot write the index in {args.index_dir}/: {getattr(exc, 'strerror', None) or exc}; "
              f"{_published_state(args, published_before)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"interrupted: {_published_state(args, published_before)}", file=sys.stderr)
        return 130
    return outcome


def _live(index_dir: Path) -> str | None:
    """The live snapshot's id; None when there is none or the pointer cannot be read."""
    try:
        return snap.read_pointer(index_dir)
    except snap.SnapshotError:
        return None


def _published_state(args: argparse.Namespace, before: str | None) -> str:
    """What is live now, said truthfully: an interruption can come just after a publish."""
    now = _live(args.index_dir)
    if now == before:
        return "the published index is unchanged"
    return f"snapshot {now} was published before the interruption and is live"


def _build_once(args: argparse.Namespace, backend: str, get_embedder) -> int:
    """One gated build; 1 when golden questions fail and nothing was published, else 0 (a `--force`
    publish exits 0: it did what was asked, and the report above says which answers failed)."""
    golden = read_golden(args.corpus_dir)
    if golden is None:
        log_to_stderr(f"no {args.corpus_dir}/golden-questions.yaml: publishing without a golden-question check")
    result = build_index(args.corpus_dir, args.index_dir, args.model, full=args.full, get_embedder=get_embedder,
                         backend=backend, wait=not args.no_wait, progress=sys.stderr.isatty(), force=args.force,
                         dry_run=args.dry_run, keep=args.keep, cluster=args.cluster,
                         encoder_cache=args.encoder_cache,
                         check=golden and functools.partial(_golden_check, golden, args, get_embedder))
    if result.check:
        print(result.check.report, flush=True)
    elif golden and not result.published and not result.held_back:
        # Nothing to publish, but the golden file may be what the editor changed: check the live index.
        live = _run_for(snap.current_snapshot_dir(args.index_dir), golden, encoder_cache=args.encoder_cache)
        print(report(live, None, "live snapshot"), flush=True)
        print(result.summary(), flush=True)
        return 1 if live.failed else 0
    print(result.summary(), flush=True)
    return 1 if result.check and not result.check.passed and not result.published else 0


def _golden_check(golden: GoldenSet, args: argparse.Namespace, get_embedder, folder: Path) -> CheckResult:
    """The golden questions on a new snapshot, compared with the live one's answers."""
    embedder = get_embedder()
    after = run_golden(golden, folder, embedder, verify=False)  # written and checksummed by this build
    for doc_id in after.unknown_articles:
        log_to_stderr(f"golden questions expect article {doc_id!r}, which is not in the corpus")
    return CheckResult(not after.failed, after.as_record(), report(after, _live_run(args.index_dir, golden, embedder)))


def _live_run(index_dir: Path, golden: GoldenSet, embedder: Embedder) -> GoldenRun | None:
    """The live snapshot's answers to these golden questions: as recorded at its publish, else asked now."""
    try:
        return _run_for(snap.current_snapshot_dir(index_dir), golden, embedder)
    except (snap.SnapshotError, ModelLoadError):
        return None  # no live index, or one this encoder cannot search: nothing to compare with


def _run_for(folder: Path, golden: GoldenSet, embedder: Embedder | None = None,
             encoder_cache: Path = ENCODER_CACHE.default) -> GoldenRun:
    """A snapshot's answers: the run recorded when it was published if made from this file, else asked now."""
    manifest = snap.read_manifest(folder)
    recorded = GoldenRun.from_record(manifest.golden)
    if recorded and recorded.digest == golden.digest:
        return recorded
    if embedder is None or embedder.precision != manifest.model.precision:
        backend = resolve_backend("auto", "query", manifest.model.precision)
        embedder = shared_embedder(manifest.model.id, backend, encoder_cache)
    return run_golden(golden, folder, embedder)


def _watch(args: argparse.Namespace, backend: str, get_embedder) -> None:
    """Rebuild, through the same golden check, after changes settle (watchfiles debounces bursts of edits)."""
    from watchfiles import watch

    print(f"watching {args.corpus_dir}/ for changes (Ctrl-C to stop)", file=sys.stderr)
    args.full = False
    for _changes in watch(args.corpus_dir, debounce=WATCH_DEBOUNCE_MS, raise_interrupt=True):
        try:
            _build_once(args, backend, get_embedder)
        except (BuildError, CorpusError, GoldenError) as exc:
            print(f"error: {exc}", file=sys.stderr, flush=True)


def _snapshots(args: argparse.Namespace) -> int:
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


def _rollback(args: argparse.Namespace) -> int:
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


def _diff(args: argparse.Namespace) -> int:
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
    before, after = (_run_for(f, golden, encoder_cache=args.encoder_cache) for f in folders)
    differing = changed_answers(before, after)
    print(f"golden questions whose answers differ: {len(differing)} of {len(after.answers)}")
    for old_answer, new_answer in differing:
        print(f"  {new_answer.question!r}: {describe(old_answer)} -> {describe(new_answer)}")
    return 0


def _report(args: argparse.Namespace) -> int:
    articles, skipped = read_corpus(args.corpus_dir)
    today = datetime.date.today()
    overdue = reviews_due(articles, today)
    soon = [a for a in reviews_due(articles, today + datetime.timedelta(days=args.within)) if a not in overdue]
    undated = [a for a in articles if not a.next_review]
    for heading, group in ((f"past next_review ({len(overdue)})", overdue),
                           (f"due within {args.within} days ({len(soon)})", soon),
                           (f"no next_review ({len(undated)})", undated)):
        print(heading)
        for article in sorted(group, key=lambda a: (a.next_review or "", a.path)):
            print(f"  {article.next_review or '-':10}  reviewed {article.reviewed or '-':10}  {article.path}  {article.title}")
    for error in skipped:
        print(f"skipped {error.path}: {error.reason}", file=sys.stderr)
    print(f"{len(articles)} articles: {len(overdue)} past review, {len(soon)} due within {args.within} days, "
          f"{len(undated)} without a review date")
    return 0


def _push(args: argparse.Namespace) -> int:
    if is_remote(args.dest):
        print(f"error: {args.dest} is on another machine, and push writes only folders this one can; "
              f"on that machine run `python -m indexer pull HOST:{args.index_dir.resolve()}` (HOST: this machine)",
              file=sys.stderr)
        return 2
    return _copy(str(args.index_dir), Path(args.dest), args.keep)


def _pull(args: argparse.Namespace) -> int:
    return _copy(args.source, args.index_dir, args.keep)


def _copy(source: str, replica: Path, keep: int) -> int:
    """One copy to a replica; every failure in one line saying what the replica serves, read afresh."""
    before = _live(replica)
    try:
        result = follow(source, replica, keep)
    except (ReplicationError, snap.SnapshotError) as exc:
        print(f"error: {exc}; {_replica_state(replica, before)}", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error) as exc:  # the replica's folder cannot be written, its disk is full
        print(f"error: {_os_reason(exc)}; {_replica_state(replica, before)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"interrupted; {_replica_state(replica, before)}", file=sys.stderr)
        return 130
    print(result.summary(replica))
    return 0


def _replica_state(replica: Path, before: str | None) -> str:
    now = _live(replica)
    if now != before:
        return f"snapshot {now} was made live in {replica} before the copy stopped"
    return f"the live snapshot of {replica} is unchanged ({now})" if now else f"{replica} has no live snapshot"


def _gaps(args: argparse.Namespace) -> int:
    path = args.index_dir / GAP_FILE
    if not path.exists():
        print(f"no gap report in {args.index_dir}/: the app keeps one only when SEARCH_GAP_REPORT is on")
        return 0
    rows = GapReport(path, args.gap_min_count, args.gap_retention_days).questions()
    print(f"{len(rows)} unanswered question(s) asked at least {args.gap_min_count} times "
          f"in the last {args.gap_retention_days} days")
    for text, count in rows:
        print(f"  {count:6}  {text}")
    return 0
