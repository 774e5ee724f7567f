"""Loading, validating and selecting events from events.yaml (fixtures are invented)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from indexer.audience import Viewer
from indexer.knowledge.events import TZ, InvalidEvents, load_events, upcoming_events
from tests.event_fixtures import NOW, write_events

REPO = Path(__file__).resolve().parents[2]

EVENTS_YAML = """\
events:
  - id: salon-juni
    title: "Salon: Skala i partnerskaber"
    kind: salon
    start: 2027-06-03T14:00:00
    end: 2027-06-03T16:30:00
    location: {name: "Medborgerhuset", address: "Testvej 1, 2300 København S"}
    audience: public
    signup_url: https://example.org/tilmeld
    signup_deadline: 2027-05-27
    status: planned
  - id: salon-efterår
    title: "Salon: Evaluering"
    kind: salon
    date_status: tba
    date_text: "dato følger – forventes efteråret 2027"
    audience: public
  - id: salon-marts
    title: "Salon: Udbud"
    kind: salon
    start: 2027-03-10T14:00:00
    end: 2027-03-10T16:00:00
    audience: public
  - id: udvikling-maj
    title: "Udviklingsmøde: opstartsfasen"
    kind: udviklingsmøde
    start: 2027-05-20T09:00:00
    end: 2027-05-20T15:00:00
    audience: partnership:fsb-hjem
  - id: følgegruppe-sep
    title: "Følgegruppemøde"
    kind: følgegruppemøde
    start: 2027-09-01
    audience: network
  - id: salon-i-dag
    title: "Salon: i dag"
    kind: salon
    start: 2027-05-01T10:00:00
    end: 2027-05-01T13:00:00
    status: cancelled
