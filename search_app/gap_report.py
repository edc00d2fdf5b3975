"""The content-gap report: what readers ask that no article answers, counted without keeping their questions.

Off unless SEARCH_GAP_REPORT is on. The privacy model, in full:
- Only questions answered with match "none" are counted, never one that showed crisis
  resources, and only a reader's first page of an unfiltered search.
- A question is scrubbed before anything is kept: URLs, e-mail addresses, @handles and
  every digit (so phone numbers, dates, ages and amounts) are removed, and so is every
  capitalised word after the first (names, places) and every given name in any case
  (Faker's name lists of the English-speaking countries: "kevin", "john"), then it is
  lower-cased. A surname written in lower case ("smith") is not recognised.
- A reader counts once per question per day: repeating or reloading a question adds nothing.
  Readers are told apart without keeping who they are: a keyed hash of their address, browser
  and question, under a key that lives in the worker's memory for one day and is never
  written (so k counts readers within a day; over several days one reader can count again).
- Counts are kept per day (no finer time), with no IP address, user agent or cookie, under
  a keyed hash (HMAC-SHA256) of the scrubbed text. The text itself is stored only once the
  same scrubbed question has been counted `min_count` times (k, default 10) within the
  retention window, and is deleted again if it falls below that.
- Counts older than the retention window (default 30 days) are deleted on every write
  and read. The key lives in the report file, so whoever can read that file can test
  guesses against the hashes of rarer questions: keep it as private as the server's logs.
`python -m indexer gaps` prints the questions at or above k, most asked first.
"""
from __future__ import annotations

import datetime
import functools
import hashlib
import hmac
import importlib
import os
import re
import secrets
import sqlite3
import threading
from pathlib import Path
from typing import Callable

from search_app.query import SearchRequest

GAP_FILE = "gap-report.sqlite"
# k-anonymity: a question's text is kept only when at least this many searches asked it.
DEFAULT_MIN_COUNT = 10
DEFAULT_RETENTION_DAYS = 30
# A write waits this long for another worker's write to finish (each is one small transaction).
BUSY_TIMEOUT_MS = 2000
# Readers remembered in memory per day, at most: past it the day starts afresh (a reader may count twice).
MAX_READERS_REMEMBERED = 100_000

