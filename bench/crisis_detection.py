"""Crisis detection: recall and false alarms, by kind of phrasing, and how the thresholds were chosen.

Usage: python -m bench.crisis_detection [--sweep]

Runs the detector (search_app/crisis.py) on the development set
(tests/data/crisis_questions.jsonl) and the hold-out sets (bench/holdout/: questions, and
searches of one to four words; written separately and never tuned on), printing recall, false-alarm rate and per-kind tables.
--sweep prints the development-set grid the meaning-net thresholds were chosen from.
"""
from __future__ import annotations

import argparse
import itertools
import json
import time
from collections import Counter
from pathlib import Path

import numpy as np

import search_app.crisis as crisis
from indexer.embedding import default_embedder
from search_app.query import normalize_query

ROOT = Path(__file__).resolve().parents[1]
SETS = {"development": ROOT / "tests" / "data" / "crisis_questions.jsonl",
        "hold-out": ROOT / "bench" / "holdout" / "crisis_questions.jsonl",
        "hold-out, short searches": ROOT / "bench" / "holdout" / "short_queries.jsonl"}


def load(path: Path, embedder) -> tuple[list[dict], list[str], np.ndarray]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [normalize_query(row["text"]) for row in rows]
    vectors = embedder.encode_queries(texts)
    return rows, texts, vectors


def detect_all(detector, texts, vectors) -> tuple[list, float]:
    started = time.perf_counter()
    signals = [detector.detect(text, vector.reshape(1, -1)) for text, vector in zip(texts, vectors)]
    return signals, (time.perf_counter() - started) * 1000 / len(texts)


def report(name: str, rows: list[dict], signals: list, ms_per_query: float) -> None:
    risky = [s is not None for r, s in zip(rows, signals) if r["risk"]]
    ordinary = [s is not None for r, s in zip(rows, signals) if not r["risk"]]
    audience = [s.audience == r["audience"] for r, s in zip(rows, signals) if r["risk"] and s]
    reasons = Counter(s.reason for s in signals if s)
    print(f"\n{name}: {len(risky)} questions showing risk, {len(ordinary)} ordinary")
    print(f"recall {np.mean(risky):.1%}, false alarms {np.mean(ordinary):.1%}, audience right {np.mean(audience):.1%}; "
          f"detections by pattern {reasons['pattern']}, by meaning {reasons['similar']}; {ms_per_query:.3f} ms per question")
    print("| kind | risk | questions | crisis shown |\n|---|---|---|---|")
    for (risk, kind) in sorted({(r["risk"], r["kind"]) for r in rows}, key=lambda p: (not p[0], p[1])):
        got = [s is not None for r, s in zip(rows, signals) if r["risk"] == risk and r["kind"] == kind]
        print(f"| {kind} | {'yes' if risk else 'no'} | {len(got)} | {sum(got)} ({np.mean(got):.0%}) |")


def sweep(detector, rows, texts, vectors) -> None:
    risk = np.array([r["risk"] for r in rows])
    print("\n| similar at | margin | very similar at | recall | false alarms |\n|---|---|---|---|---|")
    for similar, margin, very in itertools.product((0.35, 0.40, 0.45, 0.50), (0.0, 0.02, 0.04), (0.70, 0.80)):
        crisis.SIMILAR_AT, crisis.MARGIN, crisis.VERY_SIMILAR_AT = similar, margin, very
        fired = np.array([s is not None for s in detect_all(detector, texts, vectors)[0]])
        print(f"| {similar:.2f} | {margin:.2f} | {very:.2f} | {fired[risk].mean():.1%} | {fired[~risk].mean():.1%} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sweep", action="store_true", help="print the development-set threshold grid")
    args = parser.parse_args()
    embedder = default_embedder()
    detector = crisis.CrisisDetector(embedder)
    print(f"exemplars version {detector.version}: {detector._risk.shape[1]} crisis, {detector._ordinary.shape[1]} ordinary "
          f"(English; other languages are left to the patterns); {len(crisis.PATTERNS)} patterns")
    for name, path in SETS.items():
        if path.is_file():
            rows, texts, vectors = load(path, embedder)
            report(name, rows, *detect_all(detector, texts, vectors))
    if args.sweep:
        sweep(detector, *load(SETS["development"], embedder))


if __name__ == "__main__":
    main()
