"""Danish event formatting and .ics files, parsed back with icalendar (fixtures are invented)."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from bot.events.calendar import events_to_ics
from indexer.events.text import format_event_text, format_title, format_when
from indexer.knowledge.events import TZ, Event, Location

UTC = dt.timezone.utc


def event(id="salon-a", start=None, end=None, **kwargs) -> Event:
    defaults = dict(title="Salon: Skala", kind="salon", audience="public")
    defaults.update(kwargs)
    return Event(id=id, start=start, end=end, **defaults)


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


# --- Danish text -----------------------------------------------------------------------------

def test_same_day_time_range():
    e = event(start=local(2021, 6, 3, 14, 0), end=local(2021, 6, 3, 16, 30))
    assert format_when(e) == "torsdag den 3. juni 2021 kl. 14.00–16.30"


def test_start_only():
    assert format_when(event(start=local(2027, 10, 5, 9, 5))) == "tirsdag den 5. oktober 2027 kl. 09.05"


def test_all_day_and_multi_day():
    one = event(start=local(2027, 9, 1), all_day=True)
    assert format_when(one) == "onsdag den 1. september 2027 (hele dagen)"
    two = event(start=local(2027, 9, 1), end=local(2027, 9, 2), all_day=True)
    assert format_when(two) == "onsdag den 1. september 2027 – torsdag den 2. september 2027"
    timed = event(start=local(2027, 9, 1, 13, 0), end=local(2027, 9, 2, 12, 0))
    assert format_when(timed) == "onsdag den 1. september 2027 kl. 13.00 – torsdag den 2. september 2027 kl. 12.00"


def test_tba_shows_its_text_or_dato_foelger():
    assert format_when(event(date_text="forventes foråret 2027")) == "forventes foråret 2027"
    assert format_when(event()) == "Dato følger"


def test_markers_place_and_signup():
    e = event(start=local(2021, 6, 3, 14, 0), end=local(2021, 6, 3, 16, 30),
              location=Location("Medborgerhuset", "Testvej 1, 2300 København S"),
              online_url="https://example.org/online", signup_url="https://example.org/tilmeld",
              signup_deadline=dt.date(2021, 5, 27))
    assert format_event_text(e) == (
        "Salon: Skala\n"
        "Tid: torsdag den 3. juni 2021 kl. 14.00–16.30\n"
        "Sted: Medborgerhuset, Testvej 1, 2300 København S\n"
        "Online: https://example.org/online\n"
        "Tilmelding: https://example.org/tilmeld\n"
        "Tilmelding senest torsdag den 27. maj 2021"
    )
    assert format_title(event(status="cancelled")) == "AFLYST: Salon: Skala"
    assert format_title(event(status="postponed")) == "UDSAT: Salon: Skala"
    cancelled = format_event_text(event(start=local(2021, 6, 3, 14), status="cancelled",
                                        signup_url="https://example.org/tilmeld"))
    assert "Arrangementet er aflyst." in cancelled and "Tilmelding" not in cancelled


# --- .ics --------------------------------------------------------------------------------------

def parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def vevents(data: bytes) -> dict[str, icalendar.Event]:
    return {str(v["UID"]): v for v in parse(data).walk("VEVENT")}


@pytest.mark.parametrize("start, utc_hour", [
    (local(2027, 3, 25, 14, 0), 13),   # before the spring switch (28 March 2027): UTC+1
    (local(2027, 4, 8, 14, 0), 12),    # summer time: UTC+2
    (local(2027, 10, 28, 14, 0), 12),  # still summer time: the switch is 31 October 2027
    (local(2027, 11, 4, 14, 0), 13),   # after the autumn switch: UTC+1
])
def test_ics_times_are_right_instants_across_summer_time(start, utc_hour):
    data = events_to_ics([event(start=start, end=start + dt.timedelta(hours=2))], now=local(2027, 1, 1))
    vevent = vevents(data)["salon-a@vidensbanken"]
    assert vevent["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert vevent.decoded("DTSTART").astimezone(UTC) == start.astimezone(UTC)
    assert vevent.decoded("DTSTART").astimezone(UTC).hour == utc_hour
    assert vevent.decoded("DTEND").astimezone(UTC).hour == utc_hour + 2


def test_ics_vtimezone_definition_itself_gives_the_offsets():
    """Clients without a tz database use the VTIMEZONE: check it, not just the TZID name."""
    data = events_to_ics([event(start=local(2027, 11, 4, 14))], now=local(2027, 1, 1))
    [vtimezone] = parse(data).walk("VTIMEZONE")
    assert vtimezone["TZID"] == "Europe/Copenhagen"
    tz = vtimezone.to_tz(lookup_tzid=False)
    assert dt.datetime(2027, 10, 28, 14, tzinfo=tz).utcoffset() == dt.timedelta(hours=2)
    assert dt.datetime(2027, 11, 4, 14, tzinfo=tz).utcoffset() == dt.timedelta(hours=1)
    assert dt.datetime(2027, 4, 8, 14, tzinfo=tz).utcoffset() == dt.timedelta(hours=2)


def test_ics_fields_uid_stable_and_tba_excluded():
    salon = event(start=local(2027, 6, 3, 14), end=local(2027, 6, 3, 16, 30),
                  location=Location("Medborgerhuset", "Testvej 1"), description="Om skala.",
                  signup_url="https://example.org/tilmeld")
    tba = event(id="salon-b", date_text="dato følger")
    first = events_to_ics([salon, tba], now=local(2027, 1, 1))
    second = events_to_ics([salon], now=local(2027, 2, 1))
    parsed = vevents(first)
    assert set(parsed) == {"salon-a@vidensbanken"}
    assert set(vevents(second)) == set(parsed)
    v = parsed["salon-a@vidensbanken"]
    assert str(v["SUMMARY"]) == "Salon: Skala"
    assert str(v["LOCATION"]) == "Medborgerhuset, Testvej 1"
    assert str(v["URL"]) == "https://example.org/tilmeld"
    assert "Om skala." in str(v["DESCRIPTION"])
    assert v.decoded("DTSTAMP") == local(2027, 1, 1).astimezone(UTC)
    assert str(v["STATUS"]) == "CONFIRMED"


def test_ics_cancelled_event():
    data = events_to_ics([event(start=local(2027, 6, 3, 14), status="cancelled")], now=local(2027, 1, 1))
    v = vevents(data)["salon-a@vidensbanken"]
    assert str(v["STATUS"]) == "CANCELLED"
    assert str(v["SUMMARY"]) == "AFLYST: Salon: Skala"


def test_ics_all_day_event_uses_dates_with_exclusive_end():
    data = events_to_ics([event(start=local(2027, 9, 1), end=local(2027, 9, 2), all_day=True)])
    v = vevents(data)["salon-a@vidensbanken"]
    assert v.decoded("DTSTART") == dt.date(2027, 9, 1)
    assert v.decoded("DTEND") == dt.date(2027, 9, 3)
