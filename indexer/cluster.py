"""Embedding a build's new passages on a Dask distributed cluster (`build --cluster ADDRESS`).

Only the encoding moves: the build host still reads, chunks, fills the embedding cache and
writes the snapshot. Each task is one of the build's batches; a worker encodes it with the
encoder a local build would use (same model, backend and export, loaded once per worker
process), and the ONNX backends encode passages one at a time, so a passage's vector does
not depend on which worker or batch it met: the vectors are those of a local build. Workers
need the project installed and the encoder's export in the same encoder cache folder (on one
machine it is shared; on several, the same image).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import numpy as np

from indexer.build import BuildError
from indexer.embedding import Embedder, shared_embedder

# How long to wait for the scheduler before saying it cannot be reached.
CONNECT_SECONDS = 10


def encode_on_cluster(address: str, embedder: Embedder, cache: Path,
                      batches: list[list[str]]) -> Iterator[tuple[int, np.ndarray]]:
    """(batch number, vectors) for each batch of passages, as the cluster's workers finish them."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise BuildError("--cluster needs Dask's distributed package: pip install '.[cluster]'") from None
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except OSError as exc:
        raise BuildError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        futures = {client.submit(encode_batch, embedder.model_id, embedder.backend, cache, texts, pure=False): number
                   for number, texts in enumerate(batches)}
        for future in as_completed(futures, loop=client.loop):
            yield futures[future], future.result()
    except Exception as exc:  # a worker's failure arrives as the task's own exception
        raise BuildError(f"a worker of the Dask cluster at {address} failed: {exc}") from None
    finally:
        client.close()


def encode_batch(model: str, backend: str, cache: Path, texts: list[str]) -> np.ndarray:
    """On a worker: the batch's passage vectors, from the encoder this worker process keeps loaded."""
    return shared_embedder(model, backend, cache).encode_passages(texts)
