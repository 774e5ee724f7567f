"""/kb-review [fil]: open the modal of lessons held back by the anonymiser, or one of them (admins only).

The list and the lesson open in a modal, which only the admin sees: no file name or flagged word
is ever posted in the channel the command was used in.
"""

from __future__ import annotations

from slack_bolt import App

from bot.admin.command import admin_prelude

COMMAND = "/kb-review"


def register(app: App) -> None:
    app.command(COMMAND)(handle_review)


def handle_review(ack, command, respond, client, context, logger):
    opened = admin_prelude(ack, command, respond, client, context, COMMAND)
    if opened is None:
        return
    deps, _ = opened
    flow = deps.reviews
    wanted = (command.get("text") or "").strip()
    if wanted and not wanted.startswith("lessons/"):
        wanted = f"lessons/{wanted}"
    view = flow.lesson_view(wanted) if wanted else flow.list_view()
    flow.open(client, command.get("trigger_id"), view)
