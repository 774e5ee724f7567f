"""/salon end to end: signed requests into a Bolt app, Web API calls to a local fake_slack Slack."""

from __future__ import annotations

import datetime as dt
import json
import time
from urllib.parse import urlencode

import icalendar
import pytest
from slack_bolt import BoltRequest
from slack_sdk import WebClient

from bot.app import build_bot
from bot.config import BotSettings
from tests.bot.bot_support import SIGNING_SECRET, FakeService, signed_request
from tests.event_fixtures import NOW, write_events
from tests.fake_slack import DM_CHANNEL, UPLOAD_FILE_ID, FakeSlack

EVENTS_YAML = """\
events:
  - id: salon-skala
    title: "Salon: Skala"
    kind: salon
    start: 2027-11-04T14:00:00
    end: 2027-11-04T16:30:00
    location: {name: "Medborgerhuset Testby", address: "Prøvevej 1"}
    audience: public
    signup_url: https://example.org/tilmeld
  - id: salon-tba
    title: "Salon: Vejledningen"
    kind: salon
    date_status: tba
    date_text: "dato følger"
    audience: public
"""


@pytest.fixture
def app(fake_slack, tmp_path):
    """The whole bot over a knowledge base outside the working directory, with a fixed clock."""
    kb = tmp_path / "kb"
    kb.mkdir()
    write_events(kb, EVENTS_YAML)
    settings = BotSettings(signing_secret=SIGNING_SECRET, bot_token="xoxb-test", kb_dir=kb,
                           state_db=tmp_path / "state.db")
    bot = build_bot(settings, FakeService(), WebClient(token="xoxb-test", base_url=fake_slack.api_url), clock=lambda: NOW)
    yield bot.app
    bot.close()


def command_request(fake_slack: FakeSlack, text: str, **kwargs) -> BoltRequest:
    body = urlencode({
        "token": "legacy", "team_id": "T0TEAM", "channel_id": "C0PUBLIC", "channel_name": "general",
        "user_id": "U0MEMBER", "command": "/salon", "text": text, "api_app_id": "A0APP",
        "response_url": fake_slack.response_url("1"), "trigger_id": "1.2.3",
    })
    return signed_request(body, content_type="application/x-www-form-urlencoded", **kwargs)


def action_request(fake_slack: FakeSlack, action_id: str, value: str) -> BoltRequest:
    payload = {
        "type": "block_actions", "team": {"id": "T0TEAM"}, "user": {"id": "U0MEMBER"},
        "api_app_id": "A0APP", "channel": {"id": "C0PUBLIC", "name": "general"},
        "container": {"type": "message", "channel_id": "C0PUBLIC", "is_ephemeral": True},
        "response_url": fake_slack.response_url("2"), "trigger_id": "1.2.4",
        "actions": [{"action_id": action_id, "block_id": "b", "type": "button", "value": value,
                     "action_ts": "1700000000.1"}],
    }
    return signed_request(urlencode({"payload": json.dumps(payload)}), content_type="application/x-www-form-urlencoded")


def test_salon_command_acks_fast_and_responds_ephemerally(app, fake_slack):
    started = time.monotonic()
    response = app.dispatch(command_request(fake_slack, ""))
    assert response.status == 200
    assert time.monotonic() - started < 3
    [reply] = fake_slack.wait_for("response_url")
    assert reply.path == "/respond/1" and reply.params["response_type"] == "ephemeral"
    text = json.dumps(reply.params["blocks"], ensure_ascii=False)
    assert "torsdag den 4. november 2027 kl. 14.00–16.30" in text
    assert "dato følger" in text and "Del i kanalen" in text and "Tilføj til kalender" in text


def test_bad_or_stale_signature_is_rejected_and_nothing_happens(app, fake_slack):
    assert app.dispatch(command_request(fake_slack, "", secret="wrong")).status == 401
    assert app.dispatch(command_request(fake_slack, "", timestamp=int(time.time()) - 3600)).status == 401
    time.sleep(0.2)
    assert fake_slack.calls == []


def test_share_button_posts_in_channel(app, fake_slack):
    assert app.dispatch(action_request(fake_slack, "salon_share", json.dumps({"q": "skala"}))).status == 200
    [post] = fake_slack.wait_for("chat.postMessage")
    assert post.params["channel"] == "C0PUBLIC" and "Salon: Skala" in post.params["text"]
    [cleanup] = fake_slack.wait_for("response_url")
    assert cleanup.path == "/respond/2" and cleanup.params["delete_original"] is True


def test_calendar_button_uploads_ics_to_dm(app, fake_slack):
    assert app.dispatch(action_request(fake_slack, "salon_calendar", "salon-skala")).status == 200
    [complete] = fake_slack.wait_for("files.completeUploadExternal")
    assert complete.params["channel_id"] == DM_CHANNEL
    calendar = icalendar.Calendar.from_ical(fake_slack.uploads[UPLOAD_FILE_ID])
    [vevent] = calendar.walk("VEVENT")
    # 4 November 2027 is after the switch to winter time: 14.00 in Copenhagen is 13.00 UTC.
    assert vevent.decoded("DTSTART").astimezone(dt.timezone.utc) == dt.datetime(2027, 11, 4, 13, tzinfo=dt.timezone.utc)
    [note] = fake_slack.wait_for("response_url")
    assert note.path == "/respond/2" and "direkte besked" in note.params["text"]
