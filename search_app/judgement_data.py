"""The judgement's data: the rows of `judgement_data/` (see its README), counsel-chat's labelled
questions, the split made once, and the hold-out sets reported apart.

Questions showing risk and ordinary ones (`text`, `risk`, `kind`, `category`, `audience`), and
questions the articles answer or not (`question`, `in_scope`, `kind`, `relevant`). Every row is
assigned once, by a hash of its normalised text, to train (60%), dev (20%) or test (20%), so
adding rows never moves old ones; the team's exemplar file is training data only.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path

from indexer.corpus import load_yaml
from search_app.crisis import SOMEONE_ELSE
from search_app.query import normalize_query
from search_app.verdict import ANSWERED

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "judgement_data"
READER_QUESTIONS = ROOT / "bench" / "reader_questions.jsonl"
HOLDOUT_DIR = ROOT / "bench" / "holdout"
# Real people's questions (../shared/data, evaluation and training use only): their labels live here by id.
COUNSEL_CHAT_LABELS = "counsel_chat_labels.jsonl"
COUNSEL_CHAT_QUERIES = ROOT.parent / "shared" / "data" / "counsel-chat" / "queries.jsonl"
SPLIT_SALT = "judgement-split-1"
SPLITS = ("train", "dev", "test")
# Hash buckets (of 100): below DEV_FROM train, below TEST_FROM dev, the rest test.
DEV_FROM, TEST_FROM = 60, 80
EXEMPLARS = "crisis_exemplars.yaml"
CATEGORIES = {"passive_wish", "suicidal_thoughts", "means", "preparations", "self_harm", SOMEONE_ELSE}
# Ordinary searches that are also questions the articles do not answer.
OUT_OF_SCOPE_KINDS = {"everyday", "other_medical"}
# The hardest look-alikes: risk words or subjects without risk. Their false-alarm budget is 2%, the others' 1%.
LOOKALIKE_KINDS = {"figurative", "death_adjacent", "medicine_dose", "overdose_first_aid", "near_topic", "medication",
                   "short_figurative", "short_near_topic", "venting", "grief_and_dying", "about_the_topic",
                   "figurative_other_language", "medicine_and_first_aid", "short_risk_words", "mixed_request_lookalike",
                   "veiled_lookalike"}
# Questions far from the articles' subject: never "strong", and "none" for 95% of them.
OUT_OF_SCOPE_VERDICT_KINDS = {"everyday", "out_of_scope", "gibberish", "other_language", "near_scope"}
# Mental-health subjects the articles lack: about mental health, for the topic model, but not answerable.
MENTAL_HEALTH_GAP_KINDS = {"gap_topic", "mental_health_gap"}
# Crisis rows that tell the topic model what is about mental health (besides every row showing risk) and what is not.
TOPIC_KINDS = {"mental_health", "near_topic", "counsel_chat", "about_the_topic", "venting", "short_near_topic"}
OFF_TOPIC_KINDS = {"everyday", "other_medical", "figurative", "short_everyday", "short_figurative",
                   "figurative_other_language"}


def split_of(text: str) -> str:
    """train, dev or test: fixed by the normalised text, whatever file the row is in."""
    bucket = int(hashlib.sha256(f"{SPLIT_SALT}\0{normalize_query(text)}".encode()).hexdigest(), 16) % 100
    return "train" if bucket < DEV_FROM else "dev" if bucket < TEST_FROM else "test"


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _exemplar_rows(path: Path) -> list[dict]:
    data = load_yaml(path.read_text(encoding="utf-8"))
    rows = [{"text": text, "risk": True, "kind": f"exemplar_{category}",
             "category": SOMEONE_ELSE if entry["audience"] == SOMEONE_ELSE else category, "audience": entry["audience"]}
            for category, entry in data["categories"].items() for text in entry["exemplars"]]
    rows += [{"text": text, "risk": False, "kind": f"exemplar_{kind}"}
             for kind, texts in data["counter_examples"].items() for text in texts]
    return rows


def _category(row: dict) -> str | None:
    """A risk row's category; older sets name it only as their `kind`, and leave it out for slang,
    misspellings and other languages (those rows train the crisis and audience models only)."""
    if row.get("audience") == SOMEONE_ELSE:
        return SOMEONE_ELSE
    category = row.get("category") or row["kind"]
    return category if category in CATEGORIES else None


def _counsel_chat_rows(data_dir: Path) -> list[dict]:
    """The counsel-chat questions' labels (ids only in the repository) joined with their texts, read from
    ../shared/data at training time: the texts may be used for evaluation and training, never stored here."""
    labels, texts = data_dir / COUNSEL_CHAT_LABELS, COUNSEL_CHAT_QUERIES
    if not (labels.is_file() and texts.is_file()):
        return []
    text_of = {_id_digest(row["id"]): row["text"] for row in _read_jsonl(texts)}
    return [{**row, "text": text_of[row["id_sha256"]], "source": "counsel_chat"} for row in _read_jsonl(labels)
            if row["id_sha256"] in text_of]


def _id_digest(query_id: str) -> str:
    """How a counsel-chat question is named here: its ids are slugs of the question, which stays in ../shared."""
    return hashlib.sha256(query_id.encode()).hexdigest()[:16]


def load_data(data_dir: Path = DATA_DIR) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """(crisis rows, verdict rows), each by split; duplicates (same normalised text) kept once."""
    crisis, scope = [], []
    files = [path for path in sorted(data_dir.rglob("*.jsonl")) if path.name != COUNSEL_CHAT_LABELS]
    files += [READER_QUESTIONS] if READER_QUESTIONS.is_file() else []
    for path in files:
        for row in _read_jsonl(path):
            row = {**row, "source": path.stem}
            if "question" in row:
                scope.append(row)
            elif "text" in row:
                crisis.append({**row, "category": _category(row)} if row["risk"] else row)
                if not row["risk"] and row["kind"] in OUT_OF_SCOPE_KINDS:
                    scope.append({"question": row["text"], "in_scope": False, "kind": row["kind"], "relevant": [],
                                  "source": path.stem})
    crisis += [{**row, "category": _category(row)} if row["risk"] else row for row in _counsel_chat_rows(data_dir)]
    scope = [{"in_scope": True, "kind": "reader_question", **row} for row in scope]  # readers' questions are answerable
    by_split = {"crisis": defaultdict(list), "scope": defaultdict(list)}
    exemplars = [row for path in sorted(data_dir.rglob(EXEMPLARS)) for row in _exemplar_rows(path)]
    seen = {"crisis": set(), "scope": set()}
    for name, rows, key in (("crisis", crisis, "text"), ("scope", scope, "question")):
        for row in rows:
            text = normalize_query(row[key])
            if text and text not in seen[name]:
                seen[name].add(text)
                by_split[name][split_of(row[key])].append(row)
    for row in exemplars:  # training only, unless a set already holds the same question
        if normalize_query(row["text"]) not in seen["crisis"]:
            seen["crisis"].add(normalize_query(row["text"]))
            by_split["crisis"]["train"].append(row)
    return dict(by_split["crisis"]), dict(by_split["scope"])



def holdout_sets(folder: Path | None = HOLDOUT_DIR) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """bench/holdout/: written apart from everything here, never trained or chosen on; reported only."""
    if folder is None or not folder.is_dir():
        return {}, {}
    crisis = {f"holdout:{name}": _read_jsonl(folder / f"{name}.jsonl") for name in ("crisis_questions", "short_queries")
              if (folder / f"{name}.jsonl").is_file()}
    scope = {"holdout:scope_questions": _read_jsonl(folder / "scope_questions.jsonl")} if (
        folder / "scope_questions.jsonl").is_file() else {}
    return crisis, scope


def topic_label(row: dict) -> str | None:
    """Whether a row is about mental health at all, for the topic model: verdict rows always say; crisis
    rows by their kind, and rows of kinds that could go either way are left out."""
    if "question" in row:
        return ANSWERED if row["in_scope"] or row["kind"] in MENTAL_HEALTH_GAP_KINDS else "no"
    kind = row["kind"].removeprefix("exemplar_")
    if row["risk"] or kind in TOPIC_KINDS:
        return ANSWERED
    return "no" if kind in OFF_TOPIC_KINDS else None
