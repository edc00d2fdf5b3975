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
share its pages and opening costs about the same at any size. Only this module knows
the file names and the manifest's fields.
"""
from __future__ import annotations

import collections
import dataclasses
import datetime
import hashlib
import json
import os
import re
import secrets
import shutil
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import bm25s
import faiss
import numpy as np

from indexer.chunking import Chunk, ChunkerSettings
from indexer.corpus import Article, Reference
from indexer.site import SiteData
from indexer.vector_index import VectorIndexInfo, open_vector_index

FORMAT_VERSION = 3
# The manifest's checksum of its own fields (`_seal`).
SEAL_FIELD = "seal"
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
_TEMP_PREFIX = ".tmp-"
# What a snapshot id looks like (a build's are a UTC time and a random suffix): a file name, not a path.
_SNAPSHOT_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,99}")
# Records kept in memory once read: the passages and articles that answer most questions
# are few. About 20 MB at the most, per open snapshot.
CACHED_CHUNKS = 20_000
CACHED_ARTICLES = 5_000
_CHECKSUM_BLOCK = 1 << 20


class SnapshotError(Exception):
    """No usable snapshot: missing, unreadable, inconsistent, or of another format."""


class ModelMismatchError(SnapshotError):
    """The snapshot was built with a different embedding model than the one configured."""


# ---- the manifest ----------------------------------------------------------

@dataclass(frozen=True)
class ModelInfo:
    id: str
    dimension: int
    max_seq_length: int
    precision: str      # "fp32" (torch and onnx, interchangeable) or `INT8_PRECISION` (onnx-int8 only)
    backend: str        # the backend that built the snapshot


@dataclass(frozen=True)
class Manifest:
    """What a snapshot is: read by everyone through attributes, written only here."""
    snapshot_id: str
    built_at: str
    model: ModelInfo
    chunker: ChunkerSettings
    documents: int
    chunks: int
    corpus_fingerprint: str
    vector_index: VectorIndexInfo
    checksums: dict[str, str]
    golden: dict | None = None      # the golden-question run made before publishing (see search_app.golden)
    format_version: int = FORMAT_VERSION

    def to_json(self) -> str:
        fields = dataclasses.asdict(self)
        return json.dumps({**fields, SEAL_FIELD: _seal(fields)}, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str, where: Path) -> "Manifest":
        """Parse and check every field; a manifest of the wrong shape is refused with the reason."""
        try:
            raw = json.loads(text)
        except ValueError as exc:
            raise SnapshotError(f"snapshot {where} has a manifest that is not JSON: {exc}") from None
        if not isinstance(raw, dict):
            raise SnapshotError(f"snapshot {where} has a manifest that is not a JSON object")
        if SEAL_FIELD in raw and raw[SEAL_FIELD] != _seal({k: v for k, v in raw.items() if k != SEAL_FIELD}):
            raise SnapshotError(f"snapshot {where} is damaged: its manifest's fields differ from what the build "
                                "recorded; rebuild with `python -m indexer build --full`")
        if raw.get("format_version") != FORMAT_VERSION:
            raise SnapshotError(f"snapshot {where} is format {raw.get('format_version')!r}, this program reads "
                                f"format {FORMAT_VERSION}: rebuild with `python -m indexer build --full`")
        try:
            return cls(
                snapshot_id=_field(raw, "snapshot_id", str), built_at=_field(raw, "built_at", str),
                model=_record(ModelInfo, _field(raw, "model", dict)),
                chunker=_record(ChunkerSettings, _field(raw, "chunker", dict)),
                documents=_field(raw, "documents", int), chunks=_field(raw, "chunks", int),
                corpus_fingerprint=_field(raw, "corpus_fingerprint", str),
                vector_index=_record(VectorIndexInfo, _field(raw, "vector_index", dict)),
                checksums={str(k): str(v) for k, v in _field(raw, "checksums", dict).items()},
                golden=raw.get("golden") if isinstance(raw.get("golden"), dict) else None,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise SnapshotError(f"snapshot {where} has a malformed manifest ({exc}): "
                                "rebuild with `python -m indexer build --full`") from None


def _seal(fields: dict) -> str:
    """The sha256 of a manifest's own fields: the files' checksums cover the files, this covers the model,
    precision, backend, lengths, probes and golden record the manifest itself holds. (A manifest written
    before seals existed has none, and is read as it was.)"""
    return hashlib.sha256(json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _field(raw: dict, name: str, kind: type):
    value = raw[name]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"{name!r} must be {kind.__name__}, not {type(value).__name__}")
    return value


def _record(cls, raw: dict):
    """A frozen dataclass from a JSON object whose keys are exactly its fields, of the declared types."""
    names = {f.name for f in dataclasses.fields(cls)}
    if set(raw) != names:
        raise KeyError(f"{cls.__name__} fields {sorted(raw)} instead of {sorted(names)}")
    for f in dataclasses.fields(cls):
        allowed = {"int": (int,), "str": (str,), "bool": (bool,), "float": (float, int),
                   "int | None": (int, type(None)), "float | None": (float, int, type(None))}[f.type]
        if not isinstance(raw[f.name], allowed) or (bool not in allowed and isinstance(raw[f.name], bool)):
            raise TypeError(f"{cls.__name__}.{f.name} must be {f.type}")
    return cls(**raw)


# ---- records: documents and chunks ------------------------------------------

# Article and Chunk fields stored as JSON text; every other field is a plain column.
_JSON_FIELDS = {"also_called", "tags", "sources", "related", "sentences"}
_FLAG_FIELDS = {"safety_note", "discusses_means"}   # stored as 0/1
_ARTICLE_FIELDS = [f.name for f in dataclasses.fields(Article)]
_CHUNK_FIELDS = [f.name for f in dataclasses.fields(Chunk)]
_SCHEMA = f"""
    CREATE TABLE documents (ordinal INTEGER PRIMARY KEY, {", ".join(_ARTICLE_FIELDS)});
    CREATE UNIQUE INDEX documents_by_id ON documents(doc_id);
    CREATE TABLE chunks (row INTEGER PRIMARY KEY, doc_ordinal INTEGER NOT NULL, embedding_key TEXT NOT NULL,
                         {", ".join(_CHUNK_FIELDS)});
    CREATE INDEX chunks_by_document ON chunks(doc_ordinal, start);
    CREATE INDEX safety_notes ON chunks(doc_ordinal) WHERE safety_note = 1;
