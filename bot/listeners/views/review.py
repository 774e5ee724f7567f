"""The submitted lesson modal: each flagged span's decision (and, with VIDENSBANK_REVIEW_LESSONS=all, the
approval of the whole lesson), stored with who and when, then a rebuild."""

from __future__ import annotations

from slack_bolt import App

from bot.admin.review import REFUSED_TITLE
from bot.admin.review_blocks import (
    APPROVE_BLOCK,
    NO_DECISION,
    UNDECIDED,
    VIEW_LESSON,
    approval_chosen,
    chosen_decisions,
    message_modal,
)
from bot.answers.answering import APOLOGY
from bot.deps import deps_of
from bot.slack.views import view_metadata


def register(app: App) -> None:
    app.view(VIEW_LESSON)(handle_decisions)


def handle_decisions(ack, body, view, client, context, logger):
    flow = deps_of(context).reviews
    user = body["user"]["id"]
    refused: list[str] = []
    if not flow.allowed(client, user, VIEW_LESSON, refused.append):
        return ack(response_action="update", view=message_modal(REFUSED_TITLE, refused[0]))
    choices = chosen_decisions(view)
    meta = view_metadata(view)
    approve = approval_chosen(view, meta)
    spans = [b["block_id"] for b in view.get("blocks", []) if b.get("block_id", "").startswith("span-")]
    if approve and any(choices.get(int(s[len("span-"):])) not in ("allow", "replace") for s in spans):
        return ack(response_action="errors", errors={APPROVE_BLOCK: UNDECIDED})
    if not choices and not approve and spans:
        return ack(response_action="errors", errors={spans[0]: NO_DECISION})
    try:
        reply = flow.submit(client, user, meta.get("doc_id", ""), meta.get("content_hash", ""), choices, approve)
    except Exception:
        logger.exception("review decisions for %s could not be stored", meta.get("doc_id"))
        reply = {"response_action": "update", "view": message_modal("Gennemgå erfaring", APOLOGY)}
    ack(**reply)
