"""One build: read the corpus, reuse what has not changed, embed the rest, publish a snapshot.

Incremental by default: articles are compared with the current snapshot by content
hash, unchanged articles keep their chunks, and every chunk's vector comes from the
embedding cache when the same model has embedded the same text before.
"""
from __future__ import annotations

import datetime
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
from filelock import FileLock, Timeout
from tqdm import tqdm

from indexer import snapshot as snap
from indexer.chunking import Chunk, Chunker, ChunkerSettings
from indexer.corpus import Article, CorpusError, read_corpus
from indexer.embedding import Embedder, batched, embedding_key, model_id
from indexer.embedding_cache import EmbeddingCache
from indexer.keywords import build_keyword_index

KEEP_SNAPSHOTS = 3
_EMBED_BATCH = 128


class BuildError(Exception):
    """The build could not produce a snapshot; the published one is unchanged."""


@dataclass
class BuildReport:
    snapshot_id: str | None = None
    published: bool = False
    documents: int = 0
    chunks: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    embedded: int = 0
    reused: int = 0
    skipped: list[CorpusError] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        rate = self.chunks / self.seconds if self.seconds else 0.0
        head = (f"published snapshot {self.snapshot_id}" if self.published
                else f"index is up to date (snapshot {self.snapshot_id})")
        return (f"{head}: {self.documents} documents, {self.chunks} chunks in {self.seconds:.1f} s "
                f"({rate:.0f} chunks/s); {self.embedded} chunks embedded, {self.reused} reused; "
                f"documents +{len(self.added)} added, ~{len(self.changed)} changed, "
                f">{len(self.renamed)} renamed, -{len(self.deleted)} deleted; "
                f"{len(self.skipped)} file(s) skipped")


@dataclass
class _Previous:
    """What the last published snapshot can lend this build."""
    snapshot_id: str
    fingerprint: str
    records: snap.Records


def log_to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def build_index(corpus_dir: Path, index_dir: Path, model: str | None = None, **options) -> BuildReport:
    """Build and publish a snapshot of the articles in `corpus_dir`; options as for `build_from_articles`."""
    try:
        articles, skipped = read_corpus(corpus_dir)
    except CorpusError as exc:
        raise BuildError(str(exc)) from None
    log = options.get("log", log_to_stderr)
    for error in skipped:
        log(f"skipped {error.path}: {error.reason}")
    if not articles:
        raise BuildError(f"no readable articles in {corpus_dir}/ (.md with front matter, or .txt)")
    return build_from_articles(articles, index_dir, model, skipped=skipped, **options)


def build_from_articles(articles: list[Article], index_dir: Path, model: str | None = None, *,
                        full: bool = False, get_embedder: Callable[[], Embedder] | None = None,
                        wait: bool = True, log: Callable[[str], None] = log_to_stderr, progress: bool = True,
                        skipped: list[CorpusError] = ()) -> BuildReport:
    """Build and publish a snapshot of `articles` into `index_dir`, one build at a time.

    `get_embedder` supplies the model only when something must be chunked or embedded,
    so a rebuild with nothing to do does not load it.
    """
    configured_model = model_id(model)
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(index_dir / snap.LOCK_FILE))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if not wait:
            raise BuildError(f"another build is running on {index_dir}/; try again when it ends") from None
        log(f"another build is running on {index_dir}/; waiting for it to finish...")
        lock.acquire()
    try:
        report = BuildReport(skipped=list(skipped), documents=len(articles))
        _build_locked(articles, index_dir, configured_model, full,
                      get_embedder or (lambda: Embedder(configured_model)), log, progress, report)
        return report
    finally:
        lock.release()


