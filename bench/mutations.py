"""Mutation check: one-line breakages of critical behaviour, each of which named tests must catch.

Usage: python -m bench.mutations [--only NAME ...]

Each mutation replaces one line of a temporary copy of the project (the checkout's files,
without the index or caches) and runs the tests that protect it there; the mutation is
caught when those tests fail. A mutation whose line is no longer found is reported as
stale, so the list cannot silently rot. Exits non-zero if any mutation survives.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPIED = ("indexer", "search_app", "editors", "tests", "corpus", "bench", "judgement_data", "pytest.ini", "gunicorn.conf.py", "README.md")


@dataclass(frozen=True)
class Mutation:
    name: str
    path: str
    line: str          # the exact original line, indentation included
    replacement: str
    tests: tuple[str, ...]


MUTATIONS = [
    Mutation("remove_old_snapshots may delete the live snapshot", "indexer/snapshot/store.py",
             "        if snapshot_id != current:", "        if True:",
             ("tests/test_snapshot.py::test_old_snapshots_are_removed_but_never_the_live_one",)),
    Mutation("a build never reads the embedding cache", "indexer/build.py",
             "        known = cache.get_many(keys)", "        known = {}",
             ("tests/test_build.py::test_a_full_rebuild_takes_every_vector_from_the_embedding_cache",)),
    Mutation("the search ignores the requested mode", "search_app/retrieval.py",
             "        ranked, dense, keyword = self._candidates(query.searched.mode, self.options.candidate_depth, query.vector,",
             "        ranked, dense, keyword = self._candidates(\"hybrid\", self.options.candidate_depth, query.vector,",
             ("tests/test_api.py::test_each_mode_ranks_by_its_own_scores",)),
    Mutation("large corpora drop the common words' weights", "indexer/keywords.py",
             "        scores[hit] += data[start + where[hit]] * np.float32(times)", "        pass",
             ("tests/test_retrieval.py::test_bm25_at_scale_scores_every_word_on_the_passages_holding_a_selective_one",)),
    Mutation("a search's products wait for a second BLAS thread", "search_app/retrieval.py",
             '        threadpoolctl.threadpool_limits(SEARCH_THREADS, user_api="blas")', "        pass",
             ("tests/test_retrieval.py::test_a_search_engine_multiplies_on_one_blas_thread",)),
    Mutation("keywords scored ahead are ignored", "search_app/retrieval.py",
             "        keyword = keywords.result() if keywords is not None else keyword_scores(self.snapshot.keywords, terms, depth, mask)",
             "        keyword = keywords.result() if keywords is None else keyword_scores(self.snapshot.keywords, terms, depth, mask)",
             ("tests/test_retrieval.py::test_large_snapshots_score_keywords_beside_the_encoding_with_the_same_answers",)),
    Mutation("a highlight covers the whole passage", "search_app/records.py",
             "    return start, end", "    return 0, len(chunk.passage)",
             ("tests/test_retrieval.py::test_a_results_highlight_is_its_best_sentence_not_the_whole_passage",)),
    Mutation("a snapshot that fails its golden questions is published", "indexer/build.py",
             "        if held_back:", "        if held_back == 'dry run':",
             ("tests/test_publishing.py::test_a_change_that_breaks_a_golden_answer_is_not_published",)),
    Mutation("an index built by another model is searched", "indexer/snapshot/manifest.py",
             "    if built_with != configured_model:", "    if False:",
             ("tests/test_snapshot.py::test_snapshot_built_with_another_model_is_refused_with_both_names",)),
    Mutation("damaged snapshot files are served", "indexer/snapshot/manifest.py",
             "    damaged = damaged_files(folder, manifest)", "    damaged = []",
             ("tests/test_snapshot.py::test_flipped_bytes_in_any_file_are_refused_by_checksum",)),
    Mutation("the crisis box ignores the learned probability", "search_app/crisis.py",
             "        if chance < self.threshold and not (clear and self.clear_patterns_decide):",
             "        if chance < 2 and not clear:",
             ("tests/test_crisis.py::test_the_box_holds_its_targets_on_the_test_split",)),
    Mutation("a likely question below the box is offered no help", "search_app/crisis.py",
             "            return None, chance >= self.offer_threshold", "            return None, False",
             ("tests/test_crisis.py::test_below_the_box_a_likely_question_is_offered_help",)),
    Mutation("first aid is hidden as if it were means", "indexer/chunking.py",
             "    return bool(_MEANS.search(passage)) and not gives_first_aid(passage)",
             "    return bool(_MEANS.search(passage))",
             ("tests/test_crisis.py::test_first_aid_is_help_but_amounts_and_methods_are_not",
              "tests/test_crisis.py::test_overdose_questions_lead_with_what_to_do_now")),
    Mutation("the crisis box overrides the reader's topic filter", "search_app/shaping.py",
             "        if crisis and not (request.tags or request.article):  # a reader's filter holds: help leads unfiltered answers",
             "        if crisis:",
             ("tests/test_crisis.py::test_with_the_box_a_readers_topic_filter_still_holds",)),
    Mutation("misspellings are searched as typed", "search_app/retrieval.py",
             "        return spelling if looks_english(request.text) else Spelling(request.text, (), spelling.unfamiliar)",
             "        return Spelling(request.text, (), spelling.unfamiliar)",
             ("tests/test_verdict.py::test_misspelt_words_are_corrected_and_the_page_offers_the_words_as_typed",)),
    Mutation("the verdict ignores whether a question is about mental health", "search_app/retrieval.py",
             "            topic=self.judge.topic(query.vector), topic_words=self.judge.topic_words(query.request.text))",
             "            topic=1.0, topic_words=10.0)",
             ("tests/test_verdict.py::test_the_verdict_holds_its_targets_on_the_test_split",)),
    Mutation("passages about means are shown to a reader at risk", "search_app/shaping.py",
             "    def without_means(self, ranked: Ranked) -> Ranked:",
             "    def without_means(self, ranked: Ranked) -> Ranked:\n"
             "        return ranked",
             ("tests/test_crisis.py::test_a_question_about_means_never_gets_passages_about_doses_or_methods",)),
    Mutation("no per-article limit", "search_app/shaping.py",
             "        per_article = request.window if request.article else options.per_article",
             "        per_article = request.window",
             ("tests/test_retrieval.py::test_no_article_has_more_passages_than_the_per_article_limit",)),
    Mutation("query text is logged by default", "search_app/api.py",
             "    if settings().log_queries:", "    if True:",
             ("tests/test_api.py::test_query_text_is_not_logged_by_default",)),
    Mutation("the app never reloads a new snapshot", "search_app/live.py",
             "        if pointer == self._seen_pointer or (pointer == self._failed_pointer and now < self._retry_failed_at):",
             "        if self._engine is not None or (pointer == self._failed_pointer and now < self._retry_failed_at):",
             ("tests/test_live.py::test_rebuilt_index_goes_live_without_failing_requests",)),
    Mutation("the gap report keeps rare questions", "search_app/gap_report.py",
             "                if total >= self.min_count:", "                if total >= 1:",
             ("tests/test_gap_report.py::test_a_question_is_kept_only_once_k_readers_asked_it",)),
    Mutation("rollback does not move the live pointer", "editors/snapshots.py",
             "        snap.publish(args.index_dir, target)", "        pass",
             ("tests/test_publishing.py::test_rollback_to_the_previous_and_to_a_named_snapshot_is_followed_by_a_running_app",)),
    Mutation("a helpline number is printed, not linked", "search_app/rendering.py",
             """    return f'<a class="number" href="{href}">{number}</a>' if href else number""",
             "    return number",
             ("tests/test_rendering.py::test_numbers_are_linked_once_and_only_when_a_helpline_lists_them",)),
    Mutation("more results offered past the deepest page a request may reach", "search_app/shaping.py",
             "        has_more = len(chosen) > request.window and request.window < options.max_window",
             "        has_more = len(chosen) > request.window",
             ("tests/test_pages.py::test_more_results_stops_where_requests_may_reach",)),
    Mutation("a crisis page padded with results below the verdict's bar", "search_app/shaping.py",
             "            ranked = self._relevant(ranked, evidence, vector)", "            pass",
             ("tests/test_crisis.py::test_a_crisis_page_holds_only_help_and_relevant_results_never_one_article_twice_in_a_row",)),
    Mutation("a crisis page shows one article twice in a row", "search_app/shaping.py",
             "            chosen = self._alternate(self._choose(ranked, options.max_window + 1, per_article, help_first))",
             "            chosen = self._choose(ranked, options.max_window + 1, per_article, help_first)",
             ("tests/test_crisis.py::test_a_crisis_page_holds_only_help_and_relevant_results_never_one_article_twice_in_a_row",)),
    Mutation("the page title keeps the question", "search_app/templates/base.html",
             """  <title>{% block title %}{{ _("Mental health search") }}{% endblock %}</title>""",
             """  <title>{% block title %}{{ q }} {{ _("Mental health search") }}{% endblock %}</title>""",
             ("tests/test_pages.py::test_every_page_has_help_a_quick_exit_and_a_search_box_and_no_question_in_its_title",)),
    Mutation("a partial match is not labelled", "search_app/templates/search.html",
             '    {% if answer.match == "weak" %}<p class="message">{{ _("These results may only partly answer your question.") }}</p>{% endif %}',
             '    {% if false %}<p class="message">{{ _("These results may only partly answer your question.") }}</p>{% endif %}',
             ("tests/test_pages.py::test_a_partial_match_is_labelled",)),
    Mutation("the answer ignores the question's language", "search_app/languages.py",
             "    return spoken if spoken in SITE_LANGUAGES else browser_language(accept_language)",
             "    return browser_language(accept_language)",
             ("tests/test_pages.py::test_a_question_showing_risk_in_another_language_gets_the_box_in_it_with_that_countrys_lines",)),
    Mutation("a fresh start on a damaged live index serves nothing though an older snapshot opens", "search_app/live.py",
             "                self._open_fallback(str(exc))", "                pass",
             ("tests/test_live.py::test_a_fresh_start_on_a_damaged_live_index_serves_the_newest_intact_snapshot",)),
    Mutation("the reading grade is measured on nothing", "indexer/readability.py",
             '    blocks = [block if block[-1] in ".!?" else block + "." for block in prose_blocks(markdown)]',
             '    blocks = ["Short."]',
             ("tests/test_corpus_content.py::test_the_readability_measure_reads_prose_not_markup_and_finds_the_longest_sentence",)),
    Mutation("a medicine article's safety note loses its numbers", "corpus/sertraline.md",
             '> **Safety note:** If you have thoughts of suicide or of hurting yourself, get help now. Call or text 988 in the US or call Samaritans on 116 123 in the UK and Ireland. If you think someone has taken too much sertraline or any medicine, call 911, 999 or 112 at once. In the US you can also call Poison Help on 1-800-222-1222.',
             "> **Safety note:** If you have thoughts of suicide or of hurting yourself, get help now.",
             ("tests/test_corpus_content.py::test_an_article_about_medicines_or_drugs_has_a_safety_note_with_a_number_to_call",)),
    Mutation("one reader repeating a question counts k times in the gap report", "search_app/gap_report.py",
             "        if not text or not self._asked_today.first_time(self._today(), reader, text):",
             "        if not text:",
             ("tests/test_gap_report.py::test_one_reader_asking_again_and_again_counts_once_a_day",)),
    Mutation("gunicorn alone serves with four threads that stalled sockets hold", "search_app/serving.py",
             'ALONE_WORKER = "search_app.async_worker.PrivateAsyncWorker"', 'ALONE_WORKER = "search_app.serving.PrivateWorker"',
             ("tests/test_serving.py::test_without_nginx_fifty_stalled_connections_leave_healthz_fast_too",)),
    Mutation("a manifest's own fields are not checked", "indexer/snapshot/manifest.py",
             "        if SEAL_FIELD in raw and raw[SEAL_FIELD] != _seal({k: v for k, v in raw.items() if k != SEAL_FIELD}):",
             "        if False:",
             ("tests/test_snapshot.py::test_a_manifest_field_changed_in_place_is_refused_as_damage",)),
    Mutation("the keyword index's files escape the checksums", "indexer/snapshot/layout.py",
             "    return {path.relative_to(folder).as_posix(): _sha256(path) for path in sorted(folder.rglob(\"*\"))",
             "    return {path.relative_to(folder).as_posix(): _sha256(path) for path in sorted(folder.glob(\"*\"))",
             ("tests/test_snapshot.py::test_flipped_bytes_in_any_file_are_refused_by_checksum",)),
    Mutation("the deepest page a request may reach is refused", "search_app/query.py",
             "    if not 0 <= offset <= limits.max_k - k:", "    if not 0 <= offset < limits.max_k - k:",
             ("tests/test_api.py::test_the_deepest_page_a_request_may_reach_is_allowed_and_one_further_is_not",)),
    Mutation("tags are taken as typed", "search_app/query.py",
             '    tags = tuple(dict.fromkeys(t.strip().lower() for item in items for t in item.split(",") if t.strip()))',
             '    tags = tuple(dict.fromkeys(t.strip() for item in items for t in item.split(",") if t.strip()))',
             ("tests/test_api.py::test_tags_are_read_whatever_their_case",)),
    Mutation("searches narrowed to a topic count in the gap report", "search_app/gap_report.py",
             '    return body["match"] == "none" and body["crisis"] is None and not (search.offset or search.tags or search.article)',
             '    return body["match"] == "none" and body["crisis"] is None and not (search.offset or search.article)',
             ("tests/test_gap_report.py::test_the_app_counts_only_unanswered_questions_and_the_editor_sees_those_asked_k_times",)),
    Mutation("gaps ignores the editor's --min-count", "editors/reports.py",
             "    rows = GapReport(path, args.gap_min_count, args.gap_retention_days).questions()",
             "    rows = GapReport(path, 3, args.gap_retention_days).questions()",
             ("tests/test_gap_report.py::test_the_app_counts_only_unanswered_questions_and_the_editor_sees_those_asked_k_times",)),
    Mutation("the embedding cache mixes precisions", "indexer/embedding.py",
             '    name = model if precision == "fp32" else f"{model}#{precision}"', "    name = model",
             ("tests/test_embedding.py::test_the_embedding_cache_keeps_each_precision_apart",)),
    Mutation("requests go uncounted in /metrics", "search_app/metrics.py",
             "        REQUESTS.labels(route, str(response.status_code)).inc()", "        pass",
             ("tests/test_metrics.py::test_metrics_count_requests_answers_and_stage_times_and_never_hold_a_question",)),
    Mutation("a question is encoded whole, however many word pieces it has", "indexer/embedder.py",
             '        return self._encode([self.within_query_limit(text)], 1, "query")',
             '        return self._encode([text], 1, "query")',
             ("tests/test_embedding.py::test_a_question_is_encoded_up_to_its_word_piece_limit",)),
    Mutation("the gap report keeps given names written in lower case", "search_app/gap_report.py",
             "            if (i == 0 or not w[0].isupper() or _NOT_A_NAME.fullmatch(w)) and w.lower() not in given_names()]",
             "            if (i == 0 or not w[0].isupper() or _NOT_A_NAME.fullmatch(w))]",
             ("tests/test_gap_report.py::test_scrubbing_removes_names_numbers_addresses_and_links",)),
    Mutation("French self-harm in the present tense goes unrecognised", "search_app/crisis_patterns.py",
             '    (SELF_HARM, True, r"\\b(?:je\\s+me\\s+(?:fais\\s+du\\s+mal|scarifie|mutile|suis\\s+scarifi[ée]e?|suis\\s+mutil[ée]e?)|me\\s+scarifier|me\\s+mutiler|"',
             '    (SELF_HARM, True, r"\\b(?:je\\s+me\\s+(?:scarifie|mutile|suis\\s+scarifi[ée]e?|suis\\s+mutil[ée]e?)|me\\s+scarifier|me\\s+mutiler|"',
             ("tests/test_crisis.py::test_risk_is_recognised_in_the_other_languages_words_and_their_everyday_uses_are_not",)),
    Mutation("a replica publishes a copy without checking its checksums", "indexer/snapshot/receiving.py",
             "        if damaged:", "        if False:",
             ("tests/test_replication.py::test_a_copy_that_fails_its_checksums_is_deleted_unpublished_and_the_replica_says_it_is_behind",)),
    Mutation("a replica's copy keeps what a killed copy left", "indexer/replication.py",
             """                   "--delete", f"--exclude={snap.PUBLISHED_FILE}", what=f"copying snapshot {version} from {source}")""",
             """                   f"--exclude={snap.PUBLISHED_FILE}", what=f"copying snapshot {version} from {source}")""",
             ("tests/test_replication.py::test_a_copy_stopped_part_way_is_never_served_or_listed_and_the_next_pull_finishes_it",)),
    Mutation("a replica copies but never switches its pointer", "indexer/replication.py",
             "        snap.publish(index_dir, version)", "        pass",
             ("tests/test_replication.py::test_pull_copies_checks_and_makes_live_what_the_source_serves_and_follows_its_publish_and_rollback",)),
    Mutation("a replica behind its source says it is not", "search_app/api.py",
             """                                  "behind": upstream.version != snapshot.snapshot_id},""",
             """                                  "behind": False},""",
             ("tests/test_replication.py::test_a_copy_that_fails_its_checksums_is_deleted_unpublished_and_the_replica_says_it_is_behind",)),
    Mutation("a --cluster build encodes on the build host", "indexer/build.py",
             "    if cluster:", "    if False:",
             ("tests/test_cluster.py::test_a_cluster_build_gives_a_local_builds_vectors_and_cache_with_the_encoding_done_by_the_workers",)),
    Mutation("a folder named like a registered model is taken for it", "indexer/embedder.py",
             "    if spec not in REGISTRY and Path(spec).exists():", "    if Path(spec).exists():",
             ("tests/test_models.py::test_a_registered_name_is_recorded_as_given_and_a_local_folder_as_its_path",)),
    Mutation("a damaged model part is assembled", "indexer/models.py",
             "                if _copy_hashing(part, out) != expected:", "                if False:",
             ("tests/test_models.py::test_a_damaged_part_is_refused_by_its_sha256_and_leaves_nothing_behind",)),
    Mutation("assembled weights are not checked against the registry", "indexer/models.py",
             '        if _copy_hashing(folder / "model.safetensors", None) != model.weights_sha256:', "        if False:",
             ("tests/test_models.py::test_weights_whose_sha256_differs_from_the_registry_are_refused_and_leave_nothing_behind",)),
    Mutation("a missing model part is not named with the install command", "indexer/models.py",
             "        if not found or not found[0].is_file():", "        if False:",
             ("tests/test_models.py::test_a_missing_part_is_an_error_naming_the_install_command",)),
    Mutation("a split model is assembled again on every load", "indexer/models.py",
             "        if not target.is_dir():", "        if True:",
             ("tests/test_models.py::test_mpnet_is_assembled_whole_into_the_cache_once",)),
    Mutation("MPNet is exported and fed segment ids it does not take", "indexer/models.py",
             '    licence="Apache-2.0", pooling="mean", max_seq_length=384, dimension=768, takes_token_type_ids=False)',
             '    licence="Apache-2.0", pooling="mean", max_seq_length=384, dimension=768, takes_token_type_ids=True)',
             ("tests/test_models.py::test_the_registry_decides_which_models_are_fed_segment_ids",)),
    Mutation("the exporter gives every model segment ids", "indexer/onnx_embedder.py",
             "            _export_fp32(folder, temp, [name for name, _ in _model_inputs(spec)])",
             "            _export_fp32(folder, temp, [name for name, _ in _model_inputs(\"bert\")])",
             ("tests/test_models.py::test_the_registry_decides_which_models_are_fed_segment_ids",)),
    Mutation("processes quantizing at once read the shared export in place", "indexer/onnx_embedder.py",
             "        quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8, per_channel=True, reduce_range=True,",
             "        quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8, per_channel=True, reduce_range=True,",
             ("tests/test_embedding.py::test_quantizing_writes_nothing_beside_the_shared_export",)),
    Mutation("the ONNX feed ignores the registry's inputs", "indexer/onnx_embedder.py",
             "        return {name: np.array([getattr(e, field) for e in encoded], dtype=np.int64) for name, field in self._inputs}",
             "        return {name: np.array([getattr(e, field) for e in encoded], dtype=np.int64) for name, field in "
             "_model_inputs(\"bert\")}",
             ("tests/test_models.py::test_the_registry_decides_which_models_are_fed_segment_ids",)),
    # The search in parts (#29): the prepared query, dense search, shaping and result records.
    Mutation("near-duplicate passages are all shown", "search_app/shaping.py",
             "            if chosen and float((kept[:len(chosen)] @ vector).max()) >= self._options.duplicate_similarity:",
             "            if False:",
             ("tests/test_retrieval.py::test_near_duplicate_passages_are_collapsed",)),
    Mutation("worry about someone else leads with the asker's crisis article", "search_app/shaping.py",
             '        return "supporting-someone"', '        return "suicide-prevention"',
             ("tests/test_crisis.py::test_worry_about_someone_else_leads_with_the_helpers_article",)),
    Mutation("a crisis answer has no help passages first", "search_app/shaping.py",
             "            help_first = self._choose(self._help_passages(vector, crisis), HELP_PASSAGES, per_article)",
             "            help_first = []",
             ("tests/test_crisis.py::test_results_of_a_question_showing_risk_lead_with_help",)),
    Mutation("a topic filter is not applied inside the dense search", "search_app/dense.py",
             "            scores, ids = self._filtered(vector, depth, allowed)",
             "            scores, ids = self.index.search(vector, depth)",
             ("tests/test_browsing.py::test_a_topic_filter_returns_only_its_articles_and_still_k_results",)),
    Mutation("a result link does not escape its article id", "search_app/records.py",
             '    return "/articles/" + quote(doc_id, safe="/")', '    return "/articles/" + doc_id',
             ("tests/test_pages.py::test_result_links_escape_ids_with_spaces_question_marks_and_hashes_and_lead_to_the_article",)),
    Mutation("version 2 repeats each article's details in every result", "search_app/service.py",
             "                del result[field]", "                pass",
             ("tests/test_api.py::test_version_2_says_each_articles_details_once_and_ranks_as_version_1",)),
    Mutation("every question is told how to ask", "search_app/service.py",
             '        "suggestion": None if query.searchable else SUGGESTION,', '        "suggestion": SUGGESTION,',
             ("tests/test_verdict.py::test_an_ordinary_question_gets_no_suggestion",)),
    Mutation("large snapshots never score keywords beside the encoding", "search_app/retrieval.py",
             "        keywords = self._keywords_ahead(searched.mode, terms, allowed) if vector is None and searchable else None",
             "        keywords = None",
             ("tests/test_retrieval.py::test_large_snapshots_score_keywords_beside_the_encoding_with_the_same_answers",)),
    Mutation("a build held back by its golden questions exits 0", "editors/golden_gate.py",
             "    return 1 if result.check and not result.check.passed and not result.published else 0", "    return 0",
             ("tests/test_publishing.py::test_a_change_that_breaks_a_golden_answer_is_not_published",)),
    Mutation("an edited golden file is answered from the run recorded with the old one", "editors/golden_gate.py",
             "    if recorded and recorded.digest == golden.digest:", "    if recorded:",
             ("tests/test_publishing.py::test_an_edited_golden_file_is_checked_against_the_live_index_when_nothing_else_changed",)),
    Mutation("a dead build's snapshot is listed, kept and rolled back to", "indexer/snapshot/store.py",
             "    return [s for s in found if s in marked or s == current]", "    return found",
             ("tests/test_publishing.py::test_a_dead_builds_snapshot_is_never_listed_kept_or_rolled_back_to",)),
    Mutation("a renamed article counts as one added and one deleted", "indexer/changes.py",
             "            if content_hash in gone_by_hash:", "            if False:",
             ("tests/test_build.py::test_rebuild_reflects_add_edit_rename_and_delete",)),
    Mutation("a snapshot whose parts hold different row counts is opened", "indexer/snapshot/opening.py",
             "    if len(set(sizes.values())) != 1:", "    if False:",
             ("tests/test_snapshot.py::test_keyword_index_without_a_row_count_is_refused",)),
    Mutation("the app counts every answer in the gap report", "search_app/app_state.py",
             "    if gaps and counts_as_gap(body, search):", "    if gaps:",
             ("tests/test_gap_report.py::test_the_app_counts_only_unanswered_questions_and_the_editor_sees_those_asked_k_times",)),
    Mutation("side by side, every network's output reads the first network's hidden layer", "search_app/judgement.py",
             "            out_weights[start:start + widths[n], n] = weights[:, 0]",
             "            out_weights[start:start + widths[n], 0] = weights[:, 0]",
             ("tests/test_judgement.py::test_a_mean_of_small_networks_reads_its_rows_as_trained",)),
    Mutation("the settings table leaves out the command-line flags", "editors/settings_table.py",
             '    flag = f"`{option.flag}`" if option.flag else ""', '    flag = ""',
             ("tests/test_settings.py::test_the_readmes_settings_table_is_made_from_the_declarations",)),
    Mutation("character n-grams run on past a word shorter than their size", "search_app/ngrams.py",
             "            if len(padded) <= size:", "            if False:",
             ("tests/test_judgement.py::test_the_ngram_model_scores_a_question_as_scikit_learn_does",)),
    Mutation("n-gram counts are taken raw, not sublinear", "search_app/ngrams.py",
             "                idf, other_idf = (1.0 + math.log(count)) * idf, (1.0 + math.log(count)) * other_idf",
             "                idf, other_idf = count * idf, count * other_idf",
             ("tests/test_judgement.py::test_the_ngram_model_scores_a_question_as_scikit_learn_does",)),
    Mutation("the n-gram model leaves out word pairs", "search_app/ngrams.py",
             '    return words + [" ".join(pair) for pair in zip(words, words[1:])]', "    return words",
             ("tests/test_judgement.py::test_the_ngram_model_scores_a_question_as_scikit_learn_does",)),
    Mutation("the crisis check ignores the n-gram model", "search_app/crisis.py",
             "        row = crisis_features(text, vector, self.judgement.neighbours, self.judgement.ngram_scores(text)[0], hits=hits)",
             "        row = crisis_features(text, vector, self.judgement.neighbours, 0.0, hits=hits)",
             ("tests/test_crisis.py",)),
    Mutation("training questions count themselves as their own nearest neighbours", "search_app/judgement.py",
             "                cosines = -np.sort(-np.where(cosines > SAME_TEXT, -np.inf, cosines), axis=1)",
             "                pass",
             ("tests/test_judgement.py::test_the_neighbour_features_are_the_exact_cosines_and_training_rows_are_not_their_own_neighbours",)),
    Mutation("a pattern is not tried at a word start its optional first word can be skipped to", "search_app/pattern_search.py",
             "            optional = any(empty for _, empty in found) or (kind in _REPEATS and value[0] == 0)",
             "            optional = any(empty for _, empty in found)",
             ("tests/test_crisis.py::test_a_pattern_is_gated_on_exactly_the_letters_its_matches_can_start_with",
              "tests/test_crisis.py::test_the_one_search_over_all_patterns_finds_what_each_pattern_finds")),
    Mutation("the verdict ignores the question's letters and words", "search_app/retrieval.py",
             '            topic=self.judge.topic(query.vector), topic_words=self.judge.topic_words(query.request.text))',
             '            topic=self.judge.topic(query.vector), topic_words=0.0)',
             ("tests/test_verdict.py::test_a_passage_that_answers_gets_no_partly_answers_note",)),
    Mutation("only dev's far questions set the far threshold", "search_app/judgement_training.py",
             '    far = min(1.0, float(far_chances[out_of_scope].max()) + 1e-4) if out_of_scope.any() else 0.0',
             '    far = float(far_chances[:len(rows)][out_of_scope[:len(rows)]].max()) + 1e-4',
             ("tests/test_judgement.py::test_the_verdict_thresholds_leave_few_answerable_questions_none_and_no_far_one_strong",)),
    Mutation("who is at risk is always told by the regression", "search_app/judgement_training.py",
             "    return candidates[max(accuracy, key=accuracy.get)], accuracy",
             '    return candidates["logistic regression"], accuracy',
             ("tests/test_judgement.py::test_who_is_at_risk_is_told_by_the_candidate_most_often_right_on_dev",)),
    Mutation("the crisis model is the best on dev, whatever it costs", "search_app/judgement_training.py",
             "    margin = math.sqrt(best * (1 - best) / risk_count)", "    margin = 0.0",
             ("tests/test_judgement.py::test_the_crisis_model_is_the_cheapest_within_one_standard_error_of_the_best_on_dev",)),
    Mutation("the topic n-gram score is read from the crisis model's table", "search_app/ngrams.py",
             "            other_weighted += other_idf * other_weight", "            other_weighted += other_idf * weight",
             ("tests/test_judgement.py::test_the_two_ngram_models_scored_in_one_pass_give_each_model_s_own_score_exactly",)),
    Mutation("strong needs the verdict model alone", "search_app/verdict.py",
             "    return STRONG if chance >= strong and far_chance >= far else WEAK",
             "    return STRONG if chance >= strong else WEAK",
             ("tests/test_verdict.py::test_a_question_off_the_subject_that_reads_like_an_answered_one_is_not_told_strong",)),
    Mutation("a judgement models file cut short escapes as a traceback", "search_app/judgement.py",
             "    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:",
             "    except (OSError, ValueError, KeyError, TypeError) as exc:",
             ("tests/test_judgement.py::test_a_damaged_or_older_judgement_file_is_refused_with_how_to_train_it",)),
    Mutation("the settings table shows this machine's cache folder", "editors/settings_table.py",
             "    if isinstance(value, Path) and value.is_relative_to(CACHE_HOME):", "    if False:",
             ("tests/test_settings.py::test_the_table_is_the_same_wherever_the_machine_keeps_its_caches",)),
]


def copy_project(target: Path) -> None:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", ".indexes", "results"))
        elif source.exists():
            shutil.copy2(source, target / name)


def apply(mutation: Mutation, folder: Path) -> bool:
    path = folder / mutation.path
    text = path.read_text(encoding="utf-8")
    if text.count(mutation.line + "\n") != 1:
        return False
    path.write_text(text.replace(mutation.line + "\n", mutation.replacement + "\n"), encoding="utf-8")
    return True


def run_tests(folder: Path, tests: tuple[str, ...]) -> bool:
    """True when the tests pass (the mutation survived)."""
    environment = {**os.environ, "PYTHONPATH": str(folder)}  # the copy's code, not the installed checkout's
    result = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                            cwd=folder, env=environment, capture_output=True, text=True)
    return result.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", help="run the mutations whose names contain these words")
    args = parser.parse_args()
    chosen = [m for m in MUTATIONS if not args.only or any(word in m.name for word in args.only)]
    survivors = stale = 0
    with tempfile.TemporaryDirectory() as scratch:
        pristine = Path(scratch) / "pristine"
        copy_project(pristine)
        if not run_tests(pristine, tuple(dict.fromkeys(t for m in chosen for t in m.tests))):
            print("the protecting tests fail without any mutation: fix them first")
            return 2
        for mutation in chosen:
            folder = Path(scratch) / "mutant"
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(pristine, folder)
            started = time.perf_counter()
            if not apply(mutation, folder):
                stale += 1
                print(f"STALE     {mutation.name}: line not found once in {mutation.path}")
                continue
            survived = run_tests(folder, mutation.tests)
            survivors += survived
            print(f"{'SURVIVED' if survived else 'caught  '}  {mutation.name}  ({time.perf_counter() - started:.0f} s)")
    print(f"{len(chosen) - survivors - stale} of {len(chosen)} mutations caught, {survivors} survived, {stale} stale")
    return 1 if survivors or stale else 0


if __name__ == "__main__":
    sys.exit(main())
