"""Editors publish safely: golden questions gate the build; snapshots can be listed, compared and rolled back."""
from __future__ import annotations

import json
import time

import pytest
import requests

from tests.conftest import ROOT, serve, stop
from indexer import snapshot as snap
from editors.cli import main as indexer_main
from indexer.corpus import read_corpus
from search_app.golden import GOLDEN_FILE, GoldenError, read_golden, run_golden

GOLDEN = """\
top: 3
questions:
  - question: can ketamine help with ptsd nightmares
    articles: [ketamine-ptsd]
  - question: how do I support my partner who is depressed
    articles: [partner-depression]
  - question: I want to kill myself
    crisis: true
  - question: how do I cook pasta
    no_match: true
    crisis: false
"""
# The ketamine article rewritten into one that no longer answers the ketamine question.
OFF_TOPIC = """---
title: "Balcony gardening"
updated: 2026-10-02
---

Gardening on a balcony needs pots with drainage holes, compost and a sunny railing.
Tomatoes and herbs grow well in containers when they are watered every evening.
"""


def editor(*argv: str) -> int:
    """`python -m indexer ...` in this process (the real command-line entry point)."""
    return indexer_main(list(argv))


@pytest.fixture
def published(fresh_corpus, capsys):
    """A fixture corpus with golden questions, built and published once through the CLI."""
    corpus, index = fresh_corpus
    (corpus / GOLDEN_FILE).write_text(GOLDEN, encoding="utf-8")
    assert editor("build", "--corpus", str(corpus), "--index", str(index)) == 0
    capsys.readouterr()
    return corpus, index


def build_cli(corpus, index, *flags) -> int:
    return editor("build", "--corpus", str(corpus), "--index", str(index), *flags)


def test_the_first_build_records_the_golden_run_in_its_manifest(published):
    corpus, index = published
    golden = snap.read_manifest(snap.current_snapshot_dir(index)).golden
    assert golden["questions"] == 4 and golden["failed"] == 0
    answers = {a["question"]: a for a in golden["answers"]}
    assert answers["can ketamine help with ptsd nightmares"]["top"][0] == "ketamine-ptsd"
    assert answers["I want to kill myself"]["crisis"] is True
    assert answers["how do I cook pasta"]["match"] == "none"


def test_a_change_that_breaks_a_golden_answer_is_not_published(published, capsys):
    corpus, index = published
    live = snap.read_pointer(index)
    (corpus / "ketamine-ptsd.md").write_text(OFF_TOPIC, encoding="utf-8")
    assert build_cli(corpus, index) == 1
    out = capsys.readouterr().out
    assert "did not publish" in out and "FAIL" in out and "expected ketamine-ptsd in the top 3" in out
    assert "3 of 4 pass on the new snapshot (before: 4 of 4)" in out
    assert snap.read_pointer(index) == live
    assert snap.list_snapshots(index) == [live]  # the held-back snapshot is not left to be mistaken for a good one


def test_force_publishes_a_failing_build_and_says_so(published, capsys):
    corpus, index = published
    live = snap.read_pointer(index)
    (corpus / "ketamine-ptsd.md").write_text(OFF_TOPIC, encoding="utf-8")
    assert build_cli(corpus, index, "--force") == 0  # published as asked: the report says what failed
    out = capsys.readouterr().out
    assert "although golden questions fail (--force)" in out
    now = snap.read_pointer(index)
    assert now != live and snap.read_manifest(snap.current_snapshot_dir(index)).golden["failed"] == 1


