"""What a build takes over from the previous build for documents whose effective hash is unchanged.

Their passages (with the hashes of their embedded text), their vectors, their keyword term counts,
and — for lessons — the anonymised document row or the review findings that held them back. So an
incremental build chunks, anonymises, tokenises and embeds only what changed (make bench).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexer.index import manifest as mf
from indexer.index.chunking import CHUNKING_PARAMS
from indexer.index.keyword import KEYWORD_PARAMS, load_counts
from indexer.index.store import load_vectors, open_db
from indexer.index.term_counts import TermCounts

log = logging.getLogger(__name__)


@dataclass
class StoredPassage:
    row: int
    passage_id: str
    ordinal: int
    section: str
    text: str
    embed_hash: str


@dataclass
class PreviousBuild:
    folder: Path
    documents: dict[str, str]                                   # doc_id → effective hash
    rows: dict[str, dict] = field(default_factory=dict)         # doc_id → documents row
    passages: dict[str, list[StoredPassage]] = field(default_factory=dict)
    review: dict[str, list[dict]] = field(default_factory=dict)
    counts: tuple[TermCounts, TermCounts] | None = None
    passages_reusable: bool = False

    @classmethod
    def open(cls, index_dir: Path, manifest: dict, model: str) -> "PreviousBuild | None":
        """The current build, whose manifest is given; None when it cannot be read (costs only time)."""
        folder = mf.current_build_dir(index_dir)
        prev = cls(folder, manifest.get("documents", {}))
        try:
            # Passages carry the embedding model's hashes and the chunker's output.
            prev.passages_reusable = (manifest.get("model") == model
                                      and manifest.get("chunking") == CHUNKING_PARAMS)
            if prev.passages_reusable:
                prev._read_db()
                if manifest.get("keyword") == KEYWORD_PARAMS:
                    prev.counts = load_counts(folder / "keyword")
                n = manifest.get("counts", {}).get("passages", 0)
                if prev.counts is not None and not all(c.rows == n for c in prev.counts):
                    log.warning("previous build's term counts do not match its passages; tokenising again")
                    prev.counts = None
        except Exception as exc:
            log.warning("previous build unreadable, building from scratch: %s", exc)
            return None
        return prev

    def _read_db(self) -> None:
        db = open_db(self.folder / "passages.db", read_only=True)
        try:
            columns = [c.name for c in db["documents"].columns]
            for values in db.execute(f"select {', '.join(columns)} from documents").fetchall():
                row = dict(zip(columns, values))
                self.rows[row["doc_id"]] = row
            for r in db.execute("select row, passage_id, doc_id, ordinal, section, text, embed_hash "
                                "from passages order by row").fetchall():
                self.passages.setdefault(r[2], []).append(StoredPassage(r[0], r[1], r[3], r[4], r[5], r[6]))
            if "review" in db.table_names():
                for doc_id, kind, line, column in db.execute(
                        "select doc_id, kind, line, column from review").fetchall():
                    self.review.setdefault(doc_id, []).append(
                        {"doc_id": doc_id, "kind": kind, "line": line, "column": column})
        finally:
            db.conn.close()

    def unchanged(self, doc_id: str, effective_hash: str) -> bool:
        """True when this document's passages (or its review findings) can be taken over as they are."""
        return (self.passages_reusable and self.documents.get(doc_id) == effective_hash
                and (doc_id in self.rows or doc_id in self.review))

    def vectors(self, hashes: set[str]) -> dict[str, np.ndarray]:
        try:
            db = open_db(self.folder / "passages.db", read_only=True)
            try:
                return load_vectors(db, hashes)
            finally:
                db.conn.close()
        except Exception as exc:  # a damaged previous build only costs re-embedding
            log.warning("previous build's vectors unreadable, embedding everything: %s", exc)
            return {}
