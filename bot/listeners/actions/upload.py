""""Tilføj" / "Annullér" under an upload preview: add the article and reindex, or drop it."""

from __future__ import annotations

from slack_bolt import App

from bot.admin.upload_blocks import ACTION_ADD, ACTION_CANCEL
from bot.deps import deps_of


def register(app: App) -> None:
    app.action(ACTION_ADD)(handle_add)
    app.action(ACTION_CANCEL)(handle_cancel)


def _where(body) -> tuple[str, str]:
    container = body.get("container") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
    ts = (body.get("message") or {}).get("ts") or container.get("message_ts")
    return channel, ts


def handle_add(ack, body, action, client, respond, context, logger):
    ack()
    _handle(body, action, client, respond, context, "add")


def handle_cancel(ack, body, action, client, respond, context, logger):
    ack()
    _handle(body, action, client, respond, context, "cancel")


def _handle(body, action, client, respond, context, what: str) -> None:
    deps = deps_of(context)
    user = body["user"]["id"]

    def tell(text: str) -> None:
        respond(response_type="ephemeral", replace_original=False, text=text)

    if not deps.admin.check(client, user, ACTION_ADD if what == "add" else ACTION_CANCEL, tell,
                            what="tilføje artikler til Vidensbanken"):
        return
    channel, ts = _where(body)
    flow = deps.uploads
    (flow.confirm if what == "add" else flow.cancel)(client, user, action["value"], channel, ts, tell)
