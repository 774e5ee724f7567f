"""Slack mrkdwn for events: the Danish text from :mod:`indexer.event_format`, made safe and linked.

Event text comes from a content file, so it goes through ``slack_text.safe`` like any other
content: escaped, and never able to ping @channel.
"""

from __future__ import annotations

from bot.slack_text import link, safe
from indexer.event_format import (  # re-exported: the bot's one place for event text
    danish_date,
    format_event_summary,
    format_event_text,
    format_place,
    format_signup_deadline,
    format_title,
    format_when,
    status_marker,
)
from indexer.events import Event

__all__ = [
    "danish_date", "event_mrkdwn", "event_summary_mrkdwn", "format_event_summary",
    "format_event_text", "format_place", "format_signup_deadline", "format_title", "format_when",
    "status_marker",
]


def _title_mrkdwn(event: Event) -> str:
    title = f"*{safe(format_title(event))}*"
    return f"~{title}~" if event.is_cancelled else title


def event_summary_mrkdwn(event: Event) -> str:
    """One line for lists: '*Titel*  ·  torsdag den 3. juni 2021 kl. 14.00–16.30  ·  Sted'."""
    parts = [_title_mrkdwn(event), safe(format_when(event))]
    place = format_place(event)
    if place:
        parts.append(safe(place))
    return "  ·  ".join(parts)


def event_mrkdwn(event: Event, *, description: bool = False) -> str:
    """Title line then labelled details; links are clickable."""
    lines = [_title_mrkdwn(event), f"*Tid:* {safe(format_when(event))}"]
    if event.is_cancelled:
        lines.append("Arrangementet er aflyst.")
    elif event.is_postponed:
        lines.append("Arrangementet er udsat" + (" – ny dato følger." if event.is_tba else "."))
    place = format_place(event)
    if place:
        lines.append(f"*Sted:* {safe(place)}")
    if event.online_url:
        lines.append(f"*Online:* {link(event.online_url, 'Deltag online')}")
    if not event.is_cancelled:
        if event.signup_url:
            lines.append(f"*Tilmelding:* {link(event.signup_url, 'Tilmeld dig her')}")
        deadline = format_signup_deadline(event)
        if deadline:
            lines.append(safe(deadline))
    if description and event.description:
        lines.append(safe(event.description))
    return "\n".join(lines)
