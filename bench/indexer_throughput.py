"""Build throughput against the floor: the fastest raw batch encode of exactly the same chunk texts.

Usage: python -m bench.indexer_throughput [--documents 1000]

Uses the first N passages of ../shared/data/medquad-mental-health as articles. The
build runs in-process with the model already loaded (model import is a fixed cost,
reported separately). The floor is a raw onnxruntime session of the build's own export
(the same threads) run on the texts the build embedded, tokenized and fed with nothing of
ours in between, at several batch sizes: the fastest counts. It runs before and after the
build, and the faster run counts, so a machine slowing down does not flatter the build.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from indexer.build import build_from_articles

from indexer.embedding import default_embedder
from indexer.onnx_embedder import BATCH_THREADS, _onnx_session
from indexer.snapshot import SNAPSHOTS_DIR, current_snapshot_dir, read_records
from search_app.evaluation import load_beir

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "medquad-mental-health"
BATCHES = (1, 8, 16)


def raw_encode_seconds(embedder, texts: list[str], batch: int) -> float:
    """Seconds for a raw session of the embedder's export to encode `texts`, `batch` at a time."""
    session, tokenizer = _onnx_session(embedder._model_file, BATCH_THREADS), embedder._batcher
    ordered = sorted(texts, key=len)  # as the build orders them: similar lengths pad least
    started = time.perf_counter()
    for first in range(0, len(ordered), batch):
        session.run(None, embedder.feed(tokenizer.encode_batch(ordered[first:first + batch])))
    return time.perf_counter() - started


def build_and_report(articles, index: Path, embedder):
    return index, build_from_articles(articles, index, get_embedder=lambda: embedder, progress=False,
                                      log=lambda line: None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1000)
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"{DATA} is missing")
    articles = load_beir(DATA / "corpus.jsonl", DATA / "queries.jsonl", DATA / "qrels" / "dev.tsv").articles[: args.documents]
    started = time.perf_counter()
    embedder = default_embedder()
    load_seconds = time.perf_counter() - started
    if not hasattr(embedder, "_model_file"):
        sys.exit("the raw floor is an onnxruntime session: build with an ONNX backend (SEARCH_BACKEND=onnx-int8)")
    with tempfile.TemporaryDirectory(prefix="bench-throughput-") as scratch:
        # the chunk texts, from a first build (which also warms the encoder up)
        first, _ = build_and_report(articles, Path(scratch) / "texts", embedder)
        texts = [chunk.embed_text for chunk in read_records(current_snapshot_dir(first)).all_chunks()]
        before = {batch: raw_encode_seconds(embedder, texts, batch) for batch in BATCHES}
        index, report = build_and_report(articles, Path(scratch) / "index", embedder)
        after = {batch: raw_encode_seconds(embedder, texts, batch) for batch in BATCHES}
        raw_seconds = min(min(before.values()), min(after.values()))
        size = sum(p.stat().st_size for p in (index / SNAPSHOTS_DIR).rglob("*") if p.is_file())
    print("raw encode seconds by batch size (before / after the build): "
          + ", ".join(f"{b}: {before[b]:.1f} / {after[b]:.1f}" for b in BATCHES))
    build_rate, raw_rate = report.chunks / report.seconds, len(texts) / raw_seconds
    print(f"{report.documents} documents, {report.chunks} chunks; model load {load_seconds:.1f} s (once per process)")
    print(f"build:      {report.seconds:6.1f} s  {build_rate:6.1f} chunks/s")
    print(f"raw encode: {raw_seconds:6.1f} s  {raw_rate:6.1f} chunks/s")
    print(f"build speed / raw encode speed: {build_rate / raw_rate:.2f}")
    print(f"snapshot on disk: {size / 1e6:.1f} MB, {size / report.chunks:.0f} bytes per chunk")


if __name__ == "__main__":
    main()
