"""The bot's own SQLite database (answers, votes, reasons, hand-offs, thread memory, question log,
pending uploads and reindex runs).

The schema only ever changes through the numbered migrations below, applied in order and
recorded in ``_migrations``; never ALTER by hand. One connection is shared by the bot's
threads, guarded by ``StateDB.lock``.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
from pathlib import Path
from typing import Callable

import sqlite_utils


def m001_initial(db: sqlite_utils.Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["meta"].insert({"key": "user_salt", "value": secrets.token_hex(16)})
    db["answers"].create({
        "answer_id": str, "created_at": str, "question": str, "confident": int,
        "passage_ids": str,          # JSON list, rank order
        "doc_ids": str,              # JSON list, rank order
        "channel_kind": str,         # dm | channel | command | shared
        "channel_id": str, "thread_ts": str, "message_ts": str,
        "viewer": str,               # audience label the answer was searched with
        "answer_json": str,          # the whole Answer, to share or hand off later
    }, pk="answer_id", not_null={"created_at", "question"})
    db["votes"].create({
        "answer_id": str, "user_hash": str, "vote": int, "voted_at": str,
    }, pk=("answer_id", "user_hash"), not_null={"vote", "voted_at"})
    db["reasons"].create({
        "id": int, "answer_id": str, "user_hash": str, "reason": str, "created_at": str,
    }, pk="id", not_null={"answer_id", "reason", "created_at"})
    db["handoffs"].create({
        "answer_id": str, "user_hash": str, "channel": str, "message_ts": str, "created_at": str,
    }, pk="answer_id")
    db["answers"].create_index(["created_at"])


def m002_threads(db: sqlite_utils.Database) -> None:
    db["thread_questions"].create({
        "id": int, "channel_id": str, "thread_ts": str, "question": str, "answer_id": str,
        "created_at": str,
    }, pk="id", not_null={"channel_id", "thread_ts", "question"})
    db["thread_questions"].create_index(["channel_id", "thread_ts"])


def m003_question_log(db: sqlite_utils.Database) -> None:
    # The schema lives with its queries in bot.state.usage (the CLI's `stats` reads it too).
    from bot.state.usage import create_question_log
    create_question_log(db)


def m004_admin(db: sqlite_utils.Database) -> None:
    db["pending_uploads"].create({
        "id": str, "created_at": str, "expires_at": str,
        "user_id": str,              # the admin who uploaded; only they can confirm
        "file_name": str, "title": str,
        "article": str,              # the converted Markdown with front matter, written on "Tilføj"
        "channel": str, "message_ts": str,
        "status": str,               # pending | adding | added | cancelled | expired | failed
    }, pk="id", not_null={"created_at", "expires_at", "user_id", "status"})
    db["reindex_runs"].create({
        "id": int, "started_at": str, "finished_at": str, "user_id": str, "kind": str,
        "ok": int, "summary_json": str, "error": str,
    }, pk="id", not_null={"started_at", "kind"})


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [m001_initial, m002_threads, m003_question_log,
                                                             m004_admin]


class StateDB:
    """A migrated database plus the lock every reader and writer takes."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, check_same_thread=False, timeout=10)
        self.db = sqlite_utils.Database(conn)
        self.lock = threading.RLock()
        if self.path != ":memory:":
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")   # WAL-safe; a crash loses at most the last votes
        migrate(self.db)

    def salt(self) -> str:
        with self.lock:
            return self.db["meta"].get("user_salt")["value"]

    def close(self) -> None:
        with self.lock:
            self.db.conn.close()


def migrate(db: sqlite_utils.Database,
            migrations: list[Callable[[sqlite_utils.Database], None]] = MIGRATIONS) -> list[str]:
    """Apply the migrations (by default the bot's own) that have not run yet; return their names."""
    if "_migrations" not in db.table_names():
        db["_migrations"].create({"name": str, "applied_at": str}, pk="name")
    done = {row["name"] for row in db["_migrations"].rows}
    applied = []
    for migration in migrations:
        if migration.__name__ in done:
            continue
        with db.conn:
            migration(db)
            db["_migrations"].insert({"name": migration.__name__,
                                      "applied_at": db.execute("select datetime('now')").fetchone()[0]})
        applied.append(migration.__name__)
    return applied
