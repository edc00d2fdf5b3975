"""What the golden-question check adds to an editor's incremental build of the shipped corpus.

Usage: python -m bench.golden_gate [--rounds 5]

Each round edits one paragraph of one article and runs `python -m indexer build` in a
fresh process (imports and model load included, as an editor runs it), once with the
corpus's golden-questions.yaml and once without it, in alternating order so machine
noise falls on both. The floor is the build without the file; the figure is the ratio.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from search_app.golden import GOLDEN_FILE

ROOT = Path(__file__).resolve().parents[1]
EDITED_ARTICLE = "anger.md"


def timed_build(corpus: Path, index: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "indexer", "build", "--corpus", str(corpus), "--index", str(index)],
                   check=True, cwd=ROOT, capture_output=True)
    return time.perf_counter() - started


def edit(corpus: Path, round_number: int) -> None:
    """Change the first paragraph under the article's first heading: one chunk to re-embed."""
    path = corpus / EDITED_ARTICLE
    text = path.read_text(encoding="utf-8")
    heading = text.index("\n## ")
    path.write_text(text[:heading] + text[heading:].replace("\n\n", f"\n\nEdit {round_number}. ", 1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        # Two corpora and indexes, one with the golden file and one without, so each live
        # snapshot has the history it would have (a recorded golden run, or none).
        setups = {}
        for kind in ("with", "without"):
            corpus, index = Path(scratch) / kind / "corpus", Path(scratch) / kind / "index"
            shutil.copytree(ROOT / "corpus", corpus)
            if kind == "without":
                (corpus / GOLDEN_FILE).unlink()
            timed_build(corpus, index)
            setups[kind] = corpus, index
        times = {"with": [], "without": []}
        for round_number in range(args.rounds):
            for kind in ("with", "without") if round_number % 2 == 0 else ("without", "with"):
                corpus, index = setups[kind]
                edit(corpus, round_number)
                times[kind].append(timed_build(corpus, index))
    floor, gated = statistics.median(times["without"]), statistics.median(times["with"])
    print(f"incremental build, one article edited, fresh process ({args.rounds} rounds, medians):")
    print(f"  without golden check  {floor:.2f} s  (floor)")
    print(f"  with golden check     {gated:.2f} s  = {gated / floor:.2f}x the floor (+{gated - floor:.2f} s)")


if __name__ == "__main__":
    main()
