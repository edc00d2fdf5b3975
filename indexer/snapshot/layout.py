"""The names of an index folder's files and of a snapshot's (the layout: `indexer.snapshot`), the format's
errors, and the files' checksums."""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

POINTER_FILE = "CURRENT"
SNAPSHOTS_DIR = "snapshots"
LOCK_FILE = "build.lock"
CACHE_FILE = "embedding-cache.sqlite"
MANIFEST_FILE = "manifest.json"
UPSTREAM_FILE = "UPSTREAM.json"
# In a snapshot folder once the live pointer has been at it: only such snapshots are listed, kept
# and rolled back to. A build killed after its folder landed but before the pointer moved leaves
# one without it, whose golden questions may never have been checked; the next build removes it.
PUBLISHED_FILE = "PUBLISHED"
VECTORS_FILE = "vectors.faiss"
ROW_DOCS_FILE = "rows.npy"
RECORDS_FILE = "chunks.sqlite"
KEYWORDS_DIR = "bm25"
SITE_FILE = "site.json"
WORDS_FILE = "words.json"
TEMP_PREFIX = ".tmp-"
# What a snapshot id looks like (a build's are a UTC time and a random suffix): a file name, not a path.
SNAPSHOT_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,99}")
_CHECKSUM_BLOCK = 1 << 20


class SnapshotError(Exception):
    """No usable snapshot: missing, unreadable, inconsistent, or of another format."""


class ModelMismatchError(SnapshotError):
    """The snapshot was built with a different embedding model than the one configured."""


def file_checksums(folder: Path) -> dict[str, str]:
    """sha256 of every file the build wrote in a snapshot folder, by path inside it (not the manifest,
    nor the mark publishing adds)."""
    return {path.relative_to(folder).as_posix(): _sha256(path) for path in sorted(folder.rglob("*"))
            if path.is_file() and path.name not in (MANIFEST_FILE, PUBLISHED_FILE)}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(_CHECKSUM_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
