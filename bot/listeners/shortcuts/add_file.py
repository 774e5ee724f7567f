"""Message shortcut "Tilføj til Vidensbanken" (callback_id kb_add_file) on a message with a file.

The preview goes to the admin's DM with the bot; problems are told ephemerally where the
shortcut was used.
"""

from __future__ import annotations

from slack_bolt import App

from bot.admin.upload_blocks import NO_FILE, SENT_TO_DM
from bot.admin.uploads import MAX_FILES_PER_MESSAGE
from bot.deps import deps_of

CALLBACK_ID = "kb_add_file"
WHAT = "bruge genvejen «Tilføj til Vidensbanken»"


def register(app: App) -> None:
    app.shortcut(CALLBACK_ID)(handle_add_file)


def handle_add_file(ack, body, client, respond, context, logger):
    ack()
    deps = deps_of(context)
    user = (body.get("user") or {}).get("id")

    def tell(text: str) -> None:
        respond(response_type="ephemeral", replace_original=False, text=text)

    if not deps.admin.check(client, user, CALLBACK_ID, tell, what=WHAT):
        return
    files = [f for f in ((body.get("message") or {}).get("files") or []) if f.get("id")]
    if not files:
        return tell(NO_FILE)
    for file in files[:MAX_FILES_PER_MESSAGE]:
        deps.answers.submit(_receive, deps, client, user, file["id"], tell)


def _receive(deps, client, user: str, file_id: str, tell) -> None:
    if deps.uploads.receive(client, user, file_id, reply_channel=user, tell=tell):
        tell(SENT_TO_DM)
