"""Replies in a hand-off thread: tell the asker once, where they asked, that the network answered.

The notice holds no reply text, only a link to the hand-off thread: the replies stay in the
hand-off channel and are never copied to a wider audience. Telling is claimed in state.db
before posting (``notified_at``), so two replies at once or a repeated delivery tell once; a
failed post releases the claim so the next reply tries again. Once told, the asker's DM target
is forgotten.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Callable

from slack_sdk.errors import SlackApiError

from bot.answers.feedback import FeedbackStore
from bot.slack.text import link, safe, truncate
from bot.state.db import StateDB

log = logging.getLogger(__name__)

NOTICE = "Der er kommet svar fra netværket"


@dataclass(frozen=True)
class Handoff:
    answer_id: str
    question: str | None          # None once the answer has passed the retention period
    user_hash: str
    channel_id: str | None
    message_ts: str | None
    notify_channel: str | None
    notify_thread_ts: str | None
    created_at: str
    replied_at: str | None
    notified_at: str | None
    saved_doc_id: str | None


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


_SELECT = ("select h.answer_id, a.question, h.user_hash, h.channel_id, h.message_ts, h.notify_channel, "
           "h.notify_thread_ts, h.created_at, h.replied_at, h.notified_at, h.saved_doc_id "
           "from handoffs h left join answers a on a.answer_id = h.answer_id")


class HandoffReplies:
    def __init__(self, state: StateDB, feedback: FeedbackStore,
                 clock: Callable[[], dt.datetime] = _utc_now):
        self.state, self.db, self.feedback, self.clock = state, state.db, feedback, clock

    # -- the handoffs table --------------------------------------------------------------------------
    def find(self, channel_id: str | None, thread_ts: str | None) -> Handoff | None:
        """The hand-off posted as this thread's first message, if it is one."""
        if not channel_id or not thread_ts:
            return None
        with self.state.lock:
            rows = list(self.db.query(f"{_SELECT} where h.channel_id = ? and h.message_ts = ?",
                                      [channel_id, thread_ts]))
        return Handoff(**rows[0]) if rows else None

    def _claim_notice(self, answer_id: str) -> bool:
        now = self.clock().isoformat(timespec="seconds")
        with self.state.lock, self.db.conn:
            self.db.execute("update handoffs set replied_at = coalesce(replied_at, ?) where answer_id = ?",
                            [now, answer_id])
            return self.db.execute("update handoffs set notified_at = ? where answer_id = ? "
                                   "and notified_at is null", [now, answer_id]).rowcount == 1

    def _release_notice(self, answer_id: str) -> None:
        with self.state.lock, self.db.conn:
            self.db.execute("update handoffs set notified_at = null where answer_id = ?", [answer_id])

    def _forget_target(self, answer_id: str) -> None:
        with self.state.lock, self.db.conn:
            self.db.execute("update handoffs set notify_channel = null, notify_thread_ts = null "
                            "where answer_id = ?", [answer_id])

    def mark_saved(self, channel_id: str, thread_ts: str, doc_id: str) -> bool:
        """Record that the thread became an article; False when it is not a hand-off thread."""
        with self.state.lock, self.db.conn:
            return self.db.execute("update handoffs set saved_doc_id = ? where channel_id = ? and message_ts = ?",
                                   [doc_id, channel_id, thread_ts]).rowcount > 0

    # -- a reply arrived ---------------------------------------------------------------------------------
    def on_reply(self, client, handoff: Handoff, replier: str | None) -> bool:
        """Tell the asker about the first reply by someone else; True when the notice was posted now."""
        if not replier or self.feedback.user_hash(replier) == handoff.user_hash:
            return False                   # the asker adding to their own question is no answer
        if not self._claim_notice(handoff.answer_id):
            return False
        if not handoff.notify_channel:
            log.info("hand-off %s got a reply; nowhere to tell the asker", handoff.answer_id)
            return False
        try:
            client.chat_postMessage(channel=handoff.notify_channel, thread_ts=handoff.notify_thread_ts,
                                    unfurl_links=False, unfurl_media=False,
                                    **notice_message(handoff, self._permalink(client, handoff)))
        except SlackApiError as exc:
            log.warning("could not tell the asker of hand-off %s about a reply (%s); next reply retries",
                        handoff.answer_id, exc.response.get("error"))
            self._release_notice(handoff.answer_id)
            return False
        self._forget_target(handoff.answer_id)
        log.info("told the asker of hand-off %s that the network replied", handoff.answer_id)
        return True

    @staticmethod
    def _permalink(client, handoff: Handoff) -> str | None:
        try:
            return client.chat_getPermalink(channel=handoff.channel_id,
                                            message_ts=handoff.message_ts).get("permalink")
        except SlackApiError as exc:
            log.info("no permalink for hand-off %s: %s", handoff.answer_id, exc.response.get("error"))
            return None


def notice_message(handoff: Handoff, permalink: str | None) -> dict:
    """chat.postMessage kwargs: the notice and a link to the thread; never the replies themselves."""
    where = f"<#{handoff.channel_id}>" if (handoff.channel_id or "")[:1] in "CG" else "netværkskanalen"
    about = f" på dit spørgsmål «{truncate(safe(handoff.question), 200)}»" if handoff.question else ""
    go = link(permalink, "Se svarene i tråden") if permalink else f"Se svarene i tråden i {where}"
    text = f":speech_balloon: *{NOTICE}*{about}. {go}."
    return {"text": f"{NOTICE}{about}.",
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}
