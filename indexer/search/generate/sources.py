"""The passages a generated answer may be written from: the top hits, numbered, with their audiences."""

from __future__ import annotations

from dataclasses import dataclass

from indexer.index.snapshot import IndexSnapshot
from indexer.search.compose import citation_of
from indexer.search.contract import Citation
from indexer.search.hybrid import SearchResult


@dataclass(frozen=True)
class Source:
    citation: Citation         # ``n`` is the passage's rank among the top hits
    audience: str              # who may see the passage: public, network or partnership:<name>


def top_sources(result: SearchResult, snapshot: IndexSnapshot, k: int) -> list[Source]:
    """The best passage of each of the top ``k`` documents, best first."""
    hits = result.hits[:max(k, 1)]
    passages = snapshot.passages([h.row for h in hits])
    return [Source(citation_of(n, hit, passages[hit.row], snapshot), passages[hit.row]["audience"])
            for n, hit in enumerate(hits, start=1)]