"""


@pytest.fixture
def events(tmp_path):
    return load_events(write_events(tmp_path, EVENTS_YAML))


def test_load_gives_aware_copenhagen_times(events):
    salon = events[0]
    assert salon.start == dt.datetime(2027, 6, 3, 14, 0, tzinfo=TZ)
    assert salon.start.utcoffset() == dt.timedelta(hours=2)
    assert salon.location.name == "Medborgerhuset"
    assert salon.signup_deadline == dt.date(2027, 5, 27)
    assert events[4].all_day and events[4].start.date() == dt.date(2027, 9, 1)


def test_missing_file_means_no_events(tmp_path):
    assert load_events(tmp_path / "nope.yaml") == []


def test_public_viewer_sees_upcoming_public_events_soonest_first_then_tba(events):
    ids = [e.id for e in upcoming_events(events, Viewer.public(), NOW)]
    # past salon-marts left out; the development meeting is for one partnership only
    assert ids == ["salon-i-dag", "salon-juni", "salon-efterår"]


def test_partnership_member_sees_their_development_meeting(events):
    viewer = Viewer.parse("partnership:fsb-hjem")
    ids = [e.id for e in upcoming_events(events, viewer, NOW)]
    assert ids == ["salon-i-dag", "udvikling-maj", "salon-juni", "følgegruppe-sep", "salon-efterår"]


def test_development_meeting_never_listed_for_public_or_other_partnership(events):
    for viewer in (Viewer.public(), Viewer.parse("network"), Viewer.parse("partnership:os")):
        assert "udvikling-maj" not in [e.id for e in upcoming_events(events, viewer, NOW)]


def test_kinds_filter(events):
    ids = [e.id for e in upcoming_events(events, Viewer.everything({"fsb-hjem"}), NOW, kinds={"følgegruppemøde"})]
    assert ids == ["følgegruppe-sep"]


def test_event_is_past_only_after_it_ends(events):
    today = next(e for e in events if e.id == "salon-i-dag")
    assert not today.is_past(dt.datetime(2027, 5, 1, 12, 59, tzinfo=TZ))
    assert today.is_past(dt.datetime(2027, 5, 1, 13, 0, tzinfo=TZ))
    all_day = next(e for e in events if e.id == "følgegruppe-sep")
    assert not all_day.is_past(dt.datetime(2027, 9, 1, 23, 59, tzinfo=TZ))
    assert all_day.is_past(dt.datetime(2027, 9, 2, 0, 0, tzinfo=TZ))
    # A UTC clock works the same: 10:59 UTC is 12:59 in Copenhagen in May.
    assert not today.is_past(dt.datetime(2027, 5, 1, 10, 59, tzinfo=dt.timezone.utc))


def test_winter_time_event_is_utc_plus_one(tmp_path):
    events = load_events(write_events(tmp_path, """\
        events:
          - {id: a, title: A, kind: salon, start: "2027-11-04T14:00", end: "2027-11-04T16:00"}
          - {id: b, title: B, kind: salon, start: 2027-04-08T14:00:00}
        """))
    assert events[0].start.utcoffset() == dt.timedelta(hours=1)
    assert events[1].start.utcoffset() == dt.timedelta(hours=2)


@pytest.mark.parametrize("event_yaml, expected", [
    ("{title: T, kind: salon, start: 2027-06-03}", ["event #1", "'id' is missing"]),
    ("{id: x, kind: salon, start: 2027-06-03}", ["event 'x'", "'title' is missing"]),
    ("{id: x, title: T, kind: webinar, start: 2027-06-03}", ["event 'x'", "'kind' is 'webinar'", "salon, udviklingsmøde"]),
    ("{id: x, title: T, kind: salon, start: 2027-13-03}", ["event 'x'", "'start'", "YYYY-MM-DD"]),
    ("{id: x, title: T, kind: salon, start: 'næste torsdag'}", ["event 'x'", "'start' is 'næste torsdag'"]),
    ("{id: x, title: T, kind: salon}", ["event 'x'", "'start' is missing", "date_status: tba"]),
    ("{id: x, title: T, kind: salon, start: 2027-06-03T16:00:00, end: 2027-06-03T14:00:00}",
     ["event 'x'", "'end'", "is before 'start'"]),
    ("{id: x, title: T, kind: salon, date_status: tba}", ["event 'x'", "'date_text' is missing"]),
    ("{id: x, title: T, kind: salon, start: 2027-06-03, audience: alle}", ["event 'x'", "'audience'", "partnership:<name>"]),
    ("{id: x, title: T, kind: salon, start: 2027-06-03, status: maybe}", ["event 'x'", "'status' is 'maybe'", "planned, postponed, cancelled"]),
    ("{id: x, title: T, kind: salon, start: 2027-06-03, signup_deadline: snart}", ["event 'x'", "'signup_deadline'"]),
])
def test_validation_names_file_event_and_field(tmp_path, event_yaml, expected):
    path = write_events(tmp_path, f"events:\n  - {event_yaml}\n")
    with pytest.raises(InvalidEvents) as info:
        load_events(path)
    message = str(info.value)
    assert str(path) in message
    for fragment in expected:
        assert fragment in message


def test_duplicate_id_is_an_error(tmp_path):
    path = write_events(tmp_path, """\
        events:
          - {id: x, title: A, kind: salon, start: 2027-06-03}
          - {id: x, title: B, kind: salon, start: 2027-06-04}
        """)
    with pytest.raises(InvalidEvents, match=r"event 'x': duplicate id \(also event #1\)"):
        load_events(path)


def test_invalid_yaml_reports_the_line(tmp_path):
    path = write_events(tmp_path, """\
        events:
          - id: x
            title: "unclosed
            kind: salon
        """)
    with pytest.raises(InvalidEvents, match=r"invalid YAML at line \d+"):
        load_events(path)


def test_all_problems_are_reported_at_once(tmp_path):
    path = write_events(tmp_path, """\
        events:
          - {id: a, title: A, kind: nope, start: 2027-06-03}
          - {id: b, title: B, kind: salon, status: nope, start: 2027-06-03}
        """)
    with pytest.raises(InvalidEvents) as info:
        load_events(path)
    assert len(info.value.errors) == 2


def test_internal_meeting_without_audience_is_not_public(tmp_path):
    events = load_events(write_events(tmp_path, """\
        events:
          - {id: a, title: A, kind: udviklingsmøde, start: 2027-06-03}
          - {id: b, title: B, kind: salon, start: 2027-06-03}
        """))
    assert [e.audience for e in events] == ["network", "public"]


def test_sample_events_file_is_valid():
    path = REPO / "knowledge_base" / "events.yaml"
    assert path.is_file(), "the sample knowledge base has an events.yaml"
    events = load_events(path)
    salons = [e for e in events if e.kind == "salon"]
    assert len(salons) >= 2
    assert any(e.is_tba for e in salons), "one sample salon has 'dato følger'"
