"""The question log and usage statistics in the bot's state database. No Slack here.

The bot logs every question it answers in ``question_log`` — normalised text, whether the answer
was confident, whether a language model wrote it (or the reason it fell back to the extractive
answer), when, where (dm/channel/command) and that place's audience — and never who asked or in
which channel. ``/kb-stats`` and ``python -m bot stats`` read it together with the bot's ``votes``
table. Every row tied to a question or a person (this log, stored answers, thread memory, votes,
👎 reasons, hand-offs, rebuild records) is deleted after the retention period.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass, field

from bot.state.schema import QUESTION_LOG

DEFAULT_RETENTION_DAYS = 180
DEFAULT_GAPS = 10
# Tables with question text or a person's pseudonym, and the column that dates each row.
RETAINED = {QUESTION_LOG: "asked_at", "answers": "created_at", "thread_questions": "created_at",
            "reasons": "created_at", "votes": "voted_at", "handoffs": "created_at",
            "reindex_runs": "started_at"}

_NOT_WORD = re.compile(r"[^\w\s&-]+")
_MENTION = re.compile(r"<[@#!][^>]*>")


def normalise_question(text: str) -> str:
    """Lower case, no punctuation or mentions, single spaces.

    «Hvornår er næste salon??» → «hvornår er næste salon».
    """
    text = _MENTION.sub(" ", text or "").lower()
    return " ".join(_NOT_WORD.sub(" ", text).split())


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def log_question(conn: sqlite3.Connection, question: str, confident: bool, channel_kind: str | None,
                 answer_id: str | None, asked_at: dt.datetime, audience: str | None = None,
                 generated: bool = False, fallback: str | None = None) -> None:
    """Insert one question (the caller commits). Empty questions are not logged.

    ``audience`` is the label of the viewer the question was answered for (bot.audience).
    """
    text = normalise_question(question)
    if text:
        conn.execute(f"insert into {QUESTION_LOG} (asked_at, question, confident, channel_kind, answer_id, "
                     "audience, generated, fallback) values (?, ?, ?, ?, ?, ?, ?, ?)",
                     [_iso(asked_at), text, int(bool(confident)), channel_kind, answer_id, audience,
                      int(bool(generated)), fallback])


@dataclass
class UsageStats:
    days: int
    since: str
    asked: int = 0
    confident: int = 0
    up: int = 0
    down: int = 0
    gaps: list[tuple[str, int]] = field(default_factory=list)   # (normalised question, times)
    generated: int = 0                                          # answers written by the language model
    fallbacks: list[tuple[str, int]] = field(default_factory=list)   # (reason, times), most frequent first

    @property
    def confident_share(self) -> float:
        return self.confident / self.asked if self.asked else 0.0

    def as_dict(self) -> dict:
        return {"days": self.days, "since": self.since, "asked": self.asked, "confident": self.confident,
                "confident_share": round(self.confident_share, 3), "up": self.up, "down": self.down,
                "gaps": [{"question": q, "count": n} for q, n in self.gaps], "generated": self.generated,
                "fallbacks": [{"reason": r, "count": n} for r, n in self.fallbacks]}

    def lines(self) -> list[str]:
        """English summary for the CLI."""
        out = [f"Last {self.days} days (since {self.since[:10]}):",
               f"Questions: {self.asked}, answered confidently: {self.confident} "
               f"({self.confident_share:.0%})",
               f"Votes: {self.up} up, {self.down} down"]
        if self.generated or self.fallbacks:
            reasons = ", ".join(f"{r} {n}" for r, n in self.fallbacks) or "none"
            out.append(f"Written by the language model: {self.generated}; fell back to extractive: "
                       f"{sum(n for _, n in self.fallbacks)} ({reasons})")
        if self.gaps:
            out.append("Most frequent questions without a confident answer:")
            out.extend(f"  {n:>4} × {q}" for q, n in self.gaps)
        else:
            out.append("No questions without a confident answer.")
        return out


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}


def usage_stats(conn: sqlite3.Connection, days: int, now: dt.datetime, top: int = DEFAULT_GAPS) -> UsageStats:
    since = _iso(now - dt.timedelta(days=days))
    stats = UsageStats(days=days, since=since)
    tables = _tables(conn)
    if QUESTION_LOG in tables:
        asked, confident = conn.execute(
            f"select count(*), coalesce(sum(confident), 0) from {QUESTION_LOG} where asked_at >= ?",
            [since]).fetchone()
        stats.asked, stats.confident = int(asked), int(confident)
        stats.gaps = [(r[0], int(r[1])) for r in conn.execute(
            f"select question, count(*) as n, max(asked_at) as last from {QUESTION_LOG} "
            "where asked_at >= ? and confident = 0 group by question order by n desc, last desc limit ?",
            [since, top])]
        columns = {r[1] for r in conn.execute(f"pragma table_info({QUESTION_LOG})")}
        if "fallback" in columns:
            stats.generated = int(conn.execute(
                f"select count(*) from {QUESTION_LOG} where asked_at >= ? and generated = 1", [since]).fetchone()[0])
            stats.fallbacks = [(r[0], int(r[1])) for r in conn.execute(
                f"select fallback, count(*) as n from {QUESTION_LOG} where asked_at >= ? and fallback is not null "
                "group by fallback order by n desc, fallback", [since])]
    if "votes" in tables:
        up, down = conn.execute("select coalesce(sum(vote = 1), 0), coalesce(sum(vote = -1), 0) "
                                "from votes where voted_at >= ?", [since]).fetchone()
        stats.up, stats.down = int(up), int(down)
    return stats


def purge_older_than(conn: sqlite3.Connection, days: int, now: dt.datetime) -> dict[str, int]:
    """Delete rows with question text older than ``days``; returns rows deleted per table."""
    cutoff = _iso(now - dt.timedelta(days=days))
    deleted = {}
    tables = _tables(conn)
    with conn:
        for table, column in RETAINED.items():
            if table in tables:
                deleted[table] = conn.execute(f"delete from {table} where {column} < ?", [cutoff]).rowcount
    return deleted
