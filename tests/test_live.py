"""Hot reload: a running app follows newly published snapshots, and survives broken ones."""
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from indexer.snapshot import RECORDS_FILE, SNAPSHOTS_DIR, VECTORS_FILE, current_snapshot_dir, publish, read_pointer
from search_app import create_app
from tests.conftest import copy_fixture_corpus, quiet_build, settle


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


def test_a_fresh_start_on_a_broken_snapshot_with_none_to_fall_back_to_answers_503_with_the_reason(fresh_corpus, build):
    corpus, index = fresh_corpus
    build(corpus, index)
    (current_snapshot_dir(index) / VECTORS_FILE).write_bytes(b"not a faiss index")
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


# The ways an audit damaged the live index before a fresh start: the pointer file ...
DAMAGED_POINTERS = {"not text": b"\xff\xfe not text", "too long": b"x" * 400, "a path": b"../../etc",
                    "empty": b"", "blank lines": b"\n\n  \n", "NUL bytes": b"2026\x00\x00",
                    "a missing snapshot": b"20990101T000000000000Z-gone"}


@pytest.fixture(scope="module")
def two_published(tmp_path_factory, embedder):
    """An index of the fixture corpus published twice (an article added the second time): (index, older id, live id)."""
    root = tmp_path_factory.mktemp("two-published")
    corpus, index = copy_fixture_corpus(root / "corpus"), root / "index"
    older = quiet_build(embedder, corpus, index).snapshot_id
    (corpus / "lithium.md").write_text("---\ntitle: Lithium\n---\n\nLithium is a mood stabiliser for bipolar disorder.\n")
    return index, older, quiet_build(embedder, corpus, index).snapshot_id


def _index_with_an_older_copy(two_published, tmp_path) -> tuple[Path, str, str]:
    """A private copy of `two_published`: (index, older id, live id)."""
    source, older, live = two_published
    index = tmp_path / "index"
    shutil.copytree(source, index, symlinks=True)
    return index, older, live


@pytest.mark.parametrize("damage", [*DAMAGED_POINTERS, "a folder", "a symlink loop", "damaged vectors",
                                    "damaged records"])
def test_a_fresh_start_on_a_damaged_live_index_serves_the_newest_intact_snapshot(two_published, tmp_path, damage):
    """On the previous main, a CURRENT that was not UTF-8, too long or a folder stopped the app from starting, and
    damage to the live snapshot's files left every request 503 after a restart although an intact older
    snapshot was on disk. Now the server boots, serves the newest published snapshot that opens, and says so."""
    index, older, live = _index_with_an_older_copy(two_published, tmp_path)
    pointer = index / "CURRENT"
    if damage in DAMAGED_POINTERS:
        pointer.write_bytes(DAMAGED_POINTERS[damage])
    elif damage == "a folder":
        pointer.unlink()
        pointer.mkdir()
    elif damage == "a symlink loop":
        pointer.unlink()
        pointer.symlink_to(pointer)
    else:
        damaged = VECTORS_FILE if damage == "damaged vectors" else RECORDS_FILE
        assert (index / SNAPSHOTS_DIR / live / damaged).is_file()
        (index / SNAPSHOTS_DIR / live / damaged).write_bytes(b"damaged in place")
    served = older if damage.startswith("damaged") else live  # the pointer's damage leaves the newest intact
    client = create_app({"INDEX_DIR": str(index)}).test_client()
    health = client.get("/healthz").get_json()
    assert health["status"] == "ok" and health["index_version"] == served
    assert health["fallback"].startswith(f"serving snapshot {served}") and str(index) not in health["fallback"]
    answer = client.get("/search?q=sleep")
    assert answer.status_code == 200 and answer.get_json()["index_version"] == served


def test_with_no_published_snapshot_to_fall_back_to_a_damaged_pointer_is_a_503_that_says_why(built_index, tmp_path):
    index = tmp_path / "index"
    shutil.copytree(built_index[1], index)
    shutil.rmtree(index / SNAPSHOTS_DIR / read_pointer(index))
    (index / "CURRENT").write_bytes(b"\xff\xfe not text")
    client = create_app({"INDEX_DIR": str(index)}).test_client()
    health = client.get("/healthz")
    assert health.status_code == 503 and "CURRENT" in health.get_json()["last_reload_error"]
    assert client.get("/search?q=sleep").status_code == 503


def test_a_served_fallback_gives_way_to_the_live_snapshot_once_it_is_repaired(two_published, tmp_path):
    index, older, live = _index_with_an_older_copy(two_published, tmp_path)
    (index / "CURRENT").write_bytes(b"\xff\xfe not text")
    client = create_app({"INDEX_DIR": str(index), "SEARCH_RELOAD_SECONDS": 0}).test_client()
    assert client.get("/healthz").get_json()["fallback"]
    publish(index, live)  # what `python -m indexer rollback <id>` does
    settle(client)
    health = client.get("/healthz").get_json()
    assert health["index_version"] == live and health["fallback"] is None and health["last_reload_error"] is None
