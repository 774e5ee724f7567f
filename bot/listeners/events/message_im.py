"""Messages: every DM to the bot is answered; in channels, only a follow-up in a thread the bot
answered, from a person who asked there, that reads as a question.

People talking to each other under an answer ("fedt, det prøver vi") are left alone. A channel
reply that mentions the bot is left to app_mention, so one message gets one answer. A file sent
in a DM (subtype file_share) goes to the upload handler; a question a member (not an admin) wrote
with it is answered like any DM.
"""

from __future__ import annotations

from slack_bolt import App

from bot.answers.answering import Question
from bot.answers.conversation import reads_as_question
from bot.deps import deps_of
from bot.listeners.events.file_share import handle_file_share, is_dm_file_share
from bot.slack.dedupe import message_keys
from bot.slack.incoming import is_person_message, is_thread_reply, mentions_bot, message_text
from bot.slack.text import clean_question

FOLLOW_UP_CHANNEL_TYPES = {"channel", "group"}


def register(app: App) -> None:
    app.event("message")(handle_message)


def handle_message(body, event, client, context, logger):
    deps = deps_of(context)
    if is_dm_file_share(event):
        if handle_file_share(body, event, client, context, logger):     # the file refused, the question left
            thread_ts = event.get("thread_ts") if is_thread_reply(event) else None
            _submit(deps, client, event, "dm", deps.audiences.for_user(event["user"]), thread_ts,
                    message_keys(body, event))
        return
    bot_user_id = context.get("bot_user_id")
    if not is_person_message(event, bot_user_id):
        return
    channel, user = event["channel"], event.get("user")
    channel_type = event.get("channel_type")
    thread_ts = event.get("thread_ts") if is_thread_reply(event) else None
    if channel_type == "im":
        kind, viewer = "dm", deps.audiences.for_user(user)
    elif channel_type in FOLLOW_UP_CHANNEL_TYPES:
        if (not thread_ts or mentions_bot(message_text(event), bot_user_id)
                or not reads_as_question(clean_question(message_text(event)))
                or not deps.threads.asked_by(channel, thread_ts, user)):
            return
        kind, viewer = "channel", deps.audiences.for_channel(channel)
    else:           # group DMs and anything new: only mentions (app_mention) get answers
        return
    keys = message_keys(body, event)
    if not deps.deliveries.first_time(keys):
        logger.info("ignoring a repeated delivery of %s", body.get("event_id"))
        return
    _submit(deps, client, event, kind, viewer, thread_ts, keys)


def _submit(deps, client, event: dict, kind: str, viewer, thread_ts: str | None, keys: list[str]) -> None:
    """Answer the message's question on the answer pool (its delivery already claimed)."""
    text = clean_question(message_text(event))
    if not text:
        return
    question = Question(text=text, channel=event["channel"], user=event.get("user"), ts=event["ts"],
                        thread_ts=thread_ts, channel_kind=kind, viewer=viewer, context_thread=thread_ts,
                        delivery=tuple(keys))
    deps.answers.submit(deps.answerer.answer_message, client, question)
