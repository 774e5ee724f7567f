"""Which threads the bot answered in, who asked there, and the questions asked, for follow-ups.

Threads are remembered by a keyed hash of channel and thread ts, askers by their pseudonym
(``bot.state.pseudonyms``): the questions are stored next to neither a channel nor a user id.
"""

from __future__ import annotations

import datetime as dt

from bot.state.db import StateDB

CONTEXT_QUESTIONS = 3      # earlier questions passed on as context, newest last
CONTEXT_LIMIT = 600        # characters


class ThreadMemory:
    def __init__(self, state: StateDB):
        self.state = state
        self.db = state.db
        self._pseudonyms = state.pseudonyms

    def remember(self, channel_id: str, thread_keys: list[str | None], question: str,
                 answer_id: str | None, asker: str | None = None) -> None:
        """Remember the question under every ts a follow-up's thread_ts may point to."""
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        asker_hash = self._pseudonyms.user(asker) if asker else None
        rows = [{"thread_key": self._pseudonyms.thread(channel_id, ts), "asker_hash": asker_hash,
                 "question": question, "answer_id": answer_id, "created_at": now}
                for ts in dict.fromkeys(k for k in thread_keys if k)]
        with self.state.lock, self.db.conn:
            self.db["thread_questions"].insert_all(rows)

    def knows(self, channel_id: str, thread_ts: str) -> bool:
        with self.state.lock:
            return self.db.execute("select 1 from thread_questions where thread_key = ? limit 1",
                                   [self._pseudonyms.thread(channel_id, thread_ts)]).fetchone() is not None

    def asked_by(self, channel_id: str, thread_ts: str, user_id: str | None) -> bool:
        """Did this person ask one of the questions the bot answered in this thread?"""
        if not user_id:
            return False
        with self.state.lock:
            return self.db.execute(
                "select 1 from thread_questions where thread_key = ? and asker_hash = ? limit 1",
                [self._pseudonyms.thread(channel_id, thread_ts), self._pseudonyms.user(user_id)],
            ).fetchone() is not None

    def questions(self, channel_id: str, thread_ts: str) -> list[str]:
        """The questions answered in a thread, oldest first."""
        with self.state.lock:
            return [r["question"] for r in self.db.query(
                "select question from thread_questions where thread_key = ? order by id",
                [self._pseudonyms.thread(channel_id, thread_ts)])]


def context_from(questions: list[str]) -> str | None:
    """The earlier questions of a thread as one context string, or None."""
    recent = [q for q in questions if q][-CONTEXT_QUESTIONS:]
    if not recent:
        return None
    text = "\n".join(dict.fromkeys(recent))
    return text[-CONTEXT_LIMIT:]
