"""The schema of the bot's state database, as sqlite-utils migrations. The only place that creates or
changes its tables: every change is a new numbered migration, never an ALTER by hand.

Tables: answers, votes, reasons and handoffs (feedback); thread_questions (follow-up context);
question_log (statistics, no user ids; whether a language model wrote the answer, or why it
did not); pending_uploads and reindex_runs (admins);
event_reminders (salon reminders already claimed or sent); meta (the database's own settings).
"""

from __future__ import annotations

import secrets

import sqlite_utils
from sqlite_utils.migrations import Migrations

QUESTION_LOG = "question_log"
REMINDERS = "event_reminders"
migrations = Migrations("vidensbanken_state")

# Databases made before this module used a hand-written runner that recorded names in
# ``_migrations``; they are adopted once (see ``adopt_legacy``).
LEGACY_TABLE = "_migrations"
LEGACY_NAMES = {"events_m001_reminders": "m005_event_reminders"}


@migrations()
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


@migrations()
def m002_threads(db: sqlite_utils.Database) -> None:
    db["thread_questions"].create({
        "id": int, "channel_id": str, "thread_ts": str, "question": str, "answer_id": str,
        "created_at": str,
    }, pk="id", not_null={"channel_id", "thread_ts", "question"})
    db["thread_questions"].create_index(["channel_id", "thread_ts"])


@migrations()
def m003_question_log(db: sqlite_utils.Database) -> None:
    db[QUESTION_LOG].create({
        "id": int, "asked_at": str, "question": str, "confident": int, "channel_kind": str,
        "answer_id": str,
    }, pk="id", not_null={"asked_at", "question", "confident"})
    db[QUESTION_LOG].create_index(["asked_at"])


@migrations()
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


@migrations()
def m005_event_reminders(db: sqlite_utils.Database) -> None:
    db[REMINDERS].create({
        "event_id": str, "reminder": str, "event_start": str, "channel": str,
        "status": str,               # claimed | sent
        "claimed_at": str, "sent_at": str, "message_ts": str,
    }, pk=("event_id", "reminder", "event_start", "channel"), not_null={"status", "claimed_at"})


@migrations()
def m1801_generation(db: sqlite_utils.Database) -> None:
    """Whether the language model wrote the answer, and the reason when it fell back (no text)."""
    db[QUESTION_LOG].add_column("generated", int, not_null_default=0)
    db[QUESTION_LOG].add_column("fallback", str)


def adopt_legacy(db: sqlite_utils.Database) -> None:
    """Record the migrations an older database applied under its own runner, then drop that table."""
    if LEGACY_TABLE not in db.table_names():
        return
    with db.atomic():
        migrations.ensure_migrations_table(db)
        known = {m.name for m in migrations.applied(db)}
        for row in db[LEGACY_TABLE].rows:
            name = LEGACY_NAMES.get(row["name"], row["name"])
            if name not in known:
                db[migrations.migrations_table].insert(
                    {"migration_set": migrations.name, "name": name, "applied_at": row["applied_at"]})
        db[LEGACY_TABLE].drop()


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Bring a database to the current schema; returns the names of the migrations applied now."""
    adopt_legacy(db)
    pending = [m.name for m in migrations.pending(db)]
    migrations.apply(db)
    return pending
