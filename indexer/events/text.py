"""Danish text for events: dates and times via Babel, status markers, place and sign-up lines.

Plain text only (no Slack markup) so the answers, the CLI and the Slack surfaces share it; it
lives in ``indexer`` because event answers are built here and ``indexer`` never imports ``bot``.
Slack markup for events is in :mod:`bot.events.mrkdwn`.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from babel.dates import format_date, format_time

from indexer.knowledge.events import Event

LOCALE = "da_DK"
DATE_PATTERN = "EEEE 'den' d. MMMM y"        # torsdag den 3. juni 2021
TIME_PATTERN = "HH.mm"                         # 14.00
TBA_TEXT = "Dato følger"
STATUS_MARKERS = {"cancelled": "AFLYST", "postponed": "UDSAT"}
def danish_date(day: dt.date) -> str:
    """'torsdag den 3. juni 2021'."""
    return format_date(day, DATE_PATTERN, locale=LOCALE)


def danish_time(moment: dt.datetime | dt.time) -> str:
    """'14.00'."""
    return format_time(moment, TIME_PATTERN, locale=LOCALE)


def format_when(event: Event) -> str:
    """The event's date and time in Danish, or its date text when the date is not set yet."""
    if event.start is None:
        return event.date_text or TBA_TEXT
    start, end = event.start, event.end
    if event.all_day:
        if end is None or end.date() == start.date():
            return f"{danish_date(start.date())} (hele dagen)"
        return f"{danish_date(start.date())} – {danish_date(end.date())}"
    if end is None:
        return f"{danish_date(start.date())} kl. {danish_time(start)}"
    if end.date() == start.date():
        return f"{danish_date(start.date())} kl. {danish_time(start)}–{danish_time(end)}"
    return (f"{danish_date(start.date())} kl. {danish_time(start)} – "
            f"{danish_date(end.date())} kl. {danish_time(end)}")


def status_marker(event: Event) -> str:
    """'AFLYST', 'UDSAT' or ''."""
    return STATUS_MARKERS.get(event.status, "")


def format_title(event: Event) -> str:
    """The title, preceded by a status marker when the event is cancelled or postponed."""
    marker = status_marker(event)
    return f"{marker}: {event.title}" if marker else event.title


def format_place(event: Event) -> str:
    """'Navn, adresse' or ''."""
    return ", ".join(part for part in (event.location.name, event.location.address) if part)


def format_signup_deadline(event: Event) -> str:
    if event.signup_deadline is None:
        return ""
    return f"Tilmelding senest {danish_date(event.signup_deadline)}"


def _plain_label(name: str) -> str:
    return f"{name}:"


def _plain_text(text: str) -> str:
    return text


def _plain_link(url: str, caption: str) -> str:
    return url


def event_lines(event: Event, *, description: bool = False, label: Callable[[str], str] = _plain_label,
                text: Callable[[str], str] = _plain_text,
                link: Callable[[str, str], str] = _plain_link) -> list[str]:
    """Labelled lines of details: when, where, online link, sign-up, status.

    Plain text by default; ``label``, ``text`` (event content) and ``link`` (url, caption) let a
    surface such as Slack mark the same lines up.
    """
    lines = [f"{label('Tid')} {text(format_when(event))}"]
    if event.is_cancelled:
        lines.append("Arrangementet er aflyst.")
    elif event.is_postponed:
        lines.append("Arrangementet er udsat" + (" – ny dato følger." if event.is_tba else "."))
    place = format_place(event)
    if place:
        lines.append(f"{label('Sted')} {text(place)}")
    if event.online_url:
        lines.append(f"{label('Online')} {link(event.online_url, 'Deltag online')}")
    if not event.is_cancelled:
        if event.signup_url:
            lines.append(f"{label('Tilmelding')} {link(event.signup_url, 'Tilmeld dig her')}")
        deadline = format_signup_deadline(event)
        if deadline:
            lines.append(text(deadline))
    if description and event.description:
        lines.append(text(event.description))
    return lines


def format_event_text(event: Event, *, description: bool = False) -> str:
    """A plain-text block for one event: title line then its details."""
    return "\n".join([format_title(event), *event_lines(event, description=description)])


def format_event_summary(event: Event) -> str:
    """One line: 'Titel – torsdag den 3. juni 2021 kl. 14.00–16.30, Sted'."""
    place = format_place(event)
    return f"{format_title(event)} – {format_when(event)}" + (f", {place}" if place else "")
