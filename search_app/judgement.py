"""The learned judgement's file: per embedding model, the calibrated models behind the crisis
check and the match verdict, their thresholds, and the figures those were chosen with.

`python -m search_app train-judgement --model M` writes, in `judgement_models/` (see
`search_app.judgement_training`), `<model>.json` (thresholds and figures, to read and diff),
`<model>.models.npz` (the models' numbers, exact, compressed) and `<model>.neighbours.npz`; the
search reads them with numpy (and FAISS, for the neighbours). The models read the query vector,
so they belong to one embedding model: a model change retrains them.

Each model reads standardised features, (x - mean) / scale: logistic regression, or (the
crisis check) the mean of a few small networks of one hidden layer. Thresholds are chosen on the development split only; the file also carries the
figures measured on the test split, which no choice was made on.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import faiss
import numpy as np

from indexer.embedding import ModelLoadError
from search_app.ngrams import NgramModel, NgramPair

MODELS_DIR = Path(__file__).with_name("judgement_models")
FILE_VERSION = 5
MODELS = ("crisis", "audience", "category", "verdict", "far", "topic")
NGRAM_MODELS = ("ngrams", "topic_ngrams")
# Neighbours: the cosine above which a training question is the same text (left out of its own neighbours
# when training; stored in half precision, a vector's cosine to itself reads from 0.9998), and how many such
# copies of one question are looked past.
SAME_TEXT = 0.999
LEFT_OUT_AT_MOST = 16


class JudgementMissing(ModelLoadError):
    """No judgement has been trained for the configured embedding model."""


@dataclass(frozen=True)
class Classifier:
    """Logistic regression, or an average of small networks (one hidden ReLU layer), over standardised
    features; `classes` in the order of its outputs. Each member is its layers' (weights, bias)."""
    classes: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    members: tuple[tuple[tuple[np.ndarray, np.ndarray], ...], ...]

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """Each row's probability per class, shape (rows, classes): the members' mean."""
        rows = np.atleast_2d(rows)
        if self._side_by_side is not None:
            (hidden_weights, hidden_bias), (out_weights, out_bias) = self._side_by_side
            hidden = np.maximum(rows.astype(np.float32) @ hidden_weights + hidden_bias, 0.0)
            positive = 1.0 / (1.0 + np.exp(-(hidden @ out_weights + out_bias).astype(np.float64)))
            positive = positive.mean(axis=1)
            return np.stack([1.0 - positive, positive], axis=1)
        return np.mean([self._member(rows, layers) for layers in self._unstandardised], axis=0)

    @functools.cached_property
    def _side_by_side(self) -> tuple | None:
        """Two-class networks of one hidden layer as one wide network: their hidden layers side by side,
        each output reading only its own: far faster for one row than the networks one by one
        (bench/RESULTS.md, "Judgement": "Cost")."""
        if len(self.classes) != 2 or len(self.members) < 2 or any(len(layers) != 2 for layers in self.members):
            return None
        firsts, outputs = zip(*((first, output) for first, output in self._unstandardised))
        widths = [len(bias) for _, bias in firsts]
        out_weights = np.zeros((sum(widths), len(outputs)))
        for n, ((weights, _), start) in enumerate(zip(outputs, np.cumsum([0, *widths[:-1]]))):
            out_weights[start:start + widths[n], n] = weights[:, 0]
        side_by_side = ((np.hstack([weights for weights, _ in firsts]), np.concatenate([bias for _, bias in firsts])),
                        (out_weights, np.array([bias[0] for _, bias in outputs])))
        return tuple(tuple(part.astype(np.float32) for part in layer) for layer in side_by_side)  # half the bytes to read

    @functools.cached_property
    def _unstandardised(self) -> tuple:
        """The members with the standardisation folded into their first layer, so that a row is read as it
        is: ((x - mean) / scale) @ W + b = x @ (W / scale) + (b - (mean / scale) @ W)."""
        folded = []
        for (weights, bias), *rest in self.members:
            first = (weights / self.scale[:, None], bias - (self.mean / self.scale) @ weights)
            folded.append((first, *rest))
        return tuple(folded)

    def _member(self, values: np.ndarray, layers) -> np.ndarray:
        for weights, bias in layers[:-1]:
            values = np.maximum(values @ weights + bias, 0.0)
        weights, bias = layers[-1]
        logits = values @ weights + bias
        if len(self.classes) == 2:
            positive = 1.0 / (1.0 + np.exp(-logits[:, 0]))
            return np.stack([1.0 - positive, positive], axis=1)
        logits = logits - logits.max(axis=1, keepdims=True)
        weights = np.exp(logits)
        return weights / weights.sum(axis=1, keepdims=True)

    def probability(self, row: np.ndarray, of: str) -> float:
        return float(self.probabilities(row)[0, self.classes.index(of)])

    def most_likely(self, row: np.ndarray) -> str:
        return self.classes[int(np.argmax(self.probabilities(row)[0]))]

    def arrays(self, name: str) -> dict[str, np.ndarray]:
        """The model as named arrays, exactly: `name/classes`, `name/mean`, `name/scale`, and each member's
        layers (`name/3/1/weights`: the fourth member's second layer)."""
        found = {f"{name}/classes": np.array(self.classes), f"{name}/mean": self.mean, f"{name}/scale": self.scale}
        for member, layers in enumerate(self.members):
            for layer, (weights, bias) in enumerate(layers):
                found[f"{name}/{member}/{layer}/weights"], found[f"{name}/{member}/{layer}/bias"] = weights, bias
        return found

    @classmethod
    def from_arrays(cls, name: str, arrays) -> "Classifier":
        members = []
        while f"{name}/{len(members)}/0/weights" in arrays:
            layers, member = [], len(members)
            while f"{name}/{member}/{len(layers)}/weights" in arrays:
                layer = f"{name}/{member}/{len(layers)}"
                layers.append((np.asarray(arrays[f"{layer}/weights"], dtype=np.float64),
                               np.asarray(arrays[f"{layer}/bias"], dtype=np.float64)))
            members.append(tuple(layers))
        model = cls(tuple(str(c) for c in arrays[f"{name}/classes"]), np.asarray(arrays[f"{name}/mean"], dtype=np.float64),
                    np.asarray(arrays[f"{name}/scale"], dtype=np.float64), tuple(members))
        if model.mean.shape != model.scale.shape or not members:
            raise ValueError("a judgement model's arrays do not fit together")
        for layers in model.members:
            width = len(model.mean)
            for weights, bias in layers:
                if weights.ndim != 2 or weights.shape[0] != width or weights.shape[1] != len(bias):
                    raise ValueError("a judgement model's layers do not fit together")
                width = len(bias)
        return model


