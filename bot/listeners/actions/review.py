""""Gennemgå" buttons: the list from App Home, a lesson from the list (admins only, checked every time)."""

from __future__ import annotations

from slack_bolt import App

from bot.admin.review import REFUSED_TITLE
from bot.admin.review_blocks import ACTION_LIST, ACTION_OPEN, message_modal
from bot.deps import deps_of


def register(app: App) -> None:
    app.action(ACTION_LIST)(handle_list)
    app.action(ACTION_OPEN)(handle_open)


def _opened(ack, body, client, context, action_id: str):
    ack()
    flow = deps_of(context).reviews
    view = body.get("view") or {}
    trigger, parent = body.get("trigger_id"), view if view.get("type") == "modal" else None

    def refuse(text: str) -> None:
        flow.open(client, trigger, message_modal(REFUSED_TITLE, text), parent)

    if not flow.allowed(client, body["user"]["id"], action_id, refuse):
        return None
    return flow, trigger, parent


def handle_list(ack, body, client, context, logger):
    opened = _opened(ack, body, client, context, ACTION_LIST)
    if opened:
        flow, trigger, parent = opened
        flow.open(client, trigger, flow.list_view(), parent)


def handle_open(ack, body, action, client, context, logger):
    opened = _opened(ack, body, client, context, ACTION_OPEN)
    if opened:
        flow, trigger, parent = opened
        flow.open(client, trigger, flow.lesson_view(action.get("value") or ""), parent)
