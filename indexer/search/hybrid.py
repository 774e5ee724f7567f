"""Hybrid retrieval: Danish word BM25, character n-gram BM25 and dense vectors, fused.

Each channel scores its best candidates; the fused score is a weighted sum of per-channel
normalised scores (keyword channels divided by their best score, dense min-max over its
candidates), or weighted reciprocal rank fusion, with the weights of indexer.parameters.

The audience filter is applied inside every channel, before ranking: a hidden passage never
takes part in scores, ranks, the answer or the "nearest articles".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from indexer.audience import Viewer
from indexer.index.snapshot import IndexSnapshot
from indexer.parameters import FusionParams
from indexer.search.query import Query

CANDIDATES = 50


@dataclass
class Hit:
    row: int
    doc_id: str
    score: float
    bm25: float = 0.0
    dense: float = 0.0
    grams: float = 0.0
    bm25_rank: int | None = None
    dense_rank: int | None = None
    grams_rank: int | None = None


@dataclass
class SearchResult:
    query: str
    terms: list[str]
    hits: list[Hit]                          # one per document (best passage), best first
    passage_hits: list[Hit] = field(default_factory=list)   # all fused candidates, best first
    analysed: Query | None = None
    top_doc: dict[str, str | None] = field(default_factory=dict)   # channel → its best document
    max_score: dict[str, float] = field(default_factory=dict)      # channel → its best raw score
    dense_unavailable: bool = False          # the dense channel was wanted, but the model is not loaded


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


def _normalised(channel: str, scores: np.ndarray) -> np.ndarray:
    """Keyword scores relative to the best one; dense similarities min-max over the candidates."""
    if not len(scores):
        return scores
    if channel == "dense":
        spread = scores[0] - scores[-1]
        return (scores - scores[-1]) / spread if spread > 0 else np.ones_like(scores)
    return scores / scores[0] if scores[0] > 0 else np.zeros_like(scores)


def search(snapshot: IndexSnapshot, query_vector: np.ndarray | None, query: Query | None, viewer: Viewer,
           k: int = 5, params: FusionParams = FusionParams(), dedupe: bool = True,
           text: str = "") -> SearchResult:
    allowed = snapshot.allowed_rows(viewer)
    weights = {c: w for c, w in params.weights().items() if w > 0}
    result = SearchResult(query=text, terms=list(query.terms) if query else [], hits=[], analysed=query)
    ranked: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if "bm25" in weights and query is not None and query.terms:
        ranked["bm25"] = _top(snapshot.keyword.scores(query.terms), allowed, CANDIDATES)
    if "grams" in weights and query is not None and query.grams:
        ranked["grams"] = _top(snapshot.keyword.gram_scores(query.grams), allowed, CANDIDATES)
    if "dense" in weights and query_vector is not None:
        ranked["dense"] = snapshot.dense.search(query_vector, CANDIDATES, allowed)

    fused: dict[int, Hit] = {}
    for channel, (rows, scores) in ranked.items():
        if channel != "dense":   # a keyword score of 0 means no shared term: not a candidate
            keep = scores > 0
            rows, scores = rows[keep], scores[keep]
        if not len(rows):
            continue
        result.top_doc[channel] = snapshot.row_doc[int(rows[0])]
        result.max_score[channel] = float(scores[0])
        if params.fusion == "rrf":
            contribution = weights[channel] / (params.k + np.arange(1, len(rows) + 1))
        else:
            contribution = weights[channel] * _normalised(channel, scores)
        for rank, (row, s, c) in enumerate(zip(rows.tolist(), scores.tolist(), contribution.tolist()), start=1):
            hit = fused.get(row)
            if hit is None:
                hit = fused[row] = Hit(row, snapshot.row_doc[row], 0.0)
            setattr(hit, channel, float(s))
            setattr(hit, f"{channel}_rank", rank)
            hit.score += c
    ordered = sorted(fused.values(), key=lambda h: (-h.score, h.row))
    result.passage_hits = ordered
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
