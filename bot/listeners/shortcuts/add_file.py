"""Message shortcut "Tilføj til Vidensbanken" (callback_id kb_add_file) on a message with a file.

The preview goes to the admin's DM with the bot; problems are told ephemerally where the
shortcut was used.
"""

from __future__ import annotations

from slack_bolt import App

from bot.admin.command import admin_shortcut_prelude
from bot.admin.upload_blocks import NO_FILE, SENT_TO_DM
from bot.admin.uploads import MAX_FILES_PER_MESSAGE

CALLBACK_ID = "kb_add_file"
WHAT = "bruge genvejen «Tilføj til Vidensbanken»"


def register(app: App) -> None:
    app.shortcut(CALLBACK_ID)(handle_add_file)


def handle_add_file(ack, body, client, respond, context, logger):
    opened = admin_shortcut_prelude(ack, body, respond, client, context, CALLBACK_ID, WHAT)
    if opened is None:
        return
    deps, user, tell = opened
    files = [f for f in ((body.get("message") or {}).get("files") or []) if f.get("id")]
    if not files:
        return tell(NO_FILE)
    for file in files[:MAX_FILES_PER_MESSAGE]:
        deps.answers.submit(_receive, deps, client, user, file["id"], tell)


def _receive(deps, client, user: str, file_id: str, tell) -> None:
    if deps.uploads.receive(client, user, file_id, reply_channel=user, tell=tell):
        tell(SENT_TO_DM)
