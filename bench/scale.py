"""A million passages on one machine: build, open, memory, query speed, recall and hot reload, by size.

Usage: python -m bench.scale [--sizes 10000,100000,1000000] [--reloads 5] [--workdir bench/.scale]

Data. The real chunks of both ../shared/data sets (about 8,800), embedded by the real model
(their indexes are built once and kept in bench/.indexes). Beyond them, synthetic chunks:
- a vector is a real chunk's vector plus Gaussian noise drawn with the real vectors'
  covariance, scaled so the result keeps a cosine of about 0.8 to its source (a close
  paraphrase), then normalised; so the index sees the real distribution's shape and
  neighbourhoods, not uniform noise;
- its text is 3-6 sentences drawn from random real passages, so BM25 and SQLite see real
  vocabulary, lengths and term frequencies;
- articles hold 10 chunks each.
Per size: build time without embedding (keyword index, vector index with its training and
recall check, records, checksums, publish), snapshot size, open time (in a fresh process),
memory of one gunicorn worker and what a second adds, hybrid query p50/p99 in process and
over HTTP, recall@10 of real questions against exact search, and hot reload under load.
Also: flat vs IVF single-query search time by size, the measurement behind EXACT_SEARCH_LIMIT.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import faiss
import numpy as np
import requests

from indexer import keywords, snapshot as snap
from indexer.chunking import HEADING_SEPARATOR, Chunk, ChunkerSettings, split_sentences
from indexer.corpus import Article
from indexer.embedding import default_embedder, embedding_key
from indexer.keywords import build_keyword_index, tokenize
from indexer.vector_index import build_vector_index
from search_app.evaluation import evaluate, load_beir
from search_app.serving import GUNICORN_CONFIG
from search_app.query import SearchRequest, normalize_query
from search_app.retrieval import SearchEngine

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SETS = ("medquad-mental-health", "counsel-chat")
CHUNKS_PER_ARTICLE = 10
PARAPHRASE_COSINE = 0.8
LOAD_THREADS = 4
# A third of the synthetic articles carry this topic (contents_for): a filter that removes most candidates.
FILTER_TAG = "depression"


def percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(percent / 100 * (len(ordered) - 1))))]


def real_data(embedder) -> tuple[list[str], list[str], np.ndarray, list[str]]:
    """(passages, embedded texts, vectors, questions) of both dev sets' real chunks."""
    passages, texts, vectors, questions = [], [], [], []
    for name in SETS:
        folder = DATA / name
        data = load_beir(folder / "corpus.jsonl", folder / "queries.jsonl", folder / "qrels" / "dev.tsv")
        index = ROOT / "bench" / ".indexes" / name
        evaluate(data, index, None, ("dense",))  # builds (or reuses) the set's index with the real model
        engine = SearchEngine.open(index, embedder)
        chunks = list(engine.snapshot.records.all_chunks())
        passages += [c.passage for c in chunks]
        texts += [c.embed_text for c in chunks]
        vectors.append(engine.snapshot.vectors.reconstruct_n(0, engine.snapshot.vectors.ntotal))
        questions += list(data.queries.values())
    return passages, texts, np.vstack(vectors).astype(np.float32), questions


