"""Calendar files (.ics) for events, so members can add a salon to Outlook, Google or Apple Calendar.

Times carry TZID=Europe/Copenhagen with a VTIMEZONE definition; the UID is stable per event
(``<id>@vidensbanken``) so importing an updated file replaces the entry instead of duplicating it.
Events whose date is not set yet cannot be put in a calendar and are left out.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

import icalendar

from indexer import TZ, Event, event_lines, format_place, format_title

PRODID = "-//Vidensbanken//Arrangementer//DA"
UID_DOMAIN = "vidensbanken"


def event_uid(event: Event) -> str:
    return f"{event.id}@{UID_DOMAIN}"


def ics_filename(event: Event | None = None) -> str:
    return f"{event.id}.ics" if event else "vidensbanken-arrangementer.ics"


def events_to_ics(events: Iterable[Event], now: dt.datetime | None = None) -> bytes:
    """An iCalendar file with every dated event; tba events are skipped. ``now`` sets DTSTAMP."""
    stamp = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Vidensbanken – arrangementer")
    calendar.add("x-wr-timezone", TZ.key)
    has_timed = False
    for event in events:
        if event.is_tba:
            continue
        calendar.add_component(_vevent(event, stamp))
        has_timed = has_timed or not event.all_day
    if has_timed:
        # A VTIMEZONE built from the tz database, so clients need not know the zone name.
        calendar.add_missing_timezones()
    return calendar.to_ical()


def _vevent(event: Event, stamp: dt.datetime) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", stamp)
    # The marker in the title too: not every client shows STATUS:CANCELLED.
    vevent.add("summary", format_title(event))
    if event.all_day:
        start = event.start.date()
        # DTEND of an all-day event is exclusive: the day after the last day.
        end = (event.end or event.start).date() + dt.timedelta(days=1)
        vevent.add("dtstart", start)
        vevent.add("dtend", end)
    else:
        vevent.add("dtstart", event.start)
        vevent.add("dtend", event.end or event.start + dt.timedelta(hours=2))
    place = format_place(event)
    if place:
        vevent.add("location", place)
    elif event.online_url:
        vevent.add("location", event.online_url)
    vevent.add("description", _description(event))
    url = event.signup_url or event.online_url
    if url:
        vevent.add("url", url)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return vevent


def _description(event: Event) -> str:
    parts = [event.description] if event.description else []
    parts.extend(line for line in event_lines(event) if not line.startswith("Tid:"))
    return "\n".join(parts)
