"""Embedding models: loading, encoding, and the encoder backends, shared by the indexer and the search app.

The models, and where their weights come from, are registered in `indexer.models`; any
other sentence-transformers name or local path also works. Models are always loaded
offline: nothing is downloaded at run time.

Backends encode the same model three ways:
- `torch`: sentence-transformers on PyTorch, the reference.
- `onnx`: the same network exported once to ONNX (mean pooling and normalisation inside
  the graph) and run with onnxruntime: identical vectors, faster for a query, and no
  PyTorch import in a process that only searches.
- `onnx-int8`: that export with int8 weights (dynamic quantisation): faster still, but
  its vectors differ a little, so an index built with it is searched only with it.
Vectors of `torch` and `onnx` are interchangeable ("fp32"); `onnx-int8` vectors are
"int8-r2" (`INT8_PRECISION`). `auto` picks per use: ONNX for queries when onnxruntime is installed, and the
backend measured fastest for batches for builds (bench/RESULTS.md, "Backends").
Exports are written once, atomically, under the encoder cache (SEARCH_ENCODER_CACHE).

The encoders live in `indexer.embedder` (the interface, and PyTorch) and `indexer.onnx_embedder`;
this module chooses and loads one, and is where callers import them from.
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from indexer.embedder import (DEFAULT_ENCODER_CACHE, INT8_PRECISION, PRECISION, QUERY_MAX_TOKENS, Embedder,
                              TorchEmbedder, batched, model_id)
from indexer.models import DEFAULT_MODEL, ModelLoadError
from indexer.onnx_embedder import OnnxEmbedder, onnx_available

__all__ = [  # what callers import from here: the encoders' names, and choosing and loading one
    "AUTO_BUILD_BACKEND", "BACKENDS", "DEFAULT_ENCODER_CACHE", "DEFAULT_MODEL", "INT8_PRECISION", "PRECISION",
    "QUERY_MAX_TOKENS", "Embedder", "ModelLoadError", "batched", "default_embedder", "embedding_key", "load_embedder",
    "model_id", "resolve_backend", "shared_embedder",
]

BACKENDS = ("auto", "torch", "onnx", "onnx-int8")
# Which backend `auto` builds with: int8 (with fp32 down-projections) encodes questions and
# passages faster than fp32, and scored within the bar for a default on both dev sets (lose
# at most 0.005 nDCG@10) (bench/RESULTS.md, "The int8 recipe").
AUTO_BUILD_BACKEND = "onnx-int8"


def resolve_backend(backend: str | None, use: str, precision: str | None = None) -> str:
    """The concrete backend for `use` ("query" or "build"); queries must match the index's precision."""
    backend = backend or "auto"
    if backend not in BACKENDS:
        raise ModelLoadError(f"unknown encoder backend {backend!r}: choose one of {', '.join(BACKENDS)}")
    if backend == "auto":
        if precision == INT8_PRECISION:
            return "onnx-int8"
        if use == "query":
            return "onnx" if onnx_available() else "torch"
        return AUTO_BUILD_BACKEND if onnx_available() else "torch"
    return backend


def load_embedder(spec: str | None = None, backend: str = "auto", cache: Path = DEFAULT_ENCODER_CACHE) -> Embedder:
    """An encoder for `spec` on `backend` (`auto`: the fastest fp32 one installed)."""
    backend = resolve_backend(backend, "query")
    if backend == "torch":
        return TorchEmbedder(spec, cache)
    return OnnxEmbedder(spec, backend, cache)


def shared_embedder(spec: str | None = None, backend: str = "auto", cache: Path = DEFAULT_ENCODER_CACHE) -> Embedder:
    """One loaded encoder per process, model and backend, however many apps or engines use it."""
    return _shared(model_id(spec), resolve_backend(backend, "query"), cache)


def default_embedder(spec: str | None = None) -> Embedder:
    """The encoder a default build uses, and so the one searches of its index use."""
    return shared_embedder(spec, resolve_backend("auto", "build"))


@functools.cache
def _shared(spec: str, backend: str, cache: Path) -> Embedder:
    return load_embedder(spec, backend, cache)


def embedding_key(model: str, text: str, precision: str = "fp32") -> str:
    """Cache key of one embedded text: the same text under the same model and precision embeds the same."""
    name = model if precision == "fp32" else f"{model}#{precision}"
    return hashlib.sha256(f"{name}\0{text}".encode("utf-8")).hexdigest()
