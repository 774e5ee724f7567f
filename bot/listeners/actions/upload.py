""""Tilføj" / "Annullér" under an upload preview, and its audience and type menus (admins only, every time)."""

from __future__ import annotations

from slack_bolt import App

from bot.admin.upload_blocks import ACTION_ADD, ACTION_AUDIENCE, ACTION_CANCEL, ACTION_KIND
from bot.deps import deps_of


def register(app: App) -> None:
    app.action(ACTION_ADD)(handle_add)
    app.action(ACTION_CANCEL)(handle_cancel)
    app.action(ACTION_AUDIENCE)(handle_choice)
    app.action(ACTION_KIND)(handle_choice)


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


def handle_choice(ack, body, action, client, respond, context, logger):
    ack()
    deps = deps_of(context)
    user = body["user"]["id"]

    def tell(text: str) -> None:
        respond(response_type="ephemeral", replace_original=False, text=text)

    if not deps.admin.check(client, user, action["action_id"], tell, what="tilføje filer til Vidensbanken"):
        return
    upload_id, _, value = ((action.get("selected_option") or {}).get("value") or "").partition("|")
    what = "audience" if action["action_id"] == ACTION_AUDIENCE else "kind"
    channel, ts = _where(body)
    deps.uploads.choose(client, user, upload_id, what, value, channel, ts, tell)