@dataclass(frozen=True)
class Neighbours:
    """The training questions' vectors, showing risk and ordinary: the crisis check reads how near a
    question is to the nearest of each. Compared with every one of them, exactly, in fewer dimensions,
    the training vectors' principal axes (`basis`): that kept dev's recall and halved the memory one
    question reads. Kept in half precision, as saved, and scanned by FAISS, which reads them as such
    and returns the nearest sorted: 0.18 ms a question against 0.30 for numpy's products in single
    precision and a partition (a graph index, HNSW, took longer; bench/RESULTS.md, "Judgement": "Cost")."""
    risk: np.ndarray       # projected onto `basis` and normalised, one row per training question
    ordinary: np.ndarray
    basis: np.ndarray      # (the encoder's dimension, kept): the principal axes of the training vectors

    @classmethod
    def from_vectors(cls, risk: np.ndarray, ordinary: np.ndarray, kept: int) -> "Neighbours":
        """Neighbours compared on the `kept` principal axes of all the given vectors."""
        both = np.vstack([risk, ordinary]).astype(np.float64)
        axes = np.linalg.svd(both - both.mean(axis=0), full_matrices=False)[2][:kept]
        basis = np.ascontiguousarray(axes.T, dtype=np.float32)
        return cls(_projected(risk, basis), _projected(ordinary, basis), basis)

    def project(self, vectors: np.ndarray) -> np.ndarray:
        """Query vectors as the neighbours are kept: on the basis, normalised."""
        return _projected(vectors, self.basis)

    @functools.cached_property
    def scans(self) -> tuple[faiss.Index, faiss.Index]:
        """(risk, ordinary), each an exact inner-product scan of its vectors in half precision."""
        scans = []
        for vectors in (self.risk, self.ordinary):
            scan = faiss.IndexScalarQuantizer(vectors.shape[1], faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT)
            scan.add(np.ascontiguousarray(vectors, dtype=np.float32))
            scans.append(scan)
        return tuple(scans)

    def nearest(self, queries: np.ndarray, count: int, leave_out_self: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """(risk, ordinary): each query's (kept as the neighbours are: `project`) `count` highest cosines to that
        set, highest first. `leave_out_self`: a training question's own vector (and exact duplicates' cosines,
        above `SAME_TEXT`) are not its neighbours."""
        spare = LEFT_OUT_AT_MOST if leave_out_self else 0
        found = []
        for scan in self.scans:
            cosines = scan.search(queries, count + spare)[0]
            if leave_out_self:
                cosines = -np.sort(-np.where(cosines > SAME_TEXT, -np.inf, cosines), axis=1)
                if np.isinf(cosines[:, :count]).any():
                    raise ValueError(f"a training question has more than {spare} copies of its vector")
            found.append(cosines[:, :count])
        return tuple(found)

    def save(self, path: Path) -> None:
        with path.open("wb") as handle:
            np.savez(handle, risk=self.risk.astype(np.float16), ordinary=self.ordinary.astype(np.float16),
                     basis=self.basis)

    @classmethod
    def load(cls, path: Path) -> "Neighbours":
        with np.load(path, allow_pickle=False) as arrays:
            return cls(arrays["risk"].astype(np.float32), arrays["ordinary"].astype(np.float32),
                       arrays["basis"].astype(np.float32))


def _projected(vectors: np.ndarray, basis: np.ndarray) -> np.ndarray:
    projected = np.atleast_2d(vectors).astype(np.float32) @ basis
    return projected / np.maximum(np.linalg.norm(projected, axis=1, keepdims=True), 1e-12)


@dataclass(frozen=True)
class Judgement:
    """Everything learned for one embedding model."""
    model_id: str
    crisis: Classifier       # risk shown: classes (no, yes)
    audience: Classifier     # who is at risk: (self, someone_else)
    category: Classifier     # what kind of risk, for the box and the help that leads
    verdict: Classifier      # the articles answer it: (no, yes)
    far: Classifier          # the same evidence, answered questions against those off the subject only: (no, yes)
    topic: Classifier        # about mental health at all, from the query vector alone: (no, yes)
    ngrams: NgramModel       # the question's letters and words, a feature of the crisis check
    topic_ngrams: NgramModel  # the same about mental health at all, a feature of the verdict
    thresholds: dict          # crisis, offer, weak, strong, far: see `judgement_training` for how each was chosen
    figures: dict             # what the thresholds gave on dev and test, for bench/RESULTS.md
    neighbours: Neighbours | None = None

    @functools.cached_property
    def ngram_scores(self) -> Callable[[str], tuple[float, float]]:
        """A normalised question's (crisis n-gram score, topic n-gram score), looked up in one pass."""
        return NgramPair(self.ngrams, self.topic_ngrams).logits

    def to_json(self) -> str:
        """Thresholds and figures one per line, to read and diff (the models are in `arrays`)."""
        return json.dumps({"version": FILE_VERSION, "model_id": self.model_id, "thresholds": self.thresholds,
                           "figures": self.figures}, indent=1) + "\n"

    def arrays(self) -> dict[str, np.ndarray]:
        """Every model's numbers, exactly, by name."""
        return {key: array for name in (*MODELS, *NGRAM_MODELS) for key, array in getattr(self, name).arrays(name).items()}

    @classmethod
    def read(cls, text: str, models: Path) -> "Judgement":
        """From the readable file's `text` and the models' arrays in `models`."""
        raw = json.loads(text)
        if raw.get("version") != FILE_VERSION:
            raise ValueError(f"judgement file version {raw.get('version')!r}, this program reads {FILE_VERSION}")
        with np.load(models, allow_pickle=False) as arrays:
            models = {name: Classifier.from_arrays(name, arrays) for name in MODELS}
            ngrams = {name: NgramModel.from_arrays(name, arrays) for name in NGRAM_MODELS}
        return cls(raw["model_id"], thresholds=raw["thresholds"], figures=raw["figures"], **models, **ngrams)


def judgement_file(model: str, folder: Path = MODELS_DIR) -> Path:
    """Where a model's judgement lives: its id made a file name (a path's separators become '-')."""
    return folder / (re.sub(r"[^A-Za-z0-9._-]+", "-", model).strip("-.") + ".json")


def neighbours_file(model: str, folder: Path = MODELS_DIR) -> Path:
    return judgement_file(model, folder).with_suffix(".neighbours.npz")


def models_file(model: str, folder: Path = MODELS_DIR) -> Path:
    return judgement_file(model, folder).with_suffix(".models.npz")


def save_judgement(judgement: Judgement, folder: Path = MODELS_DIR) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    judgement.neighbours.save(neighbours_file(judgement.model_id, folder))
    with models_file(judgement.model_id, folder).open("wb") as handle:
        np.savez_compressed(handle, **judgement.arrays())
    target = judgement_file(judgement.model_id, folder)
    target.write_text(judgement.to_json(), encoding="utf-8")
    return target


@functools.lru_cache(maxsize=8)
def load_judgement(model: str, folder: Path = MODELS_DIR) -> Judgement:
    """The judgement trained for `model`; a clear error when there is none or it cannot be read."""
    path = judgement_file(model, folder)
    try:
        judgement = Judgement.read(path.read_text(encoding="utf-8"), models_file(model, folder))
        judgement = dataclasses.replace(judgement, neighbours=Neighbours.load(neighbours_file(model, folder)))
    except FileNotFoundError as exc:
        raise JudgementMissing(f"no judgement is trained for the model {model!r} ({exc.filename} is missing): "
                               f"run `python -m search_app train-judgement --model {model}`") from None
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
        raise JudgementMissing(f"the judgement file {path} cannot be used ({exc}): "
                               f"run `python -m search_app train-judgement --model {model}`") from None
    if judgement.model_id != model:
        raise JudgementMissing(f"{path} was trained for {judgement.model_id!r}, not {model!r}")
    return judgement
