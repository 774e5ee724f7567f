"""/spørg <spørgsmål>: an answer only the asker sees, with a button to share it in the channel.

The search uses the channel's audience (not the person's), because a shared answer is read by
everyone in the channel.
"""

from __future__ import annotations

from slack_bolt import App

from bot.deps import deps_of
from bot.slack_text import clean_question

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
    channel = command.get("channel_id")
    deps.answers.submit(deps.answerer.answer_command, respond, question,
                        deps.audiences.for_channel(channel), channel=channel,
                        user=command.get("user_id"))
