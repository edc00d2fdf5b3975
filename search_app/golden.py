"""Golden questions: answers editors require of every snapshot before it is published.

The file is the editors' own, `golden-questions.yaml` in the corpus folder:

    top: 5                     # default reach for `articles` (optional)
    questions:
      - question: how do I support a partner with depression?
        articles: [supporting-partner-with-depression]   # one of these among the first `top` results
      - question: I don't want to wake up tomorrow
        crisis: true           # crisis resources must (true) or must not (false) be shown
      - question: how do I cook pasta
        no_match: true         # the answer must (true) or must not (false) be match "none"

A question may combine expectations and set its own `top`. This module owns the file's
format, running it against a snapshot, and comparing two runs; the indexer's build, diff
and snapshots commands call it. Runs are stored in the snapshot's manifest, so every
snapshot carries the check it was published with.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from indexer.corpus import load_yaml
from indexer.embedding import Embedder
from indexer.snapshot import open_snapshot
from search_app import service
from search_app.query import SearchRequest
from search_app.retrieval import SearchEngine

GOLDEN_FILE = "golden-questions.yaml"
# How far down the results an expected article may be, unless the file says otherwise:
# the first screen of the page shows five passages.
DEFAULT_TOP = 5
_KEYS = {"question", "articles", "top", "crisis", "no_match"}


class GoldenError(ValueError):
    """The golden-questions file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class GoldenQuestion:
    question: str
    articles: tuple[str, ...] = ()
    top: int = DEFAULT_TOP
    crisis: bool | None = None
    no_match: bool | None = None


@dataclass(frozen=True)
class GoldenSet:
    questions: tuple[GoldenQuestion, ...]
    digest: str      # of the file's bytes: runs made from another version are not compared blindly


@dataclass(frozen=True)
class Answer:
    """What one golden question got, and which of its expectations failed."""
    question: str
    top: tuple[str, ...]      # distinct articles of the results, best first
    crisis: bool
    match: str
    failures: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"question": self.question, "top": list(self.top), "crisis": self.crisis, "match": self.match,
                "failures": list(self.failures)}


@dataclass(frozen=True)
class GoldenRun:
    digest: str
    answers: tuple[Answer, ...] = field(default_factory=tuple)
    # Expected articles the snapshot does not have: a typo, or an article renamed or deleted.
    unknown_articles: tuple[str, ...] = ()

    @property
    def failed(self) -> list[Answer]:
        return [a for a in self.answers if a.failures]

    def as_record(self) -> dict:
        """The form kept in a snapshot's manifest."""
        return {"file_digest": self.digest, "questions": len(self.answers), "failed": len(self.failed),
                "answers": [a.as_dict() for a in self.answers]}

    @classmethod
    def from_record(cls, record: dict | None) -> "GoldenRun | None":
        try:
            return cls(record["file_digest"], tuple(
                Answer(a["question"], tuple(a["top"]), bool(a["crisis"]), a["match"], tuple(a["failures"]))
                for a in record["answers"]))
        except (KeyError, TypeError):
            return None


