"""A snapshot's documents and chunks in SQLite: written once by a build, read by row for the results returned."""
from __future__ import annotations

import collections
import dataclasses
import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from indexer.chunking import Chunk
from indexer.corpus import Article, Reference
from indexer.snapshot.layout import RECORDS_FILE, ROW_DOCS_FILE, SnapshotError

# Records kept in memory once read: the passages and articles that answer most questions
# are few. These counts bound the memory they take per open snapshot (bench/RESULTS.md,
# "Scale": "Memory").
CACHED_CHUNKS = 20_000
CACHED_ARTICLES = 5_000
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
        # distinct set of tags, they take far less memory than fetched all at once with a
        # tuple per document (bench/RESULTS.md, "Scale": "Memory").
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


def write_records(path: Path, articles: list[Article], chunks: list[Chunk], embedding_keys: list[str],
                  ordinals: dict[str, int]) -> None:
    """The records of a new snapshot: its articles, and its chunks with their embedding keys, row by row."""
    db = sqlite3.connect(path)
    try:
        with db:
            db.executescript(_SCHEMA)
            db.executemany(
                f"INSERT INTO documents VALUES (?, {','.join('?' * len(_ARTICLE_FIELDS))})",
                [(ordinals[a.doc_id], *(_encode(n, getattr(a, n)) for n in _ARTICLE_FIELDS)) for a in articles])
            db.executemany(
                f"INSERT INTO chunks VALUES (?, ?, ?, {','.join('?' * len(_CHUNK_FIELDS))})",
                [(row, ordinals[c.doc_id], key, *(_encode(n, getattr(c, n)) for n in _CHUNK_FIELDS))
                 for row, (c, key) in enumerate(zip(chunks, embedding_keys))])
    finally:
        db.close()


def read_records(folder: Path) -> Records:
    """A snapshot's documents and chunks, without its search indexes (what a rebuild reuses)."""
    try:
        # A plain array over the mapped file: indexing a memmap object is slow per element.
        return Records(folder / RECORDS_FILE, np.load(folder / ROW_DOCS_FILE, mmap_mode="r").view(np.ndarray))
    except (OSError, ValueError, sqlite3.Error) as exc:
        raise SnapshotError(f"snapshot {folder} has unreadable chunk records: {exc}") from None


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
