"""From a question to a posted answer: search, render, post, remember — with 👀 while it works.

Runs on the answer pool after Slack has been acknowledged. Any failure is logged and the member
gets a short Danish apology in the same place, never silence and never a stack trace.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from dataclasses import dataclass
from typing import Callable

from slack_sdk.errors import SlackApiError

from bot.answers.blocks import render_answer_messages, text_blocks
from bot.answers.conversation import quick_reply
from bot.answers.feedback import FeedbackStore
from bot.answers.threads import ThreadMemory, context_from
from bot.slack.text import clean_question
from indexer import Answer, Viewer

log = logging.getLogger(__name__)

APOLOGY = "Beklager – der gik noget galt, så jeg kan ikke svare lige nu. Prøv igen om lidt."
PROGRESS_REACTION = "eyes"


@dataclass(frozen=True)
class Question:
    text: str                    # plain question (see bot.slack.text.clean_question)
    channel: str
    user: str | None
    ts: str | None               # the question's own message (gets the 👀)
    thread_ts: str | None        # where the answer goes; None = top level (DMs)
    channel_kind: str            # "dm" | "channel"
    viewer: Viewer
    context_thread: str | None = None   # a thread whose earlier questions are context
    delivery: tuple[str, ...] = ()      # the Slack delivery's keys, marked done once it is answered


def with_answer_id(answer: Answer) -> Answer:
    return answer if answer.answer_id else dataclasses.replace(answer, answer_id=uuid.uuid4().hex[:12])


class Answerer:
    def __init__(self, service, feedback: FeedbackStore, threads: ThreadMemory, *, k: int = 5,
                 handoff_enabled: bool = False, deliveries=None):
        self.service = service
        self.deliveries = deliveries            # bot.state.deliveries.Deliveries
        self.feedback = feedback
        self.threads = threads
        self.k = k
        self.handoff_enabled = handoff_enabled

    def ask(self, question: str, viewer: Viewer, context: str | None = None) -> Answer:
        return with_answer_id(self.service.ask(question, viewer=viewer, k=self.k, context=context))

    # -- messages in channels, threads and DMs ---------------------------------------------------
    def answer_message(self, client, q: Question) -> None:
        try:
            self._answer_message(client, q)
        finally:                            # answered or apologised for: a retry must not answer again
            if self.deliveries is not None and q.delivery:
                self.deliveries.done(list(q.delivery))

    def _answer_message(self, client, q: Question) -> None:
        reply = quick_reply(q.text)
        if reply is not None:               # small talk or too long: a word back, nothing searched or logged
            self._say(client, q, reply)
            return
        reacted = self._reaction(client.reactions_add, q)
        try:
            answer = self.ask(q.text, q.viewer, self.context_for(client, q))
            posted = []
            for message in render_answer_messages(answer, handoff=self.handoff_enabled):
                response = client.chat_postMessage(channel=q.channel, thread_ts=q.thread_ts,
                                                   unfurl_links=False, unfurl_media=False, **message)
                posted.append(response.get("ts"))
            log.info("answered %s in %s (level=%s)", answer.answer_id, q.channel, answer.level)
            self._remember(answer, q, posted)
        except SlackApiError as exc:       # Slack refused the post (restricted_action, is_archived …)
            log.warning("could not post the answer in %s: %s", q.channel, exc.response.get("error"))
            self._apologise(client, q)
        except Exception:
            log.exception("could not answer a question in %s", q.channel)
            self._apologise(client, q)
        finally:
            if reacted:
                self._reaction(client.reactions_remove, q)

    def context_for(self, client, q: Question) -> str | None:
        """Earlier questions of the thread; for a thread the bot has not seen, its first message."""
        if not q.context_thread:
            return None
        questions = self.threads.questions(q.channel, q.context_thread)
        if questions:
            return context_from(questions)
        try:
            replies = client.conversations_replies(channel=q.channel, ts=q.context_thread, limit=1)
        except SlackApiError as exc:
            log.warning("no context for thread %s: %s", q.context_thread, exc.response.get("error"))
            return None
        messages = replies.get("messages") or []
        if not messages or messages[0].get("ts") == q.ts:
            return None
        return clean_question(messages[0].get("text")) or None

    def _remember(self, answer: Answer, q: Question, posted: list[str | None]) -> None:
        try:
            self.feedback.record_answer(answer, channel_kind=q.channel_kind, thread_ts=q.thread_ts,
                                        message_ts=posted[0] if posted else None, viewer=q.viewer.label())
            # A follow-up's thread_ts is the question's ts (channels) or any of our answers (DMs).
            self.threads.remember(q.channel, [q.thread_ts, q.ts, *posted], answer.question or q.text,
                                  answer.answer_id, asker=q.user)
        except Exception:
            log.exception("answer %s was posted but could not be stored", answer.answer_id)

    def _apologise(self, client, q: Question) -> None:
        self._say(client, q, APOLOGY)

    def _say(self, client, q: Question, text: str) -> None:
        try:
            client.chat_postMessage(channel=q.channel, thread_ts=q.thread_ts, text=text,
                                    blocks=text_blocks(text))
        except SlackApiError as exc:
            log.warning("could not post a reply in %s: %s", q.channel, exc.response.get("error"))
        except Exception:
            log.exception("could not post a reply in %s", q.channel)

    @staticmethod
    def _reaction(method: Callable, q: Question) -> bool:
        if not q.ts:
            return False
        try:
            method(channel=q.channel, timestamp=q.ts, name=PROGRESS_REACTION)
            return True
        except SlackApiError as exc:   # e.g. already_reacted, missing scope: not worth an apology
            log.info("reaction %s failed: %s", getattr(method, "__name__", method),
                     exc.response.get("error"))
            return False

    # -- /spørg: ephemeral answers via response_url --------------------------------------------------
    def answer_command(self, respond, question: str, viewer: Viewer, *, channel: str | None,
                       user: str | None, shareable: bool = True) -> None:
        reply = quick_reply(question)
        if reply is not None:
            respond(response_type="ephemeral", replace_original=True, text=reply)
            return
        try:
            answer = self.ask(question, viewer)
            messages = render_answer_messages(answer, show_question=True, shareable=shareable,
                                              handoff=self.handoff_enabled)
            try:
                self.feedback.record_answer(answer, channel_kind="command", viewer=viewer.label())
            except Exception:
                log.exception("answer %s could not be stored; it cannot be shared", answer.answer_id)
            for i, message in enumerate(messages):
                respond(response_type="ephemeral", replace_original=(i == 0), **message)
        except Exception:
            log.exception("could not answer /spørg in %s", channel)
            try:
                respond(response_type="ephemeral", replace_original=True, text=APOLOGY)
            except Exception:
                log.exception("could not even send the apology for /spørg")
