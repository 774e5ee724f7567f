"""Slack mrkdwn for events: the Danish text from :mod:`indexer.event_format`, escaped and linked."""

from __future__ import annotations

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
    "danish_date", "escape", "event_mrkdwn", "event_summary_mrkdwn", "format_event_summary",
    "format_event_text", "format_place", "format_signup_deadline", "format_title", "format_when",
    "link", "status_marker",
]


def escape(text: str) -> str:
    """Escape the three characters Slack treats as markup in text objects."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link(url: str, label: str | None = None) -> str:
    """A Slack link; characters that would break ``<url|label>`` are escaped."""
    safe_url = escape(url).replace("|", "%7C")
    return f"<{safe_url}|{escape(label)}>" if label else f"<{safe_url}>"


def _title_mrkdwn(event: Event) -> str:
    title = f"*{escape(format_title(event))}*"
    return f"~{title}~" if event.is_cancelled else title


def event_summary_mrkdwn(event: Event) -> str:
    """One line for lists: '*Titel*  ·  torsdag den 3. juni 2021 kl. 14.00–16.30  ·  Sted'."""
    parts = [_title_mrkdwn(event), escape(format_when(event))]
    place = format_place(event)
    if place:
        parts.append(escape(place))
    return "  ·  ".join(parts)


def event_mrkdwn(event: Event, *, description: bool = False) -> str:
    """Title line then labelled details; links are clickable."""
    lines = [_title_mrkdwn(event), f"*Tid:* {escape(format_when(event))}"]
    if event.is_cancelled:
        lines.append("Arrangementet er aflyst.")
    elif event.is_postponed:
        lines.append("Arrangementet er udsat" + (" – ny dato følger." if event.is_tba else "."))
    place = format_place(event)
    if place:
        lines.append(f"*Sted:* {escape(place)}")
    if event.online_url:
        lines.append(f"*Online:* {link(event.online_url, 'Deltag online')}")
    if not event.is_cancelled:
        if event.signup_url:
            lines.append(f"*Tilmelding:* {link(event.signup_url, 'Tilmeld dig her')}")
        deadline = format_signup_deadline(event)
        if deadline:
            lines.append(escape(deadline))
    if description and event.description:
        lines.append(escape(event.description))
    return "\n".join(lines)
