"""The on-disk snapshot format: the contract between the indexer and the search app.

An index directory holds:

    CURRENT                    name of the published snapshot (replaced atomically)
    snapshots/<id>/            one complete, immutable snapshot:
        manifest.json          format version, model, chunker settings, counts, fingerprint
        vectors.faiss          dense vectors (FAISS), row i = chunk i
        chunks.sqlite          documents and chunks (text, heading, offsets, metadata)
        bm25/                  keyword index (numpy arrays + JSON, no pickle)
    build.lock                 held by the one build allowed at a time
    embedding-cache.sqlite     vectors by (model, embedded text), reused across builds

A snapshot is written under a temporary name and renamed into `snapshots/`
only when complete; `CURRENT` is then replaced with `os.replace`. A build that
dies at any point leaves the previously published snapshot untouched.
Only this module knows the file names inside a snapshot.
"""
from __future__ import annotations

import datetime
import functools
import hashlib
import json
import os
import secrets
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import bm25s
import faiss
import numpy as np

from indexer.chunking import Chunk
from indexer.corpus import Article, Reference

FORMAT_VERSION = 1
POINTER_FILE = "CURRENT"
SNAPSHOTS_DIR = "snapshots"
LOCK_FILE = "build.lock"
CACHE_FILE = "embedding-cache.sqlite"
_MANIFEST = "manifest.json"
_VECTORS = "vectors.faiss"
_RECORDS = "chunks.sqlite"
_KEYWORDS = "bm25"
_TEMP_PREFIX = ".tmp-"
# Exact search is fast enough below this many chunks; above it, a graph index keeps queries sub-linear.
_EXACT_SEARCH_LIMIT = 200_000


class SnapshotError(Exception):
    """No usable snapshot: missing, unreadable, or of another format."""


class ModelMismatchError(SnapshotError):
    """The snapshot was built with a different embedding model than the one configured."""


@dataclass(frozen=True)
class Records:
    """A snapshot's documents and chunks, in vector-row order, with each chunk's embedding key."""
    articles: dict[str, Article]
    chunks: list[Chunk]
    embedding_keys: list[str]

    @functools.cached_property
    def rows_by_doc(self) -> dict[str, list[int]]:
        """Each document's chunk rows, in reading order; computed once per loaded snapshot."""
        rows: dict[str, list[int]] = {}
        for row, chunk in enumerate(self.chunks):
            rows.setdefault(chunk.doc_id, []).append(row)
        return {doc_id: sorted(doc_rows, key=lambda r: self.chunks[r].start) for doc_id, doc_rows in rows.items()}


@dataclass(frozen=True)
class Snapshot:
    """A fully loaded snapshot, ready to search."""
    snapshot_id: str
    manifest: dict
    records: Records
    vectors: faiss.Index
    keywords: bm25s.BM25


def corpus_fingerprint(articles: list[Article]) -> str:
    digest = hashlib.sha256()
    for article in sorted(articles, key=lambda a: a.doc_id):
        digest.update(f"{article.doc_id}\0{article.content_hash}\n".encode())
    return digest.hexdigest()


def new_snapshot_id() -> str:
    """Sortable by build time; the random tail keeps two builds in one second apart."""
    now = datetime.datetime.now(datetime.timezone.utc)
    return f"{now:%Y%m%dT%H%M%S%fZ}-{secrets.token_hex(3)}"


def vector_index_for(vectors: np.ndarray) -> faiss.Index:
    """Inner product on normalised vectors is cosine similarity."""
    dimension = vectors.shape[1]
    if len(vectors) <= _EXACT_SEARCH_LIMIT:
        index = faiss.IndexFlatIP(dimension)
    else:
        index = faiss.IndexHNSWFlat(dimension, 32, faiss.METRIC_INNER_PRODUCT)
    index.add(vectors)
    return index


# ---- writing -------------------------------------------------------------

