"""Every Slack surface the bot has; each module has a ``register(app)``. Add new ones to the list.

Listeners are registered through :class:`GuardedApp`: a handler that fails after it has
acknowledged Slack is logged and the member gets a Danish apology, and the failure never reaches
Bolt — which would otherwise answer Slack's request with a 500 after waiting three seconds.
"""

from __future__ import annotations

import functools
import logging
from importlib import import_module

from slack_bolt import App

from bot.answers.answering import APOLOGY

log = logging.getLogger(__name__)

LISTENER_MODULES = [
    "bot.listeners.events.app_mention",
    "bot.listeners.events.handoff_reply",     # before message_im: Bolt runs the first listener that matches
    "bot.listeners.events.message_im",
    "bot.listeners.events.app_home",
    "bot.listeners.commands.ask",
    "bot.listeners.commands.salon",
    "bot.listeners.actions.feedback",
    "bot.listeners.actions.share",
    "bot.listeners.actions.handoff",
    "bot.listeners.views.feedback_reason",
    "bot.listeners.commands.reindex",
    "bot.listeners.commands.kb_status",
    "bot.listeners.commands.kb_stats",
    "bot.listeners.shortcuts.add_file",
    "bot.listeners.shortcuts.save_thread",
    "bot.listeners.views.save_thread",
    "bot.listeners.actions.upload",
    "bot.listeners.commands.kb_review",
    "bot.listeners.actions.review",
    "bot.listeners.views.review",
    "bot.listeners.events.lifecycle",
    "bot.listeners.unhandled",                # last: it takes whatever no listener above matched
]
_REGISTRATIONS = ("command", "action", "view", "shortcut", "event", "message", "options")


def register_listeners(app: App) -> None:
    guarded = GuardedApp(app)
    for name in LISTENER_MODULES:
        import_module(name).register(guarded)


class GuardedApp:
    """The App as listener modules see it: every handler they register is wrapped by ``guard``."""

    def __init__(self, app: App):
        self._app = app

    def __getattr__(self, name: str):
        attribute = getattr(self._app, name)
        if name not in _REGISTRATIONS:
            return attribute

        def register(*args, **kwargs):
            decorator = attribute(*args, **kwargs)
            return lambda handler: decorator(guard(handler))
        return register


def guard(handler):
    """Run a listener; log what it raises and apologise where it was used (Bolt still injects by the
    handler's own parameter names: ``functools.wraps`` keeps them)."""
    @functools.wraps(handler)
    def run(**kwargs):
        try:
            return handler(**kwargs)
        except Exception:
            body = kwargs.get("body") or {}
            log.exception("the %s listener %s failed", body.get("type"), handler.__name__)
            _apologise(kwargs)
    return run


def _apologise(kwargs: dict) -> None:
    context = kwargs.get("context") or {}
    if not getattr(context, "response_url", None):      # events have no one to apologise to here
        return
    respond = kwargs.get("respond") or getattr(context, "respond", None)
    if respond is None:
        return
    try:
        respond(response_type="ephemeral", replace_original=False, text=APOLOGY)
    except Exception:
        log.exception("could not send the apology")
