"""The schema of the bot's state database, as sqlite-utils migrations. The only place that creates or
changes its tables: every change is a new numbered migration, never an ALTER by hand.

Tables: answers, votes, reasons and handoffs (feedback, and whether the network replied);
thread_questions (follow-up context); question_log (statistics, no user ids; whether a language
model wrote the answer, or why it did not); pending_uploads and reindex_runs (admins);
event_reminders (salon reminders already claimed or sent); deliveries (Slack events already taken,
across restarts); digest_runs (weekly digests already claimed or sent); meta (the database's own
settings).

Migrations that rewrite pseudonyms need the hash key, which is never stored here: ``migrate``
is given it and hands it to them (``_pseudonyms``).
"""

from __future__ import annotations

import secrets
from contextvars import ContextVar

import sqlite_utils
from sqlite_utils.migrations import Migrations

from bot.state.pseudonyms import Pseudonyms

QUESTION_LOG = "question_log"
REMINDERS = "event_reminders"
DIGESTS = "digest_runs"
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


_hash_key: ContextVar[bytes | None] = ContextVar("state_hash_key", default=None)


def _pseudonyms(db: sqlite_utils.Database) -> Pseudonyms:
    key = _hash_key.get()
    if key is None:
        raise RuntimeError("this migration rewrites pseudonyms and needs the hash key: migrate(db, key)")
    return Pseudonyms(key, db["meta"].get("user_salt")["value"])


@migrations()
def m1601_keyed_user_hashes(db: sqlite_utils.Database) -> None:
    """Votes, 👎 reasons and hand-offs: the salted hash (its salt is in state.db) becomes a keyed one."""
    pseudonyms = _pseudonyms(db)
    for table in ("votes", "reasons", "handoffs"):
        rows = db.execute(f"select rowid, user_hash from {table} where user_hash is not null").fetchall()
        db.conn.executemany(f"update {table} set user_hash = ? where rowid = ?",
                            [(pseudonyms.of_salted(old), rowid) for rowid, old in rows])


@migrations()
def m1602_thread_keys(db: sqlite_utils.Database) -> None:
    """Thread memory under a keyed hash of channel and thread, with the asker's pseudonym."""
    pseudonyms = _pseudonyms(db)
    table = db["thread_questions"]
    table.add_column("thread_key", str)
    table.add_column("asker_hash", str)
    rows = db.execute("select id, channel_id, thread_ts from thread_questions").fetchall()
    db.conn.executemany("update thread_questions set thread_key = ? where id = ?",
                        [(pseudonyms.thread(channel, ts), row_id) for row_id, channel, ts in rows])
    db.execute("drop index if exists idx_thread_questions_channel_id_thread_ts")
    table.transform(drop={"channel_id", "thread_ts"}, not_null={"thread_key", "question"})
    table.create_index(["thread_key"])


@migrations()
def m1603_answers_without_channel(db: sqlite_utils.Database) -> None:
    """Stored answers keep no channel id: a DM's channel id names the person who asked."""
    db["answers"].transform(drop={"channel_id"})


@migrations()
def m1604_deliveries(db: sqlite_utils.Database) -> None:
    """Slack events the bot has taken (keyed hashes of event and message ids), kept for a day."""
    db["deliveries"].create({
        "key_hash": str, "boot_id": str,     # boot_id: which run of the bot took it
        "claimed_at": str, "answered_at": str,
    }, pk="key_hash", not_null={"boot_id", "claimed_at"})
    db["deliveries"].create_index(["claimed_at"])


@migrations()
def m1701_question_audience(db: sqlite_utils.Database) -> None:
    # The audience of the place a question was asked: the digest shows a channel only questions
    # from places it may see. Older rows take it from their stored answer (else stay admin-only).
    db[QUESTION_LOG].add_column("audience", str)
    if "answers" in db.table_names():
        db.execute(f"update {QUESTION_LOG} set audience = (select viewer from answers "
                   f"where answers.answer_id = {QUESTION_LOG}.answer_id)")


@migrations()
def m1702_handoff_replies(db: sqlite_utils.Database) -> None:
    table = db["handoffs"]
    if not table.exists():
        table.create({"answer_id": str, "user_hash": str, "channel": str, "message_ts": str,
                      "created_at": str}, pk="answer_id")
    table.add_column("channel_id", str)          # where the hand-off was posted (the id Slack returned)
    table.add_column("notify_channel", str)      # where the asker is told about replies; cleared once told
    table.add_column("notify_thread_ts", str)
    table.add_column("replied_at", str)          # the first reply from someone other than the asker
    table.add_column("notified_at", str)
    table.add_column("saved_doc_id", str)        # the article saved from the hand-off thread
    table.create_index(["channel_id", "message_ts"])


@migrations()
def m1703_digest_runs(db: sqlite_utils.Database) -> None:
    db[DIGESTS].create({
        "week": str,                 # ISO week the digest covers, e.g. 2027-W03
        "target": str,               # channel id, or the admin's user id for a DM
        "status": str,               # claimed | sent
        "claimed_at": str, "sent_at": str, "message_ts": str,
    }, pk=("week", "target"), not_null={"status", "claimed_at"})


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


def migrate(db: sqlite_utils.Database, key: bytes | None = None) -> list[str]:
    """Bring a database to the current schema; returns the names of the migrations applied now.

    ``key`` is the hash key (``bot.state.pseudonyms``) for the migrations that rewrite pseudonyms.
    """
    adopt_legacy(db)
    pending = [m.name for m in migrations.pending(db)]
    token = _hash_key.set(key)
    try:
        migrations.apply(db)
    finally:
        _hash_key.reset(token)
    return pending
