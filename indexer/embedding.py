"""Embedding models: loading, encoding, and the encoder backends, shared by the indexer and the search app.

The models, and where their weights come from, are registered in `indexer.models`; any
other sentence-transformers name or local path also works. Models are always loaded
offline: nothing is downloaded at run time.

Backends encode the same model three ways:
- `torch`: sentence-transformers on PyTorch, the reference.
- `onnx`: the same network exported once to ONNX (mean pooling and normalisation inside
  the graph) and run with onnxruntime: identical vectors, several times faster for a
  query, and no PyTorch import in a process that only searches.
- `onnx-int8`: that export with int8 weights (dynamic quantisation): faster still, but
  its vectors differ a little, so an index built with it is searched only with it.
Vectors of `torch` and `onnx` are interchangeable ("fp32"); `onnx-int8` vectors are
"int8-r2" (`INT8_PRECISION`). `auto` picks per use: ONNX for queries when onnxruntime is installed, and the
backend measured fastest for batches for builds (bench/encoders.py).
Exports are written once, atomically, under the encoder cache (SEARCH_ENCODER_CACHE).
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Iterable

import numpy as np

from indexer.models import DEFAULT_MODEL, REGISTRY, ModelLoadError, takes_token_type_ids

BACKENDS = ("auto", "torch", "onnx", "onnx-int8")
# Which vectors match which: fp32 is the model's own; the int8 name carries its recipe's
# revision (EXPORT_RECIPE), since vectors quantised another way do not match its vectors.
INT8_PRECISION = "int8-r2"
PRECISION = {"torch": "fp32", "onnx": "fp32", "onnx-int8": INT8_PRECISION}
# Passages per forward pass. PyTorch: 16, with passages sorted by length (bench/encoders.py).
# ONNX: one at a time. It was also the fastest (no padding at all), and int8's dynamic
# quantisation scales activations per batch, so in a batch a passage's vector would depend
# on its batch-mates (cosine 0.99 to itself alone): one at a time, a text always gets the
# vector a question with the same words gets, which the embedding cache relies on.
TORCH_BATCH = 16
ONNX_BATCH = 1
# Which backend `auto` builds with: int8 (with fp32 down-projections) encodes a question in
# about 60% of fp32's time and passages faster, and scored within the bar for a default on
# both dev sets (lose at most 0.005 nDCG@10): hybrid medquad +0.0071, counsel-chat -0.0040;
# dense +0.0044, -0.0042 (bench/encoders.py).
AUTO_BUILD_BACKEND = "onnx-int8"
# How the exports are made; part of their cache key, so a change re-exports.
EXPORT_RECIPE = "opset17 mean-pool normalise; int8: dynamic, per-channel, reduce-range, MatMul only, down-projections fp32"
# onnxruntime threads. A question is encoded on one thread: measured interleaved through the
# whole search and over HTTP, one was 7-10% faster than two (the second contends with the
# rest of the request on these 2-core machines). A batch of passages takes both cores.
QUERY_THREADS = 1
BATCH_THREADS = 2
# A question's word pieces beyond this are not encoded. The encoder's time grows with the
# pieces, and a 500-character question of nonsense words (275 pieces) took 13x the median
# question; every question in the evaluation sets, the judgement's data and the readers'
# questions has fewer than 40 (bench/RESULTS.md, "Pathological questions").
QUERY_MAX_TOKENS = 96
DEFAULT_ENCODER_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mental-health-search" / "encoders"


def model_id(spec: str | None) -> str:
    """The canonical id recorded in snapshots: a registered model's name, or an absolute path."""
    spec = spec or DEFAULT_MODEL
    if spec not in REGISTRY and Path(spec).exists():
        return str(Path(spec).resolve())
    return spec


def model_location(spec: str, cache: Path) -> Path | str:
    """A registered model's folder (assembled into `cache` if it must be), a local folder, or a name to load offline."""
    if spec in REGISTRY:
        return REGISTRY[spec].location(cache)
    return Path(spec) if Path(spec).exists() else spec