def synthetic(count: int, passages: list[str], real: np.ndarray, rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    """`count` chunks sampled around the real ones (see the module docstring)."""
    sentences = [passage[s:e] for passage in passages for s, e in split_sentences(passage)]
    covariance = np.cov(real, rowvar=False)
    # noise of covariance c*C has expected squared norm c*trace(C); pick c for the target cosine
    scale = np.sqrt((1 / PARAPHRASE_COSINE ** 2 - 1) / np.trace(covariance))
    noise_basis = np.linalg.cholesky(covariance + 1e-6 * np.eye(covariance.shape[0]))
    vectors = np.empty((count, real.shape[1]), dtype=np.float32)
    for start in range(0, count, 100_000):
        n = min(100_000, count - start)
        sources = real[rng.integers(0, len(real), n)]
        noisy = sources + scale * rng.standard_normal((n, real.shape[1])).astype(np.float32) @ noise_basis.T
        vectors[start:start + n] = noisy / np.linalg.norm(noisy, axis=1, keepdims=True)
    picks = rng.integers(0, len(sentences), (count, 6))
    lengths = rng.integers(3, 7, count)
    texts = [" ".join(sentences[i] for i in row[:length]) for row, length in zip(picks, lengths)]
    return texts, vectors


def contents_for(passages: list[str], vectors: np.ndarray, embedder) -> snap.SnapshotContents:
    """Articles of CHUNKS_PER_ARTICLE passages each, chunked as the chunker would."""
    articles, chunks, keys = [], [], []
    spans = [split_sentences(p) or [(0, len(p))] for p in passages]
    terms = iter(tokenize([p[s:e] for p, ps in zip(passages, spans) for s, e in ps]))
    for first in range(0, len(passages), CHUNKS_PER_ARTICLE):
        doc_id = f"doc-{first // CHUNKS_PER_ARTICLE:07d}"
        body, offsets = "", []
        for passage in passages[first:first + CHUNKS_PER_ARTICLE]:
            offsets.append(len(body))
            body += passage + "\n\n"
        title = f"Article {first // CHUNKS_PER_ARTICLE}"
        articles.append(Article(doc_id=doc_id, path=f"{doc_id}.md", title=title, body=body, content_hash=doc_id,
                                summary=passages[first][:120], tags=("anxiety",) if first % 3 else ("depression",)))
        for position, (passage, start) in enumerate(zip(passages[first:first + CHUNKS_PER_ARTICLE], offsets)):
            row = first + position
            chunks.append(Chunk(chunk_id=f"{doc_id}:{row:010x}", doc_id=doc_id, position=position, heading="",
                                passage=passage, embed_text=f"{title}{HEADING_SEPARATOR}\n{passage}", start=start,
                                end=start + len(passage), sentences=tuple((s, e, tuple(next(terms))) for s, e in spans[row])))
            keys.append(embedding_key(embedder.model_id, passage, embedder.precision))
    return snap.SnapshotContents(
        articles=articles, chunks=chunks, embedding_keys=keys, vectors=vectors,
        keywords=build_keyword_index([c.embed_text for c in chunks]),
        model=snap.ModelInfo(embedder.model_id, embedder.dimension, embedder.max_seq_length, embedder.precision,
                             embedder.backend),
        chunker=ChunkerSettings.for_model(embedder.max_seq_length),
        corpus_fingerprint=f"scale-{len(passages)}")


def build(index: Path, passages: list[str], vectors: np.ndarray, embedder) -> dict:
    started = time.perf_counter()
    contents = contents_for(passages, vectors, embedder)
    records_and_keywords = time.perf_counter() - started
    started_vectors = time.perf_counter()
    vector_index, info = build_vector_index(vectors)
    vector_seconds = time.perf_counter() - started_vectors
    manifest = snap.write_snapshot(index, contents, vector_index, info)
    snap.publish(index, manifest.snapshot_id)
    total = time.perf_counter() - started
    folder = snap.current_snapshot_dir(index)
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return {"build_s": total, "records_and_keywords_s": records_and_keywords, "vector_index_s": vector_seconds,
            "size_mb": size / 1e6, "index": info.kind, "nlist": info.nlist, "nprobe": info.nprobe,
            "build_recall": info.recall_at_10}


def open_time(index: Path) -> float:
    """Seconds to open the snapshot in a fresh process whose encoder is already loaded: validation,
    checksums, memory maps, the document maps (the page cache is dropped by nothing: a warm open)."""
    code = ("import sys, time; from pathlib import Path; from indexer.embedding import default_embedder;"
            "from search_app.retrieval import SearchEngine; default_embedder(); t = time.perf_counter();"
            "SearchEngine.for_index(Path(sys.argv[1])); print(time.perf_counter() - t)")
    return float(subprocess.run([sys.executable, "-c", code, str(index)], cwd=ROOT, capture_output=True, text=True,
                                check=True).stdout.strip())


def memory_of(pid: int) -> dict:
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":")
        fields[name] = int(value.split()[0]) / 1024
    return {"rss": fields["Rss"], "pss": fields["Pss"], "private": fields["Private_Clean"] + fields["Private_Dirty"]}


