"""Build throughput against the floor: raw SentenceTransformer.encode on exactly the same chunk texts.

Usage: python -m bench.indexer_throughput [--documents 1000]

Uses the first N passages of ../shared/data/medquad-mental-health as articles. The
build runs in-process with the model already loaded (model import is a fixed cost,
reported separately), then the raw encode runs on the texts the build embedded.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from indexer.build import build_from_articles
from indexer.embedding import default_embedder
from indexer.snapshot import SNAPSHOTS_DIR, current_snapshot_dir, read_records
from search_app.evaluation import load_beir

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "medquad-mental-health"


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
    with tempfile.TemporaryDirectory(prefix="bench-throughput-") as scratch:
        index = Path(scratch)
        report = build_from_articles(articles, index, get_embedder=lambda: embedder, progress=False, log=lambda line: None)
        texts = [chunk.embed_text for chunk in read_records(current_snapshot_dir(index)).all_chunks()]
        started = time.perf_counter()
        embedder.model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        raw_seconds = time.perf_counter() - started
        size = sum(p.stat().st_size for p in (index / SNAPSHOTS_DIR).rglob("*") if p.is_file())
    build_rate, raw_rate = report.chunks / report.seconds, len(texts) / raw_seconds
    print(f"{report.documents} documents, {report.chunks} chunks; model load {load_seconds:.1f} s (once per process)")
    print(f"build:      {report.seconds:6.1f} s  {build_rate:6.1f} chunks/s")
    print(f"raw encode: {raw_seconds:6.1f} s  {raw_rate:6.1f} chunks/s")
    print(f"build speed / raw encode speed: {build_rate / raw_rate:.2f}")
    print(f"snapshot on disk: {size / 1e6:.1f} MB, {size / report.chunks:.0f} bytes per chunk")


if __name__ == "__main__":
    main()
