"""What the bot answered and what members thought of it: answers, 👍/👎 votes, reasons, hand-offs.

Slack user ids are stored only as pseudonyms (a keyed hash whose key is not in state.db, see
``bot.state.pseudonyms``): enough for "the last vote per user and answer wins", for counting and
for ``forget-user``, not for telling who voted what from a copy of the database. Every answered
question also goes into the question log (``bot.state.usage``) without any user or channel id, for
``/kb-stats``. All of it is deleted after the retention period.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import Callable

from bot.state.db import StateDB
from bot.state.usage import log_question
from indexer import Answer, Citation, NearestDocument

UP, DOWN = 1, -1
MAX_REASON = 1000


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class AnswerRecord:
    answer_id: str
    question: str
    channel_kind: str
    thread_ts: str | None
    message_ts: str | None
    answer: Answer
    viewer: str | None = None          # the audience level it was searched at (label); None before it was kept


def answer_from_dict(data: dict) -> Answer:
    return Answer(
        question=data["question"], answer=data["answer"], confident=bool(data["confident"]),
        citations=[Citation(**c) for c in data.get("citations", [])],
        nearest=[NearestDocument(**d) for d in data.get("nearest", [])],
        answer_id=data.get("answer_id", ""),
        level=data.get("level", ""),    # answers stored before levels existed: from "confident"
        generated=bool(data.get("generated")), fallback=data.get("fallback"),
    )


class FeedbackStore:
    def __init__(self, state: StateDB, clock: Callable[[], dt.datetime] = _utc_now):
        self.state = state
        self.db = state.db
        self._clock = clock
        self._pseudonyms = state.pseudonyms

    def _now(self) -> str:
        return self._clock().isoformat(timespec="seconds")

    def user_hash(self, user_id: str) -> str:
        return self._pseudonyms.user(user_id)

    def record_answer(self, answer: Answer, *, channel_kind: str, thread_ts: str | None = None,
                      message_ts: str | None = None, viewer: str | None = None) -> None:
        """Store an answer (to share or hand off later) and log its question; never the channel."""
        row = {
            "answer_id": answer.answer_id, "created_at": self._now(), "question": answer.question,
            "confident": int(bool(answer.confident)),
            "passage_ids": json.dumps([c.passage_id for c in answer.citations]),
            "doc_ids": json.dumps([c.doc_id for c in answer.citations]),
            "channel_kind": channel_kind, "thread_ts": thread_ts,
            "message_ts": message_ts, "viewer": viewer,
            "answer_json": json.dumps(dataclasses.asdict(answer), ensure_ascii=False),
        }
        with self.state.lock, self.db.conn:
            self.db["answers"].insert(row, replace=True)
            log_question(self.db.conn, answer.question, answer.confident, channel_kind, answer.answer_id,
                         self._clock(), audience=viewer, generated=answer.generated, fallback=answer.fallback)

    def set_message(self, answer_id: str, message_ts: str | None, thread_ts: str | None = None) -> None:
        with self.state.lock, self.db.conn:
            self.db.execute("update answers set message_ts = ?, thread_ts = ? where answer_id = ?",
                            [message_ts, thread_ts, answer_id])

    def get_answer(self, answer_id: str) -> AnswerRecord | None:
        with self.state.lock:
            rows = list(self.db.query("select * from answers where answer_id = ?", [answer_id]))
        if not rows:
            return None
        row = rows[0]
        return AnswerRecord(
            answer_id=row["answer_id"], question=row["question"], channel_kind=row["channel_kind"],
            thread_ts=row["thread_ts"], message_ts=row["message_ts"],
            answer=answer_from_dict(json.loads(row["answer_json"])), viewer=row.get("viewer"),
        )

    def record_vote(self, answer_id: str, user_id: str, vote: int) -> None:
        """Store 👍 (+1) or 👎 (-1); a later vote by the same user on the same answer replaces it."""
        if vote not in (UP, DOWN):
            raise ValueError(f"vote must be {UP} or {DOWN}, not {vote!r}")
        with self.state.lock, self.db.conn:
            self.db["votes"].upsert({"answer_id": answer_id, "user_hash": self.user_hash(user_id),
                                     "vote": vote, "voted_at": self._now()},
                                    pk=("answer_id", "user_hash"))

    def record_reason(self, answer_id: str, user_id: str, reason: str) -> bool:
        reason = (reason or "").strip()[:MAX_REASON]
        if not reason:
            return False
        with self.state.lock, self.db.conn:
            self.db["reasons"].insert({"answer_id": answer_id, "user_hash": self.user_hash(user_id),
                                       "reason": reason, "created_at": self._now()})
        return True

    def claim_handoff(self, answer_id: str, user_id: str, channel: str) -> bool:
        """Record that this answer's question goes to the network; False if it already went."""
        with self.state.lock, self.db.conn:
            cursor = self.db.execute(
                "insert or ignore into handoffs (answer_id, user_hash, channel, created_at) "
                "values (?, ?, ?, ?)", [answer_id, self.user_hash(user_id), channel, self._now()])
            return cursor.rowcount == 1

    def release_handoff(self, answer_id: str) -> None:
        """Undo a claim whose post failed, so the member can try again."""
        with self.state.lock, self.db.conn:
            self.db.execute("delete from handoffs where answer_id = ?", [answer_id])

    def set_handoff_message(self, answer_id: str, message_ts: str | None, *, channel_id: str | None = None,
                            notify_channel: str | None = None, notify_thread_ts: str | None = None) -> None:
        """Where the hand-off was posted, and where the asker is told when the network replies."""
        with self.state.lock, self.db.conn:
            self.db.execute("update handoffs set message_ts = ?, channel_id = ?, notify_channel = ?, "
                            "notify_thread_ts = ? where answer_id = ?",
                            [message_ts, channel_id, notify_channel, notify_thread_ts, answer_id])

    def votes(self, answer_id: str) -> dict[str, int]:
        with self.state.lock:
            rows = list(self.db.query(
                "select sum(vote = 1) as up, sum(vote = -1) as down from votes where answer_id = ?",
                [answer_id]))
        return {"up": rows[0]["up"] or 0, "down": rows[0]["down"] or 0}

    def reasons(self, answer_id: str) -> list[str]:
        with self.state.lock:
            return [r["reason"] for r in self.db.query(
                "select reason from reasons where answer_id = ? order by id", [answer_id])]
