"""`report` and `gaps`: the articles by review date, and the questions readers asked that no article answers."""
from __future__ import annotations

import argparse
import datetime
import sys

from indexer.corpus import read_corpus, reviews_due
from search_app.gap_report import GAP_FILE, GapReport

# How far ahead `report` looks for reviews coming due.
DEFAULT_REVIEW_WINDOW_DAYS = 90


def report(args: argparse.Namespace) -> int:
    articles, skipped = read_corpus(args.corpus_dir)
    today = datetime.date.today()
    overdue = reviews_due(articles, today)
    soon = [a for a in reviews_due(articles, today + datetime.timedelta(days=args.within)) if a not in overdue]
    undated = [a for a in articles if not a.next_review]
    for heading, group in ((f"past next_review ({len(overdue)})", overdue),
                           (f"due within {args.within} days ({len(soon)})", soon),
                           (f"no next_review ({len(undated)})", undated)):
        print(heading)
        for article in sorted(group, key=lambda a: (a.next_review or "", a.path)):
            print(f"  {article.next_review or '-':10}  reviewed {article.reviewed or '-':10}  {article.path}  {article.title}")
    for error in skipped:
        print(f"skipped {error.path}: {error.reason}", file=sys.stderr)
    print(f"{len(articles)} articles: {len(overdue)} past review, {len(soon)} due within {args.within} days, "
          f"{len(undated)} without a review date")
    return 0


def gaps(args: argparse.Namespace) -> int:
    path = args.index_dir / GAP_FILE
    if not path.exists():
        print(f"no gap report in {args.index_dir}/: the app keeps one only when SEARCH_GAP_REPORT is on")
        return 0
    rows = GapReport(path, args.gap_min_count, args.gap_retention_days).questions()
    print(f"{len(rows)} unanswered question(s) asked at least {args.gap_min_count} times "
          f"in the last {args.gap_retention_days} days")
    for text, count in rows:
        print(f"  {count:6}  {text}")
    return 0
