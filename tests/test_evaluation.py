"""The evaluation command's metric wiring, on a tiny BEIR folder whose right answers are known."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.snapshot import current_snapshot_dir
from search_app.evaluation import DOCUMENT_DEPTH, load_beir
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = {
    "d-sleep": "Insomnia is trouble falling or staying asleep; CBT for insomnia is the first treatment.",
    "d-panic": "A panic attack is a sudden rush of fear with a pounding heart and shortness of breath.",
    "d-grief": "Grief after losing someone you love can come in waves for months or years.",
    "d-ocd": "Obsessive compulsive disorder involves unwanted intrusive thoughts and repeated rituals.",
}
QUERIES = {"q-sleep": "I cannot fall asleep", "q-panic": "sudden fear and pounding heart",
           "q-grief": "mourning the death of my mother", "q-unjudged": "no judgments for this one"}


@pytest.fixture(scope="module")
def tiny_beir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("beir")
    (folder / "qrels").mkdir()
    (folder / "corpus.jsonl").write_text("".join(json.dumps({"id": i, "title": "", "text": t}) + "\n" for i, t in DOCUMENTS.items()))
    (folder / "queries.jsonl").write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in QUERIES.items()))
    (folder / "qrels" / "dev.tsv").write_text("query-id\tcorpus-id\tscore\n" + "".join(
        f"q-{name}\td-{name}\t1\n" for name in ("sleep", "panic", "grief")))
    return folder


def evaluate_json(folder: Path, *extra: str) -> dict:
    result = subprocess.run([sys.executable, "-m", "search_app", "evaluate", str(folder), "--json", *extra],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_evaluate_scores_a_set_whose_answers_are_obvious_perfectly(tiny_beir, tmp_path):
    report = evaluate_json(tiny_beir, "--index", str(tmp_path / "index"))
    assert set(report) == {"hybrid", "dense", "bm25"}
    dense = report["dense"]
    assert dense["ndcg@10"] == dense["mrr@10"] == dense["recall@10"] == dense["recall@100"] == 1.0
    assert dense["queries"] == 3  # the unjudged query is not scored
    assert dense["latency_ms_p50"] > 0 and dense["latency_ms_p99"] >= dense["latency_ms_p50"]


def test_a_kept_fp32_index_is_scored_again_without_being_rebuilt(tiny_beir, tmp_path):
    index = tmp_path / "index"
    first = evaluate_json(tiny_beir, "--index", str(index), "--backend", "onnx", "--mode", "dense")
    built = current_snapshot_dir(index)
    again = evaluate_json(tiny_beir, "--index", str(index), "--backend", "onnx", "--mode", "dense")
    assert current_snapshot_dir(index) == built
    assert again["ndcg@10"] == first["ndcg@10"]


def test_wrong_judgments_score_lower_than_right_ones(tiny_beir, tmp_path):
    reversed_qrels = tmp_path / "reversed.tsv"
    reversed_qrels.write_text("query-id\tcorpus-id\tscore\nq-sleep\td-grief\t1\nq-panic\td-sleep\t1\nq-grief\td-panic\t1\n")
    report = evaluate_json(tiny_beir, "--qrels", str(reversed_qrels), "--mode", "dense")
    assert set(report) >= {"ndcg@10", "recall@10", "recall@100", "mrr@10", "latency_ms_p50", "latency_ms_p99"}
    assert report["ndcg@10"] < 0.7 and report["mrr@10"] < 0.7


def test_table_output_lists_every_mode(tiny_beir):
    result = subprocess.run([sys.executable, "-m", "search_app", "evaluate", str(tiny_beir)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    for mode in ("hybrid", "dense", "bm25"):
        assert f"| {mode} |" in result.stdout


def test_missing_evaluation_files_are_reported_clearly(tmp_path):
    result = subprocess.run([sys.executable, "-m", "search_app", "evaluate", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and "corpus.jsonl does not exist" in result.stderr


@pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared/data is not present beside the checkout")
def test_shared_dev_sets_load_with_judged_queries():
    for name, queries in (("medquad-mental-health", 65), ("counsel-chat", 434)):
        folder = SHARED / "data" / name
        data = load_beir(folder / "corpus.jsonl", folder / "queries.jsonl", folder / "qrels" / "dev.tsv")
        assert len(data.queries) == queries and len(data.articles) > DOCUMENT_DEPTH
