"""@Vidensbanken in a channel: answer in the message's thread (a mention inside a thread gets context).

Slack sends app_mention again when a message with a mention is edited. A message is answered once:
an edit that adds the mention gets its answer, an edit of a message already answered gets none
(both carry the message's own ts, which the delivery keys hold).
"""

from __future__ import annotations

from slack_bolt import App

from bot.answers.answering import Question
from bot.audience import is_direct_message
from bot.deps import deps_of
from bot.slack.dedupe import message_keys
from bot.slack.incoming import is_person_message, is_thread_reply, message_text
from bot.slack.text import clean_question

HELP = ("Hej! Skriv dit spørgsmål efter @Vidensbanken, fx "
        "«@Vidensbanken hvad er et strategisk partnerskab?»")


def register(app: App) -> None:
    app.event("app_mention")(handle_app_mention)


def handle_app_mention(body, event, client, context, logger):
    deps = deps_of(context)
    if not is_person_message(event, context.get("bot_user_id"), edited_ok=True):
        return
    keys = message_keys(body, event)
    if not deps.deliveries.first_time(keys):
        logger.info("ignoring a repeated delivery of %s", body.get("event_id"))
        return
    channel, ts = event["channel"], event["ts"]
    thread_ts = event.get("thread_ts") or ts
    text = clean_question(message_text(event))
    if not text:
        client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=HELP)
        deps.deliveries.done(keys)
        return
    question = Question(
        text=text, channel=channel, user=event.get("user"), ts=ts, thread_ts=thread_ts,
        channel_kind="dm" if is_direct_message(channel, event.get("channel_type")) else "channel",
        viewer=deps.audiences.for_conversation(channel, event.get("user"), event.get("channel_type")),
        context_thread=event["thread_ts"] if is_thread_reply(event) else None, delivery=tuple(keys),
    )
    deps.answers.submit(deps.answerer.answer_message, client, question)
