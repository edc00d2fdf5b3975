"""The on-disk snapshot format: the contract between the indexer and the search app.

An index directory holds:

    CURRENT                    name of the published snapshot (replaced atomically)
    snapshots/<id>/            one complete, immutable snapshot:
        manifest.json          `Manifest`: format, model, chunker, counts, vector index, file checksums
        vectors.faiss          dense vectors (FAISS), row i = chunk i
        rows.npy               the document ordinal of each chunk row (int32)
        chunks.sqlite          documents and chunks, read by row for the results being returned
        bm25/                  keyword index (numpy arrays + JSON, no pickle)
        site.json              topic names and crisis helplines (`indexer.site.SiteData`)
        words.json             the passages' words and their counts (spelling correction)
    build.lock                 held by the one build (or copy, or rollback) allowed at a time
    embedding-cache.sqlite     vectors by (model, embedded text), reused across builds
    UPSTREAM.json              on a replica: the version its source served at the last `pull`

A snapshot is written under a temporary name and renamed into `snapshots/`
only when complete; `CURRENT` is then replaced with `os.replace`. A build that
dies at any point leaves the previously published snapshot untouched. A snapshot
copied from another index folder (`indexer.replication`) follows the same path: it is
assembled under a temporary name, checked, moved into place, then published.

Opening a snapshot validates it (manifest schema, model, dimensions, row counts, file
checksums) and memory-maps the large files, so two processes serving one snapshot
share its pages and opening costs about the same at any size. Only this package knows
the file names and the manifest's fields.

The package, one module per part: layout (file names, errors, checksums), manifest,
records (documents and chunks), store (the pointer; writing, publishing, removing),
opening (a snapshot to search), receiving (a copy from another index folder). Callers
import from `indexer.snapshot`, which names what they use.
"""
from __future__ import annotations

from indexer.snapshot.layout import (CACHE_FILE, KEYWORDS_DIR, LOCK_FILE, MANIFEST_FILE, POINTER_FILE, PUBLISHED_FILE,
                                     RECORDS_FILE, ROW_DOCS_FILE, SNAPSHOTS_DIR, VECTORS_FILE, ModelMismatchError,
                                     SnapshotError, file_checksums)
from indexer.snapshot.manifest import (FORMAT_VERSION, SEAL_FIELD, ModelInfo, read_manifest, record_golden,
                                       verify_checksums)
from indexer.snapshot.opening import Snapshot, open_current, open_snapshot
from indexer.snapshot.receiving import (read_upstream, receive_snapshot, receiving_dir, record_upstream,
                                        scratch_folder)
from indexer.snapshot.records import RecentCache, Records, read_records, snapshot_embedding_keys
from indexer.snapshot.store import (SnapshotContents, corpus_fingerprint, current_snapshot_dir, fallback_snapshots,
                                    list_snapshots, new_snapshot_id, publish, read_pointer, remove_old_snapshots,
                                    remove_snapshot, snapshot_dir, write_snapshot)

__all__ = [
    "CACHE_FILE", "FORMAT_VERSION", "KEYWORDS_DIR", "LOCK_FILE", "MANIFEST_FILE", "POINTER_FILE", "PUBLISHED_FILE",
    "RECORDS_FILE", "ROW_DOCS_FILE", "SEAL_FIELD", "SNAPSHOTS_DIR", "VECTORS_FILE",
    "ModelInfo", "ModelMismatchError", "RecentCache", "Records", "Snapshot", "SnapshotContents", "SnapshotError",
    "corpus_fingerprint", "current_snapshot_dir", "fallback_snapshots", "file_checksums", "list_snapshots",
    "new_snapshot_id", "open_current", "open_snapshot", "publish", "read_manifest", "read_pointer", "read_records",
    "read_upstream", "receive_snapshot", "receiving_dir", "record_golden", "record_upstream", "remove_old_snapshots",
    "remove_snapshot", "scratch_folder", "snapshot_dir", "snapshot_embedding_keys", "verify_checksums",
    "write_snapshot",
]
