"""Every Slack surface the bot has; each module has a ``register(app)``. Add new ones to the list."""

from __future__ import annotations

from importlib import import_module

from slack_bolt import App

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
]


def register_listeners(app: App) -> None:
    for name in LISTENER_MODULES:
        import_module(name).register(app)
