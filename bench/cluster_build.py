"""Build throughput with the passages encoded on a Dask cluster (`build --cluster`), against a local build.

Usage: python -m bench.cluster_build [--workers 1 2]

Builds the shipped corpus into an empty index folder (no embedding cache: every passage is
encoded) in this process, then with `--cluster` on a local Dask cluster of 1, then 2, worker
processes on this machine. Workers are warmed first (encoder loaded), as long-lived workers
are; this process's model load is outside every timing. A last build with every vector in
the cache gives the build host's own share (reading, chunking, indexing, writing), which no
worker takes: the expected time on N machines is that share plus one worker's encoding
time divided by N.
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np
from distributed import Client, LocalCluster

from indexer import snapshot as snap

from indexer.build import build_index
from indexer.cluster import encode_batch
from indexer.embedding import DEFAULT_ENCODER_CACHE, default_embedder

ROOT = Path(__file__).resolve().parents[1]


def timed_build(index: Path, embedder, **options):
    return build_index(ROOT / "corpus", index, get_embedder=lambda: embedder, progress=False, log=lambda line: None,
                       **options)


def vectors_of(index: Path, model: str) -> np.ndarray:
    opened = snap.open_current(index, model)
    opened.records.close()
    return opened.vectors.reconstruct_n(0, opened.vectors.ntotal)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    embedder = default_embedder()
    embedder.encode_passages(["warm up the batch session"])
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as scratch:
        local = timed_build(Path(scratch) / "local", embedder)
        rows.append(("local build (this process)", local))
        host_only = timed_build(Path(scratch) / "local", embedder, full=True)  # every vector from the cache
        for workers in args.workers:
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                              dashboard_address=None) as cluster, Client(cluster, set_as_default=False) as client:
                client.run(encode_batch, embedder.model_id, embedder.backend, DEFAULT_ENCODER_CACHE, ["warm up"])
                report = timed_build(Path(scratch) / f"cluster-{workers}", embedder, cluster=cluster.scheduler_address)
            rows.append((f"--cluster, {workers} worker(s) on this machine", report))
            same = np.array_equal(vectors_of(Path(scratch) / f"cluster-{workers}", embedder.model_id),
                                  vectors_of(Path(scratch) / "local", embedder.model_id))
            print(f"{workers} worker(s): vectors {'identical to' if same else 'DIFFERENT from'} the local build's")
    print(f"{local.chunks} passages of the shipped corpus, all encoded; build host's own share "
          f"(every vector cached): {host_only.seconds:.1f} s")
    for name, report in rows:
        print(f"{name:40} {report.seconds:6.1f} s  {report.embedded / report.seconds:6.1f} passages/s")
    one = next((report for name, report in rows if name.startswith("--cluster, 1 ")), None)
    if one:
        encoding = one.seconds - host_only.seconds
        print(f"one worker's encoding: {one.seconds:.1f} - {host_only.seconds:.1f} = {encoding:.1f} s")
        for machines in (2, 4, 8):
            seconds = host_only.seconds + encoding / machines
            print(f"expected on {machines} machines (one worker each): {host_only.seconds:.1f} + {encoding:.1f}/{machines}"
                  f" = {seconds:.1f} s, {one.embedded / seconds:.0f} passages/s")


if __name__ == "__main__":
    main()
