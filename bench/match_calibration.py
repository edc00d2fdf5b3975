"""How the "no good match" verdict was calibrated, and how it holds (search_app/verdict.py).

Usage: python -m bench.match_calibration [--index DIR] [--large-index DIR]

1. Builds the shipped corpus (bench/.indexes/corpus) and runs every question of the
   development set tests/data/scope_questions.jsonl through the real search.
2. Sweeps the unfamiliar-word penalty; for each, fits the logistic relevance curve
   (scikit-learn, here only) and puts the weak threshold halfway between two in-scope
   questions so that at most `IN_SCOPE_NONE_BUDGET` of them get `none`, and the strong
   threshold `STRONG_MARGIN` (in cosine) above every out-of-scope question.
3. Prints the confusion table (match by kind of question) with the shipped constants for
   the development set, the hold-out set (bench/holdout/, written separately and never
   tuned on), and, with --large-index, for the same questions against a corpus ten
   times larger (built by `--build-large`: the articles plus both ../shared/data sets).
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import numpy as np

from indexer.build import build_from_articles, build_index
from indexer.corpus import read_corpus
from indexer.embedding import default_embedder
from indexer.site import read_site
from search_app import verdict
from search_app.query import SearchRequest, looks_english
from search_app.retrieval import SearchEngine
from search_app.evaluation import load_beir

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "data" / "scope_questions.jsonl"
HOLDOUT = ROOT / "bench" / "holdout" / "scope_questions.jsonl"
SHARED = ROOT.parent / "shared" / "data"
IN_SCOPE_NONE_BUDGET = 0.045  # under the 5% target
STRONG_MARGIN = 0.02          # cosine between the best out-of-scope question and the strong threshold
PENALTIES = (0.0, 0.05, 0.10, 0.15, 0.20)


def questions(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evidence(engine: SearchEngine, rows: list[dict]) -> list[tuple[float, bool, bool]]:
    """(closest passage's cosine, has an unfamiliar word, not English) per question, as the search sees them."""
    found = []
    for row in rows:
        request = SearchRequest.parse({"q": row["question"]})
        dense = engine.rank_chunks(request.text, "dense", 1)
        found.append((dense[0][1] if dense else -1.0, bool(engine.judge.unfamiliar_terms(request.text)),
                      not looks_english(request.text)))
    return found


def discounted(found: list[tuple[float, bool, bool]], penalty: float) -> np.ndarray:
    return np.array([c - penalty * u - verdict.FOREIGN_PENALTY * f for c, u, f in found])


def fit(values: np.ndarray, labels: list[bool]) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=100.0).fit(values.reshape(-1, 1), np.array(labels))
    slope = float(model.coef_[0][0])
    return slope, -float(model.intercept_[0]) / slope


def confusion(rows: list[dict], matches: list[str], title: str) -> None:
    kinds = sorted({r["kind"] for r in rows}, key=lambda k: (k != "in_scope", k))
    print(f"\n{title}\n| kind | questions | strong | weak | none |\n|---|---|---|---|---|")
    for kind in kinds:
        got = Counter(m for r, m in zip(rows, matches) if r["kind"] == kind)
        n = sum(got.values())
        print(f"| {kind} | {n} | " + " | ".join(f"{got[m]} ({got[m] / n:.0%})" for m in ("strong", "weak", "none")) + " |")
    inside = [m for r, m in zip(rows, matches) if r["in_scope"]]
    outside = [m for r, m in zip(rows, matches) if not r["in_scope"]]
    print(f"in scope: {inside.count('none') / len(inside):.1%} none (target <= 5%); "
          f"out of scope: {outside.count('none') / len(outside):.1%} none (target >= 90%), "
          f"{outside.count('strong')} strong (target 0)")


