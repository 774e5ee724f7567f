"""Which threads the bot answered in, and the questions asked there, for follow-up context."""

from __future__ import annotations

import datetime as dt

from bot.state.db import StateDB

CONTEXT_QUESTIONS = 3      # earlier questions passed on as context, newest last
CONTEXT_LIMIT = 600        # characters


class ThreadMemory:
    def __init__(self, state: StateDB):
        self.state = state
        self.db = state.db

    def remember(self, channel_id: str, thread_keys: list[str | None], question: str,
                 answer_id: str | None) -> None:
        """Remember the question under every ts a follow-up's thread_ts may point to."""
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        rows = [{"channel_id": channel_id, "thread_ts": ts, "question": question,
                 "answer_id": answer_id, "created_at": now}
                for ts in dict.fromkeys(k for k in thread_keys if k)]
        with self.state.lock, self.db.conn:
            self.db["thread_questions"].insert_all(rows)

    def knows(self, channel_id: str, thread_ts: str) -> bool:
        with self.state.lock:
            return self.db.execute(
                "select 1 from thread_questions where channel_id = ? and thread_ts = ? limit 1",
                [channel_id, thread_ts]).fetchone() is not None

    def questions(self, channel_id: str, thread_ts: str) -> list[str]:
        """The questions answered in a thread, oldest first."""
        with self.state.lock:
            return [r["question"] for r in self.db.query(
                "select question from thread_questions where channel_id = ? and thread_ts = ? "
                "order by id", [channel_id, thread_ts])]


def context_from(questions: list[str]) -> str | None:
    """The earlier questions of a thread as one context string, or None."""
    recent = [q for q in questions if q][-CONTEXT_QUESTIONS:]
    if not recent:
        return None
    text = "\n".join(dict.fromkeys(recent))
    return text[-CONTEXT_LIMIT:]
