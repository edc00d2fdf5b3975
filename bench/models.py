"""The registered models compared on a question's cost: encode time on one thread, and an encoding process's memory.

Usage: python -m bench.models [--rounds 2]

Every model and ONNX backend encodes the dev questions in turn, question by question, so
load from other work on the machine falls on all of them alike; each is also given as a
ratio to MiniLM int8 (the default's encoder) measured in the same run. Memory: the peak
resident size of a fresh process that loads one encoder and encodes one question.
Figures and the decision they feed: bench/RESULTS.md, "Choosing the model".
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from indexer.embedding import shared_embedder
from indexer.models import DEFAULT_MODEL, REGISTRY

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
ENCODERS = [(model, backend) for model in REGISTRY for backend in ("onnx-int8", "onnx")]


def questions() -> list[str]:
    return [json.loads(line)["text"] for name in ("medquad-mental-health", "counsel-chat")
            for line in (DATA / name / "queries.jsonl").read_text().splitlines()][:200]


def peak_memory_mb(model: str, backend: str) -> float:
    """Peak resident MB of a process that only loads the encoder and encodes one question."""
    # VmHWM, not ru_maxrss: Linux carries a forking parent's ru_maxrss over into the child.
    script = (f"from indexer.embedding import load_embedder; "
              f"load_embedder({model!r}, {backend!r}).encode_query('how do I sleep better'); "
              f"print(next(line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM')))")
    return int(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    texts = questions()
    embedders = {encoder: shared_embedder(*encoder) for encoder in ENCODERS}
    times: dict[tuple[str, str], list[float]] = {encoder: [] for encoder in ENCODERS}
    for embedder in embedders.values():
        embedder.encode_query(texts[0])
    for text in texts * args.rounds:
        for encoder, embedder in embedders.items():
            started = time.perf_counter()
            embedder.encode_query(text)
            times[encoder].append((time.perf_counter() - started) * 1000)
    floor = statistics.median(times[(DEFAULT_MODEL, "onnx-int8")])
    print(f"{len(texts)} dev questions x {args.rounds}, one thread\n")
    print("| model | backend | question p50 ms | p90 ms | x MiniLM int8 | encoder process peak MB |\n|---|---|---|---|---|---|")
    for (model, backend), values in times.items():
        ordered = sorted(values)
        print(f"| {model} | {backend} | {statistics.median(values):.1f} | {ordered[int(0.9 * len(ordered))]:.1f} | "
              f"{statistics.median(values) / floor:.2f} | {peak_memory_mb(model, backend):.0f} |")


if __name__ == "__main__":
    main()
