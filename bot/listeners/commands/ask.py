"""/spørg <spørgsmål>: an answer only the asker sees, with a button to share it in the channel.

In a channel the search uses the channel's audience (not the person's), because a shared answer
is read by everyone there. In a DM it uses the person's audience and offers no share button, since
the DM may be with someone else.
"""

from __future__ import annotations

from slack_bolt import App

from bot.audience import is_direct_message
from bot.deps import deps_of
from bot.slack.text import clean_question

COMMANDS = ("/spørg", "/sporg")     # /sporg for keyboards and workspaces without ø
HELP = "Skriv dit spørgsmål efter kommandoen, fx `/spørg hvornår er næste salon?`"
SEARCHING = "👀 Jeg leder i Vidensbanken …"


def register(app: App) -> None:
    for name in COMMANDS:
        app.command(name)(handle_ask_command)


def handle_ask_command(ack, command, respond, context, logger):
    question = clean_question(command.get("text"))
    if not question:
        ack(response_type="ephemeral", text=HELP)
        return
    ack(response_type="ephemeral", text=SEARCHING)
    deps = deps_of(context)
    channel, user = command.get("channel_id"), command.get("user_id")
    in_dm = is_direct_message(channel) or command.get("channel_name") == "directmessage"
    viewer = deps.audiences.for_user(user) if in_dm else deps.audiences.for_channel(channel)
    deps.answers.submit(deps.answerer.answer_command, respond, question, viewer,
                        channel=channel, user=user, shareable=not in_dm)
