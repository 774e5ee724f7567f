"""The opening every admin slash command shares: ack, then the server-side admin check."""

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
