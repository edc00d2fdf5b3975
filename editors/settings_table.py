"""The README's table of settings, made from their declarations (`indexer.settings`, `search_app.config`),
so that a setting's variable, flag, default and meaning are written once: `python -m editors.settings_table`
prints it, and a test fails while the README's copy differs. It lives here, above both halves, because
the table lists both the indexer's settings and the app's.
"""
from __future__ import annotations

from pathlib import Path

from indexer.embedder import CACHE_HOME
from indexer.settings import BACKEND, CLUSTER, CORPUS_DIR, ENCODER_CACHE, INDEX_DIR, KEEP, MODEL, Option
from search_app.config import (CORS_ORIGINS, DEFAULT_K, GAP_MIN_COUNT, GAP_REPORT, GAP_RETENTION_DAYS, LOG_QUERIES,
                               MAX_K, MAX_QUERY_CHARS, METRICS, RELOAD_SECONDS)

HEADER = "| variable | flag | default | meaning |\n| --- | --- | --- | --- |"
# The order readers meet them in: folders and the model, then the indexer's, then the app's.
SETTINGS = (INDEX_DIR, CORPUS_DIR, MODEL, BACKEND, ENCODER_CACHE, KEEP, DEFAULT_K, MAX_K, MAX_QUERY_CHARS, RELOAD_SECONDS,
            LOG_QUERIES, GAP_REPORT, GAP_MIN_COUNT, GAP_RETENTION_DAYS, CORS_ORIGINS, CLUSTER, METRICS)


def shown_default(value: object) -> str:
    """A default as the README shows it: on/off for switches, (none) for nothing, paths under home with ~
    (the user's cache folder as `~/.cache`, wherever $XDG_CACHE_HOME puts it on this machine)."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if value is None or value == "":
        return "(none)"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Path) and value.is_relative_to(CACHE_HOME):
        return f"`~/.cache/{value.relative_to(CACHE_HOME)}`"
    if isinstance(value, Path) and value.is_absolute() and value.is_relative_to(Path.home()):
        return f"`~/{value.relative_to(Path.home())}`"
    return f"`{value}`" if isinstance(value, (str, Path)) else str(value)


def row(option: Option) -> str:
    flag = f"`{option.flag}`" if option.flag else ""
    return f"| `{option.env}` | {flag} | {shown_default(option.default)} | {option.help} |"


def settings_table() -> str:
    return "\n".join([HEADER, *(row(option) for option in SETTINGS)])


if __name__ == "__main__":
    print(settings_table())
