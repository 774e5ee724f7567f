"""«Gem i vidensbanken»: a Slack thread → a draft Q&A article in a modal → saved and indexed.

The shortcut opens a modal at once (Slack's trigger expires after 3 s) and fills it from a
worker: the thread is read with conversations.replies and drafted by ``bot.admin.thread_draft``.
On «Gem» the form is checked (empty title or text, a title already in use, a Slack user id) and
answered in the modal itself; a valid article claims the single rebuild flight, is written by
``indexer.add_article`` (atomic, removed again if the build fails) and the admin follows
progress and the outcome in their DM with the bot.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass
from typing import Callable

from slack_sdk.errors import SlackApiError

from bot.admin.messages import failure_text
from bot.admin.save_blocks import (
    AUDIENCE,
    BODY,
    BUSY,
    DUPLICATE_TITLE,
    EMPTY_BODY,
    EMPTY_TITLE,
    FINDINGS,
    HAS_USER_ID,
    INVALID,
    NEW_TAGS,
    NO_REPLIES,
    TAGS,
    TITLE,
    TRUNCATED,
    audience_options,
    form_view,
    problem_view,
    read_problem,
    saved_text,
    saving_view,
)
from bot.admin.thread_draft import SLACK_USER_ID, ThreadUnreadable, draft_article, read_thread
from bot.admin.upload_blocks import problem_text
from bot.answers.answering import APOLOGY
from bot.audience import is_direct_message
from indexer import ArticleError, NewArticle, add_article, check_new_article, list_articles

log = logging.getLogger(__name__)

SOURCE = "netværket"


@dataclass(frozen=True)
class ThreadRef:
    channel: str
    thread_ts: str

    def metadata(self) -> str:
        return json.dumps({"channel": self.channel, "thread_ts": self.thread_ts})

    @classmethod
    def from_metadata(cls, text: str) -> "ThreadRef":
        data = json.loads(text or "{}")
        return cls(channel=data["channel"], thread_ts=data["thread_ts"])


def thread_of(body: dict) -> ThreadRef | None:
    """The thread a message shortcut was used in (the message's own thread when it starts one)."""
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id")
    ts = message.get("thread_ts") or message.get("ts") or body.get("message_ts")
    return ThreadRef(channel, ts) if channel and ts else None


def _value(values: dict, block: str) -> dict:
    return (values.get(block) or {}).get("value") or {}


def _tags(values: dict) -> list[str]:
    chosen = [o["value"] for o in _value(values, TAGS).get("selected_options") or []]
    typed = (_value(values, NEW_TAGS).get("value") or "").replace(";", ",").split(",")
    tags = [" ".join(t.lower().split()) for t in chosen + typed]
    return list(dict.fromkeys(t for t in tags if t))


class SaveThreadFlow:
    def __init__(self, service, reindexer, audiences, handoffs, clock: Callable):
        self.service = service
        self.reindexer = reindexer
        self.audiences = audiences       # bot.audience.AudienceResolver: directory and channel levels
        self.handoffs = handoffs         # bot.answers.handoff_replies.HandoffReplies
        self.clock = clock

    @property
    def kb_dir(self):
        return self.service.settings.kb_dir

    # -- filling the modal ------------------------------------------------------------------------
    def fill(self, client, view_id: str, thread: ThreadRef, bot_user_id: str | None) -> None:
        """Read the thread and replace the loading modal with the form (or with the problem)."""
        try:
            view = self._form(client, thread, bot_user_id)
        except ThreadUnreadable as exc:
            log.info("cannot read thread %s/%s: %s", thread.channel, thread.thread_ts, exc.error)
            view = problem_view(read_problem(exc.error))
        except Exception:
            log.exception("could not draft an article from %s/%s", thread.channel, thread.thread_ts)
            view = problem_view(APOLOGY)
        try:
            client.views_update(view_id=view_id, view=view)
        except SlackApiError as exc:
            log.warning("could not show the draft (modal closed?): %s", exc.response.get("error"))

    def _form(self, client, thread: ThreadRef, bot_user_id: str | None) -> dict:
        messages = read_thread(client, thread.channel, thread.thread_ts)
        handoff = self.handoffs.find(thread.channel, thread.thread_ts) if self.handoffs else None
        directory = self.audiences.directory()
        draft = draft_article(messages, kb_dir=self.kb_dir, directory=directory, bot_user_id=bot_user_id,
                              handoff_question=handoff.question if handoff else None)
        where = "din DM" if is_direct_message(thread.channel) else f"<#{thread.channel}>"
        notes = [f"Udkast fra tråden i {where} · {draft.replies} svar. Navne er erstattet af roller "
                 "eller fjernet – ret teksten til, før du gemmer."]
        if not draft.replies:
            notes.append(NO_REPLIES)
        if draft.findings:
            notes.append(FINDINGS.format(n=draft.findings))
        if draft.truncated:
            notes.append(TRUNCATED)
        partnerships = [(p.id, p.name) for p in getattr(directory, "partnerships", ())]
        return form_view(draft, metadata=ThreadRef(thread.channel, thread.thread_ts).metadata(),
                         tags=self._known_tags(), audiences=audience_options(partnerships),
                         audience=self._default_audience(thread.channel), notes=notes)

    def _known_tags(self) -> list[str]:
        counts = Counter(t for article in list_articles(self.kb_dir) for t in article.tags)
        return [t for t, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]

    def _default_audience(self, channel: str) -> str:
        """The network; a thread from one partnership's channel stays within that partnership."""
        viewer = self.audiences.for_channel(channel)
        if not is_direct_message(channel) and len(viewer.partnerships) == 1:
            return "partnership:" + next(iter(viewer.partnerships))
        return "network"

    # -- «Gem» ---------------------------------------------------------------------------------------
    def submit(self, client, user: str, view: dict) -> tuple[dict, Callable[[], None] | None]:
        """(the ack's response, what to start after the ack); errors keep the modal open."""
        values = (view.get("state") or {}).get("values") or {}
        try:
            thread = ThreadRef.from_metadata(view.get("private_metadata"))
        except (ValueError, KeyError, TypeError):
            log.warning("a save form without its thread (private_metadata %r)", view.get("private_metadata"))
            return {"response_action": "errors", "errors": {TITLE: APOLOGY}}, None
        title = " ".join((_value(values, TITLE).get("value") or "").split())
        body = (_value(values, BODY).get("value") or "").strip()
        audience = (_value(values, AUDIENCE).get("selected_option") or {}).get("value") or "network"
        errors = {}
        if not title:
            errors[TITLE] = EMPTY_TITLE
        elif SLACK_USER_ID.search(title):
            errors[TITLE] = HAS_USER_ID
        if not body:
            errors[BODY] = EMPTY_BODY
        elif SLACK_USER_ID.search(body):
            errors[BODY] = HAS_USER_ID
        if errors:
            return {"response_action": "errors", "errors": errors}, None
        tags = _tags(values)
        provenance = {"source": SOURCE, "channel": thread.channel, "thread": thread.thread_ts}
        article = NewArticle(title=title, body=body + "\n", date=self.clock().date().isoformat(), authors=[],
                             audience=audience, extra={**({"tags": tags} if tags else {}), **provenance})
        try:
            check_new_article(self.kb_dir, article)
        except ArticleError as exc:
            message = (DUPLICATE_TITLE.format(doc_id=exc.existing) if exc.reason == "duplicate_title"
                       else INVALID.format(detail=exc))
            return {"response_action": "errors", "errors": {TITLE: message}}, None
        flight = self.reindexer.claim(user, "add", f"Gemmer «{title}» og genindekserer")
        if flight is None:
            return {"response_action": "errors", "errors": {BODY: BUSY}}, None
        return ({"response_action": "update", "view": saving_view(title)},
                lambda: self._save(client, user, flight, article, thread))

    def _save(self, client, user: str, flight, article: NewArticle, thread: ThreadRef) -> None:
        settings = self.service.settings
        self.reindexer.post_status(client, flight, None, user)

        def job(progress):
            return add_article(settings, article, embedder=self.service.embedder, progress=progress, wait=False)

        def on_success(result) -> str:
            if self.handoffs is not None:
                self.handoffs.mark_saved(thread.channel, thread.thread_ts, result.doc_id)
            log.info("thread %s/%s saved as %s by %s", thread.channel, thread.thread_ts, result.doc_id, user)
            return saved_text(article.title, result.doc_id, result.summary, self._permalink(client, thread))

        def on_failure(exc: Exception) -> str:
            if isinstance(exc, ArticleError):
                return "❌ " + problem_text(exc.reason, article.title, exc.existing or str(exc))
            return failure_text(exc, settings.kb_dir, heading=f"«{article.title}» blev ikke gemt.")

        self.reindexer.start(client, flight, job, on_success=on_success, on_failure=on_failure)

    @staticmethod
    def _permalink(client, thread: ThreadRef) -> str | None:
        try:
            return client.chat_getPermalink(channel=thread.channel, message_ts=thread.thread_ts).get("permalink")
        except SlackApiError as exc:
            log.info("no permalink for %s/%s: %s", thread.channel, thread.thread_ts, exc.response.get("error"))
            return None
