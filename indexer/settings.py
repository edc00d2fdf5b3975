"""Settings, declared once each: name in code, environment variable, command-line flag, default and help.

The app (`search_app.config`) and both command-line tools read their options from
these declarations, so a setting has one name, one default and one meaning everywhere.
Options both halves need (the index folder, the model) are declared here, beside the
indexer, which the app already depends on.
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from indexer.build import KEEP_SNAPSHOTS
from indexer.embedding import BACKENDS, DEFAULT_ENCODER_CACHE
from indexer.models import DEFAULT_MODEL, REGISTRY


def parse_flag(value: str) -> bool:
    text = value.strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"{value!r} is not on/off")


def parse_positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(f"{value!r} is below 1")
    return number


@dataclass(frozen=True)
class Option:
    name: str                      # attribute name in code
    env: str                       # environment variable
    default: object
    parse: Callable[[str], object]
    help: str
    flag: str | None = None        # command-line flag, for the options the CLIs take

    def from_environment(self, environ: Mapping[str, str]):
        """This option's value from `environ`, else its default; a bad value is an error naming the variable."""
        raw = environ.get(self.env)
        if raw is None or raw == "":
            return self.default
        try:
            return self.parse(raw)
        except ValueError:
            raise ValueError(f"environment variable {self.env}={raw!r} is not valid: {self.help}") from None

    def add_argument(self, parser: argparse.ArgumentParser, environ: Mapping[str, str], **extra) -> None:
        """A command-line flag for this option, defaulting to the environment, then the built-in default."""
        parser.add_argument(self.flag, dest=self.name, default=self.from_environment(environ),
                            type=self.parse if self.parse is not parse_flag else None,
                            help=f"{self.help} (default: {self.default}; environment: {self.env})", **extra)


INDEX_DIR = Option("index_dir", "INDEX_DIR", Path("index"), Path,
                   "index folder written by `python -m indexer build`", flag="--index")
MODEL = Option("model", "SEARCH_MODEL", DEFAULT_MODEL, str,
               f"a registered model ({', '.join(REGISTRY)}; README, Models), or a sentence-transformers name or "
               "local path; an index is searched with the model that built it",
               flag="--model")
CORPUS_DIR = Option("corpus_dir", "CORPUS_DIR", Path("corpus"), Path, "articles folder", flag="--corpus")


def parse_backend(value: str) -> str:
    if value not in BACKENDS:
        raise ValueError(f"{value!r} is not one of {', '.join(BACKENDS)}")
    return value


BACKEND = Option("backend", "SEARCH_BACKEND", "auto", parse_backend,
                 f"encoder: {', '.join(BACKENDS)}; auto builds with onnx-int8 and searches with the fastest encoder "
                 "whose vectors match the index",
                 flag="--backend")
ENCODER_CACHE = Option("encoder_cache", "SEARCH_ENCODER_CACHE", DEFAULT_ENCODER_CACHE, Path,
                       "where the ONNX exports, the registered models assembled from their packages and the fixed "
                       "question vectors are kept (under `$XDG_CACHE_HOME` instead of `~/.cache` when it is set)",
                       flag="--encoder-cache")
KEEP = Option("keep", "SEARCH_KEEP_SNAPSHOTS", KEEP_SNAPSHOTS, parse_positive,
              "snapshots kept for rollback, the live one always among them", flag="--keep")
CLUSTER = Option("cluster", "SEARCH_CLUSTER", None, str,
                 "a Dask scheduler's address (tcp://host:8786): its workers encode the new passages; "
                 "needs pip install '.[cluster]'", flag="--cluster")
