"""Building, publishing and rebuilding snapshots with the real model and real FAISS on disk."""
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.build import BuildError
from indexer import snapshot as snap
from indexer.snapshot import CACHE_FILE, LOCK_FILE, list_snapshots, open_current, read_pointer
from search_app.retrieval import SearchEngine
from tests.conftest import ROOT, SHARED, ask, copy_fixture_corpus, quiet_build, top_doc


def engine_for(index: Path, embedder) -> SearchEngine:
    return SearchEngine.open(index, embedder)


@pytest.mark.parametrize("question, expected", [
    ("can ketamine help with PTSD?", "ketamine-ptsd"),
    ("is ketamine expensive and covered by insurance", "ketamine-ptsd"),
    ("how do I support my husband who is depressed", "partner-depression"),
    ("I lie awake every night and can't drop off", "sleep"),
    ("what is CBT-I", "sleep"),
])
def test_built_index_answers_natural_questions_with_the_right_article(engine, question, expected):
    assert top_doc(engine, question, k=3) == expected


def test_malformed_article_is_skipped_and_reported_while_the_build_goes_on(fresh_corpus, build):
    corpus, index = fresh_corpus
    (corpus / "broken.md").write_text("---\ntitle: [oops\n---\ntext\n")
    report = build(corpus, index)
    assert report.published and report.documents == 7
    assert [e.path for e in report.skipped] == [str(corpus / "broken.md")]
    assert "1 file(s) skipped" in report.summary()


def test_empty_corpus_is_an_error_and_publishes_nothing(tmp_path, build):
    (tmp_path / "corpus").mkdir()
    with pytest.raises(BuildError, match="no readable articles"):
        build(tmp_path / "corpus", tmp_path / "index")
    assert read_pointer(tmp_path / "index") is None


def test_rebuild_reflects_add_edit_rename_and_delete(fresh_corpus, build, embedder):
    corpus, index = fresh_corpus
    first = build(corpus, index)
    assert first.embedded == first.chunks
    top = lambda question: top_doc(engine_for(index, embedder), question, k=3)

    (corpus / "lithium.md").write_text(
        "---\ntitle: Lithium for bipolar disorder\n---\n\nLithium is a mood stabiliser used to prevent "
        "episodes of mania and depression in bipolar disorder, and it needs regular blood tests.\n")
    added = build(corpus, index)
    assert added.changes.added == ["lithium"] and added.embedded == 1
    assert top("mood stabiliser for bipolar mania") == "lithium"

    path = corpus / "ketamine-ptsd.md"
    path.write_text(path.read_text().replace(
        "It is not an approved treatment for PTSD",
        "Esketamine nasal spray is approved only for treatment-resistant depression; ketamine is not approved for PTSD"))
    before = embedder.texts_encoded
    edited = build(corpus, index)
    assert edited.changes.changed == ["ketamine-ptsd"]
    assert embedder.texts_encoded - before == 1 == edited.embedded  # exactly the edited paragraph
    assert "nasal spray" in ask(engine_for(index, embedder), "esketamine nasal spray", k=1)[0].chunk.passage

    (corpus / "sleep.txt").rename(corpus / "insomnia.txt")
    renamed = build(corpus, index)
    assert renamed.changes.renamed == [("sleep", "insomnia")] and renamed.embedded == 0
    assert top("what is CBT-I") == "insomnia"

    (corpus / "partner-depression.md").unlink()
    deleted = build(corpus, index)
    assert deleted.changes.deleted == ["partner-depression"]
    assert all(r.chunk.doc_id != "partner-depression"
               for r in ask(engine_for(index, embedder), "support a depressed partner", k=10))


def test_rebuild_with_nothing_changed_publishes_nothing(fresh_corpus, build):
    corpus, index = fresh_corpus
    first = build(corpus, index)
    again = build(corpus, index)
    assert not again.published and again.snapshot_id == first.snapshot_id and again.embedded == 0


def test_a_full_rebuild_takes_every_vector_from_the_embedding_cache(fresh_corpus, build, embedder):
    corpus, index = fresh_corpus
    first = build(corpus, index)
    before = embedder.texts_encoded
    again = build(corpus, index, full=True)
    assert again.published and again.snapshot_id != first.snapshot_id
    assert again.embedded == 0 and again.reused == again.chunks == first.chunks
    assert embedder.texts_encoded == before


def test_old_snapshots_are_cleaned_up_but_never_the_current_one(fresh_corpus, build):
    corpus, index = fresh_corpus
    for i in range(5):
        (corpus / f"note{i}.md").write_text(f"---\ntitle: Note {i}\n---\n\nA short note number {i} about "
                                            "looking after your mental health during the winter months.\n")
        build(corpus, index)
    assert len(list_snapshots(index)) == 3
    assert read_pointer(index) == list_snapshots(index)[-1]