def read_golden(corpus_dir: Path) -> GoldenSet | None:
    """The corpus's golden questions, or None when it has no file; a malformed file is an error."""
    path = corpus_dir / GOLDEN_FILE
    try:
        raw_bytes = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise GoldenError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        data = load_yaml(raw_bytes)
    except yaml.YAMLError as exc:
        raise GoldenError(f"{path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise GoldenError(f"{path} must be a mapping with a 'questions' list")
    default_top = _positive(data.get("top", DEFAULT_TOP), f"{path}: top")
    questions = []
    for number, entry in enumerate(data["questions"], 1):
        where = f"{path}: question {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("question"), str) or not entry["question"].strip():
            raise GoldenError(f"{where} needs a 'question' string")
        unknown = set(entry) - _KEYS
        if unknown:
            raise GoldenError(f"{where} has unknown keys {sorted(unknown)}; allowed: {sorted(_KEYS)}")
        articles = entry.get("articles", [])
        if isinstance(articles, str):
            articles = [articles]
        if not isinstance(articles, list) or not all(isinstance(a, str) and a for a in articles):
            raise GoldenError(f"{where}: 'articles' must be a list of article ids")
        flags = {name: entry.get(name) for name in ("crisis", "no_match")}
        for name, value in flags.items():
            if value is not None and not isinstance(value, bool):
                raise GoldenError(f"{where}: '{name}' must be true or false")
        if not articles and all(value is None for value in flags.values()):
            raise GoldenError(f"{where} expects nothing: give 'articles', 'crisis' or 'no_match'")
        questions.append(GoldenQuestion(entry["question"].strip(), tuple(articles),
                                        _positive(entry.get("top", default_top), f"{where}: top"), **flags))
    return GoldenSet(tuple(questions), hashlib.sha256(raw_bytes).hexdigest()[:16])


def _positive(value, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise GoldenError(f"{where} must be a whole number of at least 1")
    return value


def run_golden(golden: GoldenSet, folder: Path, embedder: Embedder, verify: bool = True) -> GoldenRun:
    """Ask every golden question of the snapshot in `folder`, as the page would, and judge the answers.

    `verify=False` skips the file checksums, for a snapshot this process has just written
    (at 1M chunks hashing it again took as long as writing it: bench/RESULTS.md, "Scale": "Open").
    """
    engine = SearchEngine(open_snapshot(folder, embedder.model_id, embedder.precision, verify=verify), embedder)
    requests = [SearchRequest.parse({"q": q.question, "k": str(q.top)}) for q in golden.questions]
    # The questions' vectors depend on the model alone, not on the index: kept on disk, like the
    # judgement training data's, they make the check several times faster (bench/RESULTS.md, "Golden questions").
    vectors = embedder.encode_fixed_queries([r.text for r in requests])
    try:
        answers = tuple(_judge(question, request, vectors[i:i + 1], engine)
                        for i, (question, request) in enumerate(zip(golden.questions, requests)))
        unknown = sorted({a for q in golden.questions for a in q.articles} - set(engine.snapshot.records.doc_ids))
        return GoldenRun(golden.digest, answers, tuple(unknown))
    finally:
        engine.snapshot.records.close()


def _judge(expected: GoldenQuestion, request: SearchRequest, vector: np.ndarray, engine: SearchEngine) -> Answer:
    body = service.answer(engine, request, vector)
    top = tuple(dict.fromkeys(result["doc_id"] for result in body["results"]))
    crisis = body["crisis"] is not None
    failures = []
    if expected.articles and not set(expected.articles) & set(top):
        failures.append(f"expected {' or '.join(expected.articles)} in the top {expected.top}")
    if expected.crisis is not None and crisis != expected.crisis:
        failures.append("expected crisis resources" if expected.crisis else "expected no crisis resources")
    if expected.no_match is not None and (body["match"] == "none") != expected.no_match:
        failures.append("expected no good match" if expected.no_match else f"expected a match, got {body['match']!r}")
    return Answer(expected.question, top, crisis, body["match"], tuple(failures))


def changed_answers(before: GoldenRun, after: GoldenRun) -> list[tuple[Answer, Answer]]:
    """Questions (asked in both runs) whose first article, crisis box or match verdict differs."""
    earlier = {a.question: a for a in before.answers}
    return [(earlier[a.question], a) for a in after.answers if a.question in earlier and _gist(earlier[a.question]) != _gist(a)]


def _gist(answer: Answer) -> tuple:
    return answer.top[:1], answer.crisis, answer.match


def describe(answer: Answer) -> str:
    first = answer.top[0] if answer.top else "no results"
    return f"{first}{', crisis box' if answer.crisis else ''}, match {answer.match}"


def report(after: GoldenRun, before: GoldenRun | None, label: str = "new snapshot") -> str:
    """The editor's table: the score, every failing expectation, and what changed against `before`."""
    lines = [f"golden questions: {len(after.answers) - len(after.failed)} of {len(after.answers)} pass on the {label}"
             + (f" (before: {len(before.answers) - len(before.failed)} of {len(before.answers)})" if before else "")]
    for answer in after.failed:
        lines.append(f"  FAIL     {answer.question!r}: {'; '.join(answer.failures)} (got {describe(answer)})")
    if before is not None:
        for old, new in changed_answers(before, after):
            lines.append(f"  CHANGED  {new.question!r}: {describe(old)} -> {describe(new)}")
    return "\n".join(lines)
