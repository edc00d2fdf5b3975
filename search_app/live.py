"""The index a running app serves, switched to a newly published snapshot without a restart.

The pointer file is stat'ed at most once per `check_seconds`. When it names a new
snapshot, a background thread opens it (checksums and all) while every request keeps
answering from the old one; the swap is one assignment. A snapshot that fails to open
is reported (`last_error`, shown by /healthz) and the old one keeps serving. A pointer
counts as seen only once its snapshot opened, so a failed one is tried again, no more
often than every `FAILED_RETRY_SECONDS`. With nothing open yet (a fresh start), the
first request opens the snapshot itself, as it has nothing else to answer from; if the
live snapshot cannot be opened then (its pointer unreadable, its files damaged), it serves
the newest published snapshot that opens, says so in `fallback` (/healthz) and the log,
and goes on trying the live one.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path
from typing import Callable

from indexer.snapshot import POINTER_FILE, SnapshotError, fallback_snapshots
from search_app import metrics
from search_app.retrieval import SearchEngine

# Opening verifies every file's checksum; a broken snapshot is not re-read on every request.
FAILED_RETRY_SECONDS = 30.0
_NEVER_CHECKED = object()
logger = logging.getLogger(__name__)


class LiveIndex:
    def __init__(self, index_dir: Path, open_engine: Callable[..., SearchEngine], check_seconds: float = 1.0):
        """`open_engine(index_dir, snapshot=None)` opens the published snapshot, or the named one (raising
        SnapshotError)."""
        self.index_dir = index_dir
        self._open_engine = open_engine
        self._check_seconds = check_seconds
        self._engine: SearchEngine | None = None
        self._seen_pointer: object = _NEVER_CHECKED
        self._failed_pointer: object = _NEVER_CHECKED
        self._retry_failed_at = 0.0
        self._next_check = 0.0
        self._reloading = threading.Lock()
        self.last_error: str | None = None
        self.fallback: str | None = None   # why an older snapshot is served, while it is

    def engine(self) -> SearchEngine:
        """The engine to answer this request with; raises SnapshotError if no snapshot has ever opened."""
        now = time.monotonic()
        if self._engine is None:
            with self._reloading:  # a fresh start: wait for (or do) the first open
                self._reload_if_changed(time.monotonic())
        elif now >= self._next_check and self._reloading.acquire(blocking=False):
            self._next_check = now + self._check_seconds
            threading.Thread(target=self._reload_then_release, args=(now,), daemon=True,
                             name="snapshot-reload").start()
        engine = self._engine
        if engine is None:
            raise SnapshotError(self.last_error or f"no index in {self.index_dir}/")
        return engine

    def _reload_then_release(self, now: float) -> None:
        try:
            self._reload_if_changed(now)
        finally:
            self._reloading.release()

    def _reload_if_changed(self, now: float) -> None:
        try:
            stat = os.stat(self.index_dir / POINTER_FILE)
            pointer = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        except FileNotFoundError:
            pointer = None
        except OSError as exc:  # a symlink loop, a name too long: read_pointer says what is wrong
            pointer = ("unreadable", exc.errno)
        if pointer == self._seen_pointer or (pointer == self._failed_pointer and now < self._retry_failed_at):
            return
        opening = time.perf_counter()
        try:
            engine = self._open_engine(self.index_dir)
        except SnapshotError as exc:
            metrics.RELOAD_FAILURES.inc()
            self.last_error = str(exc)
            self._failed_pointer, self._retry_failed_at = pointer, now + FAILED_RETRY_SECONDS
            if self._engine is None:
                self._open_fallback(str(exc))
            return
        metrics.INDEX_OPEN_SECONDS.observe(time.perf_counter() - opening)
        self._serve(engine)
        self._seen_pointer = pointer
        self.last_error = self.fallback = None

    def _serve(self, engine: SearchEngine) -> None:
        previous, self._engine = self._engine, engine
        metrics.serving(engine.version, previous.version if previous else None)

    def _open_fallback(self, reason: str) -> None:
        """Nothing to answer from and the live snapshot will not open: the newest published one that does."""
        for snapshot in fallback_snapshots(self.index_dir):
            try:
                self._serve(self._open_engine(self.index_dir, snapshot=snapshot))
            except SnapshotError:
                continue
            self.fallback = f"serving snapshot {snapshot}: the live snapshot cannot be opened ({reason})"
            logger.warning("index fallback: %s", self.fallback)
            return

    def wait_for_reload(self, timeout: float = 30.0) -> None:
        """Block until no reload is running (tests and benchmarks use this to observe a swap)."""
        if self._reloading.acquire(timeout=timeout):
            self._reloading.release()
