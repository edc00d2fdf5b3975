"""What the app tells browsers, caches and other sites about each response: ETags and 304s,
Cache-Control, Vary, and which other origins may call the API (CORS, off unless configured).

- A search page with a question is `no-store`: a shared device must not keep what was asked.
- `/search` answers are `private, no-cache` with an ETag: a program revalidates and gets 304
  (the search is not even run) until the published snapshot or the app changes.
- Other pages and `/topics`: `public, max-age=300` with an ETag from the snapshot.
Everything a page says depends on the browser's language, so every page varies on it.
"""
from __future__ import annotations

import hashlib
from importlib import metadata

from flask import Flask, Response, g, request

from indexer.snapshot import SnapshotError
from search_app.app_state import engine

PUBLIC = "public, max-age=300"
REVALIDATE = "private, no-cache"
NO_STORE = "no-store"
# The views whose answers depend only on the snapshot, the request and the browser's language.
_CACHED = {"api.search": REVALIDATE, "api.search_v2": REVALIDATE, "api.topics": PUBLIC, "pages.search_page": PUBLIC, "pages.help_page": PUBLIC,
           "pages.articles_page": PUBLIC, "pages.topic_page": PUBLIC, "pages.article_page": PUBLIC}
try:
    _APP_VERSION = metadata.version("mental-health-search")
except metadata.PackageNotFoundError:  # run from a checkout that was never installed
    _APP_VERSION = "checkout"


def install(app: Flask, cors_origins: str) -> None:
    """Answer matching revalidations before any work, and label every response."""
    allowed = {origin.strip().rstrip("/") for origin in cors_origins.split(",") if origin.strip()}

    @app.before_request
    def not_modified():
        tag = _etag()
        if tag and request.if_none_match.contains_weak(tag):
            response = Response(status=304)
            response.set_etag(tag, weak=True)
            return response
        return None

    @app.after_request
    def label(response: Response) -> Response:
        policy = _policy()
        if policy and response.status_code in (200, 304):
            response.headers["Cache-Control"] = policy
            if policy != NO_STORE and (tag := _etag()):
                response.set_etag(tag, weak=True)
        elif request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-cache")
        response.vary.add("Accept-Language")
        origin = request.headers.get("Origin", "").rstrip("/")
        if allowed and request.blueprint == "api":
            response.vary.add("Origin")
            if origin in allowed:
                response.headers["Access-Control-Allow-Origin"] = origin
                if request.method == "OPTIONS":
                    response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST"
                    response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept-Language"
                    response.headers["Access-Control-Max-Age"] = "600"
        return response


def _policy() -> str | None:
    if request.method not in ("GET", "HEAD"):
        return None
    if request.endpoint == "pages.search_page" and request.args.get("q", "").strip():
        return NO_STORE
    return _CACHED.get(request.endpoint or "")


def _etag() -> str | None:
    """One tag per published snapshot, app version, request and browser language; None when uncached.
    Made once per request: the check before the view and the label after it read the same one."""
    if "etag" not in g:
        g.etag = _make_etag()
    return g.etag


def _make_etag() -> str | None:
    if _policy() in (None, NO_STORE):
        return None
    try:
        version = engine().version
    except SnapshotError:
        return None
    parts = (version, _APP_VERSION, request.path, request.query_string.decode("latin-1"),
             request.headers.get("Accept-Language", ""))
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:24]