def many_articles(corpus: Path, count: int) -> None:
    topics = ["sleep", "anxiety", "grief", "work stress", "exercise", "loneliness", "panic", "worry"]
    for i in range(count):
        topic = topics[i % len(topics)]
        paragraphs = "\n\n".join(
            f"Paragraph {j} of article {i} explains how {topic} affects daily life, relationships and "
            f"health, and which evidence-based steps, numbered {i * 10 + j}, can help people cope better."
            for j in range(6))
        (corpus / f"bulk-{i:03d}.md").write_text(f"---\ntitle: Article {i} on {topic}\n---\n\n{paragraphs}\n")


def run_build(corpus: Path, index: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "indexer", "build", "--corpus", str(corpus),
                             "--index", str(index), *extra], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow  # builds 127 articles twice (about 30 s): a reliability run, `make test` only
def test_build_killed_part_way_leaves_the_previous_snapshot_loadable(fresh_corpus, build, embedder):
    corpus, index = fresh_corpus
    good = build(corpus, index)
    many_articles(corpus, 120)
    process = run_build(corpus, index)
    cache = index / CACHE_FILE
    deadline = time.monotonic() + 120
    start_size = cache.stat().st_size
    while time.monotonic() < deadline and process.poll() is None:
        wal = index / f"{CACHE_FILE}-wal"
        if (wal.exists() and wal.stat().st_size > 0) or cache.stat().st_size > start_size:
            break  # embedding has begun writing
        time.sleep(0.05)
    assert process.poll() is None, "the build finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()

    assert read_pointer(index) == good.snapshot_id
    assert top_doc(engine_for(index, embedder), "can ketamine help with PTSD?") == "ketamine-ptsd"
    resumed = build(corpus, index)  # the next build cleans up and reuses what was embedded
    assert resumed.published and resumed.documents == 127
    assert not list(index.glob(".tmp-*"))


def test_concurrent_builds_wait_for_each_other_and_never_corrupt_the_index(fresh_corpus, embedder):
    corpus, index = fresh_corpus
    many_articles(corpus, 30)
    first, second = run_build(corpus, index), run_build(corpus, index)
    outputs = [p.communicate(timeout=300) for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert any("waiting" in err for _, err in outputs)
    assert top_doc(engine_for(index, embedder), "can ketamine help with PTSD?") == "ketamine-ptsd"
    assert open_current(index, embedder.model_id).vectors.ntotal > 30


def test_no_wait_build_exits_with_a_clear_message_while_another_runs(fresh_corpus):
    corpus, index = fresh_corpus
    index.mkdir()
    from filelock import FileLock
    with FileLock(str(index / LOCK_FILE)):
        result = subprocess.run([sys.executable, "-m", "indexer", "build", "--corpus", str(corpus),
                                 "--index", str(index), "--no-wait"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and "another build is running" in result.stderr


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds is not present beside the checkout")
@pytest.mark.slow  # the whole corpus, or a model run twice: `make test` only
def test_build_of_seed_article_and_corpus_prints_the_summary_line(tmp_path, corpus_index):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (tmp_path / "index").mkdir()
    shutil.copy(corpus_index / CACHE_FILE, tmp_path / "index" / CACHE_FILE)  # only the seed is encoded
    for path in (SHARED / "seeds").glob("*.txt"):
        (corpus / path.name).write_bytes(path.read_bytes())
    for path in (ROOT / "corpus").glob("*.md"):
        (corpus / path.name).write_bytes(path.read_bytes())
    result = subprocess.run([sys.executable, "-m", "indexer", "build", "--corpus", str(corpus),
                             "--index", str(tmp_path / "index")], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "published snapshot" in result.stdout and "chunks/s" in result.stdout


def test_a_build_that_waited_for_another_publishes_what_the_corpus_holds_when_it_starts(tmp_path, embedder):
    """On the previous main the articles were read before the lock was taken: of two builds waiting, the
    older content could publish last."""
    import threading

    from filelock import FileLock

    corpus = copy_fixture_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    index.mkdir()
    other_build = FileLock(str(index / snap.LOCK_FILE))
    other_build.acquire()
    waiting = threading.Thread(target=quiet_build, args=(embedder, corpus, index))
    waiting.start()
    time.sleep(1.0)  # it has started and waits for the lock
    (corpus / "walking.md").write_text("---\ntitle: Walking\n---\n\nA daily walk can lift mood.\n", encoding="utf-8")
    other_build.release()
    waiting.join(timeout=300)
    records = snap.read_records(snap.current_snapshot_dir(index))
    assert "walking" in {article.doc_id for article in records.articles()}
