"""The opening every admin slash command and message shortcut shares: ack, then the server-side
admin check."""

from __future__ import annotations

from typing import Callable

from bot.deps import BotDeps, deps_of


def admin_prelude(ack, command, respond, client, context,
                  name: str) -> tuple[BotDeps, Callable[[str], None]] | None:
    """(deps, tell) for an admin; None after a polite, logged refusal. ``tell`` answers ephemerally."""
    ack()
    deps = deps_of(context)

    def tell(text: str) -> None:
        respond(response_type="ephemeral", text=text)

    if not deps.admin.check(client, command.get("user_id"), name, tell):
        return None
    return deps, tell


def admin_shortcut_prelude(ack, body, respond, client, context, callback_id: str,
                           what: str) -> tuple[BotDeps, str, Callable[[str], None]] | None:
    """(deps, user, tell) for an admin using a shortcut; None after a polite, logged refusal.

    ``what`` is the Danish "kan …" phrase of the refusal; ``tell`` answers ephemerally.
    """
    ack()
    deps = deps_of(context)
    user = (body.get("user") or {}).get("id")

    def tell(text: str) -> None:
        respond(response_type="ephemeral", replace_original=False, text=text)

    if not deps.admin.check(client, user, callback_id, tell, what=what):
        return None
    return deps, user, tell
