"""`python -m bot events`: Danish listing and .ics export (fixtures are invented)."""

from __future__ import annotations

import icalendar
import pytest
from click.testing import CliRunner

from bot.events.cli import events
from tests.event_fixtures import NOW, write_events

EVENTS_YAML = """\
events:
  - id: salon-skala
    title: "Salon: Skala"
    kind: salon
    start: 2027-06-03T14:00:00
    end: 2027-06-03T16:30:00
    location: {name: "Medborgerhuset Testby", address: "Prøvevej 1"}
    audience: public
  - id: salon-tba
    title: "Salon: Vejledningen"
    kind: salon
    date_status: tba
    date_text: "dato følger – forventes efteråret 2027"
    audience: public
  - id: salon-gammel
    title: "Salon: Udbud"
    kind: salon
    start: 2027-03-10T14:00:00
    audience: public
  - id: intern
    title: "Udviklingsmøde"
    kind: udviklingsmøde
    start: 2027-06-10T09:00:00
    audience: partnership:os
"""
NOW_OPTION = ["--now", NOW.strftime("%Y-%m-%dT%H:%M")]


@pytest.fixture
def kb(tmp_path):
    write_events(tmp_path, EVENTS_YAML)
    return tmp_path


def run(*args):
    return CliRunner().invoke(events, list(args), catch_exceptions=False)


def test_lists_upcoming_public_events_in_danish(kb):
    result = run("--kb", str(kb), *NOW_OPTION)
    assert result.exit_code == 0
    assert result.output == (
        "Salon: Skala\nTid: torsdag den 3. juni 2027 kl. 14.00–16.30\nSted: Medborgerhuset Testby, Prøvevej 1\n\n"
        "Salon: Vejledningen\nTid: dato følger – forventes efteråret 2027\n"
    )


def test_audience_option_shows_internal_meetings(kb):
    assert "Udviklingsmøde" in run("--kb", str(kb), "--audience", "partnership:os", *NOW_OPTION).output


def test_writes_ics_of_upcoming_or_all(kb, tmp_path):
    target = tmp_path / "out.ics"
    result = run("--kb", str(kb), "--ics", str(target), *NOW_OPTION)
    assert result.exit_code == 0
    uids = [str(v["UID"]) for v in icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")]
    assert uids == ["salon-skala@vidensbanken"]
    run("--kb", str(kb), "--ics", str(target), "--all", *NOW_OPTION)
    uids = [str(v["UID"]) for v in icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")]
    assert uids == ["salon-gammel@vidensbanken", "salon-skala@vidensbanken"]


def test_invalid_file_is_one_clear_error(tmp_path):
    write_events(tmp_path, "events:\n  - {id: x, title: T, kind: webinar}\n")
    result = CliRunner().invoke(events, ["--kb", str(tmp_path)])
    assert result.exit_code == 1
    assert "event 'x': field 'kind' is 'webinar'" in result.output
    assert "Traceback" not in result.output


def test_registered_in_python_m_bot():
    from bot.cli import cli as bot_cli

    assert "events" in bot_cli.commands
    result = CliRunner().invoke(bot_cli, ["events", "--help"])
    assert result.exit_code == 0 and "Example: python -m bot events --ics" in result.output
