"""Reviewing held-back lessons in Slack: the list, a lesson's modal, the decisions and the rebuild after them.

Every step checks admin rights on the server (``AdminGate``); whatever a lesson holds is shown only
in a modal to the admin, and the rebuild's outcome goes to the admin's DM with the bot.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.admin.messages import failure_text, reindex_done_text
from bot.admin.review_blocks import (
    APPROVED,
    APPROVED_BUSY,
    CHANGED,
    MAX_LESSONS,
    NO_DECISION,
    NOT_FOUND,
    NOT_NEEDED,
    SAVED,
    SAVED_BUSY,
    UNDECIDED,
    lesson_modal,
    list_modal,
    message_modal,
)
from indexer import (
    AWAITING_APPROVAL,
    ReviewError,
    VidensbankError,
    build_index,
    decide_review,
    review_lesson,
    review_list,
)

log = logging.getLogger(__name__)
WHAT = "gennemgå erfaringer, der er holdt tilbage"
REFUSED_TITLE = "Kun administratorer"


class ReviewFlow:
    def __init__(self, service, admin, reindexer):
        self.service, self.admin, self.reindexer = service, admin, reindexer

    @property
    def settings(self):
        return self.service.settings

    def allowed(self, client, user: str, action: str, refuse) -> bool:
        """The server-side admin check; a refusal is polite, logged and shown with ``refuse(text)``."""
        return self.admin.check(client, user, action, refuse, what=WHAT)

    # -- what to show ------------------------------------------------------------------------------
    def _held(self) -> dict[str, tuple[int, bool]]:
        """doc id → (findings, waiting for approval) of the lessons the current build holds back."""
        held: dict[str, tuple[int, bool]] = {}
        try:
            rows = review_list(self.settings)
        except VidensbankError as exc:
            log.info("no review list (%s)", exc)
            return {}
        for row in rows:
            n, awaiting = held.get(row["doc_id"], (0, False))
            approval = row["kind"] == AWAITING_APPROVAL
            held[row["doc_id"]] = (n + (not approval), awaiting or approval)
        return held

    def held_counts(self) -> tuple[int, int]:
        """(lessons held back, of them waiting only for approval) – cheap: nothing is anonymised."""
        held = self._held()
        return len(held), sum(awaiting and not n for n, awaiting in held.values())

    def held_lessons(self) -> list[tuple[str, str, int, bool]]:
        """(doc id, title as members would see it, findings, waiting for approval) of the lessons the
        current build holds back; titles (each an anonymisation) only for those the list shows."""
        out = []
        for i, (doc_id, (n, awaiting)) in enumerate(sorted(self._held().items())):
            if i >= MAX_LESSONS:
                out.append((doc_id, "", n, awaiting))
                continue
            try:
                out.append((doc_id, review_lesson(self.settings, doc_id).title, n, awaiting))
            except (ReviewError, VidensbankError, ValueError) as exc:
                log.info("held-back %s cannot be reviewed now: %s", doc_id, exc)
        return out

    def list_view(self) -> dict:
        return list_modal(self.held_lessons())

    def lesson_view(self, doc_id: str) -> dict:
        try:
            return lesson_modal(review_lesson(self.settings, doc_id))
        except (ReviewError, VidensbankError, ValueError) as exc:
            log.info("cannot open %s for review: %s", doc_id, exc)
            return message_modal("Gennemgå erfaring", NOT_FOUND)

    def open(self, client, trigger_id: str, view: dict, parent: dict | None = None) -> None:
        """Open a modal, or push it onto the modal the admin is in."""
        try:
            if parent is not None:
                client.views_push(trigger_id=trigger_id, view=view)
            else:
                client.views_open(trigger_id=trigger_id, view=view)
        except SlackApiError as exc:
            log.warning("cannot open the review modal: %s", exc.response.get("error"))

    # -- the decisions ------------------------------------------------------------------------------
    def submit(self, client, user: str, doc_id: str, content_hash: str, choices: dict[int, str],
               approve: bool = False) -> dict:
        """Record the decisions (and an approval of the whole lesson) and start a rebuild; returns the
        view_submission ack's arguments."""
        try:
            decide_review(self.settings, doc_id, content_hash, choices, by=user, approve=approve)
        except ReviewError as exc:
            text = {"changed": CHANGED, "no_decision": NO_DECISION, "undecided": UNDECIDED,
                    "not_needed": NOT_NEEDED}.get(exc.reason, NOT_FOUND)
            return {"response_action": "update", "view": message_modal("Gennemgå erfaring", text)}
        log.info("review decisions for %s by %s: %s%s", doc_id, user, sorted(set(choices.values())),
                 " and approved" if approve else "")
        started = self.rebuild(client, user)
        done = (APPROVED if started else APPROVED_BUSY) if approve else (SAVED if started else SAVED_BUSY)
        return {"response_action": "update", "view": message_modal("Gemt", done)}

    def rebuild(self, client, user: str) -> bool:
        """An incremental rebuild after a review; progress and outcome in the admin's DM."""
        reindexer = self.reindexer
        flight = reindexer.claim(user, "incremental", "Genindekserer efter din gennemgang")
        if flight is None:
            return False
        if not reindexer.post_status(client, flight, None, user):
            reindexer.release(flight)
            return False
        service, settings = self.service, self.settings

        def job(progress):
            return build_index(settings, embedder=service.embedder, progress=progress, wait=False)

        reindexer.start(client, flight, job, on_success=lambda summary: reindex_done_text(summary),
                        on_failure=lambda exc: failure_text(exc, settings.kb_dir))
        return True