def write_snapshot(index_dir: Path, manifest: dict, records: Records, vectors: np.ndarray,
                   keywords: bm25s.BM25) -> str:
    """Write a complete snapshot and move it into place; returns its id. Does not publish it."""
    snapshot_id = new_snapshot_id()
    temp = index_dir / f"{_TEMP_PREFIX}{snapshot_id}"
    temp.mkdir(parents=True)
    try:
        faiss.write_index(vector_index_for(vectors), str(temp / _VECTORS))
        keywords.save(str(temp / _KEYWORDS), show_progress=False)
        _write_records(temp / _RECORDS, records)
        manifest = {**manifest, "format_version": FORMAT_VERSION, "snapshot_id": snapshot_id}
        (temp / _MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
        for path in temp.rglob("*"):
            if path.is_file():
                _fsync(path)
        (index_dir / SNAPSHOTS_DIR).mkdir(exist_ok=True)
        os.rename(temp, index_dir / SNAPSHOTS_DIR / snapshot_id)
        _fsync(index_dir / SNAPSHOTS_DIR)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return snapshot_id


def publish(index_dir: Path, snapshot_id: str) -> None:
    """Point CURRENT at `snapshot_id` in one atomic rename."""
    pointer = index_dir / POINTER_FILE
    temp = index_dir / f"{_TEMP_PREFIX}{POINTER_FILE}"
    temp.write_text(snapshot_id + "\n", encoding="utf-8")
    _fsync(temp)
    os.replace(temp, pointer)
    _fsync(index_dir)


def remove_old_snapshots(index_dir: Path, keep: int) -> list[str]:
    """Delete leftovers of dead builds and all but the newest `keep` snapshots (never the current one).

    Call only while holding the build lock. A running app holds what it loaded in memory,
    and the kept predecessors cover apps that are between reading CURRENT and loading.
    """
    for leftover in index_dir.glob(f"{_TEMP_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink(missing_ok=True)
    current = read_pointer(index_dir)
    removed = []
    for snapshot_id in list_snapshots(index_dir)[:-keep or None]:
        if snapshot_id != current:
            shutil.rmtree(index_dir / SNAPSHOTS_DIR / snapshot_id, ignore_errors=True)
            removed.append(snapshot_id)
    return removed


def _write_records(path: Path, records: Records) -> None:
    with sqlite3.connect(path) as db:
        db.executescript("""
            CREATE TABLE documents (
                doc_id TEXT PRIMARY KEY, path TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
                content_hash TEXT NOT NULL, summary TEXT NOT NULL, tags TEXT NOT NULL,
                updated TEXT, url TEXT, source TEXT, sources TEXT NOT NULL);
            CREATE TABLE chunks (
                row INTEGER PRIMARY KEY, chunk_id TEXT UNIQUE NOT NULL,
                doc_id TEXT NOT NULL REFERENCES documents(doc_id), position INTEGER NOT NULL,
                heading TEXT NOT NULL, passage TEXT NOT NULL, embed_text TEXT NOT NULL,
                start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL, embedding_key TEXT NOT NULL);
        """)
        db.executemany("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?)", [
            (a.doc_id, a.path, a.title, a.body, a.content_hash, a.summary, json.dumps(list(a.tags)),
             a.updated, a.url, a.source, json.dumps([{"name": r.name, "url": r.url} for r in a.sources]))
            for a in records.articles.values()])
        db.executemany("INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?,?,?)", [
            (row, c.chunk_id, c.doc_id, c.position, c.heading, c.passage, c.embed_text, c.start, c.end, key)
            for row, (c, key) in enumerate(zip(records.chunks, records.embedding_keys))])
    db.close()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ---- reading -------------------------------------------------------------

def read_pointer(index_dir: Path) -> str | None:
    try:
        name = (index_dir / POINTER_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return name or None


def list_snapshots(index_dir: Path) -> list[str]:
    folder = index_dir / SNAPSHOTS_DIR
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def current_snapshot_dir(index_dir: Path) -> Path:
    snapshot_id = read_pointer(index_dir)
    if snapshot_id is None:
        raise SnapshotError(f"no index in {index_dir}/: build one with `python -m indexer build --index {index_dir}`")
    path = index_dir / SNAPSHOTS_DIR / snapshot_id
    if not path.is_dir():
        raise SnapshotError(f"{index_dir}/{POINTER_FILE} names snapshot {snapshot_id!r}, which is missing: "
                            "rebuild with `python -m indexer build --full`")
    return path


def read_manifest(snapshot_dir: Path) -> dict:
    try:
        manifest = json.loads((snapshot_dir / _MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SnapshotError(f"snapshot {snapshot_dir} has no readable manifest: {exc}") from None
    if manifest.get("format_version") != FORMAT_VERSION:
        raise SnapshotError(f"snapshot {snapshot_dir} is format {manifest.get('format_version')!r}, "
                            f"this program reads format {FORMAT_VERSION}: rebuild with `python -m indexer build --full`")
    return manifest


def check_model(manifest: dict, configured_model: str, snapshot_dir: Path) -> None:
    built_with = manifest["model"]["id"]
    if built_with != configured_model:
        raise ModelMismatchError(
            f"the index in {snapshot_dir.parent.parent} was built with model {built_with!r}, "
            f"but the search is configured with {configured_model!r}. Use the same model "
            f"(SEARCH_MODEL={built_with} or --model {built_with}), or rebuild the index with "
            f"`python -m indexer build --full --model {configured_model}`.")


def read_records(snapshot_dir: Path) -> Records:
    try:
        db = sqlite3.connect(f"file:{snapshot_dir / _RECORDS}?mode=ro", uri=True)
        try:
            articles = {row[0]: Article(
                doc_id=row[0], path=row[1], title=row[2], body=row[3], content_hash=row[4], summary=row[5],
                tags=tuple(json.loads(row[6])), updated=row[7], url=row[8], source=row[9],
                sources=tuple(Reference(**ref) for ref in json.loads(row[10])))
                for row in db.execute("SELECT * FROM documents ORDER BY doc_id")}
            chunks, keys = [], []
            for row in db.execute("SELECT * FROM chunks ORDER BY row"):
                chunks.append(Chunk(chunk_id=row[1], doc_id=row[2], position=row[3], heading=row[4],
                                    passage=row[5], embed_text=row[6], start=row[7], end=row[8]))
                keys.append(row[9])
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise SnapshotError(f"snapshot {snapshot_dir} has unreadable chunk records: {exc}") from None
    return Records(articles=articles, chunks=chunks, embedding_keys=keys)


def load_snapshot(snapshot_dir: Path, configured_model: str) -> Snapshot:
    """Load everything a search needs into memory, checking the model and internal consistency."""
    manifest = read_manifest(snapshot_dir)
    check_model(manifest, configured_model, snapshot_dir)
    records = read_records(snapshot_dir)
    try:
        vectors = faiss.read_index(str(snapshot_dir / _VECTORS))
        keywords = bm25s.BM25.load(str(snapshot_dir / _KEYWORDS), show_progress=False)
    except Exception as exc:  # faiss raises RuntimeError, bm25s OSError/ValueError/KeyError
        raise SnapshotError(f"snapshot {snapshot_dir} has an unreadable index file: {exc}") from None
    if not vectors.ntotal == len(records.chunks) == int(keywords.scores["num_docs"]):
        raise SnapshotError(f"snapshot {snapshot_dir} is inconsistent: {vectors.ntotal} vectors, "
                            f"{len(records.chunks)} chunks: rebuild with `python -m indexer build --full`")
    return Snapshot(snapshot_id=snapshot_dir.name, manifest=manifest, records=records,
                    vectors=vectors, keywords=keywords)


def snapshot_embedding_keys(snapshot_dir: Path) -> set[str]:
    """Embedding keys a snapshot uses: what the cache must keep for it."""
    try:
        db = sqlite3.connect(f"file:{snapshot_dir / _RECORDS}?mode=ro", uri=True)
        try:
            return {row[0] for row in db.execute("SELECT embedding_key FROM chunks")}
        finally:
            db.close()
    except sqlite3.Error:
        return set()
