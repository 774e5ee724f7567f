"""Incremental reindex after one changed document, and the embedding cache on a metadata-only change.

Runs in the benchmark's own process with the model already loaded (process start-up excluded).
"""

from __future__ import annotations

from bench.measure import median
from bench.synthetic import SyntheticKB, change_body, change_metadata
from indexer.config import IndexSettings
from indexer.index import manifest as mf
from indexer.index.build import build_index


def measure_incremental(kb: SyntheticKB, settings: IndexSettings, embedder, runs: int) -> dict:
    """`runs` rebuilds after rewriting one section of one document (a different one each time)."""
    embedder.warm_up()
    build_index(settings, embedder=embedder)            # start from an up-to-date index
    seconds, embedded, changed = [], [], []
    for run in range(runs):
        doc = (run * 97 + 13) % kb.documents
        change_body(kb, doc, seed=500 + run)
        summary = build_index(settings, embedder=embedder)
        if len(summary.changed) != 1 or not summary.embedded:
            raise AssertionError(f"expected one changed document to re-embed, got {summary.lines()}")
        seconds.append(summary.seconds)
        embedded.append(summary.embedded)
        changed.append(len(summary.changed) + len(summary.added))
    change_metadata(kb, 1, marker="kun-metadata-ændret")
    meta = build_index(settings, embedder=embedder)
    if len(meta.changed) != 1:
        raise AssertionError(f"expected one changed document, got {meta.lines()}")
    return {
        "documents": kb.documents,
        "dense_kind": mf.try_current_manifest(settings.index_dir)["dense_kind"],
        "passages": meta.passages,
        "runs": runs,
        "seconds": round(median(seconds), 3),
        "max_seconds": round(max(seconds), 3),
        "embedded_per_run": int(median(embedded)),
        "changed_documents_per_run": int(median(changed)),
        "metadata_only_changed_documents": len(meta.changed),
        "metadata_only_embedded": meta.embedded,
        "metadata_only_seconds": round(meta.seconds, 3),
    }
