"""The private content-gap report: scrubbed, k-anonymous, expiring, and off unless asked for."""
from __future__ import annotations

import datetime
import shutil
import sqlite3

import pytest

from tests.conftest import settle
from editors.cli import main as indexer_main
from search_app import create_app
from search_app.gap_report import GAP_FILE, GapReport, scrub

UNANSWERED = "how do I cook pasta"
DAY = datetime.date(2026, 11, 1)


@pytest.mark.parametrize("question, scrubbed", [
    ("how do I cook pasta", "how do i cook pasta"),
    ("Why does Sarah at work ignore me", "why does at work ignore me"),
    ("call me on 07700 900123 about it", "call me on about it"),
    ("email jo.bloggs@example.com or see https://example.com/x?y=1", "email or see"),
    ("ask @someone_else about it www.example.org", "ask about it"),
    ("I'm 34 and I've moved to Leeds", "i'm and i've moved to"),
    ("kevin keeps texting me at night", "keeps texting me at night"),
    ("my boss john shouts at me", "my boss shouts at me"),
    ("Priya never replies", "never replies"),
])
def test_scrubbing_removes_names_numbers_addresses_and_links(question, scrubbed):
    assert scrub(question) == scrubbed


def stored_texts(path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [text for (text,) in db.execute("SELECT text FROM questions")]
    finally:
        db.close()


def test_a_question_is_kept_only_once_k_readers_asked_it(tmp_path):
    path = tmp_path / GAP_FILE
    report = GapReport(path, min_count=10, today=lambda: DAY)
    for reader in range(9):
        report.record(UNANSWERED, reader=f"reader {reader}")
    assert stored_texts(path) == [] and b"pasta" not in path.read_bytes()  # below k only a keyed hash, never words
    assert report.questions() == []
    report.record("How do I  cook pasta?", reader="reader 9")     # the same question once scrubbed
    assert report.questions() == [("how do i cook pasta", 10)]


def test_one_reader_asking_again_and_again_counts_once_a_day(tmp_path):
    """On the previous main, one reader repeating a rare question (or reloading its page) k times stored its text."""
    day = [DAY]
    report = GapReport(tmp_path / GAP_FILE, min_count=3, today=lambda: day[0])
    for _ in range(20):
        report.record(UNANSWERED, reader="203.0.113.7 Firefox en-GB")
    report.record("how do I fix my bike chain", reader="203.0.113.7 Firefox en-GB")  # another question counts
    assert report.questions() == [] and b"pasta" not in (tmp_path / GAP_FILE).read_bytes()
    day[0] = DAY + datetime.timedelta(days=1)  # a new day: the memory of who asked is gone
    report.record(UNANSWERED, reader="203.0.113.7 Firefox en-GB")
    report.record(UNANSWERED, reader="198.51.100.2 Chrome en-US")
    assert report.questions() == [("how do i cook pasta", 3)]


def test_counts_and_texts_expire_after_the_retention_window(tmp_path):
    path = tmp_path / GAP_FILE
    day = [DAY]
    report = GapReport(path, min_count=3, retention_days=30, today=lambda: day[0])
    for reader, offset in enumerate((0, 0, 10)):
        day[0] = DAY + datetime.timedelta(days=offset)
        report.record(UNANSWERED, reader=str(reader))
    day[0] = DAY + datetime.timedelta(days=29)
    assert report.questions() == [("how do i cook pasta", 3)]
    day[0] = DAY + datetime.timedelta(days=30)   # the first day's two searches fall out of the window
    assert report.questions() == [] and stored_texts(path) == []
    db = sqlite3.connect(path)
    assert db.execute("SELECT day, count FROM counts").fetchall() == [((DAY + datetime.timedelta(days=10)).isoformat(), 1)]
    db.close()


@pytest.fixture
def index_copy(built_index, tmp_path):
    return shutil.copytree(built_index[1], tmp_path / "index")


def test_nothing_is_written_when_the_report_is_off(index_copy):
    client = create_app({"INDEX_DIR": str(index_copy)}).test_client()
    for _ in range(12):
        assert client.get("/search", query_string={"q": UNANSWERED}).get_json()["match"] == "none"
        client.get("/", query_string={"q": UNANSWERED})
    assert not (index_copy / GAP_FILE).exists()


def test_the_app_counts_only_unanswered_questions_and_the_editor_sees_those_asked_k_times(index_copy, capsys):
    client = create_app({"INDEX_DIR": str(index_copy), "SEARCH_GAP_REPORT": "on", "SEARCH_GAP_MIN_COUNT": "3"}).test_client()
    settle(client)
    asked = [("/search", UNANSWERED)] * 2 + [("/", UNANSWERED)] + [("/search", "best gaming laptop")] * 2
    # A question showing risk is never counted, though it matched nothing ("kms" does not in these articles).
    asked += [("/search", "how can I sleep better")] * 3 + [("/search", "kms")] * 3
    for reader, (path, question) in enumerate(asked):
        client.get(path, query_string={"q": question}, headers={"User-Agent": f"reader {reader}"})
    client.get(path, query_string={"q": UNANSWERED}, headers={"User-Agent": "reader 0"})  # the same reader again
    client.get("/search", query_string={"q": UNANSWERED, "offset": "5", "k": "5"},
               headers={"User-Agent": "another reader"})  # a later page is not a new search
    client.get("/search", query_string={"q": UNANSWERED, "tags": "ptsd"},
               headers={"User-Agent": "a reader who chose a topic"})  # nor is a search narrowed to a topic
    assert indexer_main(["gaps", "--index", str(index_copy), "--min-count", "3"]) == 0
    out = capsys.readouterr().out
    assert "1 unanswered question(s) asked at least 3 times" in out and "     3  how do i cook pasta" in out
    assert "laptop" not in out and "sleep" not in out and "kms" not in out
    assert (index_copy / GAP_FILE).stat().st_mode & 0o777 == 0o600
    assert indexer_main(["gaps", "--index", str(index_copy), "--min-count", "4"]) == 0  # the editor's k, not the app's
    assert "pasta" not in capsys.readouterr().out


def test_the_report_file_says_the_day_of_the_last_unanswered_search_no_finer(tmp_path):
    """On the previous main the file's modification time recorded the last search to the nanosecond."""
    import os

    report = GapReport(tmp_path / GAP_FILE, min_count=2)
    report.record("how do I fix my bike chain")
    midnight = datetime.datetime.combine(datetime.date.today(), datetime.time()).timestamp()
    stat = os.stat(tmp_path / GAP_FILE)
    assert stat.st_mtime == midnight and stat.st_atime == midnight
