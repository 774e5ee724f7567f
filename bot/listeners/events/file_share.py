"""A file sent to the bot in a DM: an admin's article upload (the DM message listener routes here).

Other people get a polite refusal; their file is not read. A question they wrote with the file is
still a DM question: the DM message listener answers it.
"""

from __future__ import annotations

from bot.admin.uploads import MAX_FILES_PER_MESSAGE
from bot.deps import deps_of
from bot.slack.dedupe import message_keys
from bot.slack.incoming import message_text
from bot.slack.text import clean_question

ACTION = "tilføje filer til Vidensbanken"


def is_dm_file_share(event: dict) -> bool:
    return (event.get("subtype") == "file_share" and event.get("channel_type") == "im"
            and not event.get("bot_id") and bool(event.get("user")))


def handle_file_share(body, event, client, context, logger) -> bool:
    """Take the file; True when the message's text is a member's question still to be answered
    (the delivery is claimed by then)."""
    deps = deps_of(context)
    if event.get("user") == context.get("bot_user_id"):
        return False
    keys = message_keys(body, event)
    if not deps.deliveries.first_time(keys):
        logger.info("ignoring a repeated delivery of %s", body.get("event_id"))
        return False
    deps.deliveries.done(keys)           # an upload is received once; a lost one is simply sent again
    channel, user = event["channel"], event["user"]

    def tell(text: str) -> None:
        client.chat_postMessage(channel=channel, text=text)

    def refuse(text: str) -> None:
        client.chat_postEphemeral(channel=channel, user=user, text=text)

    if not deps.admin.check(client, user, "file_share", refuse, what=ACTION):
        return bool(clean_question(message_text(event)))
    for file in (event.get("files") or [])[:MAX_FILES_PER_MESSAGE]:
        if file.get("id"):
            deps.answers.submit(deps.uploads.receive, client, user, file["id"], channel, tell)
    return False