def workers_of(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(c) for c in children]


def serve(index: Path, workers: int) -> tuple[subprocess.Popen, str]:
    from tests.conftest import free_port

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", GUNICORN_CONFIG, "-b", f"127.0.0.1:{port}",
                                "-w", str(workers), "search_app:create_app()"], cwd=ROOT,
                               env={**os.environ, "INDEX_DIR": str(index)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/healthz", timeout=5).ok and len(workers_of(process.pid)) == workers:
                return process, url
        except requests.RequestException:
            pass
        time.sleep(0.5)
    process.kill()
    raise RuntimeError("server did not start")


def http_queries(url: str, questions: list[str]) -> list[float]:
    session = requests.Session()
    session.get(f"{url}/search", params={"q": questions[0]}).raise_for_status()
    samples = []
    for question in questions:
        started = time.perf_counter()
        session.get(f"{url}/search", params={"q": question}).raise_for_status()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def memory(index: Path, questions: list[str]) -> dict:
    one, url = serve(index, 1)
    try:
        http_queries(url, questions[:50])
        single = memory_of(workers_of(one.pid)[0])
    finally:
        one.terminate(); one.wait()
    two, url = serve(index, 2)
    try:
        for _ in range(2):  # reach both workers
            http_queries(url, questions[:50])
        pair = [memory_of(pid) for pid in workers_of(two.pid)]
    finally:
        two.terminate(); two.wait()
    # What the second worker adds: the pair's proportional set size beyond one worker's.
    added = sum(m["pss"] for m in pair) - single["pss"]
    return {"worker_rss_mb": single["rss"], "worker_pss_mb": single["pss"], "second_adds_mb": added,
            "second_adds_share": added / single["rss"]}


def reloads_under_load(index: Path, questions: list[str], reloads: int) -> dict:
    process, url = serve(index, 1)
    worker = workers_of(process.pid)[0]
    stop = threading.Event()
    failures, latencies, peak = [], [], [0.0]

    def load() -> None:
        session = requests.Session()
        i = 0
        while not stop.is_set():
            started = time.perf_counter()
            try:
                response = session.get(f"{url}/search", params={"q": questions[i % len(questions)]}, timeout=30)
                if response.status_code != 200:
                    failures.append(response.status_code)
            except requests.RequestException as exc:
                failures.append(type(exc).__name__)
            latencies.append((time.perf_counter() - started) * 1000)
            i += 1

    def watch_memory() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], memory_of(worker)["rss"])
            time.sleep(0.1)

    threads = [threading.Thread(target=load) for _ in range(LOAD_THREADS)] + [threading.Thread(target=watch_memory)]
    try:
        for thread in threads:
            thread.start()
        while len(latencies) < 50:  # a steady state to compare the reloads with
            time.sleep(0.2)
        steady = len(latencies)
        versions = []
        for _ in range(reloads):
            new_id = copy_snapshot(index)
            snap.publish(index, new_id)
            deadline = time.monotonic() + 120
            while requests.get(f"{url}/healthz").json()["index_version"] != new_id and time.monotonic() < deadline:
                time.sleep(0.2)
            versions.append(requests.get(f"{url}/healthz").json()["index_version"] == new_id)
            time.sleep(2)
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        stop.set()
        process.terminate(); process.wait()
    during = latencies[steady:]
    return {"requests": len(latencies), "failed": len(failures), "reloads_seen": sum(versions),
            "p50_during_ms": statistics.median(during), "p99_during_ms": percentile(during, 99),
            "p50_steady_ms": statistics.median(latencies[:steady]), "peak_rss_mb": peak[0]}


