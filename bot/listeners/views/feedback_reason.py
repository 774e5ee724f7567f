"""The small "why not?" modal after 👎: an optional reason, stored with the vote's answer."""

from __future__ import annotations

import json

from slack_bolt import App

from bot.answers.feedback import MAX_REASON
from bot.deps import deps_of
from bot.slack.views import view_metadata

CALLBACK_ID = "feedback_reason"
BLOCK_ID = "reason"
INPUT_ID = "reason_input"


def reason_modal(answer_id: str) -> dict:
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": json.dumps({"answer_id": answer_id}),
        "title": {"type": "plain_text", "text": "Tak for din feedback"},
        "submit": {"type": "plain_text", "text": "Send"},
        "close": {"type": "plain_text", "text": "Spring over"},
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text":
                "Hvad manglede der i svaret? Det hjælper projektteamet med at forbedre Vidensbanken."}},
            {"type": "input", "block_id": BLOCK_ID, "optional": True,
             "label": {"type": "plain_text", "text": "Begrundelse (valgfri)"},
             "element": {"type": "plain_text_input", "action_id": INPUT_ID, "multiline": True,
                         "max_length": MAX_REASON,
                         "placeholder": {"type": "plain_text",
                                         "text": "Fx: svaret handlede om noget andet, kilden er forældet …"}}},
        ],
    }


def register(app: App) -> None:
    app.view(CALLBACK_ID)(handle_reason_submission)


def handle_reason_submission(ack, body, view, context, logger):
    ack()
    answer_id = view_metadata(view).get("answer_id")
    value = (((view.get("state") or {}).get("values") or {}).get(BLOCK_ID) or {}).get(INPUT_ID) or {}
    if answer_id and deps_of(context).feedback.record_reason(answer_id, body["user"]["id"],
                                                             value.get("value") or ""):
        logger.info("stored a reason for answer %s", answer_id)
