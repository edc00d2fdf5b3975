"""`python -m indexer build`: the editor's command for (re)building the search index."""
from __future__ import annotations

import argparse
import functools
import os
import sys

from indexer.build import BuildError, build_index
from indexer.embedding import Embedder, ModelLoadError
from indexer.settings import CORPUS_DIR, INDEX_DIR, MODEL

DESCRIPTION = """\
Build the search index from the articles in a corpus folder.

Reads every .md (with a front-matter header) and .txt article, splits it into
paragraph chunks, embeds them and publishes a new index snapshot atomically:
a build that is interrupted leaves the previous index serving. Builds are
incremental: only new or changed articles are re-chunked, and only text the
model has not embedded before is re-embedded.
"""
# An editor's save often writes several files (and editors' temporary files) within a second.
WATCH_DEBOUNCE_MS = 1500


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build or update the index", description=DESCRIPTION,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    for option in (CORPUS_DIR, INDEX_DIR, MODEL):
        option.add_argument(build, os.environ)
    build.add_argument("--full", action="store_true", help="re-chunk every article instead of only changed ones")
    build.add_argument("--no-wait", action="store_true",
                       help="exit at once if another build is running (default: wait for it)")
    build.add_argument("--watch", action="store_true",
                       help="keep running and rebuild whenever files in the corpus change")
    args = parser.parse_args(argv)

    try:
        get_embedder = functools.cache(lambda: Embedder(args.model))
        report = build_index(args.corpus_dir, args.index_dir, args.model, full=args.full, get_embedder=get_embedder,
                             wait=not args.no_wait, progress=sys.stderr.isatty())
        print(report.summary(), flush=True)
        if args.watch:
            _watch(args, get_embedder)
    except (BuildError, ModelLoadError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: the published index is unchanged", file=sys.stderr)
        return 130
    return 0


def _watch(args: argparse.Namespace, get_embedder) -> None:
    """Rebuild after changes settle (watchfiles debounces bursts of edits into one event)."""
    from watchfiles import watch

    print(f"watching {args.corpus_dir}/ for changes (Ctrl-C to stop)", file=sys.stderr)
    for _changes in watch(args.corpus_dir, debounce=WATCH_DEBOUNCE_MS, raise_interrupt=True):
        try:
            report = build_index(args.corpus_dir, args.index_dir, args.model, get_embedder=get_embedder,
                                 progress=sys.stderr.isatty())
            print(report.summary(), flush=True)
        except BuildError as exc:
            print(f"error: {exc}", file=sys.stderr, flush=True)
