"""Passage and document metadata of one build in SQLite (sqlite-utils).

Vectors are stored with their content hash, so an unchanged passage is never re-embedded.
Lessons are stored only after anonymisation: raw lesson text never reaches this file.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import sqlite_utils


def create_schema(db: sqlite_utils.Database) -> None:
    """The tables of a build's passages.db; every build writes a fresh file, so there is nothing to migrate."""
    db["documents"].create({
        "doc_id": str, "kind": str, "title": str, "display_title": str, "date": str,
        "authors": str, "tags": str, "url": str, "audience": str, "summary": str,
        "meeting": str, "partnership": str, "path": str, "content_hash": str, "passages": int,
    }, pk="doc_id")
    db["passages"].create({
        "row": int, "passage_id": str, "doc_id": str, "ordinal": int, "section": str,
        "text": str, "embed_hash": str, "audience": str,
    }, pk="row")
    db["passages"].create_index(["doc_id"])
    db["vectors"].create({"embed_hash": str, "vector": bytes}, pk="embed_hash")
    # Lessons held back by the anonymiser: position and type only, never the value.
    db["review"].create({"doc_id": str, "kind": str, "line": int, "column": int})


def open_db(path: Path, read_only: bool = False) -> sqlite_utils.Database:
    if read_only:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        return sqlite_utils.Database(conn)
    db = sqlite_utils.Database(str(path))     # a new build's own file
    create_schema(db)
    return db


def vector_to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def blob_to_vector(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)


def load_vectors(db: sqlite_utils.Database, hashes: set[str] | None = None) -> dict[str, np.ndarray]:
    """The vector cache (optionally only some hashes)."""
    if "vectors" not in db.table_names():
        return {}
    out = {}
    for row in db.execute("select embed_hash, vector from vectors"):
        if hashes is None or row[0] in hashes:
            out[row[0]] = blob_to_vector(row[1])
    return out


def document_row(doc, passages: int) -> dict:
    return {
        "doc_id": doc.doc_id, "kind": doc.kind, "title": doc.display_title if doc.kind == "lesson" else doc.title,
        "display_title": doc.display_title, "date": doc.date, "authors": json.dumps(doc.authors, ensure_ascii=False),
        "tags": json.dumps(doc.tags, ensure_ascii=False),
        "url": None if doc.kind == "lesson" else doc.url,       # a lesson's link is never a citation
        "audience": doc.audience,
        "summary": None if doc.kind == "lesson" else doc.summary, "meeting": doc.meeting,
        "partnership": doc.partnership, "path": None if doc.kind == "lesson" else doc.source_path,
        "content_hash": doc.content_hash, "passages": passages,
    }
