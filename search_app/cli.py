"""`python -m search_app query|evaluate`: searching and scoring from the command line."""
from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from indexer.embedding import DEFAULT_MODEL, ModelLoadError, shared_embedder
from indexer.snapshot import SnapshotError, current_snapshot_dir, load_snapshot
from search_app.query import MODES, QueryError, QueryLimits

QUERY_HELP = """\
Print the passages that best answer a question, from a built index.

Example:  python -m search_app query "can ketamine help with PTSD nightmares?"
With --json, prints {"query": ..., "results": [{"rank", "score", "title", "heading",
"passage", "url", "doc_id", "chunk_id", ...}, ...]}: the same shape as the /search API.
"""
EVALUATE_HELP = """\
Score the search on a BEIR-format question set (corpus.jsonl, queries.jsonl, qrels/*.tsv).

Indexes DATA_DIR/corpus.jsonl with the project's own indexer (each document becomes an
article), runs every judged query through the search, scores each document by its best
passage, and reports nDCG@10, Recall@10, Recall@100, MRR@10 and query latency.
Without --mode, all modes are scored in one run. With --json, one mode prints one object
with keys ndcg@10, recall@10, recall@100, mrr@10, latency_ms_p50, latency_ms_p99;
several modes print an object keyed by mode.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m search_app",
                                     description="Search the mental-health article index, or score it.")
    commands = parser.add_subparsers(dest="command", required=True)
    query = commands.add_parser("query", help="print the best passages for a question", description=QUERY_HELP,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    query.add_argument("question", help="the question, in quotes")
    query.add_argument("--index", type=Path, default=Path("index"), help="index folder (default: index/)")
    query.add_argument("--k", default="5", help="how many passages (default: 5, at most 50)")
    query.add_argument("--mode", choices=MODES, default="hybrid", help="retrieval mode (default: hybrid)")
    query.add_argument("--model", default=DEFAULT_MODEL, help="embedding model the index was built with")
    query.add_argument("--json", action="store_true", help="print JSON instead of text")

    evaluate = commands.add_parser("evaluate", help="score retrieval on a BEIR-format dataset",
                                   description=EVALUATE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    evaluate.add_argument("data_dir", type=Path, metavar="DATA_DIR")
    evaluate.add_argument("--queries", type=Path, help="queries file (default: DATA_DIR/queries.jsonl)")
    evaluate.add_argument("--qrels", type=Path, help="judgments file (default: DATA_DIR/qrels/dev.tsv)")
    evaluate.add_argument("--index", type=Path,
                          help="keep the dataset's index here and reuse it next time (default: a temporary folder)")
    evaluate.add_argument("--mode", choices=MODES, action="append", help="mode to score (repeatable; default: all)")
    evaluate.add_argument("--model", default=DEFAULT_MODEL, help="embedding model")
    evaluate.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    try:
        return _query(args) if args.command == "query" else _evaluate(args)
    except (QueryError, SnapshotError, ModelLoadError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, QueryError) else 1


def _query(args: argparse.Namespace) -> int:
    from search_app import service
    from search_app.retrieval import SearchEngine

    embedder = shared_embedder(args.model)
    engine = SearchEngine(load_snapshot(current_snapshot_dir(args.index), embedder.model_id), embedder)
    body = service.answer(engine, args.question, args.k, args.mode, QueryLimits())
    if args.json:
        print(json.dumps(body, ensure_ascii=False, indent=2))
        return 0
    if body["crisis"]:
        print(body["crisis"]["message"])
        for resource in body["crisis"]["resources"]:
            print(f"  * {resource['name']}: {resource['contact']}")
        print()
    if not body["results"]:
        print("No passages found. Try other words.")
    for result in body["results"]:
        where = " › ".join(part for part in (result["title"], result["heading"]) if part)
        print(f"{result['rank']}. {where}  [{result['score']:.3f}]")
        print(textwrap.indent(textwrap.fill(result["passage"], 88), "   "))
        print(f"   {result['url'] or result['link']}\n")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from search_app.evaluation import EvaluationError, evaluate, format_table, load_beir

    modes = tuple(dict.fromkeys(args.mode or MODES))
    try:
        data = load_beir(args.data_dir / "corpus.jsonl", args.queries or args.data_dir / "queries.jsonl",
                         args.qrels or args.data_dir / "qrels" / "dev.tsv")
    except (EvaluationError, ValueError, KeyError) as exc:
        print(f"error: cannot read the evaluation set: {exc}", file=sys.stderr)
        return 1
    report = evaluate(data, args.index, args.model, modes, progress=sys.stderr.isatty())
    if args.json:
        print(json.dumps(report[modes[0]] if len(modes) == 1 else report, indent=2))
    else:
        print(f"{args.data_dir.name}: {len(data.queries)} queries, {len(data.articles)} documents")
        print(format_table(report))
    return 0
