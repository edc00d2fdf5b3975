"""One search code path for the page, the JSON API and the CLI: detect risk, retrieve, shape the answer."""
from __future__ import annotations

import time

import numpy as np

from search_app import metrics
from search_app.crisis import crisis_block, detector_for
from search_app.query import SearchRequest, has_content
from search_app.records import ARTICLE_FIELDS, article_summary
from search_app.retrieval import SearchEngine

SUGGESTION = ("Try asking in a few words what is happening or what you want to know, for example "
              "“how can I sleep when I'm anxious?”, or browse the topics.")


def answer(engine: SearchEngine, request: SearchRequest, vector: np.ndarray | None = None,
           articles_apart: bool = False) -> dict:
    """The `/search` response body for a parsed request (`articles_apart`: the `/v2/search` body, where
    each article's title, sources and dates are said once, in `articles`, and results point to it).

    The question's vector is computed once (or given: the golden questions' are kept on disk)
    and read by the crisis check; the search reads it too, unless misspellings were corrected,
    when the corrected question is encoded for the search (the check keeps the words as typed).
    """
    started = time.perf_counter()
    signal, offer_help, keywords, spelling, searched_vector = None, False, None, None, None
    if request.text:
        spelling = engine.spell(request)
        searched = request.searching(spelling.text)
        with metrics.STAGE_SECONDS.labels("encode").time():
            if vector is None:
                keywords = engine.keywords_ahead(searched)  # large snapshots: scored while the question is encoded
                vector = engine.encode(request.text)
        with metrics.STAGE_SECONDS.labels("judgement").time():
            signal, offer_help = detector_for(engine.embedder).assess(request.text, vector)
        searched_vector = vector if searched is request else engine.encode(searched.text)
    with metrics.STAGE_SECONDS.labels("search").time():
        outcome = engine.search(request, searched_vector, signal, keywords, spelling)
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
        "suggestion": None if has_content(request.text) else SUGGESTION,
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
    metrics.STAGE_SECONDS.labels("whole answer").observe(time.perf_counter() - started)
    metrics.observe_answer(body)
    if outcome.facets is not None:
        names = engine.snapshot.site.topics
        body["facets"] = {"tags": [{"tag": tag, "name": names.get(tag, tag), "count": count}
                                   for tag, count in outcome.facets]}
    return body
