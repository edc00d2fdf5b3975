"""The encoder interface every backend implements, and the PyTorch reference (sentence-transformers).

Which backend a process uses, and loading it, is `indexer.embedding`; the ONNX backends are
`indexer.onnx_embedder`.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Iterable

import numpy as np

from indexer.models import DEFAULT_MODEL, REGISTRY, ModelLoadError

# Which vectors match which: fp32 is the model's own; the int8 name carries its recipe's
# revision (EXPORT_RECIPE), since vectors quantised another way do not match its vectors.
INT8_PRECISION = "int8-r2"
PRECISION = {"torch": "fp32", "onnx": "fp32", "onnx-int8": INT8_PRECISION}
# Passages per forward pass. PyTorch: 16, with passages sorted by length (bench/encoders.py).
# ONNX: one at a time. It was also the fastest (no padding at all), and int8's dynamic
# quantisation scales activations per batch, so in a batch a passage's vector would depend
# on its batch-mates: one at a time, a text always gets the vector a question with the same
# words gets, which the embedding cache relies on (bench/RESULTS.md, "Backends").
TORCH_BATCH = 16
ONNX_BATCH = 1
# A question's word pieces beyond this are not encoded. The encoder's time grows with the
# pieces, and a long question of nonsense words took many times the median question's;
# every question in the evaluation sets, the judgement's data and the readers' questions
# is well below the cap (bench/RESULTS.md, "Reliability", the `questions` row).
QUERY_MAX_TOKENS = 96
# The user's cache folder, as the XDG convention has it: $XDG_CACHE_HOME when set, else ~/.cache.
CACHE_HOME = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
DEFAULT_ENCODER_CACHE = CACHE_HOME / "mental-health-search" / "encoders"


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

        Encoding them takes seconds, which every build's golden check and every training run
        would pay (bench/RESULTS.md, "Golden questions"). A file that cannot be read or
        written is simply recomputed.
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


def batched(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
