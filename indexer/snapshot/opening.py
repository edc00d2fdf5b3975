"""Opening a snapshot to search: refused with a clear reason unless every part agrees; large files memory-mapped."""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

import bm25s
import faiss
import numpy as np

from indexer.site import SiteData
from indexer.snapshot.layout import KEYWORDS_DIR, SITE_FILE, VECTORS_FILE, WORDS_FILE, SnapshotError
from indexer.snapshot.manifest import Manifest, check_model, read_manifest, verify_checksums
from indexer.snapshot.records import Records, read_records
from indexer.snapshot.store import current_snapshot_dir
from indexer.vector_index import open_vector_index

@dataclass(frozen=True)
class Snapshot:
    """An open, validated snapshot, ready to search."""
    snapshot_id: str
    manifest: Manifest
    records: Records
    vectors: faiss.Index
    keywords: bm25s.BM25
    site: SiteData
    words: dict[str, int] = dataclasses.field(default_factory=dict)  # empty for snapshots made before words.json


def open_snapshot(folder: Path, configured_model: str, precision: str | None = None, *, verify: bool = True) -> Snapshot:
    """Open a snapshot for searching, refusing it with a clear reason unless every part agrees."""
    manifest = read_manifest(folder)
    check_model(manifest, configured_model, folder, precision)
    if verify:
        verify_checksums(folder, manifest)
    try:
        vectors = open_vector_index(folder / VECTORS_FILE, manifest.vector_index)
        keywords = bm25s.BM25.load(str(folder / KEYWORDS_DIR), mmap=True, show_progress=False)
        for name, array in keywords.scores.items():  # plain arrays over the mapped files: memmap's
            if isinstance(array, np.memmap):          # indexing costs a Python call per element read
                keywords.scores[name] = array.view(np.ndarray)
        site = SiteData.from_json((folder / SITE_FILE).read_text(encoding="utf-8"))
        words = json.loads((folder / WORDS_FILE).read_text(encoding="utf-8")) if WORDS_FILE in manifest.checksums else {}
    except Exception as exc:  # faiss: RuntimeError; bm25s: OSError/ValueError/KeyError; sqlite3.Error; numpy
        raise SnapshotError(f"snapshot {folder} has an unreadable index file: {exc}") from None
    records = read_records(folder)
    row_docs = records.row_docs
    problems = []
    if manifest.snapshot_id != folder.name:
        problems.append(f"its manifest names snapshot {manifest.snapshot_id!r}")
    if vectors.d != manifest.model.dimension:
        problems.append(f"vectors have dimension {vectors.d}, the model {manifest.model.dimension}")
    sizes = {"vectors": vectors.ntotal, "row map": len(row_docs), "keyword index": _keyword_rows(keywords),
             "chunk records": records.count_chunks(), "manifest": manifest.chunks}
    if len(set(sizes.values())) != 1:
        problems.append("row counts differ (" + ", ".join(f"{k} {v}" for k, v in sizes.items()) + ")")
    if len(records.doc_ids) != manifest.documents:
        problems.append(f"{len(records.doc_ids)} documents, the manifest says {manifest.documents}")
    if len(row_docs) and int(row_docs.max()) >= len(records.doc_ids):
        problems.append("a chunk row points at a document that does not exist")
    if problems:
        records.close()
        raise SnapshotError(f"snapshot {folder} is inconsistent: {'; '.join(problems)}: "
                            "rebuild with `python -m indexer build --full`")
    return Snapshot(snapshot_id=folder.name, manifest=manifest, records=records, vectors=vectors, keywords=keywords,
                    site=site, words=words)


def _keyword_rows(keywords: bm25s.BM25) -> int | None:
    try:
        return int(keywords.scores["num_docs"])
    except (KeyError, TypeError, ValueError):
        return None


def open_current(index_dir: Path, configured_model: str, precision: str | None = None) -> Snapshot:
    """The published snapshot of `index_dir`, opened and validated."""
    return open_snapshot(current_snapshot_dir(index_dir), configured_model, precision)
