"""The index a running app serves, switched to a newly published snapshot without a restart.

The pointer file is stat'ed at most once per `check_seconds`. One request thread
loads the new snapshot while the others keep answering from the old one; a
snapshot that fails to load is reported and the old one keeps serving.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from indexer.embedding import Embedder
from indexer.snapshot import POINTER_FILE, SnapshotError, current_snapshot_dir, load_snapshot
from search_app.retrieval import RetrievalOptions, SearchEngine

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
        self._next_check = 0.0
        self._reloading = threading.Lock()
        self.last_error: str | None = None
        self.loaded_at: float | None = None

    def engine(self) -> SearchEngine:
        """The engine to answer this request with; raises SnapshotError if no index has ever loaded."""
        now = time.monotonic()
        if now >= self._next_check and self._reloading.acquire(blocking=self._engine is None):
            try:
                self._next_check = now + self._check_seconds
                self._reload_if_changed()
            finally:
                self._reloading.release()
        engine = self._engine
        if engine is None:
            raise SnapshotError(self.last_error or f"no index in {self.index_dir}/")
        return engine

    def _reload_if_changed(self) -> None:
        try:
            stat = os.stat(self.index_dir / POINTER_FILE)
            pointer = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        except FileNotFoundError:
            pointer = None
        if pointer == self._seen_pointer:
            return
        self._seen_pointer = pointer
        try:
            snapshot = load_snapshot(current_snapshot_dir(self.index_dir), self._embedder.model_id)
        except SnapshotError as exc:
            self.last_error = str(exc)
            return
        self._engine = SearchEngine(snapshot, self._embedder, self._options)
        self.last_error = None
        self.loaded_at = time.time()
