"""The search side: loading snapshots, retrieval, and the Flask app (`create_app`)."""
from __future__ import annotations

import os
from typing import Mapping

from flask import Flask

from indexer.embedding import shared_embedder
from indexer.snapshot import SnapshotError
from search_app.config import Settings
from search_app.live import LiveIndex

EXTENSION = "mental_health_search"


def create_app(config: Mapping | None = None) -> Flask:
    """Build the app from environment variables (INDEX_DIR, SEARCH_MODEL, ...) and `config` overrides.

    The model and the current snapshot are loaded once per process; a newly
    published snapshot is picked up without a restart.
    """
    from search_app import api, pages

    settings = Settings.from_env(os.environ, config)
    app = Flask(__name__)
    app.config.update(JSON_SORT_KEYS=False)
    live = LiveIndex(settings.index_dir, shared_embedder(settings.model),
                     check_seconds=settings.reload_check_seconds)
    try:
        live.engine()  # load the snapshot now, not on the first request
    except SnapshotError:
        pass  # no index yet: requests answer 503 until one is published
    app.extensions[EXTENSION] = {"settings": settings, "live": live}
    app.register_blueprint(api.blueprint)
    app.register_blueprint(pages.blueprint)
    pages.register_error_pages(app)

    @app.after_request
    def security_headers(response):
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            "base-uri 'none'; frame-ancestors 'none'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    return app


def state(app: Flask) -> dict:
    return app.extensions[EXTENSION]
