"""The pages people read: search, help, articles, the A-Z and topics. Rendering only; searching is in `service`.

Every page speaks the reader's language (`page_language`: the question's, else the browser's;
messages in search_app/translations) and carries the reader's country's helplines in its footer.
"""
from __future__ import annotations

import datetime

from babel import Locale
from babel.dates import format_date
from flask import Blueprint, abort, g, render_template, request, url_for
from flask_babel import gettext
from markupsafe import Markup, escape

from indexer.site import INTERNATIONAL, number_links, tel_href
from indexer.snapshot import SnapshotError
from search_app.app_state import answer_reader, engine, settings
from search_app.crisis import FALLBACK_HELPLINES, resolve_country
from search_app.languages import ENGLISH, browser_language
from search_app.query import QueryError, SearchRequest, region_of
from search_app.rendering import link_numbers, markdown_html, passage_html, safety_note_html
from search_app.retrieval import article_link, article_source

blueprint = Blueprint("pages", __name__)
blueprint.add_app_template_global(article_link)
blueprint.add_app_template_filter(tel_href)
# The query-string parameters a search page carries from one link to the next.
SEARCH_PARAMETERS = ("q", "k", "mode", "country", "tags", "article", "offset", "correct")
# Where "Quick exit" goes: a neutral page, for a reader who must hide what they were reading.
QUICK_EXIT = "https://www.google.com/"
EXAMPLE_QUESTIONS = [
    "can ketamine help with PTSD nightmares?",
    "how do I support a partner with depression?",
    "what does a panic attack feel like?",
    "is it safe to stop antidepressants?",
]


def page_language() -> str:
    """The language of this page's words: its question's (set by the search page), else the browser's."""
    return g.get("page_language") or browser_language(request.headers.get("Accept-Language"))


def _helplines() -> dict:
    """The published helplines; the built-in list while no snapshot can be opened (an error page)."""
    try:
        return engine().snapshot.site.helplines or FALLBACK_HELPLINES
    except SnapshotError:
        return FALLBACK_HELPLINES


def _reader_country() -> str | None:
    """The country the reader asked for, else their browser's region: None when neither is given."""
    return (request.args.get("country") or region_of(request.headers.get("Accept-Language")) or "").upper() or None


@blueprint.app_context_processor
def layout_values() -> dict:
    """What the layout of every page needs: the language, the footer's helpline and the search box's limit."""
    helplines = _helplines()
    code = resolve_country(_reader_country(), helplines, page_language())
    country = helplines["countries"][code]
    first = next((r for r in country["resources"] if any(a["kind"] == "call" for a in r.get("actions", ()))), None)
    return {"page_language": page_language(), "reader_country": code if code != INTERNATIONAL else None,
            "footer_line": first, "footer_emergency": country["emergency"], "QUICK_EXIT": QUICK_EXIT,
            "max_query_chars": settings().max_query_chars}


@blueprint.app_template_global()
def search_url(**changes) -> str:
    """This page's search with some parameters changed (None drops one): for topic, page and article links."""
    values = {name: request.args.get(name) for name in SEARCH_PARAMETERS if request.args.get(name)}
    values.update(changes)
    return url_for("pages.search_page", **{k: v for k, v in values.items() if v not in (None, "", 0)})


@blueprint.app_template_global()
def action_label(action: dict) -> str:
    """What a helpline's link says: "Call 116 123", "Text HOME to 741741", "Chat online"."""
    if action["kind"] == "call":
        return gettext("Call %(number)s", number=action["number"])
    if action["kind"] == "text":
        if action.get("body"):
            return gettext("Text %(body)s to %(number)s", body=action["body"], number=action["number"])
        return gettext("Text %(number)s", number=action["number"])
    return gettext("Chat online")


@blueprint.app_template_filter()
def human_date(iso: str | None) -> Markup:
    """An ISO date as readers write it in the page's language ("25 November 2026"), machine-readable too."""
    if not iso:
        return Markup("")
    language = page_language()
    words = format_date(datetime.date.fromisoformat(iso), "long", locale="en_GB" if language == ENGLISH else language)
    return Markup('<time datetime="{}">{}</time>').format(iso, words)


def _links() -> dict[str, str]:
    """The tel:/sms: addresses of the helpline numbers, once per request."""
    if "number_links" not in g:
        g.number_links = number_links(_helplines())
    return g.number_links


