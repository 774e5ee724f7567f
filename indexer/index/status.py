"""What `indexer status` and `/kb-status` report about the current index."""

from __future__ import annotations

import sqlite3

from indexer.anonymise.gate import AWAITING_APPROVAL
from indexer.config import IndexSettings
from indexer.index import manifest as mf
from indexer.index.build import plan_is_stale
from indexer.knowledge.events import InvalidEvents, events_path, load_events


def index_status(settings: IndexSettings) -> dict:
    build_dir = mf.current_build_dir(settings.index_dir)
    m = mf.read_manifest(build_dir)
    conn = sqlite3.connect(f"file:{build_dir / 'passages.db'}?mode=ro", uri=True)
    try:
        review = conn.execute("select count(distinct doc_id) from review").fetchone()[0]
        # Held back only until an admin approves them (VIDENSBANK_REVIEW_LESSONS=all), nothing flagged.
        approval_only = conn.execute(
            "select count(*) from (select doc_id from review group by doc_id "
            "having min(kind) = ? and max(kind) = ?)", (AWAITING_APPROVAL, AWAITING_APPROVAL)).fetchone()[0]
    finally:
        conn.close()
    try:
        events = len(load_events(events_path(settings.kb_dir)))
    except (OSError, InvalidEvents):
        events = 0
    try:
        stale = plan_is_stale(settings)
    except Exception:
        stale = True
    return {
        "index_dir": str(settings.index_dir), "build_id": m["build_id"], "built_at": m["built_at"],
        "format_version": m["format_version"], "model": m["model"], "dimension": m["dimension"],
        "dense_kind": m.get("dense_kind"), "counts": dict(m.get("counts", {}), events=events),
        "last_build": m.get("last_build", {}), "review_count": review,
        "awaiting_approval": approval_only, "stale": stale,
    }


def review_list(settings: IndexSettings) -> list[dict]:
    """Lessons held back in the current build: file, type, position (type "approval": waiting for approval)."""
    build_dir = mf.current_build_dir(settings.index_dir)
    conn = sqlite3.connect(f"file:{build_dir / 'passages.db'}?mode=ro", uri=True)
    try:
        rows = conn.execute("select doc_id, kind, line, column from review order by doc_id, line, column")
        return [{"doc_id": r[0], "kind": r[1], "line": r[2], "column": r[3]} for r in rows]
    finally:
        conn.close()
