"""One build: read the corpus, reuse what has not changed, embed the rest, publish a snapshot.

Incremental by default: articles are compared with the current snapshot by content
hash, unchanged articles keep their chunks, and every chunk's vector comes from the
embedding cache when the same model has embedded the same text before.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
from filelock import FileLock, Timeout
from tqdm import tqdm

from indexer import snapshot as snap
from indexer.changes import Changes, diff_articles
from indexer.chunking import Chunk, Chunker, ChunkerSettings, safety_notes
from indexer.console import log_to_stderr
from indexer.corpus import Article, CorpusError, read_corpus, reviews_due
from indexer.embedding import (DEFAULT_ENCODER_CACHE, PRECISION, Embedder, batched, embedding_key, load_embedder,
                               model_id, resolve_backend)
from indexer.embedding_cache import EmbeddingCache
from indexer.keywords import build_keyword_index, surface_words
from indexer.site import SiteData, read_site, unlinked_numbers
from indexer.vector_index import VectorIndexInfo, build_vector_index

# Snapshots kept (the newest, and always the live one): room for rollback, and for apps
# that are between reading CURRENT and opening what it names. SEARCH_KEEP_SNAPSHOTS changes it.
KEEP_SNAPSHOTS = 3
# Related articles listed on each article page.
RELATED_ARTICLES = 5
# Chunks per embedding-cache write: large enough that SQLite commits are a small share
# of a build, small enough that a killed build loses little embedding work.
EMBED_BATCH = 128


class BuildError(Exception):
    """The build could not produce a snapshot; the published one is unchanged."""


@dataclass(frozen=True)
class CheckResult:
    """A check of a written but unpublished snapshot (the golden questions): publish only if it passed."""
    passed: bool
    record: dict      # kept in the snapshot's manifest
    report: str       # what the editor reads


@dataclass(frozen=True)
class BuildReport:
    snapshot_id: str | None
    published: bool
    documents: int
    chunks: int
    changes: Changes
    embedded: int
    reused: int
    seconds: float
    vector_index: VectorIndexInfo | None = None
    skipped: list[CorpusError] = field(default_factory=list)
    check: CheckResult | None = None
    held_back: str | None = None    # why a snapshot that was built is not published

    def summary(self) -> str:
        rate = self.chunks / self.seconds if self.seconds else 0.0
        if self.held_back:
            head = f"built snapshot {self.snapshot_id} but did not publish it ({self.held_back})"
        elif self.published:
            forced = self.check is not None and not self.check.passed
            head = f"published snapshot {self.snapshot_id}" + (" although golden questions fail (--force)" if forced else "")
        else:
            head = f"index is up to date (snapshot {self.snapshot_id})"
        vectors = ""
        if self.vector_index and self.vector_index.kind == "ivf":
            vectors = (f"; vectors: IVF nlist={self.vector_index.nlist} nprobe={self.vector_index.nprobe}, "
                       f"recall@10 {self.vector_index.recall_at_10:.3f} of exact")
        elif self.vector_index:
            vectors = "; vectors: exact search"
        return (f"{head}: {self.documents} documents, {self.chunks} chunks in {self.seconds:.1f} s "
                f"({rate:.0f} chunks/s); {self.embedded} chunks embedded, {self.reused} reused; "
                f"documents +{len(self.changes.added)} added, ~{len(self.changes.changed)} changed, "
                f">{len(self.changes.renamed)} renamed, -{len(self.changes.deleted)} deleted; "
                f"{len(self.skipped)} file(s) skipped{vectors}")


@dataclass
class _Previous:
    """What the last published snapshot can lend this build."""
    snapshot_id: str
    fingerprint: str
    precision: str
    content_hashes: dict[str, str]
    records: snap.Records


def build_index(corpus_dir: Path, index_dir: Path, model: str | None = None, **options) -> BuildReport:
    """Build and publish a snapshot of the articles in `corpus_dir`; options as for `build_from_articles`.

    The articles are read once this build holds the index's lock: a build that waited for another
    reads what the editors saved meanwhile, so the last to publish is never older content."""
    with build_lock(index_dir, options.get("wait", True), options.get("log", log_to_stderr)):
        return _build_corpus(corpus_dir, index_dir, model, **options)


def _build_corpus(corpus_dir: Path, index_dir: Path, model: str | None, **options) -> BuildReport:
    log = options.get("log", log_to_stderr)
    try:
        articles, skipped = read_corpus(corpus_dir)
        site = read_site(corpus_dir)
    except CorpusError as exc:
        raise BuildError(str(exc)) from None
    for error in skipped:
        log(f"skipped {error.path}: {error.reason}")
    for article in reviews_due(articles, datetime.date.today()):
        log(f"review due: {article.path} (next_review {article.next_review})")
    if site.topics:
        for article in articles:
            for tag in sorted(set(article.tags) - set(site.topics)):
                log(f"tag {tag!r} in {article.path} has no name in topics.yaml")
    if site.helplines:
        for article in articles:
            for note in safety_notes(article.body):
                for number in unlinked_numbers(note, site.helplines):
                    log(f"number {number!r} in a safety note of {article.path} is not in helplines.yaml, "
                        "so readers cannot tap it: add it to a line or to `linked_numbers`")
    if not articles:
        raise BuildError(f"no readable articles in {corpus_dir}/ (.md with front matter, or .txt)")
    return build_from_articles(articles, index_dir, model, skipped=skipped, site=site, **options)


def build_from_articles(articles: list[Article], index_dir: Path, model: str | None = None, *,
                        full: bool = False, get_embedder: Callable[[], Embedder] | None = None,
                        wait: bool = True, log: Callable[[str], None] = log_to_stderr, progress: bool = True,
                        skipped: list[CorpusError] = (), site: SiteData = SiteData(), backend: str | None = None,
                        encoder_cache: Path = DEFAULT_ENCODER_CACHE, check: Callable[[Path], CheckResult] | None = None,
                        force: bool = False, dry_run: bool = False, keep: int = KEEP_SNAPSHOTS,
                        cluster: str | None = None) -> BuildReport:
    """Build and publish a snapshot of `articles` into `index_dir`, one build at a time.

    `get_embedder` supplies the model only when something must be chunked or embedded,
    so a rebuild with nothing to do does not load it; without it, `backend` decides.
    `check` examines the written snapshot before it goes live: a snapshot that fails it is
    removed unpublished unless `force`; `dry_run` builds and checks but never publishes.
    `cluster`, a Dask scheduler's address, has its workers encode the passages (`indexer.cluster`).
    """
    configured_model = model_id(model)
    backend = resolve_backend(backend, "build")
    started = time.perf_counter()
    with build_lock(index_dir, wait, log):
        previous = None if full else _previous_snapshot(index_dir, configured_model, PRECISION[backend], log)
        try:
            changes = diff_articles(articles, previous.content_hashes if previous else {})
            fingerprint = snap.corpus_fingerprint(articles, site)
            if previous and previous.fingerprint == fingerprint:
                chunk_count = len(previous.records)
                return BuildReport(previous.snapshot_id, False, len(articles), chunk_count, changes,
                                   embedded=0, reused=chunk_count, seconds=time.perf_counter() - started,
                                   skipped=list(skipped))
            embedder = (get_embedder or (lambda: load_embedder(configured_model, backend, encoder_cache)))()
            if embedder.model_id != configured_model:
                raise BuildError(f"embedder is {embedder.model_id!r} but the build was asked for {configured_model!r}")
            if previous and previous.precision != embedder.precision:
                previous.records.close()
                previous = None
            chunker = Chunker(ChunkerSettings.for_model(embedder.max_seq_length), embedder.count_tokens)
            chunks, keys = _chunk_articles(articles, previous, chunker, embedder)
        finally:
            if previous:
                previous.records.close()
        encode = _encoder(embedder, cluster, encoder_cache)
        vectors, embedded = _vectors(index_dir, keys, chunks, embedder.dimension, encode, progress)
        vector_index, vector_info = build_vector_index(vectors)
        articles = with_related_articles(articles, chunks, vectors)
        manifest = snap.write_snapshot(index_dir, snap.SnapshotContents(
            articles=articles, chunks=chunks, embedding_keys=keys, vectors=vectors,
            keywords=build_keyword_index([c.embed_text for c in chunks]),
            model=snap.ModelInfo(embedder.model_id, embedder.dimension, embedder.max_seq_length, embedder.precision,
                                 embedder.backend),
            chunker=chunker.settings, corpus_fingerprint=fingerprint, site=site,
            words=surface_words([c.passage for c in chunks])), vector_index, vector_info)
        folder = snap.snapshot_dir(index_dir, manifest.snapshot_id)
        checked = check(folder) if check else None
        if checked:
            snap.record_golden(folder, checked.record)
        held_back = ("dry run" if dry_run else
                     "golden questions fail; --force publishes anyway" if checked and not checked.passed and not force
                     else None)
        if held_back:
            snap.remove_snapshot(index_dir, manifest.snapshot_id)
        else:
            snap.publish(index_dir, manifest.snapshot_id)
            _remove_unused(index_dir, embedder.dimension, keep)
    return BuildReport(manifest.snapshot_id, not held_back, len(articles), len(chunks), changes, embedded=embedded,
                       reused=len(chunks) - embedded, seconds=time.perf_counter() - started,
                       vector_index=vector_info, skipped=list(skipped), check=checked, held_back=held_back)


# The index folders this thread holds the build lock of.
_HELD = threading.local()


@contextlib.contextmanager
def build_lock(index_dir: Path, wait: bool, log: Callable[[str], None]) -> Iterator[None]:
    """One writer of an index folder at a time: builds, and rollbacks. Reentrant within a thread (a
    build reads its corpus under the lock, then builds under it)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    held = _HELD.__dict__.setdefault("folders", set())
    key = index_dir.resolve()
    if key in held:
        yield
        return
    lock = FileLock(str(index_dir / snap.LOCK_FILE))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if not wait:
            raise BuildError(f"another build is running on {index_dir}/; try again when it ends") from None
        log(f"another build is running on {index_dir}/; waiting for it to finish...")
        lock.acquire()
    held.add(key)
    try:
        yield
    finally:
        held.discard(key)
        lock.release()


