"""What the weekly digest is made of, read from the bot's state database. No Slack, no text.

Every row keeps where it came from (the kind of place and its audience), so the digest can show
a channel only what the channel may read; who asked is not in the database at all.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field

from bot.state.schema import QUESTION_LOG
from indexer import TZ

CHART_WEEKS = 12


@dataclass(frozen=True)
class Origin:
    """Where a question was asked: the kind of place (dm | channel | command) and its audience."""

    kind: str | None
    audience: str | None


@dataclass(frozen=True)
class LoggedQuestion:
    text: str                    # normalised (bot.state.usage.normalise_question)
    confident: bool
    voted_down: bool
    origin: Origin


@dataclass(frozen=True)
class Reason:
    reason: str
    question: str
    doc_ids: tuple[str, ...]     # what the answer cited
    origin: Origin


@dataclass(frozen=True)
class OpenHandoff:
    question: str
    created_at: dt.datetime
    replied: bool
    channel_id: str | None
    message_ts: str | None
    origin: Origin


@dataclass(frozen=True)
class Week:
    label: str                   # "uge 3"
    start: dt.date               # its Monday
    answered: int                # confidently
    unanswered: int


@dataclass
class DigestData:
    since: dt.datetime
    until: dt.datetime
    questions: list[LoggedQuestion] = field(default_factory=list)
    all_questions: list[str] = field(default_factory=list)      # the whole log: weighs words for topics
    up: int = 0
    down: int = 0
    reasons: list[Reason] = field(default_factory=list)
    handoffs: list[OpenHandoff] = field(default_factory=list)   # no reply yet, or replies not saved
    cited: Counter = field(default_factory=Counter)             # doc id → confident answers in the period
    cited_ever: Counter = field(default_factory=Counter)        # … in every stored answer
    weeks: list[Week] = field(default_factory=list)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"pragma table_info({table})")}


def week_start(moment: dt.datetime) -> dt.datetime:
    """Monday 00:00 (Europe/Copenhagen) of the week ``moment`` falls in."""
    local = moment.astimezone(TZ)
    monday = local.date() - dt.timedelta(days=local.weekday())
    return dt.datetime.combine(monday, dt.time(0, 0), tzinfo=TZ)


def weekly_counts(conn: sqlite3.Connection, now: dt.datetime, weeks: int = CHART_WEEKS) -> list[Week]:
    """Questions per week (Monday–Sunday, Danish time), answered confidently or not, oldest first.

    The last week is the one that held yesterday: on Monday morning (the digest) the week just
    finished, later in the week the current one so far.
    """
    first = week_start(now - dt.timedelta(days=1)) - dt.timedelta(weeks=weeks - 1)
    counts: dict[dt.date, list[int]] = {(first + dt.timedelta(weeks=i)).date(): [0, 0] for i in range(weeks)}
    if QUESTION_LOG in _tables(conn):
        for asked_at, confident in conn.execute(
                f"select asked_at, confident from {QUESTION_LOG} where asked_at >= ? and asked_at <= ?",
                [_iso(first), _iso(now)]):
            monday = week_start(dt.datetime.fromisoformat(asked_at)).date()
            if monday in counts:
                counts[monday][0 if confident else 1] += 1
    return [Week(f"uge {monday.isocalendar().week}", monday, answered, unanswered)
            for monday, (answered, unanswered) in counts.items()]


def load_digest_data(conn: sqlite3.Connection, now: dt.datetime, days: int) -> DigestData:
    """Everything the digest needs for the ``days`` before ``now``."""
    since = now - dt.timedelta(days=days)
    data = DigestData(since=since, until=now, weeks=weekly_counts(conn, now))
    tables = _tables(conn)
    window = [_iso(since), _iso(now)]
    if QUESTION_LOG in tables:
        has_audience = "audience" in _columns(conn, QUESTION_LOG)
        voted = ("exists (select 1 from votes v where v.answer_id = q.answer_id and v.vote = -1)"
                 if "votes" in tables else "0")
        rows = conn.execute(
            f"select q.question, q.confident, {voted}, q.channel_kind, "
            f"{'q.audience' if has_audience else 'null'} from {QUESTION_LOG} q "
            "where q.asked_at >= ? and q.asked_at <= ? order by q.asked_at", window)
        data.questions = [LoggedQuestion(text, bool(confident), bool(down), Origin(kind, audience))
                          for text, confident, down, kind, audience in rows]
        data.all_questions = [r[0] for r in conn.execute(f"select question from {QUESTION_LOG}")]
    if "votes" in tables:
        data.up, data.down = (int(n or 0) for n in conn.execute(
            "select sum(vote = 1), sum(vote = -1) from votes where voted_at >= ? and voted_at <= ?",
            window).fetchone())
    if {"reasons", "answers"} <= tables:
        data.reasons = [Reason(reason, question, tuple(json.loads(doc_ids or "[]")), Origin(kind, viewer))
                        for reason, question, doc_ids, kind, viewer in conn.execute(
                            "select r.reason, a.question, a.doc_ids, a.channel_kind, a.viewer from reasons r "
                            "join answers a on a.answer_id = r.answer_id "
                            "where r.created_at >= ? and r.created_at <= ? order by r.id", window)]
    if {"handoffs", "answers"} <= tables and "saved_doc_id" in _columns(conn, "handoffs"):
        data.handoffs = [
            OpenHandoff(question, dt.datetime.fromisoformat(created), bool(replied), channel_id, message_ts,
                        Origin(kind, viewer))
            for question, created, replied, channel_id, message_ts, kind, viewer in conn.execute(
                "select a.question, h.created_at, h.replied_at is not null, h.channel_id, h.message_ts, "
                "a.channel_kind, a.viewer from handoffs h join answers a on a.answer_id = h.answer_id "
                "where h.saved_doc_id is null and h.created_at <= ? order by h.created_at", [_iso(now)])]
    if "answers" in tables:
        for created, doc_ids in conn.execute(
                "select created_at, doc_ids from answers where confident = 1 and created_at <= ?", [_iso(now)]):
            docs = set(json.loads(doc_ids or "[]"))
            data.cited_ever.update(docs)
            if created >= window[0]:
                data.cited.update(docs)
    return data
