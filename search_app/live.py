"""The index a running app serves, switched to a newly published snapshot without a restart.

The pointer file is stat'ed at most once per `check_seconds`. One request thread
opens the new snapshot while the others keep answering from the old one. A snapshot
that fails to open is reported (`last_error`, shown by /healthz) and the old one keeps
serving; a pointer counts as seen only once its snapshot opened, so a failed one is
tried again, no more often than every `FAILED_RETRY_SECONDS`.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from indexer.embedding import Embedder
from indexer.snapshot import POINTER_FILE, SnapshotError
from search_app.retrieval import RetrievalOptions, SearchEngine

# Opening verifies every file's checksum; a broken snapshot is not re-read on every request.
FAILED_RETRY_SECONDS = 30.0
_NEVER_CHECKED = object()


class LiveIndex:
    def __init__(self, index_dir: Path, embedder: Embedder, options: RetrievalOptions = RetrievalOptions(),
                 check_seconds: float = 1.0):
        self.index_dir = index_dir
        self._embedder = embedder
        self._options = options
        self._check_seconds = check_seconds
        self._engine: SearchEngine | None = None
        self._seen_pointer: object = _NEVER_CHECKED
        self._failed_pointer: object = _NEVER_CHECKED
        self._retry_failed_at = 0.0
        self._next_check = 0.0
        self._reloading = threading.Lock()
        self.last_error: str | None = None

    def engine(self) -> SearchEngine:
        """The engine to answer this request with; raises SnapshotError if no snapshot has ever opened."""
        now = time.monotonic()
        if now >= self._next_check and self._reloading.acquire(blocking=self._engine is None):
            try:
                if now >= self._next_check:  # not already done by the thread we waited for
                    self._next_check = now + self._check_seconds
                    self._reload_if_changed(now)
            finally:
                self._reloading.release()
        engine = self._engine
        if engine is None:
            raise SnapshotError(self.last_error or f"no index in {self.index_dir}/")
        return engine

    def _reload_if_changed(self, now: float) -> None:
        try:
            stat = os.stat(self.index_dir / POINTER_FILE)
            pointer = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        except FileNotFoundError:
            pointer = None
        if pointer == self._seen_pointer or (pointer == self._failed_pointer and now < self._retry_failed_at):
            return
        try:
            engine = SearchEngine.open(self.index_dir, self._embedder, self._options)
        except SnapshotError as exc:
            self.last_error = str(exc)
            self._failed_pointer, self._retry_failed_at = pointer, now + FAILED_RETRY_SECONDS
            return
        self._engine = engine
        self._seen_pointer = pointer
        self.last_error = None