def _build_locked(articles, index_dir, configured_model, full, get_embedder, log, progress, report) -> None:
    started = time.perf_counter()
    previous = None if full else _previous_snapshot(index_dir, configured_model, log)
    fingerprint = snap.corpus_fingerprint(articles)
    _diff(articles, previous, report)
    if previous and previous.fingerprint == fingerprint:
        report.snapshot_id = previous.snapshot_id
        report.chunks = len(previous.records.chunks)
        report.reused = report.chunks
        report.seconds = time.perf_counter() - started
        return

    model = get_embedder()
    if model.model_id != configured_model:
        raise BuildError(f"embedder is {model.model_id!r} but the build was asked for {configured_model!r}")
    settings = ChunkerSettings(max_tokens=model.max_seq_length)
    chunker = Chunker(settings, model.count_tokens)
    chunks: list[Chunk] = []
    for article in articles:
        reusable = previous and previous.records.articles.get(article.doc_id)
        if reusable and reusable.content_hash == article.content_hash:
            chunks.extend(previous.records.chunks[row] for row in previous.records.rows_by_doc[article.doc_id])
        else:
            chunks.extend(chunker.chunk(article))
    keys = [embedding_key(model.model_id, chunk.embed_text) for chunk in chunks]

    cache = EmbeddingCache(index_dir / snap.CACHE_FILE, model.dimension)
    try:
        vectors = _vectors(keys, chunks, model, cache, report, progress)
        records = snap.Records(articles={a.doc_id: a for a in articles}, chunks=chunks, embedding_keys=keys)
        manifest = {
            "model": {"id": model.model_id, "dimension": model.dimension, "max_seq_length": model.max_seq_length},
            "chunker": settings.as_dict(),
            "counts": {"documents": len(articles), "chunks": len(chunks)},
            "corpus_fingerprint": fingerprint,
            "built_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        }
        report.snapshot_id = snap.write_snapshot(index_dir, manifest, records, vectors,
                                                 build_keyword_index([c.embed_text for c in chunks]))
        snap.publish(index_dir, report.snapshot_id)
        report.published = True
        snap.remove_old_snapshots(index_dir, KEEP_SNAPSHOTS)
        in_use = set().union(*(snap.snapshot_embedding_keys(index_dir / snap.SNAPSHOTS_DIR / s)
                               for s in snap.list_snapshots(index_dir)))
        cache.prune(in_use)
    finally:
        cache.close()
    report.chunks = len(chunks)
    report.seconds = time.perf_counter() - started


def _previous_snapshot(index_dir: Path, configured_model: str, log) -> _Previous | None:
    try:
        snapshot_dir = snap.current_snapshot_dir(index_dir)
        manifest = snap.read_manifest(snapshot_dir)
        records = snap.read_records(snapshot_dir)
    except snap.SnapshotError:
        return None
    if manifest["model"]["id"] != configured_model:
        log(f"model changed ({manifest['model']['id']} -> {configured_model}): re-chunking every article")
        return None
    if manifest["chunker"] != ChunkerSettings(max_tokens=manifest["model"]["max_seq_length"]).as_dict():
        log("chunker settings changed: re-chunking every article")
        return None
    return _Previous(snapshot_dir.name, manifest["corpus_fingerprint"], records)


def _diff(articles: list[Article], previous: _Previous | None, report: BuildReport) -> None:
    """Classify documents as added, changed, renamed or deleted, by content hash."""
    old = previous.records.articles if previous else {}
    new_ids = {a.doc_id for a in articles}
    gone_by_hash = {a.content_hash: a.doc_id for a in old.values() if a.doc_id not in new_ids}
    for article in articles:
        before = old.get(article.doc_id)
        if before is None:
            if article.content_hash in gone_by_hash:
                report.renamed.append((gone_by_hash.pop(article.content_hash), article.doc_id))
            else:
                report.added.append(article.doc_id)
        elif before.content_hash != article.content_hash:
            report.changed.append(article.doc_id)
    report.deleted = sorted(set(gone_by_hash.values()))


def _vectors(keys: list[str], chunks: list[Chunk], model: Embedder, cache: EmbeddingCache,
             report: BuildReport, progress: bool) -> np.ndarray:
    """Vectors for every chunk: from the cache where possible, embedding only the rest."""
    known = cache.get_many(keys)
    missing: dict[str, str] = {}
    for key, chunk in zip(keys, chunks):
        if key not in known:
            missing.setdefault(key, chunk.embed_text)
    with tqdm(total=len(missing), desc="embedding", unit="chunk", disable=not progress or not missing) as bar:
        for batch in batched(list(missing.items()), _EMBED_BATCH):
            batch_keys = [key for key, _ in batch]
            vectors = model.encode_passages([text for _, text in batch])
            cache.put_many(batch_keys, vectors)
            known.update(zip(batch_keys, vectors))
            bar.update(len(batch))
    report.embedded = len(missing)
    report.reused = len(chunks) - len(missing)
    return np.stack([known[key] for key in keys]).astype(np.float32)
