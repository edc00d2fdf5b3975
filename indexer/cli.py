"""`python -m indexer build|report`: the editor's commands for the search index and the articles."""
from __future__ import annotations

import argparse
import datetime
import functools
import os
import sys

from indexer.build import BuildError, build_index
from indexer.corpus import CorpusError, read_corpus, reviews_due
from indexer.embedding import ModelLoadError, load_embedder, resolve_backend
from indexer.settings import BACKEND, CORPUS_DIR, ENCODER_CACHE, INDEX_DIR, MODEL
from indexer.snapshot import read_pointer

BUILD_HELP = """\
Build the search index from the articles in a corpus folder.

Reads every .md (with a front-matter header) and .txt article, splits it into
paragraph chunks, embeds them and publishes a new index snapshot atomically:
a build that is interrupted leaves the previous index serving. Builds are
incremental: only new or changed articles are re-chunked, and only text the
model has not embedded before is re-embedded.
"""
REPORT_HELP = """\
List the articles by review date: those past their next_review first, then those due
within --within days, then any without review dates. Reads the corpus, not the index.
"""
# An editor's save often writes several files (and editors' temporary files) within a second.
WATCH_DEBOUNCE_MS = 1500
# How far ahead `report` looks for reviews coming due.
DEFAULT_REVIEW_WINDOW_DAYS = 90


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        return args.run(args)
    except (BuildError, ModelLoadError, CorpusError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
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
    build.set_defaults(run=_build)

    report = commands.add_parser("report", help="list articles by review date", description=REPORT_HELP,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    CORPUS_DIR.add_argument(report, os.environ)
    report.add_argument("--within", type=int, default=DEFAULT_REVIEW_WINDOW_DAYS, metavar="DAYS",
                        help=f"also list reviews due within this many days (default: {DEFAULT_REVIEW_WINDOW_DAYS})")
    report.set_defaults(run=_report)
    return parser


def _build(args: argparse.Namespace) -> int:
    published_before = read_pointer(args.index_dir)
    try:
        backend = resolve_backend(args.backend, "build")
        get_embedder = functools.cache(lambda: load_embedder(args.model, backend, args.encoder_cache))
        report = build_index(args.corpus_dir, args.index_dir, args.model, full=args.full, get_embedder=get_embedder,
                             backend=backend, wait=not args.no_wait, progress=sys.stderr.isatty())
        print(report.summary(), flush=True)
        if args.watch:
            _watch(args, get_embedder)
    except OSError as exc:  # a full disk, a folder that cannot be written
        print(f"error: cannot write the index in {args.index_dir}/: {exc.strerror or exc}; "
              f"{_published_state(args, published_before)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"interrupted: {_published_state(args, published_before)}", file=sys.stderr)
        return 130
    return 0


def _published_state(args: argparse.Namespace, before: str | None) -> str:
    """What is live now, said truthfully: an interruption can come just after a publish."""
    now = read_pointer(args.index_dir)
    if now == before:
        return "the published index is unchanged"
    return f"snapshot {now} was published before the interruption and is live"


def _watch(args: argparse.Namespace, get_embedder) -> None:
    """Rebuild after changes settle (watchfiles debounces bursts of edits into one event)."""
    from watchfiles import watch

    print(f"watching {args.corpus_dir}/ for changes (Ctrl-C to stop)", file=sys.stderr)
    for _changes in watch(args.corpus_dir, debounce=WATCH_DEBOUNCE_MS, raise_interrupt=True):
        try:
            report = build_index(args.corpus_dir, args.index_dir, args.model, get_embedder=get_embedder,
                                 backend=args.backend, progress=sys.stderr.isatty())
            print(report.summary(), flush=True)
        except BuildError as exc:
            print(f"error: {exc}", file=sys.stderr, flush=True)


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
