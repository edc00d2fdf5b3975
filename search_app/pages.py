"""The pages people read: the search page and one page per article. Rendering only; searching is in `service`."""
from __future__ import annotations

import logging

from flask import Blueprint, abort, current_app, render_template, request
from markdown_it import MarkdownIt
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from indexer.snapshot import SnapshotError
from search_app import service, state
from search_app.api import error_response
from search_app.query import QueryError
from search_app.retrieval import article_source

blueprint = Blueprint("pages", __name__)
logger = logging.getLogger("search_app")
# CommonMark with raw HTML disabled: an article's <script> or onerror= is shown as text, never run.
_MARKDOWN = MarkdownIt("commonmark", {"html": False})
EXAMPLE_QUESTIONS = [
    "can ketamine help with PTSD nightmares?",
    "how do I support a partner with depression?",
    "what does a panic attack feel like?",
    "is it safe to stop antidepressants?",
]
_API_PREFIXES = ("/search", "/healthz", "/openapi.json", "/api/")


@blueprint.route("/")
def search_page():
    app_state = state(current_app)
    q = request.args.get("q", "")
    context = {"q": q, "answer": None, "error": None, "examples": EXAMPLE_QUESTIONS}
    if q.strip():
        try:
            context["answer"] = service.answer(app_state["live"].engine(), q, request.args.get("k"),
                                               request.args.get("mode"), app_state["settings"].limits)
        except QueryError as exc:
            context["error"] = str(exc)
        except SnapshotError:
            context["error"] = "The search index is not available right now. Please try again in a few minutes."
            return render_template("search.html", **context), 503
    return render_template("search.html", **context)


@blueprint.route("/articles/<path:doc_id>")
def article_page(doc_id: str):
    try:
        snapshot = state(current_app)["live"].engine().snapshot
    except SnapshotError:
        abort(503)
    article = snapshot.records.articles.get(doc_id)
    if article is None:
        abort(404)
    chunks = [snapshot.records.chunks[row] for row in snapshot.records.rows_by_doc.get(doc_id, [])]
    return render_template("article.html", article=article, body=_render_body(article.body, chunks),
                           source=article_source(article))


def _render_body(body: str, chunks) -> Markup:
    """The article's Markdown as HTML, each indexed passage wrapped in an element its results link to."""
    html, cursor = [], 0
    for chunk in chunks:
        if chunk.start < cursor:  # a passage that shares text with the previous one is already shown
            continue
        html.append(_MARKDOWN.render(body[cursor:chunk.start]))
        html.append(f'<div class="passage" id="{chunk.anchor}">{_MARKDOWN.render(body[chunk.start:chunk.end])}</div>')
        cursor = chunk.end
    html.append(_MARKDOWN.render(body[cursor:]))
    return Markup("".join(html))


def register_error_pages(app) -> None:
    """JSON errors under the API's paths, friendly pages elsewhere; never a traceback."""

    def wants_json() -> bool:
        return request.path.startswith(_API_PREFIXES) or (
            request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if wants_json():
            code = (exc.name or "error").lower().replace(" ", "_")
            return error_response(exc.code or 500, code, exc.description or exc.name)
        return render_template("error.html", status=exc.code, title=exc.name), exc.code

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):
        logger.exception("unexpected error on %s", request.path)
        if wants_json():
            return error_response(500, "internal_error", "something went wrong on our side; please try again")
        return render_template("error.html", status=500, title="Something went wrong"), 500
