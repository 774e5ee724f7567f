"""Hybrid retrieval: Danish BM25 and dense vectors, fused by weighted reciprocal rank fusion.

The audience filter is applied inside both channels, before ranking: a hidden passage never
takes part in scores, ranks, the answer or the "nearest articles".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexer.audience import Viewer
from indexer.keyword import analyse
from indexer.snapshot import IndexSnapshot

CANDIDATES = 50
FUSION_FILE = Path(__file__).parent / "data" / "fusion.json"


@dataclass(frozen=True)
class FusionParams:
    method: str = "hybrid"      # "bm25" | "dense" | "hybrid"
    k: int = 60                 # RRF constant
    w_bm25: float = 1.0
    w_dense: float = 1.0


def load_fusion_params(path: Path = FUSION_FILE) -> FusionParams:
    """Fusion weights chosen by `make eval` (see tests/eval); defaults when absent."""
    if not Path(path).is_file():
        return FusionParams()
    return FusionParams(**json.loads(Path(path).read_text(encoding="utf-8")))


@dataclass
class Hit:
    row: int
    doc_id: str
    score: float
    bm25: float = 0.0
    dense: float = 0.0
    bm25_rank: int | None = None
    dense_rank: int | None = None


@dataclass
class SearchResult:
    query: str
    terms: list[str]
    hits: list[Hit]                          # one per document (best passage), best first
    passage_hits: list[Hit] = field(default_factory=list)   # all fused candidates, best first
    top_bm25_doc: str | None = None
    top_dense_doc: str | None = None
    max_bm25: float = 0.0
    max_dense: float = 0.0


def _top(scores: np.ndarray, allowed: np.ndarray | None, n: int) -> tuple[np.ndarray, np.ndarray]:
    if allowed is not None:
        sub = scores[allowed]
        take = min(n, len(sub))
        if take == 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        idx = np.argpartition(-sub, take - 1)[:take]
        idx = idx[np.argsort(-sub[idx], kind="stable")]
        return allowed[idx], sub[idx]
    take = min(n, len(scores))
    if take == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    idx = np.argpartition(-scores, take - 1)[:take]
    idx = idx[np.argsort(-scores[idx], kind="stable")]
    return idx.astype(np.int64), scores[idx]


def search(snapshot: IndexSnapshot, query_vector: np.ndarray | None, terms: list[str], viewer: Viewer,
           k: int = 5, params: FusionParams = FusionParams(), dedupe: bool = True,
           query: str = "") -> SearchResult:
    allowed = snapshot.allowed_rows(viewer)
    result = SearchResult(query=query, terms=terms, hits=[])
    bm25_rows, bm25_scores = np.empty(0, dtype=np.int64), np.empty(0)
    dense_rows, dense_scores = np.empty(0, dtype=np.int64), np.empty(0)
    if params.method in ("bm25", "hybrid") and terms:
        scores = snapshot.keyword.scores(terms)
        bm25_rows, bm25_scores = _top(scores, allowed, CANDIDATES)
        keep = bm25_scores > 0
        bm25_rows, bm25_scores = bm25_rows[keep], bm25_scores[keep]
    if params.method in ("dense", "hybrid") and query_vector is not None:
        dense_rows, dense_scores = snapshot.dense.search(query_vector, CANDIDATES, allowed)

    fused: dict[int, Hit] = {}
    for rank, (row, s) in enumerate(zip(bm25_rows.tolist(), bm25_scores.tolist()), start=1):
        hit = fused.setdefault(row, Hit(row, snapshot.row_doc[row], 0.0))
        hit.bm25, hit.bm25_rank = float(s), rank
        hit.score += params.w_bm25 / (params.k + rank)
    for rank, (row, s) in enumerate(zip(dense_rows.tolist(), dense_scores.tolist()), start=1):
        hit = fused.setdefault(row, Hit(row, snapshot.row_doc[row], 0.0))
        hit.dense, hit.dense_rank = float(s), rank
        hit.score += params.w_dense / (params.k + rank)
    ordered = sorted(fused.values(), key=lambda h: (-h.score, h.row))
    result.passage_hits = ordered
    if len(bm25_rows):
        result.top_bm25_doc = snapshot.row_doc[int(bm25_rows[0])]
        result.max_bm25 = float(bm25_scores[0])
    if len(dense_rows):
        result.top_dense_doc = snapshot.row_doc[int(dense_rows[0])]
        result.max_dense = float(dense_scores[0])
    if dedupe:
        seen: set[str] = set()
        for hit in ordered:
            if hit.doc_id not in seen:
                seen.add(hit.doc_id)
                result.hits.append(hit)
            if len(result.hits) >= k:
                break
    else:
        result.hits = ordered[:k]
    return result


def query_terms(question: str, context: str | None = None) -> list[str]:
    terms = analyse(question)
    if context:
        terms += [t for t in analyse(context) if t not in terms]
    return terms
