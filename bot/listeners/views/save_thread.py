"""«Gem» in the «Gem i vidensbanken» modal: problems are shown in the modal, a valid article is saved."""

from __future__ import annotations

from slack_bolt import App

from bot.admin.gate import refusal
from bot.admin.save_blocks import TITLE, VIEW_CALLBACK_ID, WHAT
from bot.deps import deps_of


def register(app: App) -> None:
    app.view(VIEW_CALLBACK_ID)(handle_submission)


def handle_submission(ack, body, view, client, context, logger):
    deps = deps_of(context)
    user = (body.get("user") or {}).get("id")
    if not deps.admin.is_admin(client, user):
        logger.warning("refused saving a thread for user %s (not an admin)", user)
        return ack(response_action="errors", errors={TITLE: refusal(WHAT)})
    response, start = deps.save_thread.submit(client, user, view)
    ack(**response)
    if start is not None:
        start()