def copy_snapshot(index: Path) -> str:
    """A new snapshot with the live one's files (hard links: no copy) and its own id."""
    source = snap.current_snapshot_dir(index)
    new_id = snap.new_snapshot_id()
    target = index / snap.SNAPSHOTS_DIR / new_id
    shutil.copytree(source, target, copy_function=os.link)
    renamed = dataclasses.replace(snap.read_manifest(target), snapshot_id=new_id)
    (target / snap.MANIFEST_FILE).unlink()  # the hard link is shared with the source: write a new file instead
    (target / snap.MANIFEST_FILE).write_text(renamed.to_json(), encoding="utf-8")
    return new_id


def recall_and_latency(index: Path, vectors: np.ndarray, questions: list[str], embedder) -> dict:
    engine = SearchEngine.open(index, embedder)
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    query_vectors = embedder.encode_queries([normalize_query(q) for q in questions])
    truth = exact.search(query_vectors, 10)[1]
    found = engine.snapshot.vectors.search(query_vectors, 10)[1]
    recall = float(np.mean([len(set(t) & set(f)) / 10 for t, f in zip(truth, found)]))
    requests_ = [SearchRequest.parse({"q": q}) for q in questions]
    filtered = [SearchRequest.parse({"q": q, "tags": FILTER_TAG}) for q in questions]
    engine.search(requests_[0])
    samples, filtered_samples = [], []
    for request, narrower in zip(requests_, filtered):  # interleaved, so drift falls on both
        for plan, into in ((request, samples), (narrower, filtered_samples)):
            started = time.perf_counter()
            engine.search(plan)
            into.append((time.perf_counter() - started) * 1000)
    return {"recall_at_10": recall, "in_process_p50_ms": statistics.median(samples), "in_process_p99_ms": percentile(samples, 99),
            "filtered_p50_ms": statistics.median(filtered_samples), **keyword_agreement(engine, requests_)}


def keyword_agreement(engine: SearchEngine, requests_: list[SearchRequest]) -> dict:
    """How much of the answer the large-corpus keyword scoring keeps (keywords.EXACT_POSTINGS):
    the share of each hybrid top 10, and of each keyword top 10, that summing every posting also gives."""
    def top10(mode: str) -> list[list[str]]:
        return [[r.chunk.chunk_id for r in engine.search(dataclasses.replace(request, mode=mode)).results]
                for request in requests_]

    selective = {mode: top10(mode) for mode in ("hybrid", "bm25")}
    exact_postings, keywords.EXACT_POSTINGS = keywords.EXACT_POSTINGS, float("inf")
    try:
        exact = {mode: top10(mode) for mode in ("hybrid", "bm25")}
    finally:
        keywords.EXACT_POSTINGS = exact_postings
    share = lambda mine, theirs: statistics.mean(len(set(a) & set(b)) / max(1, len(b)) for a, b in zip(mine, theirs))
    return {"hybrid_top10_kept": share(selective["hybrid"], exact["hybrid"]),
            "bm25_top10_kept": share(selective["bm25"], exact["bm25"])}


