"""One search code path for the page, the JSON API and the CLI: validate, retrieve, shape the answer."""
from __future__ import annotations

import time

from search_app.crisis import crisis_resources_for
from search_app.query import QueryLimits, normalize_query, parse_request
from search_app.retrieval import SearchEngine


def answer(engine: SearchEngine, q, k, mode, limits: QueryLimits) -> dict:
    """The `/search` response body for raw request values; raises QueryError for bad input."""
    started = time.perf_counter()
    request = parse_request(q, k, mode, limits)
    results = engine.search(request.text, request.k, request.mode)
    return {
        "query": request.text,
        "mode": request.mode,
        "k": request.k,
        "index_version": engine.version,
        "crisis": crisis_resources_for(normalize_query(request.text)),
        "results": [result.as_dict() for result in results],
        "took_ms": round((time.perf_counter() - started) * 1000, 2),
    }
