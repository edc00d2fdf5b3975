"""The running app's state behind accessors, as Flask's tutorial keeps its database behind `get_db()`.

`create_app` installs the state once (`install`); views, error handlers and request hooks
read it through these functions inside a request or app context. Nothing here is a
module global: two apps in one process (the tests make many) never share state.
"""
from __future__ import annotations

import logging
import sqlite3

from flask import Flask, current_app, request

from search_app.config import Settings
from search_app.gap_report import GAP_FILE, GapReport, counts_as_gap
from search_app.http import READER_ADDRESS_HEADER
from search_app.live import LiveIndex
from search_app.query import SearchRequest
from search_app.retrieval import SearchEngine
from search_app.service import answer

EXTENSION = "mental_health_search"
logger = logging.getLogger("search_app")


class AppState:
    """What one app holds for its lifetime: its settings, its live index and, when on, its gap report."""

    def __init__(self, settings: Settings, live: LiveIndex):
        self.settings = settings
        self.live = live
        self.gaps = (GapReport(settings.index_dir / GAP_FILE, settings.gap_min_count, settings.gap_retention_days)
                     if settings.gap_report else None)


def install(app: Flask, settings: Settings, live: LiveIndex) -> None:
    app.extensions[EXTENSION] = AppState(settings, live)


def _state() -> AppState:
    return current_app.extensions[EXTENSION]


def settings() -> Settings:
    """The running app's settings."""
    return _state().settings


def live_index() -> LiveIndex:
    return _state().live


def engine() -> SearchEngine:
    """The engine for this request (raises SnapshotError while no snapshot is available)."""
    return live_index().engine()


def _reader() -> str:
    """Who is asking, only to count a reader once (see gap_report): the connection's address, or, on the
    unix socket behind nginx (no address), the one nginx saw; and the browser's own words. Never stored."""
    address = request.remote_addr or request.headers.get(READER_ADDRESS_HEADER, "")
    return f"{address} {request.headers.get('User-Agent', '')} {request.headers.get('Accept-Language', '')}"


def answer_reader(search: SearchRequest, articles_apart: bool = False) -> dict:
    """A reader's or a program's search, as the page and `/search` answer it: counted for the gap
    report when that is on and the answer counts (`gap_report.counts_as_gap`)."""
    body = answer(engine(), search, articles_apart=articles_apart)
    gaps = _state().gaps
    if gaps and counts_as_gap(body, search):
        try:
            gaps.record(search.query, reader=_reader())
        except (OSError, sqlite3.Error) as exc:
            logger.warning("gap report not updated: %s", type(exc).__name__)  # never the question
    return body