def test_dry_run_builds_and_reports_without_publishing(published, capsys):
    corpus, index = published
    live = snap.read_pointer(index)
    (corpus / "partner-depression.md").write_text(
        (corpus / "partner-depression.md").read_text(encoding="utf-8") + "\nAn added closing line.\n", encoding="utf-8")
    assert build_cli(corpus, index, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "4 of 4 pass on the new snapshot" in out and "did not publish it (dry run)" in out
    assert snap.read_pointer(index) == live and snap.list_snapshots(index) == [live]


def test_an_edited_golden_file_is_checked_against_the_live_index_when_nothing_else_changed(published, capsys):
    corpus, index = published
    with open(corpus / GOLDEN_FILE, "a", encoding="utf-8") as handle:
        handle.write("  - question: how can I sleep better\n    articles: [ketamine-ptsd]\n")
    assert build_cli(corpus, index) == 1
    out = capsys.readouterr().out
    assert "4 of 5 pass on the live snapshot" in out and "'how can I sleep better'" in out


def test_a_malformed_golden_file_stops_the_build_with_its_location(published, capsys):
    corpus, index = published
    live = snap.read_pointer(index)
    (corpus / GOLDEN_FILE).write_text("questions:\n  - question: sleep\n    artcles: [sleep]\n", encoding="utf-8")
    (corpus / "sleep.txt").write_text("Sleep\nA changed body so that the build has work to do.\n", encoding="utf-8")
    assert build_cli(corpus, index) == 1
    err = capsys.readouterr().err
    assert "question 1 has unknown keys ['artcles']" in err
    assert snap.read_pointer(index) == live


def test_a_golden_question_expecting_an_article_the_corpus_lacks_is_named_and_fails(published, capsys):
    corpus, index = published
    live = snap.read_pointer(index)
    with open(corpus / GOLDEN_FILE, "a", encoding="utf-8") as handle:
        handle.write("  - question: how can I sleep better\n    articles: [sleep-tips]\n")
    (corpus / "sleep.txt").write_text("Sleep\nA changed body so that the build has work to do.\n", encoding="utf-8")
    assert build_cli(corpus, index) == 1
    captured = capsys.readouterr()
    assert "golden questions expect article 'sleep-tips', which is not in the corpus" in captured.err
    assert "expected sleep-tips in the top 3" in captured.out and snap.read_pointer(index) == live


@pytest.mark.parametrize("text, message", [
    ("questions: []\ntop: 0\n", "top must be a whole number"),
    ("questions:\n  - question: sleep\n", "expects nothing"),
    ("questions:\n  - articles: [sleep]\n", "needs a 'question' string"),
    ("questions:\n  - question: sleep\n    crisis: maybe\n", "'crisis' must be true or false"),
    ("- just a list\n", "must be a mapping with a 'questions' list"),
    ("questions: [unclosed\n", "is not valid YAML"),
])
def test_golden_file_errors_name_the_problem(tmp_path, text, message):
    (tmp_path / GOLDEN_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(GoldenError, match=message):
        read_golden(tmp_path)


def test_snapshots_lists_each_with_its_golden_result_and_marks_the_live_one(published, capsys):
    corpus, index = published
    first = snap.read_pointer(index)
    (corpus / "sleep.txt").write_text("Sleep\nKeep a regular wake-up time, even at weekends.\n", encoding="utf-8")
    assert build_cli(corpus, index) == 0
    second = snap.read_pointer(index)
    capsys.readouterr()
    assert editor("snapshots", "--index", str(index)) == 0
    lines = {line.split()[1] if line.startswith("*") else line.split()[0]: line
             for line in capsys.readouterr().out.splitlines()[1:-1]}
    assert set(lines) == {first, second}
    assert lines[second].startswith("*") and not lines[first].startswith("*")
    assert "4/4 pass" in lines[second] and "int8" in lines[second] and " 7 " in lines[second]


def test_rollback_to_the_previous_and_to_a_named_snapshot_is_followed_by_a_running_app(published, capsys):
    corpus, index = published
    ids = [snap.read_pointer(index)]
    for body in ("Keep a regular wake-up time.", "Avoid screens in the last hour before bed."):
        (corpus / "sleep.txt").write_text(f"Sleep\n{body}\n", encoding="utf-8")
        assert build_cli(corpus, index) == 0
        ids.append(snap.read_pointer(index))
    process, url = serve(index, env={"SEARCH_RELOAD_SECONDS": "0.2"})
    try:
        assert requests.get(f"{url}/healthz", timeout=5).json()["index_version"] == ids[2]
        assert editor("rollback", "--index", str(index)) == 0
        assert f"live snapshot is now {ids[1]} (was {ids[2]})" in capsys.readouterr().out
        assert wait_for_version(url, ids[1])
        assert editor("rollback", ids[0], "--index", str(index)) == 0
        assert wait_for_version(url, ids[0])
        assert editor("rollback", ids[2], "--index", str(index)) == 0
        assert wait_for_version(url, ids[2])
    finally:
        stop(process)


def wait_for_version(url: str, version: str, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if requests.get(f"{url}/healthz", timeout=5).json()["index_version"] == version:
            return True
        time.sleep(0.1)
    return False


def test_rollback_refuses_a_missing_or_damaged_snapshot_and_keeps_the_live_one(published, capsys):
    corpus, index = published
    live = snap.read_pointer(index)
    assert editor("rollback", "--index", str(index)) == 1
    assert "nothing to go back to" in capsys.readouterr().err
    assert editor("rollback", "20200101T000000000000Z-abcdef", "--index", str(index)) == 1
    assert "there is no snapshot" in capsys.readouterr().err
    (corpus / "sleep.txt").write_text("Sleep\nA newer body.\n", encoding="utf-8")
    assert build_cli(corpus, index) == 0
    newer = snap.read_pointer(index)
    with open(snap.snapshot_dir(index, live) / snap.RECORDS_FILE, "r+b") as handle:
        handle.seek(100)
        handle.write(b"damage")
    assert editor("rollback", "--index", str(index)) == 1
    assert "is damaged" in capsys.readouterr().err
    assert snap.read_pointer(index) == newer


def test_diff_lists_changed_articles_and_golden_answers_that_differ(published, capsys):
    corpus, index = published
    before = snap.read_pointer(index)
    (corpus / "ketamine-ptsd.md").write_text(OFF_TOPIC, encoding="utf-8")
    (corpus / "new-article.md").write_text("---\ntitle: Walking\n---\n\nA daily walk can lift mood.\n", encoding="utf-8")
    (corpus / "sleeping-tablets.md").unlink()
    assert build_cli(corpus, index, "--force") == 0
    after = snap.read_pointer(index)
    capsys.readouterr()
    assert editor("diff", "--index", str(index), "--corpus", str(corpus)) == 0
    out = capsys.readouterr().out
    assert f"{before} -> {after}" in out
    assert "+1 added, ~1 changed, >0 renamed, -1 removed" in out
    assert "  + new-article" in out and "  ~ ketamine-ptsd" in out and "  - sleeping-tablets" in out
    assert "golden questions whose answers differ: 1 of 4" in out
    assert "'can ketamine help with ptsd nightmares': ketamine-ptsd" in out


def test_keep_sets_how_many_snapshots_stay_for_rollback(published):
    corpus, index = published
    for n in range(3):
        (corpus / "sleep.txt").write_text(f"Sleep\nVersion {n} of the advice.\n", encoding="utf-8")
        assert build_cli(corpus, index, "--keep", "2") == 0
    assert len(snap.list_snapshots(index)) == 2 and snap.read_pointer(index) == snap.list_snapshots(index)[-1]


def test_the_shipped_golden_questions_cover_every_article_and_pass_on_the_shipped_corpus(corpus_index, embedder):
    golden = read_golden(ROOT / "corpus")
    articles, _ = read_corpus(ROOT / "corpus")
    assert {a.doc_id for a in articles} <= {doc_id for question in golden.questions for doc_id in question.articles}
    assert len(golden.questions) >= 60 and sum(q.crisis is True for q in golden.questions) >= 5
    run = run_golden(golden, snap.current_snapshot_dir(corpus_index), embedder)
    assert [a.question for a in run.failed] == [], json.dumps([a.as_dict() for a in run.failed], indent=1)


def test_a_dead_builds_snapshot_is_never_listed_kept_or_rolled_back_to(published, capsys):
    """On the previous main, a build killed after its folder landed but before the pointer moved left a
    snapshot that `snapshots` listed, `--keep` counted and a plain `rollback` made live, unchecked."""
    import shutil

    corpus, index = published
    first = snap.read_pointer(index)
    (corpus / "walking.md").write_text("---\ntitle: Walking\n---\n\nA daily walk can lift mood.\n", encoding="utf-8")
    assert build_cli(corpus, index) == 0
    second = snap.read_pointer(index)
    dead = first[:-6] + "zzzzzz"  # sorts between the two published ones, as a killed build's folder can
    shutil.copytree(snap.snapshot_dir(index, first), snap.snapshot_dir(index, dead))
    (snap.snapshot_dir(index, dead) / snap.PUBLISHED_FILE).unlink()
    assert first < dead < second
    assert snap.list_snapshots(index) == [first, second]
    capsys.readouterr()
    assert editor("snapshots", "--index", str(index)) == 0 and dead not in capsys.readouterr().out
    assert editor("rollback", "--index", str(index)) == 0 and snap.read_pointer(index) == first
    assert editor("rollback", "--index", str(index), second) == 0
    (corpus / "walking.md").write_text("---\ntitle: Walking\n---\n\nA daily walk can lift mood a lot.\n", encoding="utf-8")
    assert build_cli(corpus, index, "--keep", "2") == 0
    kept = snap.list_snapshots(index)
    assert not snap.snapshot_dir(index, dead).exists() and kept == [second, snap.read_pointer(index)]


def test_snapshots_lists_a_snapshot_whose_golden_record_is_malformed(published, capsys):
    """On the previous main, `golden: {"x": 1}` in a manifest made `indexer snapshots` crash with a KeyError."""
    corpus, index = published
    folder = snap.current_snapshot_dir(index)
    snap.record_golden(folder, {"x": 1})
    capsys.readouterr()
    assert editor("snapshots", "--index", str(index)) == 0
    assert "not checked" in capsys.readouterr().out
