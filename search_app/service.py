"""One search code path for the page, the JSON API and the CLI: retrieve, then shape the answer."""
from __future__ import annotations

import time

from search_app.crisis import crisis_resources_for
from search_app.query import SearchRequest
from search_app.retrieval import SearchEngine


def answer(engine: SearchEngine, request: SearchRequest) -> dict:
    """The `/search` response body for a parsed request."""
    started = time.perf_counter()
    results = engine.search(request)
    return {
        "query": request.query,
        "mode": request.mode,
        "k": request.k,
        "index_version": engine.version,
        "crisis": crisis_resources_for(request.text),
        "results": [result.as_dict() for result in results],
        "took_ms": round((time.perf_counter() - started) * 1000, 2),
    }
