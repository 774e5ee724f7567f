"""Query latency of hybrid search through the public API, and exact vs HNSW dense search.

Latency is `KnowledgeService.search` end to end (query embedding with the real model, BM25, FAISS,
fusion), in a warm process; each question is asked once uncached, then again from the cache.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import numpy as np

from bench.measure import median, ms, percentile
from indexer.audience import Viewer
from indexer.index import manifest as mf
from indexer.index.dense import DenseIndex


def _timings(fn, items) -> list[float]:
    out = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - start)
    return out


def measure_search_latency(service, questions: list[str], rounds: int, viewer: Viewer, k: int = 10) -> dict:
    """p50/p95 per round of distinct questions (median over rounds); cached = the same questions again."""
    service.warm_up()
    for q in ("varm op", "opvarmning af søgningen", "første spørgsmål"):
        service.search(q, viewer, k=k)
    per_round = len(questions) // rounds
    p50, p95, c50, c95 = [], [], [], []
    for r in range(rounds):
        batch = questions[r * per_round:(r + 1) * per_round]
        uncached = _timings(lambda q: service.search(q, viewer, k=k), batch)
        cached = _timings(lambda q: service.search(q, viewer, k=k), batch)
        p50.append(percentile(uncached, 50))
        p95.append(percentile(uncached, 95))
        c50.append(percentile(cached, 50))
        c95.append(percentile(cached, 95))
    snap = service.snapshot()
    return {
        "passages": snap.size,
        "dense_kind": snap.dense.kind,
        "viewer": viewer.label(),
        "questions_per_round": per_round,
        "rounds": rounds,
        "p50_ms": ms(median(p50)),
        "p95_ms": ms(median(p95)),
        "cached_p50_ms": ms(median(c50)),
        "cached_p95_ms": ms(median(c95)),
    }


def measure_ask_latency(service, questions: list[str], viewer: Viewer) -> dict:
    """Whole answers (search + extractive answer), distinct questions: what a member waits for."""
    times = _timings(lambda q: service.ask(q, viewer), questions)
    return {"ask_p50_ms": ms(percentile(times, 50)), "ask_p95_ms": ms(percentile(times, 95))}


def index_vectors(index_dir: Path) -> np.ndarray:
    """The current build's passage vectors in row order (row = FAISS id)."""
    db = sqlite3.connect(f"file:{mf.current_build_dir(index_dir) / 'passages.db'}?mode=ro", uri=True)
    try:
        blobs = db.execute("select v.vector from passages p join vectors v on v.embed_hash = p.embed_hash "
                           "order by p.row").fetchall()
    finally:
        db.close()
    return np.vstack([np.frombuffer(b[0], dtype=np.float32) for b in blobs])


def compare_dense(vectors: np.ndarray, queries: np.ndarray, allowed: np.ndarray | None, k: int = 10,
                  candidates: int = 50) -> dict:
    """Recall@k of HNSW against exact search (the same vectors and queries), and both kinds' speed.

    Recall is measured as the search uses it: top `candidates` (unfiltered), and filtered to the
    rows a public viewer may see when some rows are hidden from it.
    """
    start = time.perf_counter()
    hnsw = DenseIndex.build(vectors, "hnsw")
    hnsw_build = time.perf_counter() - start
    flat = DenseIndex.build(vectors, "flat")

    def run(index, allowed_rows, n):
        found, times = [], []
        for q in queries:
            t = time.perf_counter()
            ids, _ = index.search(q, n, allowed_rows)
            times.append(time.perf_counter() - t)
            found.append(ids)
        return found, times

    def recall(exact, approx, n):
        return float(np.mean([len(set(a[:n].tolist()) & set(e[:n].tolist())) / max(1, min(n, len(e)))
                              for e, a in zip(exact, approx)]))

    exact, flat_times = run(flat, None, candidates)
    approx, hnsw_times = run(hnsw, None, candidates)
    out = {
        "passages": int(vectors.shape[0]),
        "queries": int(len(queries)),
        "recall_at_10": round(recall(exact, approx, k), 4),
        "recall_at_50": round(recall(exact, approx, candidates), 4),
        "flat_p50_ms": ms(percentile(flat_times, 50)),
        "hnsw_p50_ms": ms(percentile(hnsw_times, 50)),
        "hnsw_build_s": round(hnsw_build, 2),
    }
    if allowed is not None:
        exact_f, flat_f = run(flat, allowed, candidates)
        approx_f, hnsw_f = run(hnsw, allowed, candidates)
        out.update({
            "filtered_recall_at_10": round(recall(exact_f, approx_f, k), 4),
            "filtered_flat_p50_ms": ms(percentile(flat_f, 50)),
            "filtered_hnsw_p50_ms": ms(percentile(hnsw_f, 50)),
        })
    return out
