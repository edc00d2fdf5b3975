"""The pages people read: search, articles, the A-Z and topics. Rendering only; searching is in `service`."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup

from indexer.chunking import safety_note_text
from indexer.site import INTERNATIONAL
from search_app import answer_reader, engine, settings
from search_app.crisis import FALLBACK_HELPLINES, resolve_country
from search_app.query import QueryError, SearchRequest, region_of
from search_app.retrieval import article_link, article_source

blueprint = Blueprint("pages", __name__)
blueprint.add_app_template_global(article_link)
blueprint.add_app_template_filter(safety_note_text)
# The query-string parameters a search page carries from one link to the next.
SEARCH_PARAMETERS = ("q", "k", "mode", "country", "tags", "article", "offset", "correct")


@blueprint.app_template_global()
def search_url(**changes) -> str:
    """This page's search with some parameters changed (None drops one): for topic, page and article links."""
    values = {name: request.args.get(name) for name in SEARCH_PARAMETERS if request.args.get(name)}
    values.update(changes)
    return url_for("pages.search_page", **{k: v for k, v in values.items() if v not in (None, "", 0)})
# CommonMark with raw HTML disabled: an article's <script> or onerror= is shown as text, never run.
_MARKDOWN = MarkdownIt("commonmark", {"html": False})


def _image_as_link(renderer, tokens, index, options, env) -> str:
    """An image becomes a link to it: a page never makes the reader's browser fetch from another host."""
    token = tokens[index]
    label = escapeHtml(renderer.renderInlineAsText(token.children or [], options, env) or "image")
    return f'<a href="{escapeHtml(token.attrGet("src") or "")}">{label}</a>'


_MARKDOWN.add_render_rule("image", _image_as_link)
EXAMPLE_QUESTIONS = [
    "can ketamine help with PTSD nightmares?",
    "how do I support a partner with depression?",
    "what does a panic attack feel like?",
    "is it safe to stop antidepressants?",
]


def _topics() -> list[tuple[str, str]]:
    """(tag, name) of every topic some article has, by name."""
    snapshot = engine().snapshot
    used = {tag for tags in snapshot.records.doc_tags for tag in tags}
    return sorted(((tag, name) for tag, name in snapshot.site.topics.items() if tag in used), key=lambda t: t[1])


def _countries() -> list[tuple[str, str]]:
    """(code, name) of the countries with their own crisis lines, for the page's choice."""
    helplines = engine().snapshot.site.helplines
    if not helplines:
        return []
    return sorted(((code, entry["name"]) for code, entry in helplines["countries"].items() if code != INTERNATIONAL),
                  key=lambda c: c[1])


def render_search(q: str = "", answer: dict | None = None, error: str | None = None, status: int = 200):
    names = engine().snapshot.site.topics if answer else {}
    narrowing = []
    if answer:  # the topics of the results, most common first, as links that narrow the search
        counts: dict[str, int] = {}
        for result in answer["results"]:
            for tag in result["tags"]:
                counts[tag] = counts.get(tag, 0) + 1
        narrowing = [(tag, names.get(tag, tag), n) for tag, n in sorted(counts.items(), key=lambda t: (-t[1], t[0]))
                     if tag not in answer["tags"]]
    filtered_article = engine().snapshot.records.article(answer["article"]) if answer and answer["article"] else None
    return render_template("search.html", q=q, answer=answer, error=error, examples=EXAMPLE_QUESTIONS,
                           max_query_chars=settings().max_query_chars, topics=_topics() if answer else [],
                           topic_names=names, narrowing=narrowing, filtered_article=filtered_article,
                           countries=_countries(), country=(request.args.get("country") or "").upper()), status


@blueprint.errorhandler(QueryError)
def bad_question(exc: QueryError):
    """A question the search cannot take is explained on the search page itself."""
    return render_search(request.args.get("q", ""), error=str(exc), status=exc.status)


@blueprint.route("/")
def search_page():
    q = request.args.get("q", "")
    if not q.strip():
        return render_search(q)
    search = SearchRequest.parse(request.args, settings().limits, request.headers.get("Accept-Language"))
    return render_search(q, answer=answer_reader(search))


@blueprint.route("/help")
def help_page():
    """The helplines for the reader's country (asked for, else the browser's region) and the international list:
    linked from every page, for a reader the crisis box did not reach."""
    helplines = engine().snapshot.site.helplines or FALLBACK_HELPLINES
    asked = (request.args.get("country") or region_of(request.headers.get("Accept-Language")) or "").upper()
    code = resolve_country(asked or None, helplines["countries"])
    shown = [(code, helplines["countries"][code])]
    if code != INTERNATIONAL and INTERNATIONAL in helplines["countries"]:
        shown.append((INTERNATIONAL, helplines["countries"][INTERNATIONAL]))
    return render_template("help.html", shown=shown, countries=_countries(), country=code)


@blueprint.route("/articles")
def articles_page():
    return render_template("articles.html", heading="All articles, A–Z",
                           articles=engine().snapshot.records.article_summaries(), topics=_topics())


@blueprint.route("/topics/<tag>")
def topic_page(tag: str):
    name = engine().snapshot.site.topics.get(tag)
    articles = engine().snapshot.records.article_summaries(tag) if name else []
    if not articles:
        abort(404)
    return render_template("articles.html", heading=name, articles=articles, topics=None)


@blueprint.route("/articles/<path:doc_id>")
def article_page(doc_id: str):
    records = engine().snapshot.records
    article = records.article(doc_id)
    if article is None:
        abort(404)
    chunks = records.chunks(records.doc_rows(doc_id))
    related = records.articles_by_id(list(article.related), with_body=False)
    names = engine().snapshot.site.topics
    return render_template("article.html", article=article, body=_render_body(article.body, chunks),
                           source=article_source(article), topics=[(t, names.get(t, t)) for t in article.tags],
                           related=[related[d] for d in article.related if d in related])


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
