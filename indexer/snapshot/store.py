"""An index folder's snapshots: the live pointer, listing, writing, publishing and removing them.

Call the writers only while holding the build lock (`indexer.build.build_lock`).
"""
from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

import bm25s
import faiss
import numpy as np

from indexer.chunking import Chunk, ChunkerSettings
from indexer.corpus import Article
from indexer.site import SiteData
from indexer.snapshot.layout import (KEYWORDS_DIR, MANIFEST_FILE, POINTER_FILE, PUBLISHED_FILE, RECORDS_FILE,
                                     ROW_DOCS_FILE, SITE_FILE, SNAPSHOT_ID, SNAPSHOTS_DIR, TEMP_PREFIX, VECTORS_FILE,
                                     WORDS_FILE, SnapshotError, file_checksums, fsync)
from indexer.snapshot.manifest import Manifest, ModelInfo
from indexer.snapshot.records import write_records
from indexer.vector_index import VectorIndexInfo

def read_pointer(index_dir: Path) -> str | None:
    """The live snapshot's id; None before the first publish. A pointer that is not a snapshot id
    (not text, a folder, garbage) is a SnapshotError, which a server reports and keeps running."""
    try:
        name = (index_dir / POINTER_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"{index_dir.name}/{POINTER_FILE} cannot be read ({type(exc).__name__}): "
                            f"point it at a snapshot with `python -m indexer rollback <id>`") from None
    if name and not SNAPSHOT_ID.fullmatch(name):
        raise SnapshotError(f"{index_dir.name}/{POINTER_FILE} does not name a snapshot: "
                            f"point it at one with `python -m indexer rollback <id>`")
    return name or None


def list_snapshots(index_dir: Path) -> list[str]:
    """Published snapshot ids, oldest first: the live one and those it has ever been (never a dead build's
    folder). An index from before snapshots were marked has no mark at all: all its snapshots count."""
    found = _snapshot_folders(index_dir)
    marked = [s for s in found if (index_dir / SNAPSHOTS_DIR / s / PUBLISHED_FILE).exists()]
    if not marked:
        return found
    current = read_pointer(index_dir)
    return [s for s in found if s in marked or s == current]


def fallback_snapshots(index_dir: Path) -> list[str]:
    """Published snapshots other than the one the pointer names, newest first: what a server may serve
    when the live snapshot cannot be opened (its pointer unreadable, its files damaged). Read without
    the pointer, which may be what is broken."""
    try:
        live = read_pointer(index_dir)
    except SnapshotError:
        live = None
    found = _snapshot_folders(index_dir)
    marked = [s for s in found if (index_dir / SNAPSHOTS_DIR / s / PUBLISHED_FILE).exists()]
    return [s for s in reversed(marked or found) if s != live]


def _snapshot_folders(index_dir: Path) -> list[str]:
    folder = index_dir / SNAPSHOTS_DIR
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def snapshot_dir(index_dir: Path, snapshot_id: str) -> Path:
    return index_dir / SNAPSHOTS_DIR / snapshot_id


def current_snapshot_dir(index_dir: Path) -> Path:
    snapshot_id = read_pointer(index_dir)
    if snapshot_id is None:
        raise SnapshotError(f"no index in {index_dir}/: build one with `python -m indexer build --index {index_dir}`")
    path = snapshot_dir(index_dir, snapshot_id)
    if not path.is_dir():
        raise SnapshotError(f"{index_dir}/{POINTER_FILE} names snapshot {snapshot_id!r}, which is missing: "
                            "rebuild with `python -m indexer build --full`")
    return path


@dataclass(frozen=True)
class SnapshotContents:
    """Everything a build hands over to be written as one snapshot."""
    articles: list[Article]
    chunks: list[Chunk]
    embedding_keys: list[str]
    vectors: np.ndarray
    keywords: bm25s.BM25
    model: ModelInfo
    chunker: ChunkerSettings
    corpus_fingerprint: str
    site: SiteData = SiteData()
    golden: dict | None = None
    words: dict[str, int] = dataclasses.field(default_factory=dict)


def corpus_fingerprint(articles: list[Article], site: SiteData = SiteData()) -> str:
    """What the published content is: every article's id and bytes, and the site data."""
    digest = hashlib.sha256()
    for article in sorted(articles, key=lambda a: a.doc_id):
        digest.update(f"{article.doc_id}\0{article.content_hash}\n".encode())
    digest.update(site.to_json().encode())
    return digest.hexdigest()


def new_snapshot_id() -> str:
    """Sortable by build time; the random tail keeps two builds in one second apart."""
    now = datetime.datetime.now(datetime.timezone.utc)
    return f"{now:%Y%m%dT%H%M%S%fZ}-{secrets.token_hex(3)}"


