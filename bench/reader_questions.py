"""Readers' questions against the shipped corpus: top-3 article hit rate, and the per-article limit.

Usage: python -m bench.reader_questions [--index DIR]   (builds corpus/ into bench/.indexes/corpus)

For each per-article limit, reports how often a right article is in the top 3
passages, and how many distinct articles the top 10 passages show (variety for the reader).
"""
from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from indexer.build import build_index
from indexer.embedding import default_embedder
from indexer.snapshot import open_current
from search_app.query import SearchRequest
from search_app.retrieval import RetrievalOptions, SearchEngine

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=ROOT / "bench" / ".indexes" / "corpus")
    args = parser.parse_args()
    embedder = default_embedder()
    build_index(ROOT / "corpus", args.index, get_embedder=lambda: embedder, progress=False, log=lambda line: None)
    snapshot = open_current(args.index, embedder.model_id)
    questions = [json.loads(line) for line in (ROOT / "bench" / "reader_questions.jsonl").read_text().splitlines() if line.strip()]
    print(f"{len(questions)} questions, {snapshot.manifest.documents} articles")
    print("| per-article limit | mode | right article in top 3 | first passage right | distinct articles in top 10 |\n|---|---|---|---|---|")
    for limit in (1, 2, 3, 10):
        for mode in ("hybrid", "dense", "bm25"):
            engine = SearchEngine(snapshot, embedder, RetrievalOptions(per_article=limit))
            top3 = first = 0
            variety = []
            for question in questions:
                results = engine.search(SearchRequest.parse({"q": question["question"], "mode": mode})).results
                docs = [r.chunk.doc_id for r in results]
                top3 += bool(set(docs[:3]) & set(question["relevant"]))
                first += bool(docs) and docs[0] in question["relevant"]
                variety.append(len(set(docs)))
            print(f"| {limit} | {mode} | {top3 / len(questions):.0%} | {first / len(questions):.0%} | {statistics.mean(variety):.1f} |")


if __name__ == "__main__":
    main()
