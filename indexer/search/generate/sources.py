"""The passages a generated answer may be written from, numbered, with their audiences: those the
extractive answer cites first (it may quote another passage of a document than its best one), then the
best passage of each other top document."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from indexer.index.snapshot import IndexSnapshot
from indexer.search.compose import citation_of
from indexer.search.contract import Answer, Citation
from indexer.search.hybrid import SearchResult


@dataclass(frozen=True)
class Source:
    citation: Citation         # ``n`` is the passage's number in the prompt
    audience: str              # who may see the passage: public, network or partnership:<name>


def top_sources(result: SearchResult, snapshot: IndexSnapshot, k: int, answer: Answer | None = None) -> list[Source]:
    """The passages ``answer`` cites, then the best passage of each of the top ``k`` documents, numbered 1, 2, …"""
    cited = [Source(c, snapshot.documents[c.doc_id]["audience"]) for c in (answer.citations if answer else [])]
    seen = {s.citation.passage_id for s in cited}
    hits = result.hits[:max(k, 1)]
    passages = snapshot.passages([h.row for h in hits])
    others = [Source(citation_of(0, hit, passages[hit.row], snapshot), passages[hit.row]["audience"])
              for hit in hits if passages[hit.row]["passage_id"] not in seen]
    return [dataclasses.replace(s, citation=dataclasses.replace(s.citation, n=n))
            for n, s in enumerate(cited + others, start=1)]
