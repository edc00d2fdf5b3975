"""The search side: opening snapshots, retrieval, and the Flask app (`create_app`)."""
from __future__ import annotations

import functools
import os
from typing import Mapping

from flask import Flask
from flask_babel import Babel

from indexer.embedding import ModelLoadError
from indexer.snapshot import SnapshotError
from search_app.config import Settings
from search_app.crisis import detector_for
from search_app.http import MAX_BODY_BYTES, SECURITY_HEADERS
from search_app.live import LiveIndex
from search_app.retrieval import SearchEngine


def create_app(config: Mapping | None = None) -> Flask:
    """Build the app from environment variables (INDEX_DIR, SEARCH_MODEL, ...) and `config` overrides.

    The model and the current snapshot are loaded once per process; a newly
    published snapshot is picked up without a restart.
    """
    from search_app import api, app_state, errors, http_policy, metrics, pages

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
    app_state.install(app, settings, live)
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
