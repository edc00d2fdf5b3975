"""The one place that reads the environment; everything else receives `Settings`."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping

from indexer.embedding import DEFAULT_MODEL
from search_app.query import QueryLimits


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    index_dir: Path = Path("index")
    model: str = DEFAULT_MODEL
    default_k: int = 10
    max_k: int = 50
    max_query_chars: int = 500
    reload_check_seconds: float = 1.0
    log_queries: bool = False

    # environment variable -> field
    ENVIRONMENT = {
        "INDEX_DIR": ("index_dir", Path), "SEARCH_MODEL": ("model", str),
        "SEARCH_DEFAULT_K": ("default_k", int), "SEARCH_MAX_K": ("max_k", int),
        "SEARCH_MAX_QUERY_CHARS": ("max_query_chars", int),
        "SEARCH_RELOAD_SECONDS": ("reload_check_seconds", float), "SEARCH_LOG_QUERIES": ("log_queries", _flag),
    }

    @classmethod
    def from_env(cls, environ: Mapping[str, str], overrides: Mapping | None = None) -> "Settings":
        """Settings from environment variables, then `overrides` (field names or variable names) on top."""
        values = {}
        for variable, (name, convert) in cls.ENVIRONMENT.items():
            if environ.get(variable):
                try:
                    values[name] = convert(environ[variable])
                except ValueError:
                    raise ValueError(f"environment variable {variable}={environ[variable]!r} is not valid") from None
        by_field = {name: convert for name, convert in cls.ENVIRONMENT.values()}
        for key, value in (overrides or {}).items():
            name = cls.ENVIRONMENT[key][0] if key in cls.ENVIRONMENT else key
            if name not in by_field:
                raise ValueError(f"unknown setting {key!r}")
            values[name] = by_field[name](value) if isinstance(value, str) else value
        return replace(cls(), **values)

    @property
    def limits(self) -> QueryLimits:
        return QueryLimits(default_k=self.default_k, max_k=self.max_k, max_chars=self.max_query_chars)
