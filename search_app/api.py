"""The JSON API: `/search`, `/healthz` and `/openapi.json`. Views parse and respond; errors are raised."""
from __future__ import annotations

import copy
import json
import logging
from pathlib import Path

from flask import Blueprint, jsonify, request

from indexer.snapshot import SnapshotError, read_upstream
from search_app.app_state import answer_reader, live_index, settings
from search_app.config import Settings
from search_app.errors import without_paths
from search_app.query import QueryError, SearchRequest

blueprint = Blueprint("api", __name__)
logger = logging.getLogger("search_app")
_OPENAPI_TEMPLATE = json.loads((Path(__file__).parent / "openapi.json").read_text(encoding="utf-8"))


class BodyError(QueryError):
    code = "invalid_json"


class MediaTypeError(QueryError):
    status = 415
    code = "unsupported_media_type"


def openapi_document(app_settings: Settings) -> dict:
    """The OpenAPI document with this app's limits filled in from its settings."""
    document = copy.deepcopy(_OPENAPI_TEMPLATE)
    schemas = document["components"]["schemas"]
    schemas["QueryText"]["maxLength"] = app_settings.max_query_chars
    schemas["QueryText"]["description"] = f"The question, 1 to {app_settings.max_query_chars} characters."
    schemas["K"].update(maximum=app_settings.max_k, default=app_settings.default_k,
                        description=f"How many passages, 1 to {app_settings.max_k} (default {app_settings.default_k}).")
    if app_settings.metrics:
        document["paths"]["/metrics"] = METRICS_PATH
    return document


# Documented only where it is served (SEARCH_METRICS on): `search_app.metrics` says what it holds.
METRICS_PATH = {"get": {
    "summary": "Metrics for operators, in Prometheus's text format",
    "description": "Requests by route and status, stage and request times, answers by verdict and help shown, the "
                   "snapshot served, snapshot opening times and failures. Counts only: never a question or a reader.",
    "responses": {"200": {"description": "The exposition", "content": {"text/plain": {"schema": {"type": "string"}}}}}}}


def search_request() -> SearchRequest:
    """The request's search, from the query string (GET) or a JSON object body (POST)."""
    accept_language = request.headers.get("Accept-Language")
    if request.method in ("GET", "HEAD"):
        return SearchRequest.parse(request.args, settings().limits, accept_language)
    if not request.is_json:
        raise MediaTypeError("send the body as JSON with Content-Type: application/json")
    try:
        body = json.loads(request.get_data(as_text=True))
    except (ValueError, RecursionError):
        body = None
    if not isinstance(body, dict):
        raise BodyError('the body must be a JSON object such as {"q": "...", "k": 10}')
    return SearchRequest.parse(body, settings().limits, accept_language)


@blueprint.route("/search", methods=["GET", "POST"])
@blueprint.route("/v2/search", methods=["GET", "POST"], endpoint="search_v2")
def search():
    """Version 1 repeats each result's article details; version 2 says them once, in `articles`."""
    body = answer_reader(search_request(), articles_apart=request.endpoint == "api.search_v2")
    if settings().log_queries:
        logger.info("search q=%r results=%d took_ms=%.1f", body["query"], len(body["results"]), body["took_ms"])
    else:
        logger.info("search results=%d took_ms=%.1f", len(body["results"]), body["took_ms"])
    return jsonify(body)


@blueprint.route("/healthz")
def healthz():
    live = live_index()
    try:
        snapshot = live.engine().snapshot
    except SnapshotError as exc:
        return jsonify({"status": "no_index", "index_version": None,
                        "last_reload_error": without_paths(str(exc), settings().index_dir)}), 503
    manifest = snapshot.manifest
    upstream = read_upstream(settings().index_dir)
    return jsonify({
        "status": "ok", "index_version": snapshot.snapshot_id, "built_at": manifest.built_at,
        "documents": manifest.documents, "chunks": manifest.chunks,
        "model": manifest.model.id, "last_reload_error": without_paths(live.last_error, settings().index_dir),
        "fallback": without_paths(live.fallback, settings().index_dir),
        "upstream": upstream and {"version": upstream.version, "checked_at": upstream.checked_at,
                                  "behind": upstream.version != snapshot.snapshot_id},
    })


@blueprint.route("/topics")
def topics():
    """The topics readers can browse, for programs: each with its name, intro, key articles and article count."""
    snapshot = live_index().engine().snapshot
    counts: dict[str, int] = {}
    for tags in snapshot.records.doc_tags:
        for tag in tags:
            counts[tag] = counts.get(tag, 0) + 1
    return jsonify({"index_version": snapshot.snapshot_id, "topics": [
        {"tag": tag, "name": name, "intro": snapshot.site.guides.get(tag, {}).get("intro") or None,
         "key_articles": snapshot.site.guides.get(tag, {}).get("key_articles", []), "articles": counts[tag],
         "link": f"/topics/{tag}"}
        for tag, name in snapshot.site.topics.items() if counts.get(tag)]})


@blueprint.route("/openapi.json")
def openapi():
    return jsonify(openapi_document(settings()))