_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
_EMAIL = re.compile(r"\S+@\S+")
_HANDLE = re.compile(r"(?<!\w)@\w+")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Capitalised words after the first are taken for names, except the pronoun I and its contractions.
_NOT_A_NAME = re.compile(r"I(?:['’](?:m|ve|d|ll))?")
# Given names, from the lists Faker (a maintained library of fake data) draws on for these
# countries. Its generic "en" list is left out: it holds ordinary words ("long", "friend",
# "harm"). These 1,835 names also take a few words ("hope", "summer", "bill"): a small share
# of the words of the judgement's questions (bench/RESULTS.md, "The gap report's scrubber").
NAME_LOCALES = ("en_US", "en_GB", "en_IE", "en_NZ", "en_IN", "en_NG")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS secret (key BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS counts (day TEXT NOT NULL, digest BLOB NOT NULL, count INTEGER NOT NULL,
                                   PRIMARY KEY (day, digest));
CREATE TABLE IF NOT EXISTS questions (digest BLOB PRIMARY KEY, text TEXT NOT NULL);
"""


@functools.cache
def given_names() -> frozenset[str]:
    """Lower-cased given names of NAME_LOCALES."""
    names = set()
    for locale in NAME_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            listed = provider.__dict__.get(attribute)  # a tuple, a dict of weights, or absent
            if isinstance(listed, (tuple, list, dict)):
                names.update(name.lower() for name in listed)
    return frozenset(names)


def scrub(question: str) -> str:
    """The question without anything that could identify a person, lower-cased: '' when nothing is left."""
    text = _DIGITS.sub(" ", _HANDLE.sub(" ", _EMAIL.sub(" ", _URL.sub(" ", question))))
    words = _WORD.findall(text)
    kept = [w for i, w in enumerate(words)
            if (i == 0 or not w[0].isupper() or _NOT_A_NAME.fullmatch(w)) and w.lower() not in given_names()]
    return " ".join(kept).lower()


def counts_as_gap(body: dict, search: SearchRequest) -> bool:
    """Whether an answer is counted (the privacy model above): the articles do not answer it (match "none"),
    it showed no crisis resources, and it is a reader's first page of an unfiltered search."""
    return body["match"] == "none" and body["crisis"] is None and not (search.offset or search.tags or search.article)


class _AskedToday:
    """Which (reader, question) pairs were counted today, as keyed hashes under a key made each day and
    kept only here, in memory: nothing in it names a reader or a question, and it is gone tomorrow."""

    def __init__(self):
        self._day: datetime.date | None = None
        self._key = b""
        self._seen: set[bytes] = set()
        self._lock = threading.Lock()

    def first_time(self, day: datetime.date, reader: str, text: str) -> bool:
        with self._lock:
            if day != self._day or len(self._seen) >= MAX_READERS_REMEMBERED:
                self._day, self._key, self._seen = day, secrets.token_bytes(32), set()
            mark = hmac.new(self._key, f"{reader}\0{text}".encode("utf-8"), hashlib.sha256).digest()[:16]
            if mark in self._seen:
                return False
            self._seen.add(mark)
            return True


class GapReport:
    """Counts of unanswered questions in one SQLite file, shared by every worker of the app."""

    def __init__(self, path: Path, min_count: int = DEFAULT_MIN_COUNT, retention_days: int = DEFAULT_RETENTION_DAYS,
                 today: Callable[[], datetime.date] = datetime.date.today):
        self.path = path
        self.min_count = min_count
        self.retention_days = retention_days
        self._today = today
        self._asked_today = _AskedToday()

    def _connect(self) -> sqlite3.Connection:
        if not self.path.exists():  # readable by the owner only, from the start
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
        db.executescript(_SCHEMA)
        return db

    def _key(self, db: sqlite3.Connection) -> bytes:
        row = db.execute("SELECT key FROM secret").fetchone()
        if row:
            return row[0]
        key = secrets.token_bytes(32)
        db.execute("INSERT INTO secret VALUES (?)", (key,))
        return key

    def _forget_old(self, db: sqlite3.Connection) -> None:
        """Counts past the retention window, and texts no longer asked k times within it."""
        cutoff = (self._today() - datetime.timedelta(days=self.retention_days - 1)).isoformat()
        db.execute("DELETE FROM counts WHERE day < ?", (cutoff,))
        db.execute("DELETE FROM questions WHERE digest NOT IN "
                   "(SELECT digest FROM counts GROUP BY digest HAVING SUM(count) >= ?)", (self.min_count,))

    def record(self, question: str, reader: str = "") -> None:
        """Count one unanswered question (scrubbed) once per `reader` a day; its text is kept only from its
        k-th count. `reader` tells readers apart (their address and browser) and is never stored."""
        text = scrub(question)
        if not text or not self._asked_today.first_time(self._today(), reader, text):
            return
        db = self._connect()
        try:
            with db:
                digest = hmac.new(self._key(db), text.encode("utf-8"), hashlib.sha256).digest()
                self._forget_old(db)
                db.execute("INSERT INTO counts VALUES (?, ?, 1) ON CONFLICT (day, digest) DO UPDATE SET count = count + 1",
                           (self._today().isoformat(), digest))
                (total,) = db.execute("SELECT SUM(count) FROM counts WHERE digest = ?", (digest,)).fetchone()
                if total >= self.min_count:
                    db.execute("INSERT OR IGNORE INTO questions VALUES (?, ?)", (digest, text))
        finally:
            db.close()
        self._round_file_times()

    def _round_file_times(self) -> None:
        """The file's times say the day of the last unanswered search, no finer: the counts keep days only."""
        midnight = datetime.datetime.combine(self._today(), datetime.time()).timestamp()
        os.utime(self.path, (midnight, midnight))

    def questions(self) -> list[tuple[str, int]]:
        """(scrubbed question, searches within the window) for those asked at least k times, most first."""
        if not self.path.exists():
            return []
        db = self._connect()
        try:
            with db:
                self._forget_old(db)
            return [(text, count) for text, count in db.execute(
                "SELECT q.text, SUM(c.count) AS n FROM questions q JOIN counts c USING (digest) "
                "GROUP BY q.digest HAVING n >= ? ORDER BY n DESC, q.text", (self.min_count,))]
        finally:
            db.close()
