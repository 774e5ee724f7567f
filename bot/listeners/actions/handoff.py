""""Spørg netværket": post the question (with a link to its thread) in the hand-off channel.

The hand-off remembers where the asker should hear about replies (bot.answers.handoff_replies).
"""

from __future__ import annotations

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.answers.answering import APOLOGY
from bot.answers.blocks import ACTION_HANDOFF, handoff_message
from bot.audience import is_direct_message
from bot.deps import deps_of

NOT_CONFIGURED = ("Der er ikke sat en kanal op til spørgsmål til netværket. "
                  "Kontakt projektteamet bag Vidensbanken.")
ALREADY = "Dit spørgsmål er allerede sendt videre til netværket."
GONE = "Beklager, jeg kan ikke finde spørgsmålet længere. Stil det gerne igen."


def register(app: App) -> None:
    app.action(ACTION_HANDOFF)(handle_handoff)


def passed_on(channel_id: str) -> str:
    where = f"<#{channel_id}>" if channel_id[:1] in "CG" and channel_id.isalnum() else f"#{channel_id}"
    return f"Tak! Jeg har sendt dit spørgsmål videre til netværket i {where}. Svarene kommer dér."


def _answer_place(body: dict) -> tuple[str | None, str | None, str | None]:
    """(channel, thread or message ts, the answer's own thread) of the answer; Nones when ephemeral."""
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
    ts = message.get("thread_ts") or message.get("ts") or container.get("message_ts")
    if container.get("is_ephemeral") or not channel or not ts:
        return None, None, None
    return channel, ts, message.get("thread_ts")


def notify_target(body: dict, user: str) -> tuple[str, str | None]:
    """Where the asker hears that the network replied: the answer's thread, the DM, or (for a
    private /spørg answer, which has no place) the asker's DM with the bot."""
    channel, ts, thread_ts = _answer_place(body)
    if channel is None:
        return user, None
    if is_direct_message(channel):
        return channel, thread_ts
    return channel, thread_ts or ts


def _permalink(client, body: dict, logger) -> str | None:
    """A link to the thread the answer sits in; None for ephemeral (/spørg) answers."""
    channel, ts, _ = _answer_place(body)
    if channel is None:
        return None
    try:
        return client.chat_getPermalink(channel=channel, message_ts=ts).get("permalink")
    except SlackApiError as exc:
        logger.warning("no permalink for %s/%s: %s", channel, ts, exc.response.get("error"))
        return None


def handle_handoff(ack, body, action, client, respond, context, logger):
    ack()
    deps = deps_of(context)
    target = deps.settings.handoff_channel
    answer_id, user = action["value"], body["user"]["id"]

    def tell(text: str) -> None:
        respond(response_type="ephemeral", replace_original=False, text=text)

    if not target:
        return tell(NOT_CONFIGURED)
    record = deps.feedback.get_answer(answer_id)
    if record is None:
        return tell(GONE)
    if not deps.feedback.claim_handoff(answer_id, user, target):
        return tell(ALREADY)
    try:
        posted = client.chat_postMessage(channel=target, unfurl_links=False,
                                         **handoff_message(record.question, user,
                                                           _permalink(client, body, logger)))
    except SlackApiError as exc:
        logger.error("could not post to the hand-off channel %s: %s (is the bot invited there?)",
                     target, exc.response.get("error"))
        deps.feedback.release_handoff(answer_id)
        return tell(APOLOGY)
    notify_channel, notify_thread_ts = notify_target(body, user)
    deps.feedback.set_handoff_message(answer_id, posted.get("ts"), channel_id=posted.get("channel") or target,
                                      notify_channel=notify_channel, notify_thread_ts=notify_thread_ts)
    tell(passed_on(posted.get("channel") or target))