def write_snapshot(index_dir: Path, contents: SnapshotContents, vector_index: faiss.Index,
                   vector_info: VectorIndexInfo) -> Manifest:
    """Write a complete snapshot and move it into place; returns its manifest. Does not publish it."""
    snapshot_id = new_snapshot_id()
    temp = index_dir / f"{TEMP_PREFIX}{snapshot_id}"
    temp.mkdir(parents=True)
    try:
        _write_vectors(vector_index, temp / VECTORS_FILE)
        contents.keywords.save(str(temp / KEYWORDS_DIR), show_progress=False)
        ordinals = {article.doc_id: i for i, article in enumerate(contents.articles)}
        np.save(temp / ROW_DOCS_FILE, np.array([ordinals[c.doc_id] for c in contents.chunks], dtype=np.int32))
        write_records(temp / RECORDS_FILE, contents.articles, contents.chunks, contents.embedding_keys, ordinals)
        (temp / SITE_FILE).write_text(contents.site.to_json(), encoding="utf-8")
        (temp / WORDS_FILE).write_text(json.dumps(contents.words, sort_keys=True), encoding="utf-8")
        manifest = Manifest(
            snapshot_id=snapshot_id,
            built_at=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            model=contents.model, chunker=contents.chunker, documents=len(contents.articles),
            chunks=len(contents.chunks), corpus_fingerprint=contents.corpus_fingerprint,
            vector_index=vector_info, checksums=file_checksums(temp), golden=contents.golden)
        (temp / MANIFEST_FILE).write_text(manifest.to_json(), encoding="utf-8")
        for path in temp.rglob("*"):
            if path.is_file():
                fsync(path)
        (index_dir / SNAPSHOTS_DIR).mkdir(exist_ok=True)
        os.rename(temp, index_dir / SNAPSHOTS_DIR / snapshot_id)
        fsync(index_dir / SNAPSHOTS_DIR)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return manifest


def _write_vectors(vector_index: faiss.Index, path: Path) -> None:
    """faiss reports a failed write (a full disk) as a RuntimeError carrying its C++ source lines: an OSError
    here, which the editors' commands report in one line."""
    try:
        faiss.write_index(vector_index, str(path))
    except RuntimeError:
        raise OSError(f"the vector index could not be written to {path.name} (is the disk full?)") from None


def publish(index_dir: Path, snapshot_id: str) -> None:
    """Point CURRENT at `snapshot_id` in one atomic rename."""
    pointer = index_dir / POINTER_FILE
    temp = index_dir / f"{TEMP_PREFIX}{POINTER_FILE}"
    temp.write_text(snapshot_id + "\n", encoding="utf-8")
    fsync(temp)
    os.replace(temp, pointer)
    fsync(index_dir)
    _mark_published(index_dir / SNAPSHOTS_DIR / snapshot_id)


def _mark_published(folder: Path) -> None:
    """Record that the pointer has been at this snapshot (after it moved: a kill in between leaves the
    live snapshot unmarked, and `published_snapshots` counts the live one anyway)."""
    marker = folder / PUBLISHED_FILE
    if not marker.exists():
        marker.write_text(datetime.date.today().isoformat() + "\n", encoding="utf-8")
        fsync(marker)
        fsync(folder)


def remove_snapshot(index_dir: Path, snapshot_id: str) -> None:
    """Delete an unpublished snapshot (one held back by its check, or a dry run's)."""
    if snapshot_id == read_pointer(index_dir):
        raise SnapshotError(f"snapshot {snapshot_id} is live; publish another before removing it")
    shutil.rmtree(snapshot_dir(index_dir, snapshot_id), ignore_errors=True)


def remove_old_snapshots(index_dir: Path, keep: int) -> list[str]:
    """Delete leftovers of dead builds and all but the newest `keep` snapshots (never the current one).

    Call only while holding the build lock. A running app keeps the snapshot it opened
    readable (open files survive removal), and the kept predecessors leave rollback
    somewhere to go.
    """
    for leftover in index_dir.glob(f"{TEMP_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink(missing_ok=True)
    current = read_pointer(index_dir)
    published = list_snapshots(index_dir)
    never_published = [s for s in _snapshot_folders(index_dir) if s not in published]
    removed = []
    for snapshot_id in never_published + published[:-keep or None]:
        if snapshot_id != current:
            shutil.rmtree(index_dir / SNAPSHOTS_DIR / snapshot_id, ignore_errors=True)
            removed.append(snapshot_id)
    return removed
