"""Hot reload: a running app follows newly published snapshots, and survives broken ones."""
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from indexer.snapshot import SNAPSHOTS_DIR, VECTORS_FILE, current_snapshot_dir, publish, read_pointer
from search_app import create_app
from tests.conftest import settle


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
    assert answers[0][1] == first.snapshot_id
    settle(client)
    after = client.get("/search?q=mood+stabiliser+for+bipolar+mania&k=1").get_json()
    assert after["index_version"] == read_pointer(index) != first.snapshot_id
    assert after["results"][0]["doc_id"] == "lithium"
    assert {version for _, version in answers} <= {first.snapshot_id, after["index_version"]}


def test_a_broken_new_snapshot_is_reported_and_the_old_one_keeps_serving(fresh_corpus, build):
    corpus, index = fresh_corpus
    good = build(corpus, index)
    client = create_app({"INDEX_DIR": str(index), "SEARCH_RELOAD_SECONDS": 0}).test_client()
    assert client.get("/search?q=ptsd").status_code == 200
    publish_broken_copy(index)
    settle(client)

    response = client.get("/search?q=ptsd")
    assert response.status_code == 200 and response.get_json()["index_version"] == good.snapshot_id
    health = client.get("/healthz").get_json()
    assert health["index_version"] == good.snapshot_id and "damaged: vectors.faiss" in health["last_reload_error"]
    assert client.get("/search?q=ptsd").get_json()["index_version"] == good.snapshot_id  # still, later


def test_a_fresh_start_on_a_broken_snapshot_answers_503_with_the_reason(fresh_corpus, build):
    corpus, index = fresh_corpus
    build(corpus, index)
    publish_broken_copy(index)
    client = create_app({"INDEX_DIR": str(index)}).test_client()
    response = client.get("/search?q=ptsd")
    assert response.status_code == 503 and "damaged: vectors.faiss" in response.get_json()["error"]["message"]
    health = client.get("/healthz")
    assert health.status_code == 503 and "damaged: vectors.faiss" in health.get_json()["last_reload_error"]
    assert client.get("/?q=ptsd").status_code == 503


def test_the_app_follows_a_new_snapshot_after_a_broken_one(fresh_corpus, build):
    corpus, index = fresh_corpus
    build(corpus, index)
    client = create_app({"INDEX_DIR": str(index), "SEARCH_RELOAD_SECONDS": 0}).test_client()
    publish_broken_copy(index)
    settle(client)
    assert client.get("/healthz").get_json()["last_reload_error"]
    (corpus / "extra.md").write_text("---\ntitle: Extra\n---\n\nA new article about coping with worry at night.\n")
    fixed = build(corpus, index)
    settle(client)
    health = client.get("/healthz").get_json()
    assert health["index_version"] == fixed.snapshot_id and health["last_reload_error"] is None


def publish_broken_copy(index: Path) -> None:
    """Publish a copy of the live snapshot whose vector file is damaged."""
    broken = index / SNAPSHOTS_DIR / "99999999T000000000000Z-broken"
    shutil.copytree(current_snapshot_dir(index), broken)
    (broken / VECTORS_FILE).write_bytes(b"not a faiss index")
    publish(index, broken.name)


@pytest.mark.parametrize("pointer", [b"\xff\xfe not text", b"x" * 400, b"../../etc", "folder"])
def test_an_unreadable_pointer_is_reported_and_the_server_still_starts(built_index, tmp_path, pointer):
    """On the previous main, a CURRENT that was not UTF-8, too long or a folder stopped the app from starting."""
    import shutil

    from search_app import create_app

    index = tmp_path / "index"
    shutil.copytree(built_index[1], index)
    (index / "CURRENT").unlink()
    if pointer == "folder":
        (index / "CURRENT").mkdir()
    else:
        (index / "CURRENT").write_bytes(pointer)
    client = create_app({"INDEX_DIR": str(index)}).test_client()
    health = client.get("/healthz")
    assert health.status_code == 503 and "CURRENT" in health.get_json()["last_reload_error"]
    assert client.get("/search?q=sleep").status_code == 503
