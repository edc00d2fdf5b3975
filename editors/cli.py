"""`python -m indexer build|snapshots|rollback|diff|report|gaps|push|pull`: the editor's and operator's commands.

The commands themselves live beside this module, one file per group: golden_gate (build),
snapshots (snapshots, rollback, diff), replicas (push, pull), reports (report, gaps).
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import sys

from editors import golden_gate, replicas, reports, snapshots
from editors.live_state import live_state, os_reason
from indexer import snapshot as snap
from indexer.build import BuildError
from indexer.console import output_closed
from indexer.corpus import CorpusError
from indexer.embedding import ModelLoadError
from indexer.settings import BACKEND, CLUSTER, CORPUS_DIR, ENCODER_CACHE, INDEX_DIR, KEEP, MODEL
from search_app.config import GAP_MIN_COUNT, GAP_RETENTION_DAYS

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
        print(f"error: {os_reason(exc)}; {live_state(args)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"interrupted; {live_state(args)}", file=sys.stderr)
        return 130


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
    build.set_defaults(run=golden_gate.build)

    listing = commands.add_parser("snapshots", help="list snapshots and which is live", description=SNAPSHOTS_HELP)
    INDEX_DIR.add_argument(listing, os.environ)
    listing.set_defaults(run=snapshots.snapshots)

    rollback = commands.add_parser("rollback", help="make an earlier snapshot live", description=ROLLBACK_HELP)
    rollback.add_argument("snapshot", nargs="?", help="snapshot id (default: the one before the live one)")
    INDEX_DIR.add_argument(rollback, os.environ)
    rollback.set_defaults(run=snapshots.rollback)

    diff = commands.add_parser("diff", help="what changed between two snapshots", description=DIFF_HELP)
    diff.add_argument("old", nargs="?", help="snapshot id (default: the one before NEW)")
    diff.add_argument("new", nargs="?", help="snapshot id (default: the live one)")
    for option in (CORPUS_DIR, INDEX_DIR, ENCODER_CACHE):
        option.add_argument(diff, os.environ)
    diff.set_defaults(run=snapshots.diff)

    report = commands.add_parser("report", help="list articles by review date", description=REPORT_HELP,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    CORPUS_DIR.add_argument(report, os.environ)
    report.add_argument("--within", type=int, default=reports.DEFAULT_REVIEW_WINDOW_DAYS, metavar="DAYS",
                        help=f"also list reviews due within this many days (default: {reports.DEFAULT_REVIEW_WINDOW_DAYS})")
    report.set_defaults(run=reports.report)

    gaps = commands.add_parser("gaps", help="questions readers asked that no article answers", description=GAPS_HELP,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
    for option in (INDEX_DIR, GAP_MIN_COUNT, GAP_RETENTION_DAYS):
        option.add_argument(gaps, os.environ, metavar="N" if option is not INDEX_DIR else None)
    gaps.set_defaults(run=reports.gaps)

    push = commands.add_parser("push", help="copy the live snapshot to a replica and make it live there",
                               description=PUSH_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    push.add_argument("dest", help="the replica's index folder")
    pull = commands.add_parser("pull", help="copy the snapshot a source serves and make it live here",
                               description=PULL_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    pull.add_argument("source", help="the source's index folder, or host:path")
    for command, run in ((push, replicas.push), (pull, replicas.pull)):
        INDEX_DIR.add_argument(command, os.environ)
        KEEP.add_argument(command, os.environ, metavar="N")
        command.set_defaults(run=run)
    return parser
