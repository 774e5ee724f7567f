"""/salon: upcoming salons and other network events, for the person who asks.

- ``/salon``: the next salons, soonest first, then those with "dato følger" (past ones left out).
- ``/salon alle``: every upcoming event the conversation may see.
- ``/salon <søgeord>``: one event's details (upcoming first, else the most recent match).

Replies are ephemeral with a "Del i kanalen" button. "Tilføj til kalender" sends the event's
.ics file to the member's DM with the bot (files_upload_v2): it works in Socket Mode and HTTP
mode alike and needs no public URL. Events come from the bot's knowledge base
(``BotDeps.events``: ``<kb dir>/events.yaml``, re-read when it changes), so an edited file shows
at once without a restart.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.audience import is_direct_message
from bot.deps import deps_of
from bot.events.blocks import CALENDAR_ACTION, SHARE_ACTION, event_list_blocks, share_actions
from bot.events.calendar import events_to_ics, ics_filename
from bot.slack.text import clean_question, safe
from indexer import (
    Event,
    InvalidEvents,
    Viewer,
    find_event,
    format_event_summary,
    format_when,
    past_events,
    search_events,
    upcoming_events,
)

log = logging.getLogger(__name__)

COMMANDS = ("/salon",)
ALL_WORDS = {"alle", "all", "alt", "arrangementer"}
NEXT_WORDS = {"næste", "kommende", "salon", "saloner"}
HELP_WORDS = {"hjælp", "help", "?"}
HELP = ("*Sådan bruger du /salon*\n"
        "• `/salon` – de næste saloner\n"
        "• `/salon alle` – alle kommende arrangementer, du kan se\n"
        "• `/salon <søgeord>` – detaljer om ét arrangement, fx `/salon skala`")
NO_SALONS = "Der er ingen kommende saloner i kalenderen lige nu. Skriv `/salon alle` for andre arrangementer."
NO_EVENTS = "Der er ingen kommende arrangementer i kalenderen lige nu."
BROKEN_FILE = ("Kalenderen kan ikke læses lige nu, fordi filen med arrangementer har en fejl. "
               "Bed en administrator køre `python -m indexer validate`.")
NOT_IN_CHANNEL = ("Jeg kan ikke skrive i denne kanal. Inviter mig med `/invite @Vidensbanken` "
                  "og prøv igen.")
APOLOGY = "Beklager – der gik noget galt. Prøv igen om lidt."
CALENDAR_SENT = "Jeg har sendt kalenderfilen til dig i en direkte besked. Åbn den for at tilføje arrangementet."
CALENDAR_GONE = "Arrangementet findes ikke længere eller har ikke en dato endnu."
SHARE_GONE = "Arrangementet findes ikke længere, eller det kan ikke ses af alle i denne kanal."
SHARE_NEXT, SHARE_ALL, SHARE_EVENT = "next", "all", "event:"


def no_match(query: str) -> str:
    return (f"Jeg fandt ikke noget arrangement, der passer til »{safe(query)}«. "
            "Skriv `/salon` for de næste saloner eller `/salon alle` for alle arrangementer.")


def register(app: App) -> None:
    """Register /salon and its two buttons."""
    for name in COMMANDS:
        app.command(name)(handle_command)
    app.action(SHARE_ACTION)(handle_share)
    app.action(CALENDAR_ACTION)(handle_calendar)


def handle_command(ack, command, respond, context, logger=log):
    SalonHandlers(deps_of(context)).handle_command(ack, command, respond, context, logger)


def handle_share(ack, body, action, client, respond, context, logger=log):
    SalonHandlers(deps_of(context)).handle_share(ack, body, action, client, respond, context, logger)


def handle_calendar(ack, body, action, client, respond, context, logger=log):
    SalonHandlers(deps_of(context)).handle_calendar(ack, body, action, client, respond, context, logger)


class SalonHandlers:
    """/salon over one source of events and one clock (the bot's, from ``BotDeps``)."""

    def __init__(self, deps):
        self.deps = deps

    def now(self) -> dt.datetime:
        return self.deps.clock()

    def events(self) -> list[Event]:
        return self.deps.events()

    # -- /salon ----------------------------------------------------------------------------------
    def handle_command(self, ack, command, respond, context, logger=log):
        ack()
        query = clean_question(command.get("text"))
        if query.lower() in HELP_WORDS:
            respond(response_type="ephemeral", text=HELP.replace("*", ""),
                    blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": HELP}}])
            return
        viewer = viewer_for(self.deps, command.get("channel_id"), command.get("user_id"),
                            command.get("channel_name"))
        try:
            text, blocks, shown = self.render(query, viewer)
        except InvalidEvents as exc:
            logger.error("/salon: %s", exc)
            respond(response_type="ephemeral", text=BROKEN_FILE)
            return
        if shown:                       # nothing to share when no event was found
            blocks = blocks + [share_actions(share_key(query, shown))]
        respond(response_type="ephemeral", text=text, blocks=blocks)

    def render(self, query: str, viewer: Viewer) -> tuple[str, list[dict], list[Event]]:
        """(fallback text, blocks, events shown) for a /salon query; the ephemeral and the shared
        copy are built the same way."""
        events, now = self.events(), self.now()
        words = query.lower().split()
        if set(words) <= NEXT_WORDS:
            salons = upcoming_events(events, viewer, now, kinds={"salon"})
            return (_fallback("Kommende saloner", salons, NO_SALONS),
                    event_list_blocks("Kommende saloner", salons, empty_text=NO_SALONS), salons)
        if set(words) <= ALL_WORDS:
            upcoming = upcoming_events(events, viewer, now)
            return (_fallback("Kommende arrangementer", upcoming, NO_EVENTS),
                    event_list_blocks("Kommende arrangementer", upcoming, empty_text=NO_EVENTS), upcoming)
        candidates = upcoming_events(events, viewer, now) + past_events(events, viewer, now)
        hits = search_events(candidates, query)
        if not hits:
            return no_match(query), [{"type": "section", "text": {"type": "mrkdwn", "text": no_match(query)}}], []
        return self._one(hits[0])

    def _one(self, event: Event) -> tuple[str, list[dict], list[Event]]:
        heading = "Afholdt arrangement" if event.is_past(self.now()) else "Arrangement"
        return format_event_summary(event), event_list_blocks(heading, [event]), [event]

    def render_shared(self, key: str, viewer: Viewer) -> tuple[str, list[dict], list[Event]] | None:
        """What a "Del i kanalen" key shows, for the channel's audience; None if it is gone."""
        if key.startswith(SHARE_EVENT):
            event = find_event(self.events(), key.removeprefix(SHARE_EVENT))
            if event is None or not event.visible_to(viewer):
                return None
            return self._one(event)
        if key.startswith("{"):           # buttons posted before the keys: {"q": "<the /salon text>"}
            try:
                return self.render(str(json.loads(key).get("q", "")), viewer)
            except (ValueError, AttributeError):
                return None
        return self.render({SHARE_ALL: "alle"}.get(key, ""), viewer)

    # -- "Del i kanalen" ---------------------------------------------------------------------------
    def handle_share(self, ack, body, action, client, respond, context, logger=log):
        ack()
        channel, user = body["channel"]["id"], body["user"]["id"]
        viewer = share_viewer(self.deps, channel, body["channel"].get("name"))
        try:
            shared = self.render_shared(action.get("value") or "", viewer)
        except InvalidEvents as exc:
            logger.error("/salon share: %s", exc)
            respond(response_type="ephemeral", replace_original=False, text=BROKEN_FILE)
            return
        if shared is None:
            respond(response_type="ephemeral", replace_original=False, text=SHARE_GONE)
            return
        text, blocks, _ = shared
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": f"Delt af <@{user}> · skriv `/salon` for at se arrangementerne selv"}]})
        try:
            client.chat_postMessage(channel=channel, text=text, blocks=blocks,
                                    unfurl_links=False, unfurl_media=False)
        except SlackApiError as exc:
            error = exc.response.get("error")
            logger.warning("could not share /salon in %s: %s", channel, error)
            message = NOT_IN_CHANNEL if error in ("not_in_channel", "channel_not_found") else APOLOGY
            respond(response_type="ephemeral", replace_original=False, text=message)
            return
        respond(delete_original=True)

    # -- "Tilføj til kalender" ---------------------------------------------------------------------
    def handle_calendar(self, ack, body, action, client, respond, context, logger=log):
        ack()
        user = body["user"]["id"]
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
        # The App Home and reminders have no conversation audience: the person's own rights apply.
        viewer = viewer_for(self.deps, channel, user, (body.get("channel") or {}).get("name"))
        try:
            event = find_event(self.events(), action.get("value") or "")
        except InvalidEvents as exc:
            logger.error("calendar button: %s", exc)
            _tell(respond, client, user, BROKEN_FILE)
            return
        if event is None or event.is_tba or not event.visible_to(viewer):
            _tell(respond, client, user, CALENDAR_GONE)
            return
        try:
            dm = client.conversations_open(users=user)["channel"]["id"]
            client.files_upload_v2(
                channel=dm, content=events_to_ics([event], now=self.now()), filename=ics_filename(event),
                title=f"{event.title} ({format_when(event)})",
                initial_comment=f"Kalenderfil til «{event.title}» – {format_when(event)}. "
                                "Åbn filen for at tilføje arrangementet til din kalender.",
            )
        except SlackApiError as exc:
            logger.warning("could not send .ics for %s to %s: %s", event.id, user, exc.response.get("error"))
            _tell(respond, client, user, APOLOGY)
            return
        _tell(respond, client, user, CALENDAR_SENT)


def share_key(query: str, shown: list[Event]) -> str:
    """A short button value that rebuilds what was shown: the next salons, all events, or one event.

    Slack cuts a button value at 2,000 characters, so the value never carries the query itself.
    """
    words = set(query.lower().split())
    if words <= NEXT_WORDS:
        return SHARE_NEXT
    if words <= ALL_WORDS:
        return SHARE_ALL
    return SHARE_EVENT + shown[0].id


def viewer_for(deps, channel_id: str | None, user_id: str | None, channel_name: str | None = None) -> Viewer:
    """The bot's audience rules (bot.audience) for the conversation a button or command came from."""
    audiences = deps.audiences
    channel_type = "im" if channel_name == "directmessage" else None
    if not channel_id:                              # App Home: the person alone
        return audiences.for_user(user_id)
    return audiences.for_conversation(channel_id, user_id, channel_type)


def share_viewer(deps, channel_id: str | None, channel_name: str | None = None) -> Viewer:
    """Who reads a shared message: everyone in the conversation. A DM may be one with another person
    (the bot cannot tell from the click), so a share there is public."""
    if channel_name == "directmessage" or is_direct_message(channel_id):
        return Viewer.public()
    return deps.audiences.for_conversation(channel_id, None)


def _tell(respond, client, user: str, text: str) -> None:
    """An ephemeral note where the button was; the App Home has no response_url, so DM there."""
    try:
        respond(response_type="ephemeral", replace_original=False, text=text)
    except Exception:  # noqa: BLE001 - no response_url (App Home): fall back to a DM
        client.chat_postMessage(channel=user, text=text)


def _fallback(heading: str, events: list[Event], empty: str) -> str:
    if not events:
        return empty
    return heading + ":\n" + "\n".join(f"• {format_event_summary(e)}" for e in events)
