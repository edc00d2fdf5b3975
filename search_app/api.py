"""The JSON API: `/search`, `/healthz` and `/openapi.json`. Every failure is JSON, never a traceback."""
from __future__ import annotations

import json
import logging
from pathlib import Path

from flask import Blueprint, current_app, jsonify, request

from indexer.snapshot import SnapshotError
from search_app import service, state
from search_app.query import QueryError

blueprint = Blueprint("api", __name__)
logger = logging.getLogger("search_app")
OPENAPI = json.loads((Path(__file__).parent / "openapi.json").read_text(encoding="utf-8"))


def error_response(status: int, code: str, message: str):
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


@blueprint.route("/search", methods=["GET", "POST"])
def search():
    if request.method == "POST":
        if not request.is_json:
            return error_response(415, "unsupported_media_type", "send the body as JSON with Content-Type: application/json")
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return error_response(400, "invalid_json", 'the body must be a JSON object such as {"q": "...", "k": 10}')
        q, k, mode = body.get("q"), body.get("k"), body.get("mode")
    else:
        q, k, mode = request.args.get("q"), request.args.get("k"), request.args.get("mode")
    app_state = state(current_app)
    try:
        engine = app_state["live"].engine()
        body = service.answer(engine, q, k, mode, app_state["settings"].limits)
    except QueryError as exc:
        return error_response(400, "invalid_query", str(exc))
    except SnapshotError as exc:
        return error_response(503, "index_unavailable", str(exc))
    if app_state["settings"].log_queries:
        logger.info("search q=%r results=%d took_ms=%.1f", body["query"], len(body["results"]), body["took_ms"])
    else:
        logger.info("search results=%d took_ms=%.1f", len(body["results"]), body["took_ms"])
    return jsonify(body)


@blueprint.route("/healthz")
def healthz():
    live = state(current_app)["live"]
    try:
        engine = live.engine()
    except SnapshotError as exc:
        return jsonify({"status": "no_index", "index_version": None, "last_reload_error": str(exc)}), 503
    manifest = engine.snapshot.manifest
    return jsonify({
        "status": "ok", "index_version": engine.version, "built_at": manifest["built_at"],
        "documents": manifest["counts"]["documents"], "chunks": manifest["counts"]["chunks"],
        "model": manifest["model"]["id"], "last_reload_error": live.last_error,
    })


@blueprint.route("/openapi.json")
def openapi():
    return jsonify(OPENAPI)