def _previous_snapshot(index_dir: Path, configured_model: str, precision: str, log) -> _Previous | None:
    try:
        folder = snap.current_snapshot_dir(index_dir)
        manifest = snap.read_manifest(folder)
        records = snap.read_records(folder)
    except snap.SnapshotError:
        return None
    reason = None
    if manifest.model.id != configured_model:
        reason = f"model changed ({manifest.model.id} -> {configured_model})"
    elif manifest.model.precision != precision:
        reason = f"vector precision changed ({manifest.model.precision} -> {precision})"
    elif manifest.chunker != ChunkerSettings.for_model(manifest.model.max_seq_length):
        reason = "chunker settings changed"
    if reason:
        records.close()
        log(f"{reason}: re-chunking every article")
        return None
    return _Previous(folder.name, manifest.corpus_fingerprint, manifest.model.precision, records.content_hashes(), records)


def _chunk_articles(articles: list[Article], previous: _Previous | None, chunker: Chunker,
                    embedder: Embedder) -> tuple[list[Chunk], list[str]]:
    """Every article's chunks and their embedding keys: unchanged articles keep the published ones."""
    chunks: list[Chunk] = []
    keys: list[str] = []
    for article in articles:
        if previous and previous.content_hashes.get(article.doc_id) == article.content_hash:
            for chunk, key in previous.records.doc_chunks(article.doc_id):
                chunks.append(chunk)
                keys.append(key)
        else:
            for chunk in chunker.chunk(article):
                chunks.append(chunk)
                keys.append(embedding_key(embedder.model_id, chunk.embed_text, embedder.precision))
    return chunks, keys


