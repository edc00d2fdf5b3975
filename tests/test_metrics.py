"""`/metrics`: Prometheus text an operator's scraper can parse, counts that move, and never a question."""
from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from search_app import create_app

MARKER = "zqxmetricsmarker"


def samples(client) -> dict[tuple, float]:
    response = client.get("/metrics")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.get_data(as_text=True)) for sample in family.samples}


def test_metrics_are_off_unless_asked_for(built_index):
    assert create_app({"INDEX_DIR": str(built_index[1])}).test_client().get("/metrics").status_code == 404


def test_metrics_count_requests_answers_and_stage_times_and_never_hold_a_question(built_index):
    client = create_app({"INDEX_DIR": str(built_index[1]), "SEARCH_METRICS": "on"}).test_client()
    before = samples(client)
    client.get("/search", query_string={"q": f"how can I sleep better {MARKER}"})
    client.get("/search", query_string={"q": "I want to end my life"})
    client.get("/", query_string={"q": f"{MARKER} pasta recipes"})
    client.get("/search", query_string={"k": "x", "q": MARKER})
    exposition = client.get("/metrics").get_data(as_text=True)
    after = samples(client)

    def moved(name: str, **labels) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    assert moved("search_http_requests_total", route="/search", status="200") == 2
    assert moved("search_http_requests_total", route="/search", status="400") == 1
    assert moved("search_http_requests_total", route="/", status="200") == 1
    assert moved("search_answers_total", match="none", help="box") + moved("search_answers_total", match="weak", help="box") \
        + moved("search_answers_total", match="strong", help="box") == 1
    for stage in ("encode", "judgement", "search", "whole answer"):
        assert moved("search_stage_seconds_count", stage=stage) == 3, stage
    version = client.get("/healthz").get_json()["index_version"]
    assert after[("search_index_info", (("version", version),))] == 1
    assert MARKER not in exposition and "pasta" not in exposition and "sleep" not in exposition


def test_the_openapi_document_lists_metrics_only_where_they_are_served(built_index):
    on = create_app({"INDEX_DIR": str(built_index[1]), "SEARCH_METRICS": "on"}).test_client()
    off = create_app({"INDEX_DIR": str(built_index[1])}).test_client()
    assert "/metrics" in on.get("/openapi.json").get_json()["paths"]
    assert "/metrics" not in off.get("/openapi.json").get_json()["paths"]
