""""Del i kanalen" under a /spørg answer: post the same answer in the channel for everyone."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.answers.answering import APOLOGY
from bot.answers.blocks import ACTION_SHARE, render_answer_messages
from bot.audience import may_read
from bot.deps import deps_of

NOT_IN_CHANNEL = ("Jeg kan ikke skrive i denne kanal. Inviter mig med `/invite @Vidensbanken` "
                  "og prøv igen.")
GONE = "Beklager, svaret kan ikke deles længere. Stil spørgsmålet igen med `/spørg`."
NOT_FOR_THIS_CHANNEL = ("Svaret bygger på erfaringer, som ikke alle i denne kanal må se, så jeg deler det "
                        "ikke her. Stil spørgsmålet igen med `/spørg` i kanalen for et svar, alle her kan se.")


def register(app: App) -> None:
    app.action(ACTION_SHARE)(handle_share)


def handle_share(ack, body, action, client, respond, context, logger):
    ack()
    deps = deps_of(context)
    record = deps.feedback.get_answer(action["value"])
    if record is None:
        respond(response_type="ephemeral", replace_original=False, text=GONE)
        return
    channel, user = body["channel"]["id"], body["user"]["id"]
    if not may_read(deps.audiences.for_channel(channel), record.viewer):
        logger.warning("refused sharing answer %s (searched at %s) in %s", record.answer_id, record.viewer,
                       channel)
        respond(response_type="ephemeral", replace_original=False, text=NOT_FOR_THIS_CHANNEL)
        return
    posted = []
    try:
        for message in render_answer_messages(record.answer, show_question=True, shared_by=user,
                                              handoff=deps.answerer.handoff_enabled):
            posted.append(client.chat_postMessage(channel=channel, unfurl_links=False,
                                                  unfurl_media=False, **message).get("ts"))
    except SlackApiError as exc:
        error = exc.response.get("error")
        logger.warning("could not share answer %s in %s: %s", record.answer_id, channel, error)
        text = NOT_IN_CHANNEL if error in ("not_in_channel", "channel_not_found") else APOLOGY
        respond(response_type="ephemeral", replace_original=False, text=text)
        return
    deps.feedback.set_message(record.answer_id, posted[0])
    deps.threads.remember(channel, posted, record.question, record.answer_id, asker=user)
    respond(delete_original=True)
