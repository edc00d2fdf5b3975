"""Fast versions of the reliability benchmark (bench/reliability.py): the same code, small counts."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench import reliability
from indexer.snapshot import CACHE_FILE

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
needs_nginx = pytest.mark.skipif(not Path(NGINX).is_file(), reason="nginx is not installed (apt-get install nginx)")


def test_builds_killed_at_random_moments_never_leave_an_unusable_index(tmp_path, corpus_index):
    result = reliability.kill_builds(tmp_path, builds=4, cache_from=corpus_index / CACHE_FILE)
    assert result["unusable_indexes"] == 0 and result["final_build_ok"]
    assert result["leftovers_after_final_build"] == 0


@pytest.mark.skipif(shutil.which("rsync") is None, reason="rsync is not installed (apt-get install rsync)")
def test_copies_to_a_replica_stopped_at_random_moments_leave_it_serving_a_checked_snapshot(tmp_path):
    from tests.conftest import FIXTURES

    result = reliability.interrupted_copies(tmp_path, trials=4, articles=FIXTURES / "corpus")
    assert result["stopped_mid_copy"] >= 1, result
    assert result["pointer_at_an_incomplete_snapshot"] == 0 and result["unusable_replicas"] == 0, result
    assert result["rerun_failures"] == 0 and result["leftovers_after_rerun"] == 0 and result["tracebacks"] == 0, result


@needs_nginx
def test_reloads_under_load_fail_no_request_and_never_go_back_a_version(tmp_path, corpus_index):
    result = reliability.reloads_under_load(tmp_path, reloads=3, cache_from=corpus_index / CACHE_FILE)
    assert result["reloads_seen"] == 3 and result["requests"] > 50
    assert result["failed"] == 0 and result["version_regressions"] == 0


@needs_nginx
def test_fuzzed_requests_get_no_5xx_json_errors_on_api_paths_headers_everywhere_and_private_logs(tmp_path, corpus_index):
    results = reliability.fuzz_stack(tmp_path, count=600, seed=7, cache_from=corpus_index / CACHE_FILE)
    for layer, tally in results.items():
        assert tally["requests"] >= 250, layer
        assert tally["responses_5xx"] == 0, (layer, tally["examples"])
        assert tally["non_json_api_errors"] == 0, (layer, tally["examples"])
        assert tally["without_security_headers"] == 0, (layer, tally["examples"])
        assert tally["markers_in_log"] == 0, layer


@needs_nginx
def test_three_replicas_behind_the_balancer_survive_a_killed_replica_and_follow_a_publish(tmp_path):
    from tests.conftest import FIXTURES

    result = reliability.replicas_under_load(tmp_path, total=300, articles=FIXTURES / "corpus")
    # An answer the killed replica was already sending cannot be retried (its headers have reached the client):
    # at most that one request is cut short (1 in 530 requests in one run; 0 in 3,005 in bench/RESULTS.md).
    assert result["requests"] >= 300 and result["failed"] <= 1, result["failures"]
    assert set(result["failures"]) <= {"ChunkedEncodingError", "ConnectionError"}, result["failures"]
    assert result["version_regressions"] == 0 and result["replicas_answering"] == 3
    assert result["new_snapshot_followed_by_all"] and result["answers_from_the_new_snapshot"] > 0
