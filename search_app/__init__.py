"""The search side: opening snapshots, retrieval, and the Flask app (`create_app`)."""
from __future__ import annotations

import functools
import logging
import os
import sqlite3
from typing import Mapping

from flask import Flask, current_app, request
from flask_babel import Babel

from indexer.embedding import ModelLoadError
from indexer.snapshot import SnapshotError
from search_app.config import Settings
from search_app.crisis import detector_for
from search_app.gap_report import GAP_FILE, GapReport
from search_app.http import MAX_BODY_BYTES, READER_ADDRESS_HEADER, SECURITY_HEADERS
from search_app.live import LiveIndex
from search_app.query import SearchRequest
from search_app.retrieval import SearchEngine
from search_app.service import answer

EXTENSION = "mental_health_search"
logger = logging.getLogger(__name__)


def create_app(config: Mapping | None = None) -> Flask:
    """Build the app from environment variables (INDEX_DIR, SEARCH_MODEL, ...) and `config` overrides.

    The model and the current snapshot are loaded once per process; a newly
    published snapshot is picked up without a restart.
    """
    from search_app import api, errors, http_policy, metrics, pages

    settings = Settings.from_env(os.environ, config)
    app = Flask(__name__)
    # No redirects for doubled slashes: werkzeug's would name the request's Host header
    # back to the client (and send //search to the page); such paths are simply not found.
    app.url_map.merge_slashes = False
    app.json.sort_keys = False
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    open_engine = functools.partial(_open_engine, model=settings.model, backend=settings.backend,
                                    encoder_cache=settings.encoder_cache)
    live = LiveIndex(settings.index_dir, open_engine, check_seconds=settings.reload_seconds)
    try:
        live.engine()  # open the snapshot now, not on the first request
    except SnapshotError:
        pass  # no usable index yet: requests answer 503 with the reason until one is published
    app.extensions[EXTENSION] = _AppState(settings, live)
    # Page words in the reader's language: gettext catalogues in search_app/translations (README, "Languages").
    Babel(app, locale_selector=pages.page_language)
    app.register_blueprint(api.blueprint)
    app.register_blueprint(pages.blueprint)
    errors.register_error_handlers(app)
    http_policy.install(app, settings.cors_origins)
    metrics.install(app, settings.metrics)

    @app.after_request
    def security_headers(response):
        response.headers.update(SECURITY_HEADERS)
        return response

    return app


def _open_engine(index_dir, snapshot=None, **encoder) -> SearchEngine:
    """The published snapshot (or the named one) with a matching encoder, and that encoder's crisis
    detector made ready, so no reader's request waits for either; an encoder that cannot load is an
    unavailable index."""
    try:
        engine = SearchEngine.for_index(index_dir, snapshot=snapshot, **encoder)
    except ModelLoadError as exc:
        raise SnapshotError(str(exc)) from exc
    detector_for(engine.embedder)
    return engine


class _AppState:
    def __init__(self, settings: Settings, live: LiveIndex):
        self.settings = settings
        self.live = live
        self.gaps = (GapReport(settings.index_dir / GAP_FILE, settings.gap_min_count, settings.gap_retention_days)
                     if settings.gap_report else None)


def settings() -> Settings:
    """The running app's settings."""
    return current_app.extensions[EXTENSION].settings


def live_index() -> LiveIndex:
    return current_app.extensions[EXTENSION].live


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
    report when that is on and this is a first, unfiltered search that found nothing."""
    body = answer(engine(), search, articles_apart=articles_apart)
    gaps = current_app.extensions[EXTENSION].gaps
    if gaps and body["match"] == "none" and body["crisis"] is None and not (search.offset or search.tags or search.article):
        try:
            gaps.record(search.query, reader=_reader())
        except (OSError, sqlite3.Error) as exc:
            logger.warning("gap report not updated: %s", type(exc).__name__)  # never the question
    return body