# Encodes the build's batches of passages: (batch number, vectors) for each, in any order.
BatchEncoder = Callable[[list[list[str]]], Iterator[tuple[int, np.ndarray]]]


def _encoder(embedder: Embedder, cluster: str | None, encoder_cache: Path) -> BatchEncoder:
    """This process's encoder, batch after batch; or, given a Dask scheduler's address, its workers."""
    if cluster:
        from indexer.cluster import encode_on_cluster

        return lambda batches: encode_on_cluster(cluster, embedder, encoder_cache, batches)
    return lambda batches: ((number, embedder.encode_passages(texts)) for number, texts in enumerate(batches))


def _vectors(index_dir: Path, keys: list[str], chunks: list[Chunk], dimension: int, encode: BatchEncoder,
             progress: bool) -> tuple[np.ndarray, int]:
    """Vectors for every chunk, from the cache where possible; returns them and how many were embedded."""
    cache = EmbeddingCache(index_dir / snap.CACHE_FILE, dimension)
    try:
        known = cache.get_many(keys)
        missing: dict[str, str] = {}
        for key, chunk in zip(keys, chunks):
            if key not in known:
                missing.setdefault(key, chunk.embed_text)
        batches = list(batched(list(missing.items()), EMBED_BATCH))
        with tqdm(total=len(missing), desc="embedding", unit="chunk", disable=not progress or not missing) as bar:
            for number, vectors in encode([[text for _, text in batch] for batch in batches]):
                batch_keys = [key for key, _ in batches[number]]
                cache.put_many(batch_keys, vectors)
                known.update(zip(batch_keys, vectors))
                bar.update(len(batch_keys))
    finally:
        cache.close()
    return np.stack([known[key] for key in keys]).astype(np.float32), len(missing)


def with_related_articles(articles: list[Article], chunks: list[Chunk], vectors: np.ndarray) -> list[Article]:
    """Each article with its RELATED_ARTICLES most similar others: by the cosine of their mean chunk vectors."""
    ordinal = {article.doc_id: i for i, article in enumerate(articles)}
    sums = np.zeros((len(articles), vectors.shape[1]), dtype=np.float32)
    np.add.at(sums, [ordinal[c.doc_id] for c in chunks], vectors)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    means = np.divide(sums, norms, out=np.zeros_like(sums), where=norms > 0)
    index, _ = build_vector_index(means)
    _, neighbours = index.search(means, min(len(articles), RELATED_ARTICLES + 1))
    return [dataclasses.replace(article, related=tuple(
        articles[j].doc_id for j in row if 0 <= j != i and norms[j] > 0)[:RELATED_ARTICLES])
            for i, (article, row) in enumerate(zip(articles, neighbours))]


def _remove_unused(index_dir: Path, dimension: int, keep: int) -> None:
    """Old snapshots beyond the kept ones, and cached vectors no kept snapshot uses."""
    snap.remove_old_snapshots(index_dir, keep)
    in_use = set().union(*(snap.snapshot_embedding_keys(snap.snapshot_dir(index_dir, s))
                           for s in snap.list_snapshots(index_dir)))
    cache = EmbeddingCache(index_dir / snap.CACHE_FILE, dimension)
    try:
        cache.prune(in_use)
    finally:
        cache.close()