def _offline() -> None:
    # Offline before the hub library is imported: it reads these once, at import.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class Embedder:
    """A loaded model that encodes normalised float32 vectors, with its tokenizer's counts.

    `texts_encoded` counts every passage this embedder has encoded, so callers
    (and tests) can see exactly how much work a build did.
    """
    backend: str
    model_id: str
    dimension: int
    max_seq_length: int

    def __init__(self):
        self.texts_encoded = 0

    @property
    def precision(self) -> str:
        return PRECISION[self.backend]

    def count_tokens(self, text: str) -> int:
        """Tokens the model would see for `text`, special tokens included, before truncation."""
        raise NotImplementedError

    def count_word_pieces(self, word: str) -> int:
        """How many pieces the model's tokenizer cuts a word into: 1 for a word it knows whole."""
        raise NotImplementedError

    batch_size: int

    def encode_passages(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        """Normalised passage vectors, shape (len(texts), dimension), with the model's document prompt."""
        vectors = self._encode(texts, batch_size or self.batch_size, "document")
        self.texts_encoded += len(texts)
        return vectors

    def _piece_ends(self, text: str) -> list[int]:
        """Where each of the text's word pieces ends, in characters (no special tokens)."""
        raise NotImplementedError

    def within_query_limit(self, text: str) -> str:
        """The question cut after its first QUERY_MAX_TOKENS word pieces (special tokens included)."""
        ends = self._piece_ends(text)
        return text if len(ends) + 2 <= QUERY_MAX_TOKENS else text[:ends[QUERY_MAX_TOKENS - 3]]

    def encode_query(self, text: str) -> np.ndarray:
        """One normalised query vector, shape (1, dimension), with the model's query prompt."""
        return self._encode([self.within_query_limit(text)], 1, "query")

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Many query vectors, each the one `encode_query` gives (evaluation, training data, benchmarks)."""
        return self._encode([self.within_query_limit(text) for text in texts], self.batch_size, "query")

    # Where `encode_fixed_queries` keeps vectors, and the encoder's identity (weights and recipe),
    # for backends whose exports live in a cache folder.
    _fixed_vectors: tuple[Path, str] | None = None

    def encode_fixed_queries(self, texts: list[str]) -> np.ndarray:
        """`encode_queries` for texts that ship with the code (golden questions, the judgement's
        training data), kept on disk.

        Embedding ~1,100 such texts took 3.9 s; every build's golden check and every
        training run would pay it. A file that cannot be read or written is
        simply recomputed.
        """
        if self._fixed_vectors is None:
            return self.encode_queries(texts)
        folder, identity = self._fixed_vectors
        digest = hashlib.sha256("\0".join([identity, str(QUERY_MAX_TOKENS), *texts]).encode("utf-8")).hexdigest()[:16]
        target = folder / f"queries-{digest}.npy"
        try:
            vectors = np.load(target, allow_pickle=False)
            if vectors.shape == (len(texts), self.dimension) and vectors.dtype == np.float32:
                return vectors
        except (OSError, ValueError):
            pass
        vectors = self.encode_queries(texts)
        try:
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".queries-", suffix=".npy", delete=False) as handle:
                np.save(handle, vectors, allow_pickle=False)
            os.replace(handle.name, target)
        except OSError:
            pass
        return vectors

    def _encode(self, texts: list[str], batch_size: int, role: str) -> np.ndarray:
        raise NotImplementedError


class TorchEmbedder(Embedder):
    """sentence-transformers on PyTorch: the reference encoder, and the source of ONNX exports."""
    backend = "torch"
    batch_size = TORCH_BATCH

    def __init__(self, spec: str | None = None, cache: Path = DEFAULT_ENCODER_CACHE):
        super().__init__()
        self.model_id = model_id(spec)
        location = model_location(self.model_id, cache)
        _offline()
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        try:
            self.model = SentenceTransformer(str(location), device="cpu")
        except Exception as exc:  # the library raises many kinds (OSError, ValueError, HF errors)
            raise ModelLoadError(
                f"cannot load embedding model {self.model_id!r} offline: {exc}. "
                "Give an installed model name or a local sentence-transformers folder."
            ) from exc
        self.dimension = int(self.model.get_embedding_dimension())
        self.max_seq_length = int(self.model.max_seq_length)

    def count_tokens(self, text: str) -> int:
        return len(self.model.tokenizer(text, add_special_tokens=True, truncation=False, verbose=False)["input_ids"])

    def count_word_pieces(self, word: str) -> int:
        return len(self.model.tokenizer.tokenize(word))

    def _piece_ends(self, text: str) -> list[int]:
        pieces = self.model.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
        return [end for _, end in pieces["offset_mapping"]]

    def _encode(self, texts: list[str], batch_size: int, role: str) -> np.ndarray:
        encode = self.model.encode_query if role == "query" else self.model.encode_document
        vectors = encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
                         show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)


class OnnxEmbedder(Embedder):
    """The model's ONNX export on onnxruntime, tokenised with the model's own fast tokenizer."""
    batch_size = ONNX_BATCH

    def __init__(self, spec: str | None = None, backend: str = "onnx", cache: Path = DEFAULT_ENCODER_CACHE):
        super().__init__()
        self.backend = backend
        self.model_id = model_id(spec)
        folder = model_location(self.model_id, cache)
        if not isinstance(folder, Path) or not (folder / "tokenizer.json").is_file():
            raise ModelLoadError(f"backend {backend!r} needs a local sentence-transformers folder with tokenizer.json; "
                                 f"{self.model_id!r} is not one: use --backend torch")
        config = _sentence_config(folder)
        self.dimension, self.max_seq_length, self._prompts = config["dimension"], config["max_seq_length"], config["prompts"]
        from tokenizers import Tokenizer

        self._counter = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._counter.no_truncation()
        self._counter.no_padding()
        self._batcher = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._batcher.enable_truncation(self.max_seq_length)
        self._batcher.enable_padding()  # to a batch's longest text: the files ask for a fixed 128 (bench/RESULTS.md, #32)
        self._inputs = _model_inputs(self.model_id)
        self._model_file = exported_model(self.model_id, folder, backend, cache)
        self._session = _onnx_session(self._model_file, QUERY_THREADS)
        self._fixed_vectors = (cache, self._model_file.name)

    def count_tokens(self, text: str) -> int:
        return len(self._counter.encode(text, add_special_tokens=True).ids)

    def count_word_pieces(self, word: str) -> int:
        return len(self._counter.encode(word, add_special_tokens=False).ids)

    def _piece_ends(self, text: str) -> list[int]:
        return [end for _, end in self._counter.encode(text, add_special_tokens=False).offsets]

    @functools.cached_property
    def _batch_session(self):
        """A second session for passages, on every core; made only by processes that encode passages."""
        return _onnx_session(self._model_file, BATCH_THREADS)

    def _encode(self, texts: list[str], batch_size: int, role: str) -> np.ndarray:
        prompt = self._prompts.get(role, "")
        texts = [prompt + text for text in texts] if prompt else texts
        session = self._batch_session if role == "document" else self._session
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pad least
        vectors = np.empty((len(texts), self.dimension), dtype=np.float32)
        for batch in batched(order, batch_size):
            vectors[batch] = session.run(None, self.feed(self._batcher.encode_batch([texts[i] for i in batch])))[0]
        return vectors

    def feed(self, encoded: list) -> dict[str, np.ndarray]:
        """The session's inputs for a batch of tokenizer encodings: segment ids only for a model that takes them."""
        return {name: np.array([getattr(e, field) for e in encoded], dtype=np.int64) for name, field in self._inputs}


def _model_inputs(spec: str) -> tuple[tuple[str, str], ...]:
    """The export's inputs, named as the transformer names them, each with the tokenizer field it comes from."""
    inputs = (("input_ids", "ids"), ("attention_mask", "attention_mask"))
    return inputs + (("token_type_ids", "type_ids"),) if takes_token_type_ids(spec) else inputs


def _sentence_config(folder: Path) -> dict:
    """What an ONNX encoder must reproduce: mean pooling then normalisation, the length limit, any prompts."""
    try:
        modules = [m["type"].rsplit(".", 1)[-1] for m in json.loads((folder / "modules.json").read_text())]
        pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
        limits = json.loads((folder / "sentence_bert_config.json").read_text())
        extra = folder / "config_sentence_transformers.json"
        prompts = json.loads(extra.read_text()).get("prompts", {}) if extra.is_file() else {}
    except (OSError, ValueError, KeyError) as exc:
        raise ModelLoadError(f"cannot read the sentence-transformers configuration in {folder}: {exc}") from None
    if modules != ["Transformer", "Pooling", "Normalize"] or not pooling.get("pooling_mode_mean_tokens"):
        raise ModelLoadError(f"the ONNX backends support mean-pooled, normalised models; {folder} is {modules}: "
                             "use --backend torch")
    return {"dimension": int(pooling["word_embedding_dimension"]), "max_seq_length": int(limits["max_seq_length"]),
            "prompts": {k: v for k, v in prompts.items() if isinstance(v, str)}}


def exported_model(spec: str, folder: Path, backend: str, cache: Path) -> Path:
    """The ONNX file for a model and backend, exported from the local model the first time (never downloaded)."""
    digest = hashlib.sha256(f"{spec}\0{_weights_fingerprint(folder)}\0{backend}\0{EXPORT_RECIPE}".encode()).hexdigest()[:16]
    target = cache / f"{Path(str(spec)).name}-{backend}-{digest}.onnx"
    if target.is_file():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    fp32 = target if backend == "onnx" else exported_model(spec, folder, "onnx", cache)
    with tempfile.TemporaryDirectory(dir=cache, prefix=".export-") as scratch:
        temp = Path(scratch) / "model.onnx"
        if backend == "onnx":
            _export_fp32(folder, temp, [name for name, _ in _model_inputs(spec)])
        else:
            _quantize_int8(fp32, temp)
        os.replace(temp, target)  # atomic: several processes may export at once; one file wins, whole
    return target


def _weights_fingerprint(folder: Path) -> str:
    weights = sorted(folder.glob("*.safetensors")) or sorted(folder.glob("*.bin"))
    return ";".join(f"{w.name}:{w.stat().st_size}:{int(w.stat().st_mtime)}" for w in weights)


def _export_fp32(folder: Path, target: Path, names: list[str]) -> None:
    """Export the transformer with mean pooling and normalisation inside the graph, taking the inputs `names`."""
    import warnings

    import torch

    model = TorchEmbedder(str(folder)).model

    class SentenceEncoder(torch.nn.Module):
        def __init__(self, transformer):
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids, attention_mask, token_type_ids=None):
            segments = {} if token_type_ids is None else {"token_type_ids": token_type_ids}
            hidden = self.transformer(input_ids=input_ids, attention_mask=attention_mask, **segments).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    encoded = model.tokenizer(["a short example", "a slightly longer example sentence"], padding=True, return_tensors="pt")
    axes = {name: {0: "batch", 1: "tokens"} for name in names} | {"embedding": {0: "batch"}}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(SentenceEncoder(model[0].auto_model).eval(), tuple(encoded[n] for n in names), str(target),
                          input_names=names, output_names=["embedding"], dynamic_axes=axes, opset_version=17,
                          dynamo=False)


