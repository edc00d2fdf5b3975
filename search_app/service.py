"""One search code path for the page, the JSON API and the CLI: prepare, judge, retrieve, shape, answer."""
from __future__ import annotations

import time

import numpy as np

from search_app import metrics
from search_app.crisis import CrisisSignal, crisis_block, detector_for
from search_app.query import SearchRequest
from search_app.records import ARTICLE_FIELDS, article_summary
from search_app.retrieval import Outcome, PreparedQuery, SearchEngine

SUGGESTION = ("Try asking in a few words what is happening or what you want to know, for example "
              "“how can I sleep when I'm anxious?”, or browse the topics.")


def answer(engine: SearchEngine, request: SearchRequest, vector: np.ndarray | None = None,
           articles_apart: bool = False) -> dict:
    """The `/search` response body for a parsed request (`articles_apart`: the `/v2/search` body, where
    each article's title, sources and dates are said once, in `articles`, and results point to it).

    The question is prepared once (`SearchEngine.prepare`): its vector (or the one given: the golden
    questions' are kept on disk) is read by the crisis check; the search reads it too, unless
    misspellings were corrected, when the corrected question is encoded for the search.
    """
    started = time.perf_counter()
    with metrics.STAGE_SECONDS.labels("encode").time():
        query = engine.prepare(request, vector)
    signal, offer_help = judge(engine, query)
    with metrics.STAGE_SECONDS.labels("search").time():
        outcome = engine.shape(query, engine.retrieve(query), signal)
    body = response_body(engine, query, outcome, signal, offer_help, started, articles_apart)
    metrics.STAGE_SECONDS.labels("whole answer").observe(time.perf_counter() - started)
    metrics.observe_answer(body)
    if outcome.facets is not None:
        names = engine.snapshot.site.topics
        body["facets"] = {"tags": [{"tag": tag, "name": names.get(tag, tag), "count": count}
                                   for tag, count in outcome.facets]}
    return body


def judge(engine: SearchEngine, query: PreparedQuery) -> tuple[CrisisSignal | None, bool]:
    """Whether the question as typed shows risk (the crisis box), and whether to offer help below the box."""
    if query.typed_vector is None:
        return None, False
    with metrics.STAGE_SECONDS.labels("judgement").time():
        return detector_for(engine.embedder).assess(query.request.text, query.typed_vector)


def response_body(engine: SearchEngine, query: PreparedQuery, outcome: Outcome, signal: CrisisSignal | None,
                  offer_help: bool, started: float, articles_apart: bool) -> dict:
    """The response's fields, in their documented order, `took_ms` counted from `started`."""
    request = query.request
    body = {
        "query": request.query,
        "mode": request.mode,
        "k": request.k,
        "offset": request.offset,
        "tags": list(request.tags),
        "article": request.article,
        "language": request.language,
        "index_version": engine.version,
        "match": outcome.match,
        "suggestion": None if query.searchable else SUGGESTION,
        "spelling": outcome.spelling and {"searched": outcome.spelling.text,
                                          "corrections": [{"typed": typed, "corrected": corrected}
                                                          for typed, corrected in outcome.spelling.corrections]},
        "crisis": crisis_block(signal, engine.snapshot.site.helplines, request.country, request.language) if signal else None,
        "offer_help": offer_help,
        "results": [result.as_dict() for result in outcome.results],
        "has_more": outcome.has_more,
        "took_ms": round((time.perf_counter() - started) * 1000, 2),
    }
    if articles_apart:
        body["articles"] = {result.article.doc_id: article_summary(result.article) for result in outcome.results}
        for result in body["results"]:
            for field in ARTICLE_FIELDS:
                del result[field]
    return body