"""


def _encode(name: str, value):
    if name == "sources":
        return json.dumps([dataclasses.asdict(ref) for ref in value])
    return json.dumps(list(value)) if name in _JSON_FIELDS else value


def _article(row: sqlite3.Row) -> Article:
    values = {name: row[name] for name in _ARTICLE_FIELDS}
    for name in _JSON_FIELDS & set(values):
        values[name] = tuple(json.loads(values[name]))
    values["sources"] = tuple(Reference(**ref) for ref in values["sources"])
    return Article(**values)


def _chunk(row: sqlite3.Row) -> Chunk:
    values = {name: bool(row[name]) if name in _FLAG_FIELDS else row[name] for name in _CHUNK_FIELDS}
    values["sentences"] = tuple((start, end, tuple(terms)) for start, end, terms in json.loads(values["sentences"]))
    return Chunk(**values)


@dataclass(frozen=True)
class ArticleSummary:
    """What a list of articles shows about each: enough for an A-Z or a topic page."""
    doc_id: str
    title: str
    summary: str
    updated: str | None
    tags: tuple[str, ...]


class RecentCache:
    """A small thread-safe least-recently-used map: records of an immutable snapshot never go stale."""

    def __init__(self, size: int):
        self._size = size
        self._items: collections.OrderedDict = collections.OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, keys) -> dict:
        with self._lock:
            found = {}
            for key in keys:
                if key in self._items:
                    self._items.move_to_end(key)
                    found[key] = self._items[key]
            return found

    def put_many(self, items: dict) -> None:
        with self._lock:
            self._items.update(items)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


class Records:
    """A snapshot's documents and chunks, read from SQLite as they are needed.

    Only the small per-row and per-document maps are held in memory (the document
    of each row, document ids and tags); passages and article bodies are read for
    the results being returned. One read-only connection is opened with the snapshot
    and shared by threads under a lock, so the snapshot stays readable even if a
    later build removes its folder while an app still serves it.
    """

    def __init__(self, path: Path, row_docs: np.ndarray):
        self._db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.Lock()
        self.row_docs = row_docs
        for table, expected in (("documents", ["ordinal", *_ARTICLE_FIELDS]),
                                ("chunks", ["row", "doc_ordinal", "embedding_key", *_CHUNK_FIELDS])):
            columns = [r["name"] for r in self._query(f"PRAGMA table_info({table})")]
            if columns != expected:
                raise ValueError(f"table {table} has columns {columns}, not {expected}")
        self._chunk_cache, self._card_cache, self._note_cache = (
            RecentCache(CACHED_CHUNKS), RecentCache(CACHED_ARTICLES), RecentCache(CACHED_ARTICLES))
        # Each serving process holds these maps itself: read row by row, with one tuple per
        # distinct set of tags, they took 13 MB at 100k documents, where fetching them all at
        # once and a tuple per document took 43 MB.
        self.doc_ids: list[str] = []
        self.doc_tags: list[tuple[str, ...]] = []
        tag_sets: dict[str, tuple[str, ...]] = {}
        with self._lock:
            for ordinal, doc_id, tags in self._db.execute("SELECT ordinal, doc_id, tags FROM documents ORDER BY ordinal"):
                if ordinal != len(self.doc_ids):
                    raise ValueError("document ordinals are not 0..n-1")
                self.doc_ids.append(doc_id)
                if tags not in tag_sets:
                    tag_sets[tags] = tuple(json.loads(tags))
                self.doc_tags.append(tag_sets[tags])
        self.ordinal_of: dict[str, int] = {doc_id: i for i, doc_id in enumerate(self.doc_ids)}

    def _query(self, sql: str, parameters: Iterable = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, tuple(parameters)).fetchall()

    def __len__(self) -> int:
        return len(self.row_docs)

    def doc_id(self, row: int) -> str:
        return self.doc_ids[self.row_docs[row]]

    def chunks(self, rows: list[int]) -> list[Chunk]:
        """The chunks at `rows`, in that order (recently read ones from memory)."""
        found = self._chunk_cache.get_many(rows)
        missing = [row for row in dict.fromkeys(rows) if row not in found]
        if missing:
            read = {r["row"]: _chunk(r) for r in self._query(
                f"SELECT * FROM chunks WHERE row IN ({','.join('?' * len(missing))})", missing)}
            self._chunk_cache.put_many(read)
            found.update(read)
        return [found[row] for row in rows]

    def chunk(self, row: int) -> Chunk:
        return self.chunks([row])[0]

    def all_chunks(self) -> Iterator[Chunk]:
        """Every chunk, in row order."""
        for row in self._query("SELECT * FROM chunks ORDER BY row"):
            yield _chunk(row)

    def article(self, doc_id: str) -> Article | None:
        return self.articles_by_id([doc_id]).get(doc_id)

    def articles_by_id(self, doc_ids: list[str], with_body: bool = True) -> dict[str, Article]:
        """The articles with these ids, in one read; without `with_body`, their bodies are left
        empty (results show an article's title and sources, not its text) and recent ones come from memory."""
        found = {} if with_body else self._card_cache.get_many(doc_ids)
        missing = [doc_id for doc_id in doc_ids if doc_id not in found]
        if missing:
            columns = "*" if with_body else ", ".join("'' AS body" if f == "body" else f for f in _ARTICLE_FIELDS)
            read = {row["doc_id"]: _article(row) for row in self._query(
                f"SELECT {columns} FROM documents WHERE doc_id IN ({','.join('?' * len(missing))})", missing)}
            if not with_body:
                self._card_cache.put_many(read)
            found.update(read)
        return found

    def article_summaries(self, tag: str | None = None) -> list[ArticleSummary]:
        """Articles A-Z by title, or only those with `tag`."""
        rows = self._query("SELECT doc_id, title, summary, updated, tags FROM documents ORDER BY title COLLATE NOCASE")
        found = [ArticleSummary(r["doc_id"], r["title"], r["summary"], r["updated"], tuple(json.loads(r["tags"])))
                 for r in rows]
        return [a for a in found if tag is None or tag in a.tags]

    def articles(self) -> Iterator[Article]:
        """Every article, by document id."""
        for row in self._query("SELECT * FROM documents ORDER BY doc_id"):
            yield _article(row)

    def flagged_rows(self, rows: list[int], flag: str) -> set[int]:
        """Which of `rows` have a chunk flag set ("safety_note" or "discusses_means")."""
        if flag not in _FLAG_FIELDS:
            raise ValueError(f"unknown chunk flag {flag!r}")
        if not rows:
            return set()
        return {r["row"] for r in self._query(
            f"SELECT row FROM chunks WHERE {flag} = 1 AND row IN ({','.join('?' * len(rows))})", rows)}

    def safety_note_rows(self, doc_ids: list[str]) -> dict[str, list[int]]:
        """Each document's safety-note rows (an empty list for none)."""
        notes = self._note_cache.get_many(doc_ids)
        missing = [d for d in doc_ids if d not in notes and d in self.ordinal_of]
        if missing:
            read: dict[str, list[int]] = {d: [] for d in missing}
            for r in self._query(f"SELECT row, doc_ordinal FROM chunks WHERE safety_note = 1 AND doc_ordinal IN "
                                 f"({','.join('?' * len(missing))}) ORDER BY row", [self.ordinal_of[d] for d in missing]):
                read[self.doc_ids[r["doc_ordinal"]]].append(r["row"])
            self._note_cache.put_many(read)
            notes.update(read)
        return notes

    def doc_rows(self, doc_id: str) -> list[int]:
        """A document's chunk rows in reading order."""
        ordinal = self.ordinal_of.get(doc_id)
        if ordinal is None:
            return []
        return [r["row"] for r in self._query(
            "SELECT row FROM chunks WHERE doc_ordinal = ? ORDER BY start", (ordinal,))]

    def doc_chunks(self, doc_id: str) -> list[tuple[Chunk, str]]:
        """A document's chunks in row order, each with its embedding key (what a rebuild reuses)."""
        return [(_chunk(r), r["embedding_key"]) for r in self._query(
            "SELECT * FROM chunks WHERE doc_ordinal = ? ORDER BY row", (self.ordinal_of.get(doc_id, -1),))]

    def content_hashes(self) -> dict[str, str]:
        return {r["doc_id"]: r["content_hash"] for r in self._query("SELECT doc_id, content_hash FROM documents")}

    def embedding_keys(self) -> set[str]:
        return {r["embedding_key"] for r in self._query("SELECT embedding_key FROM chunks")}

    def count_chunks(self) -> int:
        return self._query("SELECT COUNT(*) AS n FROM chunks")[0]["n"]

    def close(self) -> None:
        self._db.close()


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


# ---- writing -------------------------------------------------------------

def write_snapshot(index_dir: Path, contents: SnapshotContents, vector_index: faiss.Index,
                   vector_info: VectorIndexInfo) -> Manifest:
    """Write a complete snapshot and move it into place; returns its manifest. Does not publish it."""
    snapshot_id = new_snapshot_id()
    temp = index_dir / f"{_TEMP_PREFIX}{snapshot_id}"
    temp.mkdir(parents=True)
    try:
        _write_vectors(vector_index, temp / VECTORS_FILE)
        contents.keywords.save(str(temp / KEYWORDS_DIR), show_progress=False)
        ordinals = {article.doc_id: i for i, article in enumerate(contents.articles)}
        np.save(temp / ROW_DOCS_FILE, np.array([ordinals[c.doc_id] for c in contents.chunks], dtype=np.int32))
        _write_records(temp / RECORDS_FILE, contents, ordinals)
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
                _fsync(path)
        (index_dir / SNAPSHOTS_DIR).mkdir(exist_ok=True)
        os.rename(temp, index_dir / SNAPSHOTS_DIR / snapshot_id)
        _fsync(index_dir / SNAPSHOTS_DIR)
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
    temp = index_dir / f"{_TEMP_PREFIX}{POINTER_FILE}"
    temp.write_text(snapshot_id + "\n", encoding="utf-8")
    _fsync(temp)
    os.replace(temp, pointer)
    _fsync(index_dir)
    _mark_published(index_dir / SNAPSHOTS_DIR / snapshot_id)


def _mark_published(folder: Path) -> None:
    """Record that the pointer has been at this snapshot (after it moved: a kill in between leaves the
    live snapshot unmarked, and `published_snapshots` counts the live one anyway)."""
    marker = folder / PUBLISHED_FILE
    if not marker.exists():
        marker.write_text(datetime.date.today().isoformat() + "\n", encoding="utf-8")
        _fsync(marker)
        _fsync(folder)


def receiving_dir(index_dir: Path, snapshot_id: str) -> Path:
    """Where a snapshot copied from another index folder is assembled: under a temporary name, like a build's,
    so a copy that dies part-way is a leftover nobody lists or serves. The next copy of the same snapshot
    resumes in it (`remove_old_snapshots` deletes any other); a folder of it that was moved into place but
    never published (the copy died just before the pointer moved) is taken back to be checked again."""
    temp = index_dir / f"{_TEMP_PREFIX}{snapshot_id}"
    landed = snapshot_dir(index_dir, snapshot_id)
    if landed.is_dir() and snapshot_id not in list_snapshots(index_dir):
        shutil.rmtree(temp, ignore_errors=True)
        os.rename(landed, temp)
    temp.mkdir(parents=True, exist_ok=True)
    return temp


def receive_snapshot(index_dir: Path, snapshot_id: str) -> Manifest:
    """Check a copy assembled in `receiving_dir` (its manifest's seal, its id, every file's checksum) and move it
    into `snapshots/`, unpublished. A copy that fails is deleted, so the next one starts afresh; the
    SnapshotError says which files failed."""
    temp = index_dir / f"{_TEMP_PREFIX}{snapshot_id}"
    try:
        manifest = read_manifest(temp)
        if manifest.snapshot_id != snapshot_id:
            raise SnapshotError(f"its manifest names snapshot {manifest.snapshot_id!r}")
        damaged = damaged_files(temp, manifest)
        if damaged:
            raise SnapshotError(f"{', '.join(damaged)} differ from its manifest")
    except SnapshotError:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    for path in temp.rglob("*"):
        if path.is_file():
            _fsync(path)
    (index_dir / SNAPSHOTS_DIR).mkdir(exist_ok=True)
    os.rename(temp, snapshot_dir(index_dir, snapshot_id))
    _fsync(index_dir / SNAPSHOTS_DIR)
    return manifest


def scratch_folder(index_dir: Path) -> tempfile.TemporaryDirectory:
    """A private folder inside an index folder, deleted on leaving; one a killed process leaves behind is a
    leftover `remove_old_snapshots` deletes."""
    return tempfile.TemporaryDirectory(dir=index_dir, prefix=_TEMP_PREFIX)


@dataclass(frozen=True)
class Upstream:
    """What a replica's source served when `pull` last read its pointer."""
    version: str
    checked_at: str


def record_upstream(index_dir: Path, version: str) -> None:
    """Keep the source's live version on a replica, atomically (a reader sees the old record or the new)."""
    temp = index_dir / f"{_TEMP_PREFIX}{UPSTREAM_FILE}"
    checked_at = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    temp.write_text(json.dumps({"version": version, "checked_at": checked_at}), encoding="utf-8")
    os.replace(temp, index_dir / UPSTREAM_FILE)


def read_upstream(index_dir: Path) -> Upstream | None:
    """The last `record_upstream`; None on an index folder no `pull` has written (a build host), or an
    unreadable record (it is advice for operators, never a reason to stop serving)."""
    try:
        raw = json.loads((index_dir / UPSTREAM_FILE).read_text(encoding="utf-8"))
        return Upstream(str(raw["version"]), str(raw["checked_at"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def record_golden(folder: Path, golden: dict) -> None:
    """Keep a golden-question run in a snapshot's manifest (which no checksum covers), atomically."""
    manifest = dataclasses.replace(read_manifest(folder), golden=golden)
    temp = folder / f"{_TEMP_PREFIX}{MANIFEST_FILE}"
    temp.write_text(manifest.to_json(), encoding="utf-8")
    _fsync(temp)
    os.replace(temp, folder / MANIFEST_FILE)


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
    for leftover in index_dir.glob(f"{_TEMP_PREFIX}*"):
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


def _write_records(path: Path, contents: SnapshotContents, ordinals: dict[str, int]) -> None:
    db = sqlite3.connect(path)
    try:
        with db:
            db.executescript(_SCHEMA)
            db.executemany(
                f"INSERT INTO documents VALUES (?, {','.join('?' * len(_ARTICLE_FIELDS))})",
                [(ordinals[a.doc_id], *(_encode(n, getattr(a, n)) for n in _ARTICLE_FIELDS)) for a in contents.articles])
            db.executemany(
                f"INSERT INTO chunks VALUES (?, ?, ?, {','.join('?' * len(_CHUNK_FIELDS))})",
                [(row, ordinals[c.doc_id], key, *(_encode(n, getattr(c, n)) for n in _CHUNK_FIELDS))
                 for row, (c, key) in enumerate(zip(contents.chunks, contents.embedding_keys))])
    finally:
        db.close()


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


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ---- reading -------------------------------------------------------------

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
    if name and not _SNAPSHOT_ID.fullmatch(name):
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


def read_manifest(folder: Path) -> Manifest:
    try:
        text = (folder / MANIFEST_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"snapshot {folder} has no readable manifest: {exc}") from None
    return Manifest.from_json(text, folder)


def check_model(manifest: Manifest, configured_model: str, folder: Path, precision: str | None = None) -> None:
    """The snapshot's vectors were made by this model, at this precision; else a message naming both."""
    built_with = manifest.model.id
    if built_with != configured_model:
        raise ModelMismatchError(
            f"the index in {folder.parent.parent} was built with model {built_with!r}, "
            f"but the search is configured with {configured_model!r}. Use the same model "
            f"(SEARCH_MODEL={built_with} or --model {built_with}), or rebuild the index with "
            f"`python -m indexer build --full --model {configured_model}`.")
    if precision and precision != manifest.model.precision:
        raise ModelMismatchError(
            f"the index in {folder.parent.parent} holds {manifest.model.precision} vectors (built with backend "
            f"{manifest.model.backend!r}), but this search would encode questions as {precision} vectors, which "
            f"do not match. Use SEARCH_BACKEND=auto, or rebuild with `python -m indexer build --full --backend ...`.")


def verify_checksums(folder: Path, manifest: Manifest) -> None:
    """Every file the manifest lists is present with the recorded sha256, and no file is unlisted."""
    damaged = damaged_files(folder, manifest)
    if damaged:
        raise SnapshotError(f"snapshot {folder} is damaged: {', '.join(damaged)} "
                            "differ from what the build recorded; rebuild with `python -m indexer build --full`")


def damaged_files(folder: Path, manifest: Manifest) -> list[str]:
    """The files of a snapshot folder that are missing, unlisted, or differ from their recorded sha256."""
    found = file_checksums(folder)
    return sorted(name for name in manifest.checksums.keys() | found.keys()
                  if manifest.checksums.get(name) != found.get(name))


def read_records(folder: Path) -> Records:
    """A snapshot's documents and chunks, without its search indexes (what a rebuild reuses)."""
    try:
        # A plain array over the mapped file: indexing a memmap object is slow per element.
        return Records(folder / RECORDS_FILE, np.load(folder / ROW_DOCS_FILE, mmap_mode="r").view(np.ndarray))
    except (OSError, ValueError, sqlite3.Error) as exc:
        raise SnapshotError(f"snapshot {folder} has unreadable chunk records: {exc}") from None


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


def snapshot_embedding_keys(folder: Path) -> set[str]:
    """Embedding keys a snapshot uses: what the cache must keep for it."""
    try:
        db = sqlite3.connect(f"file:{folder / RECORDS_FILE}?mode=ro", uri=True)
        try:
            return {key for (key,) in db.execute("SELECT embedding_key FROM chunks")}
        finally:
            db.close()
    except sqlite3.Error:
        return set()