@blueprint.app_template_filter("passage_html")
def _passage_html(result: dict):
    return passage_html(result["passage"], (result["highlight"]["start"], result["highlight"]["end"]), _links())


@blueprint.app_template_filter("number_links")
def _number_links(text: str):
    """Plain text (a helpline's note) with the numbers it names made links."""
    return link_numbers(str(escape(text)), _links())


@blueprint.app_template_filter("safety_note_html")
def _safety_note_html(passage: str):
    return safety_note_html(passage, _links())


def _topics() -> list[tuple[str, str]]:
    """(tag, name) of every topic some article has, by name."""
    snapshot = engine().snapshot
    used = {tag for tags in snapshot.records.doc_tags for tag in tags}
    return sorted(((tag, name) for tag, name in snapshot.site.topics.items() if tag in used), key=lambda t: t[1])


def _countries() -> list[tuple[str, str]]:
    """(code, name in the page's language) of the countries with their own crisis lines, for the reader's choice."""
    territories = Locale.parse(page_language()).territories
    codes = [code for code in _helplines()["countries"] if code != INTERNATIONAL]
    return sorted(((code, territories.get(code, code)) for code in codes), key=lambda c: c[1])


def _pager(answer: dict) -> dict | None:
    """Links to the pages of results so far and to the next one, which stops where requests may reach."""
    k, offset, max_k = answer["k"], answer["offset"], settings().max_k
    if not (offset or answer["has_more"]):
        return None
    numbers = [(n + 1, search_url(offset=n * k or None)) for n in range(-(-offset // k))]
    numbers.append((len(numbers) + 1, None))
    following = offset + k
    next_k = min(k, max_k - following)
    return {"previous": search_url(offset=max(offset - k, 0) or None) if offset else None, "numbers": numbers,
            "next": search_url(offset=following, k=next_k if next_k != k else request.args.get("k"))
            if answer["has_more"] else None}


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
                           topics=_topics() if answer else [], topic_names=names, narrowing=narrowing,
                           filtered_article=filtered_article, pager=_pager(answer) if answer else None,
                           countries=_countries() if answer and answer["crisis"] else [], home=not (answer or error)), status


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
    g.page_language = search.language
    return render_search(q, answer=answer_reader(search))


@blueprint.route("/help")
def help_page():
    """The helplines for the reader's country (asked for, else the browser's region, else the page's
    language's) and the international list: on every page, for a reader the crisis box did not reach."""
    helplines = _helplines()
    code = resolve_country(_reader_country(), helplines, page_language())
    shown = [(code, helplines["countries"][code])]
    if code != INTERNATIONAL and INTERNATIONAL in helplines["countries"]:
        shown.append((INTERNATIONAL, helplines["countries"][INTERNATIONAL]))
    territories = Locale.parse(page_language()).territories
    return render_template("help.html", shown=[(code, territories.get(code) or gettext("Other countries"), entry)
                                               for code, entry in shown],
                           countries=_countries(), country=code)


@blueprint.route("/articles")
def articles_page():
    articles = engine().snapshot.records.article_summaries()
    letters: dict[str, list] = {}
    for article in articles:
        letter = article.title[:1].upper()
        letters.setdefault(letter if letter.isalpha() else "#", []).append(article)
    return render_template("articles.html", heading=gettext("All articles, A–Z"), letters=letters, topics=_topics())


@blueprint.route("/topics/<tag>")
def topic_page(tag: str):
    site = engine().snapshot.site
    name = site.topics.get(tag)
    articles = engine().snapshot.records.article_summaries(tag) if name else []
    if not articles:
        abort(404)
    guide = site.guides.get(tag, {})
    key = [a for doc_id in guide.get("key_articles", []) for a in articles if a.doc_id == doc_id]
    rest = [a for a in articles if a not in key]
    return render_template("topic.html", heading=name, intro=guide.get("intro"), key_articles=key, articles=rest)


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


def _render_body(body: str, chunks):
    """The article's Markdown as HTML, each indexed passage wrapped in an element its results link to."""
    links, html, cursor = _links(), [], 0
    for chunk in chunks:
        if chunk.start < cursor:  # a passage that shares text with the previous one is already shown
            continue
        html.append(markdown_html(body[cursor:chunk.start], links))
        html.append(f'<div class="passage" id="{chunk.anchor}">{markdown_html(body[chunk.start:chunk.end], links)}</div>')
        cursor = chunk.end
    html.append(markdown_html(body[cursor:], links))
    return Markup("".join(html))
