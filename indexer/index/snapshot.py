"""One loaded build of the index: immutable once loaded, shared by all threads."""

from __future__ import annotations

import copy
import logging
import sqlite3
import threading
from functools import cached_property
from pathlib import Path

import numpy as np

from indexer.audience import Viewer
from indexer.errors import CorruptIndex, ModelMismatch
from indexer.index import manifest as mf
from indexer.index.dense import DenseIndex
from indexer.index.keyword import KeywordIndex, load_counts
from indexer.knowledge.synonyms import Synonyms

log = logging.getLogger(__name__)


class IndexSnapshot:
    def __init__(self, index_dir: Path, build_dir: Path, manifest: dict, dense: DenseIndex,
                 keyword: KeywordIndex, conn: sqlite3.Connection):
        self.index_dir = index_dir
        self.build_dir = build_dir
        self.manifest = manifest
        self.build_id = manifest["build_id"]
        self.dense = dense
        self.keyword = keyword
        self._conn = conn
        self._lock = threading.Lock()
        self._allowed_cache: dict[str, np.ndarray | None] = {}
        self._views: dict[frozenset[str], "IndexSnapshot"] = {}
        self._views_lock = threading.Lock()
        self._base: "IndexSnapshot" = self
        rows = conn.execute("select row, doc_id, audience from passages order by row").fetchall()
        if [r[0] for r in rows] != list(range(len(rows))):
            raise CorruptIndex(index_dir, "passage rows are not contiguous")
        self.row_doc = [r[1] for r in rows]
        self.row_audience = np.array([r[2] for r in rows], dtype=object)
        self.documents = {
            r[0]: {"doc_id": r[0], "kind": r[1], "title": r[2], "url": r[3], "path": r[4],
                   "audience": r[5], "summary": r[6], "date": r[7]}
            for r in conn.execute(
                "select doc_id, kind, display_title, url, path, audience, summary, date from documents")
        }
        if len(rows) != dense.size or len(rows) != keyword.n_docs:
            raise CorruptIndex(index_dir, "passage, vector and keyword counts differ")

    @classmethod
    def load(cls, index_dir: Path, expected_model: str | None = None) -> "IndexSnapshot":
        index_dir = Path(index_dir)
        build_dir = mf.current_build_dir(index_dir)
        manifest = mf.read_manifest(build_dir)
        if expected_model is not None and manifest.get("model") != expected_model:
            raise ModelMismatch(index_dir, manifest.get("model"), expected_model)
        mf.verify_files(build_dir, manifest, index_dir)
        try:
            dense = DenseIndex.load(build_dir / "dense.faiss", manifest.get("dense_kind", "flat"))
            n = manifest.get("counts", {}).get("passages", 0)
            keyword = KeywordIndex.load(build_dir / "keyword", n)
            conn = sqlite3.connect(f"file:{build_dir / 'passages.db'}?mode=ro", uri=True,
                                   check_same_thread=False)
            snapshot = cls(index_dir, build_dir, manifest, dense, keyword, conn)
        except (CorruptIndex, ModelMismatch):
            raise
        except Exception as exc:
            raise CorruptIndex(index_dir, f"{exc.__class__.__name__}: {exc}") from None
        if manifest.get("dimension") and dense.size and dense.dimension != manifest["dimension"]:
            raise CorruptIndex(index_dir, "vector dimension differs from the manifest")
        log.info("loaded index build %s (%d passages)", snapshot.build_id, dense.size)
        return snapshot

    @property
    def size(self) -> int:
        return len(self.row_doc)

    @cached_property
    def synonyms(self) -> Synonyms:
        """The synonyms this build was made with (knowledge_base/synonyms.yaml at build time)."""
        return Synonyms.from_dict(self.manifest.get("synonyms"))

    @cached_property
    def doc_rows(self) -> dict[str, np.ndarray]:
        """Passage rows of each document."""
        grouped: dict[str, list[int]] = {}
        for row, doc in enumerate(self.row_doc):
            grouped.setdefault(doc, []).append(row)
        return {doc: np.array(rows, dtype=np.int64) for doc, rows in grouped.items()}

    def allowed_rows(self, viewer: Viewer) -> np.ndarray | None:
        """Row numbers the viewer may see; None means all rows."""
        key = viewer.label()
        if key not in self._allowed_cache:
            audiences = set(self.row_audience.tolist())
            visible = {a for a in audiences if viewer.allows(a)}
            if visible == audiences:
                rows = None
            else:
                rows = np.flatnonzero(np.isin(self.row_audience, list(visible))).astype(np.int64)
            self._allowed_cache[key] = rows
        return self._allowed_cache[key]

    def for_viewer(self, viewer: Viewer) -> "IndexSnapshot":
        """This build as ``viewer`` may see it: the same passages, with keyword statistics and the
        vocabulary for query expansion computed from the visible passages only (cached per level).

        Search, confidence and answers read ``snapshot.keyword``; given this view, a document above the
        viewer's audience cannot shape what they see through idf, BM25 lengths or a typo correction.
        """
        base = self._base
        allowed = base.allowed_rows(viewer)
        if allowed is None:
            return base
        key = frozenset(a for a in set(base.row_audience.tolist()) if viewer.allows(a))
        view = base._views.get(key)
        if view is not None:
            return view
        with base._views_lock:            # one thread computes a level; the others wait for it
            view = base._views.get(key)
            if view is None:
                counts = load_counts(base.build_dir / "keyword")
                if counts is None:
                    log.warning("index build %s has no term counts; rebuild it (python -m indexer build "
                                "--full) so hidden documents cannot shape keyword statistics", base.build_id)
                    return base
                view = copy.copy(base)
                view.keyword = base.keyword.visible_part(counts, allowed)
                base._views[key] = view
        return view

    def passages(self, rows: list[int]) -> dict[int, dict]:
        if not rows:
            return {}
        marks = ",".join("?" * len(rows))
        with self._lock:
            found = self._conn.execute(
                f"select row, passage_id, doc_id, section, text, audience from passages where row in ({marks})",
                [int(r) for r in rows]).fetchall()
        return {r[0]: {"row": r[0], "passage_id": r[1], "doc_id": r[2], "section": r[3], "text": r[4],
                       "audience": r[5]} for r in found}

    def passages_of(self, doc_id: str) -> list[dict]:
        with self._lock:
            found = self._conn.execute(
                "select row, passage_id, doc_id, section, text, audience from passages where doc_id = ? "
                "order by ordinal", [doc_id]).fetchall()
        return [{"row": r[0], "passage_id": r[1], "doc_id": r[2], "section": r[3], "text": r[4],
                 "audience": r[5]} for r in found]

    def close(self) -> None:
        with self._lock:
            self._conn.close()
