"""Requests no other listener takes, acknowledged so that Slack neither retries nor shows the member
an error: events the app does not use, buttons and modals from older versions of the bot, shortcuts
and commands still listed in a workspace's app settings.

Registered LAST: Bolt gives a request to the first listener that matches, and these match anything.
A retired button tells the member, in Danish, that it no longer works; everything else is silent.
So a new button – a link button too, whose click Slack also sends – needs a listener of its own.
"""

from __future__ import annotations

import logging
import re

from slack_bolt import App

log = logging.getLogger(__name__)

ANYTHING = re.compile(".*")
RETIRED_BUTTON = ("Denne knap virker ikke længere – beskeden er fra en ældre udgave af Vidensbanken. "
                  "Stil gerne dit spørgsmål igen, fx med `/spørg`.")
UNKNOWN_COMMAND = "Den kommando kender jeg ikke. Brug `/spørg <dit spørgsmål>` eller `/salon`."


def register(app: App) -> None:
    app.event(ANYTHING)(ignore_event)
    app.action(ANYTHING)(handle_retired_action)
    app.view(ANYTHING)(close_retired_view)
    app.view_closed(ANYTHING)(acknowledge)
    app.shortcut(ANYTHING)(acknowledge)
    app.command(ANYTHING)(handle_unknown_command)


def ignore_event(body, logger):
    log.debug("no listener for event %s; acknowledged", (body.get("event") or {}).get("type"))


def acknowledge(ack, body, logger):
    ack()
    log.info("acknowledged a %s nobody handles (%s)", body.get("type"), body.get("callback_id")
             or (body.get("view") or {}).get("callback_id"))


def close_retired_view(ack, body, logger):
    ack()          # an empty ack closes the modal
    log.info("closed a modal from an older version of the bot (%s)",
             (body.get("view") or {}).get("callback_id"))


def handle_retired_action(ack, body, respond, logger):
    ack()
    actions = body.get("actions") or [{}]
    log.info("a retired button or menu was used: %s", actions[0].get("action_id") or body.get("callback_id"))
    if body.get("response_url"):
        respond(response_type="ephemeral", replace_original=False, text=RETIRED_BUTTON)


def handle_unknown_command(ack, command, logger):
    log.info("unknown slash command %s", command.get("command"))
    ack(response_type="ephemeral", text=UNKNOWN_COMMAND)
