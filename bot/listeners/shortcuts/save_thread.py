"""Message shortcut «Gem i vidensbanken» (callback_id kb_save_thread): a thread becomes an article.

Admins only, checked here on the server; anyone else gets a polite ephemeral refusal. The modal
opens at once with "reading the thread" and is filled from a worker (bot.admin.save_thread).
"""

from __future__ import annotations

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.admin.command import admin_shortcut_prelude
from bot.admin.save_blocks import CALLBACK_ID, WHAT, loading_view
from bot.admin.save_thread import thread_of
from bot.answers.answering import APOLOGY


def register(app: App) -> None:
    app.shortcut(CALLBACK_ID)(handle_save_thread)


def handle_save_thread(ack, body, client, respond, context, logger):
    opened = admin_shortcut_prelude(ack, body, respond, client, context, CALLBACK_ID, WHAT)
    if opened is None:
        return
    deps, _, tell = opened
    thread = thread_of(body)
    if thread is None:
        return tell(APOLOGY)
    try:
        opened = client.views_open(trigger_id=body["trigger_id"], view=loading_view())
    except SlackApiError as exc:
        logger.warning("could not open the save modal: %s", exc.response.get("error"))
        return tell(APOLOGY)
    deps.answers.submit(deps.save_thread.fill, client, opened["view"]["id"], thread,
                        context.get("bot_user_id"))
