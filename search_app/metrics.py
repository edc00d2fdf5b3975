"""What the service is doing, for an operator: `GET /metrics` in Prometheus's text format.

Off unless SEARCH_METRICS is on (then answered on the app's own port, so put it behind the
load balancer's allow-list or a private network). Every metric is declared here, once, with
the maintained client (prometheus_client). Nothing in it holds a question or a reader:
labels are routes, statuses, kinds of answer and index versions only.

With several gunicorn workers, set PROMETHEUS_MULTIPROC_DIR to an empty folder the workers
share; the exposition then sums every worker (the client's multiprocess mode). Unset, one
process reports its own counts (the shipped server runs one worker).
"""
from __future__ import annotations

import os
import time

from flask import Flask, Response, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import REGISTRY, multiprocess

# Search stages take milliseconds; a whole request up to seconds when the machine is busy.
_SECONDS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)

REQUESTS = Counter("search_http_requests_total", "HTTP requests answered, by route and status", ["route", "status"])
REQUEST_SECONDS = Histogram("search_http_request_seconds", "Time to answer an HTTP request, by route", ["route"],
                            buckets=_SECONDS)
STAGE_SECONDS = Histogram("search_stage_seconds", "Time a search spends in each stage (encode, judgement, search, "
                          "whole answer)", ["stage"], buckets=_SECONDS)
ANSWERS = Counter("search_answers_total", "Answers by verdict (strong, weak, none) and help shown (box, offer, no)",
                  ["match", "help"])
INDEX_OPEN_SECONDS = Histogram("search_index_open_seconds", "Time to open a published snapshot (checksums included)",
                               buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
RELOAD_FAILURES = Counter("search_index_reload_failures_total", "Snapshots that could not be opened")
INDEX_VERSION = Gauge("search_index_info", "The snapshot this process serves (value 1), by version", ["version"],
                      multiprocess_mode="liveall")


def observe_answer(body: dict) -> None:
    help_shown = "box" if body.get("crisis") else "offer" if body.get("offer_help") else "no"
    ANSWERS.labels(body["match"], help_shown).inc()


def serving(version: str, previous: str | None) -> None:
    """The process now serves `version` (a reload or the first open)."""
    if previous and previous != version:
        try:
            INDEX_VERSION.remove(previous)
        except KeyError:  # another app in this process already took it away
            pass
    INDEX_VERSION.labels(version).set(1)


def install(app: Flask, enabled: bool) -> None:
    """Time and count every request; answer `/metrics` when enabled (404 otherwise, like any unknown path)."""
    if not enabled:
        return

    @app.before_request
    def started():
        g.metrics_started = time.perf_counter()

    @app.after_request
    def counted(response):
        route = request.url_rule.rule if request.url_rule else "unknown"  # the route, never the path asked
        REQUESTS.labels(route, str(response.status_code)).inc()
        if "metrics_started" in g:
            REQUEST_SECONDS.labels(route).observe(time.perf_counter() - g.metrics_started)
        return response

    @app.route("/metrics")
    def metrics():
        return Response(generate_latest(_registry()), mimetype=CONTENT_TYPE_LATEST.split(";")[0],
                        headers={"Cache-Control": "no-store"})


def _registry() -> CollectorRegistry:
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry
