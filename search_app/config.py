"""The app's settings: every option declared once (`OPTIONS`), read from the environment in one place.

`Settings` is built in `create_app` and in the command-line tools and passed down;
nothing else reads `os.environ`. The OpenAPI document and the search page take their
limits from the same values.
"""
from __future__ import annotations

import dataclasses
from typing import Mapping

from indexer.settings import BACKEND, ENCODER_CACHE, INDEX_DIR, MODEL, Option, parse_flag, parse_positive
from search_app.gap_report import DEFAULT_MIN_COUNT, DEFAULT_RETENTION_DAYS
from search_app.query import QueryLimits

DEFAULT_K = Option("default_k", "SEARCH_DEFAULT_K", QueryLimits.default_k, int,
                   "passages returned when a request does not say", flag="--k")
MAX_K = Option("max_k", "SEARCH_MAX_K", QueryLimits.max_k, int, "most passages one request may reach (offset + k)")
MAX_QUERY_CHARS = Option("max_query_chars", "SEARCH_MAX_QUERY_CHARS", QueryLimits.max_chars, int,
                         "longest question accepted, in characters")
RELOAD_SECONDS = Option("reload_seconds", "SEARCH_RELOAD_SECONDS", 1.0, float,
                        "how often the app checks for a newly published snapshot")
LOG_QUERIES = Option("log_queries", "SEARCH_LOG_QUERIES", False, parse_flag,
                     "log query text (off by default: questions are private)")
GAP_REPORT = Option("gap_report", "SEARCH_GAP_REPORT", False, parse_flag,
                    "count unanswered questions, scrubbed and k-anonymous, for `python -m indexer gaps`")
GAP_MIN_COUNT = Option("gap_min_count", "SEARCH_GAP_MIN_COUNT", DEFAULT_MIN_COUNT, parse_positive,
                       "readers (counted once a day each) a question needs before the gap report keeps its text (k)",
                       flag="--min-count")
GAP_RETENTION_DAYS = Option("gap_retention_days", "SEARCH_GAP_RETENTION_DAYS", DEFAULT_RETENTION_DAYS, parse_positive,
                            "days the gap report keeps counts", flag="--retention-days")
CORS_ORIGINS = Option("cors_origins", "SEARCH_CORS_ORIGINS", "", str,
                      "sites whose pages may call the API from the browser: comma-separated origins "
                      "(https://example.org); empty (the default): none")
METRICS = Option("metrics", "SEARCH_METRICS", False, parse_flag,
                 "answer `/metrics` (Prometheus text: requests, stage times, answers by kind, index version; "
                 "no question ever) on the app's port")
OPTIONS = (INDEX_DIR, MODEL, BACKEND, ENCODER_CACHE, DEFAULT_K, MAX_K, MAX_QUERY_CHARS, RELOAD_SECONDS, LOG_QUERIES,
           GAP_REPORT, GAP_MIN_COUNT, GAP_RETENTION_DAYS, CORS_ORIGINS, METRICS)


def _limits(self) -> QueryLimits:
    return QueryLimits(default_k=self.default_k, max_k=self.max_k, max_chars=self.max_query_chars)


def _from_env(cls, environ: Mapping[str, str], overrides: Mapping | None = None):
    """Settings from environment variables, then `overrides` (by name or by variable) on top."""
    values = {option.name: option.from_environment(environ) for option in OPTIONS}
    by_key = {key: option for option in OPTIONS for key in (option.name, option.env)}
    for key, value in (overrides or {}).items():
        option = by_key.get(key)
        if option is None:
            raise ValueError(f"unknown setting {key!r}")
        values[option.name] = option.parse(value) if isinstance(value, str) else value
    settings = cls(**values)
    if not 1 <= settings.default_k <= settings.max_k:
        raise ValueError(f"{DEFAULT_K.env} must be from 1 to {MAX_K.env} ({settings.max_k})")
    return settings


Settings = dataclasses.make_dataclass(
    "Settings", [(option.name, type(option.default), dataclasses.field(default=option.default)) for option in OPTIONS],
    frozen=True, namespace={"limits": property(_limits), "from_env": classmethod(_from_env),
                            "__doc__": "The value of every option in OPTIONS, by its name."})