def search_speed_by_size(real: np.ndarray, rng: np.random.Generator, passages: list[str]) -> None:
    """Single-query, single-thread flat vs IVF search time and IVF recall, by size: where exact stops paying."""
    print("\n| vectors | flat ms (1 thread) | flat ms (2 threads) | IVF ms | IVF nprobe | IVF recall@10 |\n|---|---|---|---|---|---|")
    queries = real[rng.integers(0, len(real), 200)]
    for size in (10_000, 25_000, 50_000, 100_000):
        _, vectors = synthetic(size, passages[:2000], real, rng)
        flat = faiss.IndexFlatIP(vectors.shape[1])
        flat.add(vectors)
        timings = {}
        for threads in (1, 2):
            faiss.omp_set_num_threads(threads)
            started = time.perf_counter()
            for q in queries:
                flat.search(q.reshape(1, -1), 10)
            timings[threads] = (time.perf_counter() - started) * 1000 / len(queries)
        faiss.omp_set_num_threads(1)
        ivf, info = build_vector_index(vectors, exact_limit=0)
        started = time.perf_counter()
        for q in queries:
            ivf.search(q.reshape(1, -1), 10)
        ivf_ms = (time.perf_counter() - started) * 1000 / len(queries)
        print(f"| {size:,} | {timings[1]:.2f} | {timings[2]:.2f} | {ivf_ms:.2f} | {info.nprobe} | {info.recall_at_10:.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--reloads", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / ".scale")
    parser.add_argument("--skip-speed-table", action="store_true")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    embedder = default_embedder()
    passages, _, real, questions = real_data(embedder)
    questions = [q for q in questions if q.strip()][:500]
    print(f"real chunks: {len(passages):,}; questions: {len(questions)}")
    if not args.skip_speed_table:
        search_speed_by_size(real, rng, passages)
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        index = args.workdir / f"{size}"
        shutil.rmtree(index, ignore_errors=True)
        index.mkdir(parents=True)
        extra_texts, extra_vectors = synthetic(max(0, size - len(passages)), passages, real, rng)
        texts = (passages + extra_texts)[:size]
        vectors = np.vstack([real, extra_vectors])[:size] if extra_texts else real[:size]
        row = {"chunks": size, **build(index, texts, vectors, embedder)}
        row["open_s"] = open_time(index)
        row.update(recall_and_latency(index, vectors, questions, embedder))
        process, url = serve(index, 1)
        try:
            http = http_queries(url, questions)
        finally:
            process.terminate(); process.wait()
        row.update(http_p50_ms=statistics.median(http), http_p99_ms=percentile(http, 99))
        row.update(memory(index, questions))
        row.update(reloads_under_load(index, questions, args.reloads))
        rows.append(row)
        print(json.dumps(row))
        shutil.rmtree(index, ignore_errors=True)
    print("\n| chunks | build s (no embedding) | size MB | index | recall@10 (build / questions) | open s | "
          "in-process p50 / p99 ms | filtered p50 ms | HTTP p50 / p99 ms | worker RSS MB | 2nd worker adds | reloads: failed / p99 ms / peak RSS MB |")
    print("|---" * 12 + "|")
    for r in rows:
        kind = r["index"] if r["index"] == "flat" else f"ivf nlist={r['nlist']} nprobe={r['nprobe']}"
        print(f"| {r['chunks']:,} | {r['build_s']:.0f} | {r['size_mb']:.0f} | {kind} | "
              f"{r['build_recall']:.3f} / {r['recall_at_10']:.3f} | {r['open_s']:.2f} | "
              f"{r['in_process_p50_ms']:.1f} / {r['in_process_p99_ms']:.1f} | {r['filtered_p50_ms']:.1f} | "
              f"{r['http_p50_ms']:.1f} / {r['http_p99_ms']:.1f} | "
              f"{r['worker_rss_mb']:.0f} | {r['second_adds_mb']:.0f} MB ({r['second_adds_share']:.0%}) | "
              f"{r['failed']} of {r['requests']} / {r['p99_during_ms']:.0f} / {r['peak_rss_mb']:.0f} |")
    print("\n| chunks | hybrid top 10 kept | keyword top 10 kept |\n|---|---|---|")
    for r in rows:
        print(f"| {r['chunks']:,} | {r['hybrid_top10_kept']:.1%} | {r['bm25_top10_kept']:.1%} |")


if __name__ == "__main__":
    main()
