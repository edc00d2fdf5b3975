"""Vectors already computed, keyed by model and exact embedded text, so unchanged chunks are never re-embedded.

Stored in SQLite as raw float32 bytes (no pickle). Each write commits, so a build
killed mid-way keeps what it had embedded.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np

from indexer.embedding import batched

# SQLite's default limit on bound parameters per statement is 999.
_KEYS_PER_QUERY = 900


class EmbeddingCache:
    def __init__(self, path: Path, dimension: int):
        self._dimension = dimension
        self._db = sqlite3.connect(path)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")

    def get_many(self, keys: list[str]) -> dict[str, np.ndarray]:
        found = {}
        for batch in batched(list(set(keys)), _KEYS_PER_QUERY):
            query = f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(batch))})"
            for key, blob in self._db.execute(query, batch):
                vector = np.frombuffer(blob, dtype=np.float32)
                if vector.shape == (self._dimension,):
                    found[key] = vector
        return found

    def put_many(self, keys: list[str], vectors: np.ndarray) -> None:
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                 [(k, v.astype(np.float32).tobytes()) for k, v in zip(keys, vectors)])

    def prune(self, keep: set[str]) -> int:
        """Delete every entry not in `keep`; returns how many were deleted."""
        with self._db:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM keep")
            self._db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", [(k,) for k in keep])
            deleted = self._db.execute("DELETE FROM vectors WHERE key NOT IN (SELECT key FROM keep)").rowcount
        return deleted

    def close(self) -> None:
        self._db.close()
