"""Slack mrkdwn for events: the Danish text from :mod:`indexer.events.text`, made safe and linked.

Event text comes from a content file, so it goes through ``slack_text.safe`` like any other
content: escaped, and never able to ping @channel.
"""

from __future__ import annotations

from bot.slack.text import link, safe
from indexer import Event, event_lines, format_place, format_title, format_when


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


def _mrkdwn_label(name: str) -> str:
    return f"*{name}:*"


def event_mrkdwn(event: Event, *, description: bool = False) -> str:
    """Title line then labelled details; links are clickable."""
    details = event_lines(event, description=description, label=_mrkdwn_label, text=safe, link=link)
    return "\n".join([_title_mrkdwn(event), *details])
