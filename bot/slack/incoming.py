"""Which incoming Slack messages are a person's question for the bot, and which are noise.

Ignored: the bot's own messages and other bots, edits and deletions, joins and every other
message subtype (except a thread reply also sent to the channel), and empty messages. A message
whose ``text`` is empty is read from its rich_text blocks.
"""

from __future__ import annotations

from bot.slack.rich_text import blocks_text

ANSWERABLE_SUBTYPES = {None, "thread_broadcast"}


def message_text(event: dict) -> str:
    """What the person wrote: ``text``, or – when that is empty – the message's rich_text blocks."""
    text = event.get("text") or ""
    return text if text.strip() else blocks_text(event.get("blocks"))


def is_person_message(event: dict, bot_user_id: str | None = None, *, edited_ok: bool = False) -> bool:
    """A person's own message with something in it; ``edited_ok`` lets an edited message count
    (a mention added by editing is still a question for the bot)."""
    if event.get("subtype") not in ANSWERABLE_SUBTYPES:
        return False
    if event.get("bot_id") or event.get("bot_profile") or event.get("app_id"):
        return False
    if ("edited" in event and not edited_ok) or event.get("hidden"):
        return False
    user = event.get("user")
    if not user or (bot_user_id and user == bot_user_id):
        return False
    return bool(message_text(event).strip())


def mentions_bot(text: str | None, bot_user_id: str | None) -> bool:
    return bool(bot_user_id and f"<@{bot_user_id}" in (text or ""))


def is_thread_reply(event: dict) -> bool:
    thread_ts = event.get("thread_ts")
    return bool(thread_ts and thread_ts != event.get("ts"))
