"""👍/👎 under an answer: store the vote (the last one per person counts); 👎 asks why in a modal."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.answers.blocks import ACTION_VOTE_DOWN, ACTION_VOTE_UP
from bot.answers.feedback import DOWN, UP
from bot.deps import deps_of
from bot.listeners.views.feedback_reason import reason_modal

THANKS = "Tak for din feedback! 👍"


def register(app: App) -> None:
    app.action(ACTION_VOTE_UP)(handle_vote_up)
    app.action(ACTION_VOTE_DOWN)(handle_vote_down)


def handle_vote_up(ack, body, action, respond, context, logger):
    ack()
    deps_of(context).feedback.record_vote(action["value"], body["user"]["id"], UP)
    respond(response_type="ephemeral", replace_original=False, text=THANKS)


def handle_vote_down(ack, body, action, client, respond, context, logger):
    ack()
    answer_id = action["value"]
    deps_of(context).feedback.record_vote(answer_id, body["user"]["id"], DOWN)
    # trigger_id expires 3 s after the click, so the modal opens here, not on the answer pool.
    try:
        client.views_open(trigger_id=body["trigger_id"], view=reason_modal(answer_id))
    except SlackApiError as exc:       # e.g. expired_trigger_id after a slow moment: the vote still counts
        logger.warning("no reason modal for answer %s: %s", answer_id, exc.response.get("error"))
        respond(response_type="ephemeral", replace_original=False, text=THANKS)