def shipped_matches(engine: SearchEngine, rows: list[dict]) -> list[str]:
    return [engine.search(SearchRequest.parse({"q": r["question"]})).match for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=ROOT / "bench" / ".indexes" / "corpus")
    parser.add_argument("--large-index", type=Path, help="index of the corpus plus ../shared/data (see --build-large)")
    parser.add_argument("--build-large", action="store_true", help="build --large-index first")
    args = parser.parse_args()
    embedder = default_embedder()
    build_index(ROOT / "corpus", args.index, get_embedder=lambda: embedder, progress=False, log=lambda line: None)
    engine = SearchEngine.open(args.index, embedder)
    dev = questions(DEV)
    labels = [r["in_scope"] for r in dev]
    found = evidence(engine, dev)

    print("| penalty | slope | midpoint | weak at | strong at | dev in-scope none | dev out-of-scope none |\n|---|---|---|---|---|---|---|")
    for penalty in PENALTIES:
        values = discounted(found, penalty)
        slope, midpoint = fit(values, labels)
        inside, outside = np.sort(values[np.array(labels)]), values[~np.array(labels)]
        cut = int(IN_SCOPE_NONE_BUDGET * len(inside))
        weak_evidence = (inside[cut - 1] + inside[cut]) / 2
        relevance = lambda evidence: 1.0 / (1.0 + np.exp(-slope * (evidence - midpoint)))
        weak_at, strong_at = relevance(weak_evidence), relevance(outside.max() + STRONG_MARGIN)
        print(f"| {penalty:.2f} | {slope:.1f} | {midpoint:.3f} | {weak_at:.3f} | {strong_at:.3f} | "
              f"{np.mean(inside < weak_evidence):.1%} | {np.mean(outside < weak_evidence):.1%} |")
    print(f"\nshipped: penalty {verdict.UNFAMILIAR_PENALTY} (+{verdict.FOREIGN_PENALTY} for another language), "
          f"slope {verdict.SLOPE}, midpoint {verdict.MIDPOINT}, "
          f"weak at {verdict.WEAK_AT}, strong at {verdict.STRONG_AT}")

    confusion(dev, shipped_matches(engine, dev), f"development set ({DEV.relative_to(ROOT)}), shipped corpus")
    if HOLDOUT.is_file():
        holdout = questions(HOLDOUT)
        confusion(holdout, shipped_matches(engine, holdout), f"hold-out set ({HOLDOUT.relative_to(ROOT)}), shipped corpus")
    if args.large_index:
        if args.build_large:
            build_large(args.large_index, embedder)
        large = SearchEngine.open(args.large_index, embedder)
        print(f"\nlarge corpus: {large.snapshot.manifest.documents} documents, {large.snapshot.manifest.chunks} chunks "
              f"({large.snapshot.manifest.chunks / engine.snapshot.manifest.chunks:.0f}x the shipped corpus)")
        confusion(dev, shipped_matches(large, dev), "development set, large corpus (mental_health_gap may now be covered)")
        medquad = SHARED / "medquad-mental-health"
        if medquad.is_dir():
            data = load_beir(medquad / "corpus.jsonl", medquad / "queries.jsonl", medquad / "qrels" / "dev.tsv")
            rows = [{"question": text, "in_scope": True, "kind": "in_scope"} for text in data.queries.values()]
            matches = shipped_matches(large, rows)
            print(f"\nmedquad dev questions, answered by its passages, large corpus: {len(rows)} questions, "
                  + ", ".join(f"{matches.count(m)} {m}" for m in ("strong", "weak", "none")))


def build_large(index: Path, embedder) -> None:
    """The shipped articles plus every passage of both ../shared/data sets, as one corpus."""
    articles, _ = read_corpus(ROOT / "corpus")
    for name in ("medquad-mental-health", "counsel-chat"):
        folder = SHARED / name
        data = load_beir(folder / "corpus.jsonl", folder / "queries.jsonl", folder / "qrels" / "dev.tsv")
        articles += [a.__class__(**{**a.__dict__, "doc_id": f"{name}/{a.doc_id}", "path": f"{name}/{a.path}"})
                     for a in data.articles]
    build_from_articles(articles, index, get_embedder=lambda: embedder, site=read_site(ROOT / "corpus"), progress=False)


if __name__ == "__main__":
    main()
