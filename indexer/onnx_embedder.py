"""The ONNX backends: the model exported once to ONNX (pooling and normalisation inside the graph), int8
quantisation, and the encoder that runs the export on onnxruntime with the model's own fast tokenizer."""
from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

from indexer.embedder import (DEFAULT_ENCODER_CACHE, ONNX_BATCH, Embedder, TorchEmbedder, batched, model_id,
                              model_location)
from indexer.models import ModelLoadError, takes_token_type_ids

# How the exports are made; part of their cache key, so a change re-exports.
EXPORT_RECIPE = "opset17 mean-pool normalise; int8: dynamic, per-channel, reduce-range, MatMul only, down-projections fp32"
# onnxruntime threads. A question is encoded on one thread: measured interleaved through the
# whole search and over HTTP, one was faster than two (the second contends with the rest of
# the request on these 2-core machines; bench/RESULTS.md, "Backends"). A batch of passages
# takes both cores.
QUERY_THREADS = 1
BATCH_THREADS = 2


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
        self._batcher.enable_padding()  # to a batch's longest text: the files ask for a fixed 128 (bench/RESULTS.md, "A fast path for mpnet")
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

    # onnxruntime writes a shape-inferred copy beside its input under a fixed name: from the shared
    # fp32 export, processes quantizing at once overwrote each other's copy mid-read. It reads a
    # private copy, beside the target, instead.
    source = target.with_name(f"{target.stem}-source.onnx")
    shutil.copyfile(fp32, source)
    logging.disable(logging.WARNING)  # quiet its advice to pre-process the model, for this call only
    try:
        quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8, per_channel=True, reduce_range=True,
                         op_types_to_quantize=["MatMul"], nodes_to_exclude=_down_projections(source))
    finally:
        logging.disable(logging.NOTSET)
        source.unlink(missing_ok=True)


def _down_projections(model_path: Path) -> list[str]:
    """The matrix products that narrow the width (each layer's feed-forward output, 1536 -> 384).

    Their inputs are the activation function's outputs, whose outliers one dynamic int8 scale
    per tensor rounds badly. Keeping these six of 36 products in fp32 brought the vectors
    closest to fp32's of the variants tried (the first or last layer instead gained less), for
    a little more time per question (bench/RESULTS.md, "The int8 recipe").
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
