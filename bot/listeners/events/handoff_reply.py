"""A member's reply in a hand-off thread ("Spørg netværket"): the asker is told once, where they asked.

Registered before the general message listener and matched only for replies in threads that
begin with one of the bot's hand-offs, so the rules for answering follow-ups elsewhere stay
untouched. Repeated deliveries are harmless: telling is claimed in state.db.
"""

from __future__ import annotations

from slack_bolt import App

from bot.deps import deps_of
from bot.slack.incoming import is_thread_reply

REPLY_SUBTYPES = {None, "thread_broadcast", "file_share"}
CHANNEL_TYPES = {"channel", "group"}


def register(app: App) -> None:
    app.event("message", matchers=[is_handoff_reply])(handle_handoff_reply)


def _from_a_person(event: dict, bot_user_id: str | None) -> bool:
    if event.get("subtype") not in REPLY_SUBTYPES or event.get("bot_id") or event.get("app_id"):
        return False
    user = event.get("user")
    return bool(user) and user != bot_user_id


def is_handoff_reply(event, context) -> bool:
    deps = deps_of(context)
    if deps.handoffs is None or event.get("channel_type") not in CHANNEL_TYPES:
        return False
    if not is_thread_reply(event) or not _from_a_person(event, context.get("bot_user_id")):
        return False
    return deps.handoffs.find(event.get("channel"), event.get("thread_ts")) is not None


def handle_handoff_reply(event, client, context, logger):
    deps = deps_of(context)
    handoff = deps.handoffs.find(event["channel"], event["thread_ts"])
    if handoff is not None:
        deps.answers.submit(deps.handoffs.on_reply, client, handoff, event.get("user"))
