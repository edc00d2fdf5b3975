"""The manifest: what a snapshot is (model, chunker, counts, vector index, every file's checksum), sealed.

Read by everyone through `Manifest`'s attributes, written only by this package.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from indexer.chunking import ChunkerSettings
from indexer.snapshot.layout import (MANIFEST_FILE, TEMP_PREFIX, ModelMismatchError, SnapshotError, file_checksums,
                                     fsync)
from indexer.vector_index import VectorIndexInfo

FORMAT_VERSION = 3
# The manifest's checksum of its own fields (`_seal`).
SEAL_FIELD = "seal"


@dataclass(frozen=True)
class ModelInfo:
    id: str
    dimension: int
    max_seq_length: int
    precision: str      # "fp32" (torch and onnx, interchangeable) or `INT8_PRECISION` (onnx-int8 only)
    backend: str        # the backend that built the snapshot


@dataclass(frozen=True)
class Manifest:
    """What a snapshot is: read by everyone through attributes, written only here."""
    snapshot_id: str
    built_at: str
    model: ModelInfo
    chunker: ChunkerSettings
    documents: int
    chunks: int
    corpus_fingerprint: str
    vector_index: VectorIndexInfo
    checksums: dict[str, str]
    golden: dict | None = None      # the golden-question run made before publishing (see search_app.golden)
    format_version: int = FORMAT_VERSION

    def to_json(self) -> str:
        fields = dataclasses.asdict(self)
        return json.dumps({**fields, SEAL_FIELD: _seal(fields)}, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str, where: Path) -> "Manifest":
        """Parse and check every field; a manifest of the wrong shape is refused with the reason."""
        try:
            raw = json.loads(text)
        except ValueError as exc:
            raise SnapshotError(f"snapshot {where} has a manifest that is not JSON: {exc}") from None
        if not isinstance(raw, dict):
            raise SnapshotError(f"snapshot {where} has a manifest that is not a JSON object")
        if SEAL_FIELD in raw and raw[SEAL_FIELD] != _seal({k: v for k, v in raw.items() if k != SEAL_FIELD}):
            raise SnapshotError(f"snapshot {where} is damaged: its manifest's fields differ from what the build "
                                "recorded; rebuild with `python -m indexer build --full`")
        if raw.get("format_version") != FORMAT_VERSION:
            raise SnapshotError(f"snapshot {where} is format {raw.get('format_version')!r}, this program reads "
                                f"format {FORMAT_VERSION}: rebuild with `python -m indexer build --full`")
        try:
            return cls(
                snapshot_id=_field(raw, "snapshot_id", str), built_at=_field(raw, "built_at", str),
                model=_record(ModelInfo, _field(raw, "model", dict)),
                chunker=_record(ChunkerSettings, _field(raw, "chunker", dict)),
                documents=_field(raw, "documents", int), chunks=_field(raw, "chunks", int),
                corpus_fingerprint=_field(raw, "corpus_fingerprint", str),
                vector_index=_record(VectorIndexInfo, _field(raw, "vector_index", dict)),
                checksums={str(k): str(v) for k, v in _field(raw, "checksums", dict).items()},
                golden=raw.get("golden") if isinstance(raw.get("golden"), dict) else None,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise SnapshotError(f"snapshot {where} has a malformed manifest ({exc}): "
                                "rebuild with `python -m indexer build --full`") from None


def _seal(fields: dict) -> str:
    """The sha256 of a manifest's own fields: the files' checksums cover the files, this covers the model,
    precision, backend, lengths, probes and golden record the manifest itself holds. (A manifest written
    before seals existed has none, and is read as it was.)"""
    return hashlib.sha256(json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _field(raw: dict, name: str, kind: type):
    value = raw[name]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"{name!r} must be {kind.__name__}, not {type(value).__name__}")
    return value


def _record(cls, raw: dict):
    """A frozen dataclass from a JSON object whose keys are exactly its fields, of the declared types."""
    names = {f.name for f in dataclasses.fields(cls)}
    if set(raw) != names:
        raise KeyError(f"{cls.__name__} fields {sorted(raw)} instead of {sorted(names)}")
    for f in dataclasses.fields(cls):
        allowed = {"int": (int,), "str": (str,), "bool": (bool,), "float": (float, int),
                   "int | None": (int, type(None)), "float | None": (float, int, type(None))}[f.type]
        if not isinstance(raw[f.name], allowed) or (bool not in allowed and isinstance(raw[f.name], bool)):
            raise TypeError(f"{cls.__name__}.{f.name} must be {f.type}")
    return cls(**raw)


def read_manifest(folder: Path) -> Manifest:
    try:
        text = (folder / MANIFEST_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"snapshot {folder} has no readable manifest: {exc}") from None
    return Manifest.from_json(text, folder)


def check_model(manifest: Manifest, configured_model: str, folder: Path, precision: str | None = None) -> None:
    """The snapshot's vectors were made by this model, at this precision; else a message naming both."""
    built_with = manifest.model.id
    if built_with != configured_model:
        raise ModelMismatchError(
            f"the index in {folder.parent.parent} was built with model {built_with!r}, "
            f"but the search is configured with {configured_model!r}. Use the same model "
            f"(SEARCH_MODEL={built_with} or --model {built_with}), or rebuild the index with "
            f"`python -m indexer build --full --model {configured_model}`.")
    if precision and precision != manifest.model.precision:
        raise ModelMismatchError(
            f"the index in {folder.parent.parent} holds {manifest.model.precision} vectors (built with backend "
            f"{manifest.model.backend!r}), but this search would encode questions as {precision} vectors, which "
            f"do not match. Use SEARCH_BACKEND=auto, or rebuild with `python -m indexer build --full --backend ...`.")


def verify_checksums(folder: Path, manifest: Manifest) -> None:
    """Every file the manifest lists is present with the recorded sha256, and no file is unlisted."""
    damaged = damaged_files(folder, manifest)
    if damaged:
        raise SnapshotError(f"snapshot {folder} is damaged: {', '.join(damaged)} "
                            "differ from what the build recorded; rebuild with `python -m indexer build --full`")


def damaged_files(folder: Path, manifest: Manifest) -> list[str]:
    """The files of a snapshot folder that are missing, unlisted, or differ from their recorded sha256."""
    found = file_checksums(folder)
    return sorted(name for name in manifest.checksums.keys() | found.keys()
                  if manifest.checksums.get(name) != found.get(name))


def record_golden(folder: Path, golden: dict) -> None:
    """Keep a golden-question run in a snapshot's manifest (which no checksum covers), atomically."""
    manifest = dataclasses.replace(read_manifest(folder), golden=golden)
    temp = folder / f"{TEMP_PREFIX}{MANIFEST_FILE}"
    temp.write_text(manifest.to_json(), encoding="utf-8")
    fsync(temp)
    os.replace(temp, folder / MANIFEST_FILE)
