"""Block Kit for events: the /salon responses and the App Home's list of upcoming events."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Callable

from bot.events.mrkdwn import event_mrkdwn, event_summary_mrkdwn
from bot.slack.text import safe
from indexer import Event, InvalidEvents, Viewer, upcoming_events

log = logging.getLogger(__name__)

CALENDAR_ACTION = "salon_calendar"
SHARE_ACTION = "salon_share"
MAX_EVENTS = 15          # keeps a message well under Slack's 50 blocks
HOME_MAX_EVENTS = 8


def calendar_button(event: Event) -> dict:
    return {
        "type": "button", "action_id": CALENDAR_ACTION, "value": event.id,
        "text": {"type": "plain_text", "text": "Tilføj til kalender", "emoji": True},
    }


def event_section(event: Event, *, detailed: bool = True) -> dict:
    """One event as a section; dated events get a "Tilføj til kalender" button."""
    text = event_mrkdwn(event, description=detailed) if detailed else event_summary_mrkdwn(event)
    block = {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}
    if not event.is_tba and not event.is_cancelled:
        block["accessory"] = calendar_button(event)
    return block


def share_actions(key: str) -> dict:
    """The "Del i kanalen" button; its value is a short key a click rebuilds the message from."""
    return {
        "type": "actions",
        "elements": [{
            "type": "button", "action_id": SHARE_ACTION, "value": key,
            "text": {"type": "plain_text", "text": "Del i kanalen", "emoji": True},
        }],
    }


def event_list_blocks(heading: str, events: list[Event], *, detailed: bool = True,
                      empty_text: str = "") -> list[dict]:
    """A heading then one section per event (with a divider between), or ``empty_text``."""
    blocks: list[dict] = [{"type": "section", "text": {"type": "mrkdwn", "text": f"*{safe(heading)}*"}}]
    if not events:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": safe(empty_text)}})
        return blocks
    for index, event in enumerate(events[:MAX_EVENTS]):
        if index:
            blocks.append({"type": "divider"})
        blocks.append(event_section(event, detailed=detailed))
    if len(events) > MAX_EVENTS:
        more = len(events) - MAX_EVENTS
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": f"… og {more} flere. Søg efter et bestemt med /salon <søgeord>."}]})
    return blocks


def upcoming_event_blocks(events: list[Event], viewer: Viewer, now: dt.datetime) -> list[dict]:
    """The App Home's "Kommende arrangementer": what this viewer may see, soonest first."""
    upcoming = upcoming_events(events, viewer, now)
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Kommende arrangementer", "emoji": True}},
    ]
    if not upcoming:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text":
                       "Der er ingen kommende arrangementer i kalenderen lige nu."}})
        return blocks
    for event in upcoming[:HOME_MAX_EVENTS]:
        blocks.append(event_section(event, detailed=False))
    footer = "Skriv `/salon` for de næste saloner eller `/salon alle` for alle arrangementer."
    if len(upcoming) > HOME_MAX_EVENTS:
        footer = f"… og {len(upcoming) - HOME_MAX_EVENTS} flere. " + footer
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": footer}]})
    return blocks


def home_event_blocks(viewer: Viewer, now: dt.datetime, events: Callable[[], list[Event]]) -> list[dict]:
    """The App Home section: the bot's events (``BotDeps.events``); a broken file leaves it out."""
    try:
        loaded = events()
    except InvalidEvents as exc:
        log.error("App Home without events: %s", exc)
        return []
    return upcoming_event_blocks(loaded, viewer, now)
