"""Full build vs incremental update on a corpus of 2,000 articles (issue: rebuild after content updates).

Usage: python -m bench.rebuild [--articles 2000] [--docs-per-article 4]

Articles are assembled from the BEIR dev sets' passages in ../shared/data (read at run
time, never stored), several passages per article under their own headings, so the
corpus has realistic article sizes. Timed like an editor runs it: `python -m indexer
build` in a fresh process (model load included), then again after editing one
paragraph in 1% of the articles. The warm figure is the same update in a process that
already holds the model, as `--watch` does.
"""
from __future__ import annotations

import argparse
import itertools
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from indexer.build import build_index
from indexer.embedding import default_embedder

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def passages() -> list[tuple[str, str]]:
    found = []
    for name in ("medquad-mental-health", "counsel-chat"):
        for line in (DATA / name / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            found.append((doc["title"] or "Answer", doc["text"]))
    return found


def write_corpus(folder: Path, articles: int, per_article: int) -> list[Path]:
    folder.mkdir(parents=True)
    source = itertools.cycle(passages())
    paths = []
    for i in range(articles):
        sections = [next(source) for _ in range(per_article)]
        body = "\n\n".join(f"## {title}\n\n{text}" for title, text in sections)
        path = folder / f"article-{i:05d}.md"
        path.write_text(f"---\ntitle: \"Article {i}: {sections[0][0]}\"\nupdated: 2026-11-01\n---\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def edit_one_paragraph(paths: list[Path], tag: str) -> None:
    for path in paths:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(## [^\n]*\n\n)", rf"\1Reviewed {tag}. ", text, count=1), encoding="utf-8")


def timed_cli_build(corpus: Path, index: Path, *extra: str) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "indexer", "build", "--corpus", str(corpus), "--index", str(index), *extra],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, result.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--docs-per-article", type=int, default=4)
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"{DATA} is missing: this benchmark assembles its corpus from ../shared/data")
    with tempfile.TemporaryDirectory(prefix="bench-rebuild-") as scratch:
        corpus, index = Path(scratch) / "corpus", Path(scratch) / "index"
        paths = write_corpus(corpus, args.articles, args.docs_per_article)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
        print(f"corpus: {len(paths)} articles, {words / len(paths):.0f} words per article on average")

        full_seconds, full_summary = timed_cli_build(corpus, index, "--full")
        print(f"full build (CLI):       {full_seconds:7.1f} s  | {full_summary}")

        step = max(1, len(paths) // (len(paths) // 100))  # 1% of the articles, spread out
        edit_one_paragraph(paths[::step][: len(paths) // 100], "cold")
        update_seconds, update_summary = timed_cli_build(corpus, index)
        print(f"update after 1% edited (CLI): {update_seconds:5.1f} s  | {update_summary}")

        embedder = default_embedder()
        edit_one_paragraph(paths[1::step][: len(paths) // 100], "warm")
        started = time.perf_counter()
        report = build_index(corpus, index, get_embedder=lambda: embedder, progress=False, log=lambda line: None)
        warm_seconds = time.perf_counter() - started
        print(f"update after 1% edited (model already loaded, as --watch): {warm_seconds:.1f} s | {report.summary()}")
        print(f"ratio update/full: CLI {update_seconds / full_seconds:.1%}, warm {warm_seconds / full_seconds:.1%} (goal < 5%)")
        size = sum(p.stat().st_size for p in (index / "snapshots").rglob("*") if p.is_file()) / len(list((index / "snapshots").iterdir()))
        print(f"snapshot size on disk: {size / 1e6:.1f} MB, {size / report.chunks:.0f} bytes per chunk")


if __name__ == "__main__":
    main()
