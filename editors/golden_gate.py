"""`build`: one build, gated by the golden questions before it is published; `--watch` rebuilds through the same gate."""
from __future__ import annotations

import argparse
import functools
import sqlite3
import sys
from pathlib import Path

from editors.live_state import live_snapshot, published_state
from indexer import snapshot as snap
from indexer.build import BuildError, CheckResult, build_index
from indexer.console import log_to_stderr
from indexer.corpus import CorpusError
from indexer.embedding import Embedder, ModelLoadError, load_embedder, resolve_backend, shared_embedder
from indexer.settings import ENCODER_CACHE
from search_app.golden import GoldenError, GoldenRun, GoldenSet, read_golden, report, run_golden

# An editor's save often writes several files (and editors' temporary files) within a second.
WATCH_DEBOUNCE_MS = 1500


def build(args: argparse.Namespace) -> int:
    published_before = live_snapshot(args.index_dir)
    try:
        backend = resolve_backend(args.backend, "build")
        get_embedder = functools.cache(lambda: load_embedder(args.model, backend, args.encoder_cache))
        outcome = _build_once(args, backend, get_embedder)
        if args.watch:
            _watch(args, backend, get_embedder)
    except (OSError, sqlite3.Error) as exc:  # a full disk, a folder that cannot be written
        print(f"error: cannot write the index in {args.index_dir}/: {getattr(exc, 'strerror', None) or exc}; "
              f"{published_state(args.index_dir, published_before)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"interrupted: {published_state(args.index_dir, published_before)}", file=sys.stderr)
        return 130
    return outcome


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
        live = run_for(snap.current_snapshot_dir(args.index_dir), golden, encoder_cache=args.encoder_cache)
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
        return run_for(snap.current_snapshot_dir(index_dir), golden, embedder)
    except (snap.SnapshotError, ModelLoadError):
        return None  # no live index, or one this encoder cannot search: nothing to compare with


def run_for(folder: Path, golden: GoldenSet, embedder: Embedder | None = None,
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