def _quantize_int8(fp32: Path, target: Path) -> None:
    """int8 weights for the matrix products, per channel. Reduced range (7-bit weights) avoids the
    saturation of int8 products on CPUs without VNNI, so vectors are the same on any x86 machine.
    The feed-forward down-projections stay fp32 (`_down_projections`)."""
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    logging.disable(logging.WARNING)  # quiet its advice to pre-process the model, for this call only
    try:
        quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8, per_channel=True, reduce_range=True,
                         op_types_to_quantize=["MatMul"], nodes_to_exclude=_down_projections(fp32))
    finally:
        logging.disable(logging.NOTSET)


def _down_projections(model_path: Path) -> list[str]:
    """The matrix products that narrow the width (each layer's feed-forward output, 1536 -> 384).

    Their inputs are the activation function's outputs, whose outliers one dynamic int8 scale
    per tensor rounds badly. Keeping these six of 36 products in fp32 halved the drift from the
    fp32 vectors (mean cosine 0.9936 -> 0.9971, min 0.9817 -> 0.9929 on 900 dev passages) for
    about 14% more time per question; excluding the first or last layer instead gained less.
    """
    import onnx

    graph = onnx.load(str(model_path), load_external_data=False).graph
    shapes = {weight.name: tuple(weight.dims) for weight in graph.initializer}
    return [node.name for node in graph.node if node.op_type == "MatMul"
            and len(shape := shapes.get(node.input[1], ())) == 2 and shape[0] > shape[1]]


def _onnx_session(path: Path, threads: int):
    try:
        import onnxruntime
    except ImportError as exc:
        raise ModelLoadError("the ONNX backends need onnxruntime: pip install onnxruntime") from exc
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # Idle threads sleep instead of spinning: spinning after each query took a core from the
    # rest of the search (BM25, fusion, shaping) on these 2-core machines.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def onnx_available() -> bool:
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


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


def batched(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
