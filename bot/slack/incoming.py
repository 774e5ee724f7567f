"""Which incoming Slack messages are a person's question for the bot, and which are noise.

Ignored: the bot's own messages and other bots, edits and deletions, joins and every other
message subtype (except a thread reply also sent to the channel), and empty messages.
"""

from __future__ import annotations

ANSWERABLE_SUBTYPES = {None, "thread_broadcast"}


def is_person_message(event: dict, bot_user_id: str | None = None) -> bool:
    if event.get("subtype") not in ANSWERABLE_SUBTYPES:
        return False
    if event.get("bot_id") or event.get("bot_profile") or event.get("app_id"):
        return False
    if "edited" in event or event.get("hidden"):
        return False
    user = event.get("user")
    if not user or (bot_user_id and user == bot_user_id):
        return False
    return bool((event.get("text") or "").strip())


def mentions_bot(text: str | None, bot_user_id: str | None) -> bool:
    return bool(bot_user_id and f"<@{bot_user_id}" in (text or ""))


def is_thread_reply(event: dict) -> bool:
    thread_ts = event.get("thread_ts")
    return bool(thread_ts and thread_ts != event.get("ts"))
