"""Every failure as a response: one handler per exception type, JSON on the API's paths, a page elsewhere.

Views raise; they never build error responses. Our own exceptions carry their HTTP
status and error code; the snapshot's (which knows nothing of HTTP) are mapped here.
No response ever shows a traceback.
"""
from __future__ import annotations

import logging
import traceback

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext
from werkzeug.exceptions import HTTPException

from indexer.snapshot import SnapshotError
from search_app.app_state import settings
from search_app.http import is_api_path
from search_app.query import QueryError

logger = logging.getLogger("search_app")


def error_response(status: int, code: str, message: str):
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


def without_paths(message: str | None, index_dir) -> str | None:
    """An index problem as clients may read it: the index folder by its name, never where it lives on the
    server (its absolute path says how the machine is laid out)."""
    if message is None:
        return None
    for where in {str(index_dir.resolve()), str(index_dir)} - {""}:
        message = message.replace(where, index_dir.name)
    return message


def wants_json() -> bool:
    return is_api_path(request.path) or (
        request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json")


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(QueryError)
    def query_error(exc: QueryError):
        return error_response(exc.status, exc.code, str(exc))

    @app.errorhandler(SnapshotError)
    def snapshot_error(exc: SnapshotError):
        if wants_json():
            return error_response(503, "index_unavailable", without_paths(str(exc), settings().index_dir))
        return render_template("error.html", status=503, title=gettext("Search unavailable")), 503

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if wants_json():
            code = (exc.name or "error").lower().replace(" ", "_")
            response = error_response(exc.code or 500, code, exc.description or exc.name)
        else:
            title = gettext("Page not found") if exc.code == 404 else exc.name
            response = app.make_response((render_template("error.html", status=exc.code, title=title), exc.code))
        if getattr(exc, "valid_methods", None):  # 405 says what is allowed
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):
        # The stack, but not the message: a message can quote the request, and questions are private.
        logger.error("unexpected %s on %s\n%s", type(exc).__name__, request.path,
                     "".join(traceback.format_tb(exc.__traceback__)))
        if wants_json():
            return error_response(500, "internal_error", "something went wrong on our side; please try again")
        return render_template("error.html", status=500, title=gettext("Something went wrong")), 500
