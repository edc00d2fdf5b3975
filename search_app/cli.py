"""`python -m search_app query|evaluate|serve`: searching, scoring and serving from the command line."""
from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from pathlib import Path

from indexer.console import output_closed
from indexer.embedding import ModelLoadError
from indexer.snapshot import SnapshotError
from indexer.settings import BACKEND, ENCODER_CACHE, INDEX_DIR, MODEL
from search_app.config import DEFAULT_K, Settings
from search_app.query import MODES, QueryError, SearchRequest

QUERY_HELP = """\
Print the passages that best answer a question, from a built index.

Example:  python -m search_app query "can ketamine help with PTSD nightmares?"
With --json, prints the same object as the /search API: {"query", "mode", "k",
"index_version", "crisis", "results": [{"rank", "score", "title", "heading",
"passage", "url", "doc_id", "chunk_id", ...}, ...]}.
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
    try:
        args = _parser(os.environ).parse_args(argv)
        return args.run(args)
    except (QueryError, SnapshotError, ModelLoadError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, (QueryError, ValueError)) else 1
    except BrokenPipeError:
        return output_closed()


def _parser(environ) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m search_app",
                                     description="Search the mental-health article index, score it, or serve it.")
    commands = parser.add_subparsers(dest="command", required=True)
    query = commands.add_parser("query", help="print the best passages for a question", description=QUERY_HELP,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    query.add_argument("question", help="the question, in quotes")
    INDEX_DIR.add_argument(query, environ)
    DEFAULT_K.add_argument(query, environ, metavar="K")
    query.add_argument("--mode", choices=MODES, default=MODES[0], help="retrieval mode (default: hybrid)")
    query.add_argument("--country", help="ISO 3166 code whose crisis lines to show (default: the international list)")
    for option in (MODEL, BACKEND, ENCODER_CACHE):
        option.add_argument(query, environ)
    query.add_argument("--json", action="store_true", help="print JSON (the /search response) instead of text")
    query.set_defaults(run=lambda args: _query(args, environ))

    evaluate = commands.add_parser("evaluate", help="score retrieval on a BEIR-format dataset",
                                   description=EVALUATE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    evaluate.add_argument("data_dir", type=Path, metavar="DATA_DIR")
    evaluate.add_argument("--queries", type=Path, help="queries file (default: DATA_DIR/queries.jsonl)")
    evaluate.add_argument("--qrels", type=Path, help="judgments file (default: DATA_DIR/qrels/dev.tsv)")
    evaluate.add_argument("--index", type=Path,
                          help="keep the dataset's index here and reuse it next time (default: a temporary folder)")
    evaluate.add_argument("--mode", choices=MODES, action="append", help="mode to score (repeatable; default: all)")
    for option in (MODEL, BACKEND, ENCODER_CACHE):
        option.add_argument(evaluate, environ)
    evaluate.add_argument("--json", action="store_true", help="print JSON instead of a table")
    evaluate.set_defaults(run=_evaluate)

    from search_app import judgement_training

    train = commands.add_parser("train-judgement", help="train the crisis check and the match verdict for a model",
                                description=judgement_training.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    judgement_training.add_arguments(train, environ)
    train.set_defaults(run=judgement_training.run)

    from search_app import serving

    serve = commands.add_parser("serve", help="serve the page and the API (nginx in front of gunicorn)",
                                description=serving.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    serving.add_arguments(serve)
    serve.set_defaults(run=serving.serve)
    return parser


def _query(args: argparse.Namespace, environ) -> int:
    from search_app import service
    from search_app.retrieval import SearchEngine

    limits = Settings.from_env(environ).limits
    request = SearchRequest.parse({"q": args.question, "k": str(args.default_k), "mode": args.mode,
                                   "country": args.country}, limits)
    body = service.answer(SearchEngine.for_index(args.index_dir, args.model, args.backend, args.encoder_cache), request)
    if args.json:
        print(json.dumps(body, ensure_ascii=False, indent=2))
        return 0
    if body["crisis"]:
        print(body["crisis"]["message"])
        for resource in body["crisis"]["resources"]:
            print(f"  * {resource['name']}: {resource['contact']}")
        print()
    print(("Help and support first, then passages for your question." if body["crisis"] else MATCH_LINES[body["match"]]) + "\n")
    if body["suggestion"]:
        print(body["suggestion"] + "\n")
    for result in body["results"]:
        where = " › ".join(part for part in (result["title"], result["heading"]) if part)
        print(f"{result['rank']}. {where}  [{result['score']:.3f}]")
        print(textwrap.indent(textwrap.fill(result["passage"], 88), "   "))
        print(f"   {result['url'] or result['link']}\n")
    return 0


MATCH_LINES = {
    "strong": "Good match: these passages answer the question.",
    "weak": "Weak match: these passages may only partly answer the question.",
    "none": "No good match: we don't have an article that answers this. The closest passages follow, if any.",
}


def _evaluate(args: argparse.Namespace) -> int:
    from search_app.evaluation import EvaluationError, evaluate, format_table, load_beir

    modes = tuple(dict.fromkeys(args.mode or MODES))
    try:
        data = load_beir(args.data_dir / "corpus.jsonl", args.queries or args.data_dir / "queries.jsonl",
                         args.qrels or args.data_dir / "qrels" / "dev.tsv")
    except (EvaluationError, ValueError, KeyError) as exc:
        print(f"error: cannot read the evaluation set: {exc}", file=sys.stderr)
        return 1
    report = evaluate(data, args.index, args.model, modes, progress=sys.stderr.isatty(), backend=args.backend,
                      encoder_cache=args.encoder_cache)
    if args.json:
        print(json.dumps(report[modes[0]] if len(modes) == 1 else report, indent=2))
    else:
        print(f"{args.data_dir.name}: {len(data.queries)} queries, {len(data.articles)} documents")
        print(format_table(report))
    return 0
