"""/salon and the App Home events inside the whole bot (build_bot), against the shared fake Slack."""

from __future__ import annotations

import datetime as dt
import json
import time
from urllib.parse import urlencode

import pytest
from slack_bolt import BoltRequest
from slack_sdk import WebClient

from bot.app import build_bot
from bot.config import BotSettings
from indexer.audience import Viewer
from tests.bot.bot_support import SIGNING_SECRET, signed_request
from tests.event_fixtures import NOW, write_events
from tests.fake_slack import TEAM_ID

EVENTS_YAML = """\
events:
  - id: salon-skala
    title: "Salon: Skala"
    kind: salon
    start: 2027-06-03T14:00:00
    end: 2027-06-03T16:30:00
    audience: public
  - id: udvikling
    title: "Udviklingsmøde: opstartsfasen"
    kind: udviklingsmøde
    start: 2027-05-20T09:00:00
    audience: partnership:fsb-hjem
"""


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """A knowledge base outside the working directory; the working directory has a decoy with no events."""
    kb = tmp_path / "kb"
    kb.mkdir()
    write_events(kb, EVENTS_YAML)
    cwd = tmp_path / "cwd"
    (cwd / "knowledge_base").mkdir(parents=True)
    monkeypatch.chdir(cwd)
    monkeypatch.delenv("VIDENSBANK_KB_DIR", raising=False)
    return kb


@pytest.fixture
def bot(fake_slack, tmp_path, elsewhere):
    settings = BotSettings(signing_secret=SIGNING_SECRET, bot_token="xoxb-test", state_db=tmp_path / "state.db",
                           kb_dir=elsewhere, channel_audiences={"C0PARTNER": Viewer.parse("partnership:fsb-hjem")})
    built = build_bot(settings, service=object(), client=WebClient(token="xoxb-test", base_url=fake_slack.api_url),
                      clock=lambda: NOW)
    yield built
    built.wait_idle()
    built.close()


def slash(fake_slack, text: str, channel: str) -> BoltRequest:
    return signed_request(urlencode({
        "team_id": TEAM_ID, "channel_id": channel, "channel_name": "kanal", "user_id": "U0MEMBER",
        "command": "/salon", "text": text, "api_app_id": "A0APP", "response_url": fake_slack.response_url(),
        "trigger_id": "1.2.3",
    }), content_type="application/x-www-form-urlencoded")


def replied_text(fake_slack) -> str:
    [call] = fake_slack.wait_for("response_url")
    return json.dumps(call.params, ensure_ascii=False)


def test_salon_is_registered_in_the_bot(bot, fake_slack):
    assert bot.app.dispatch(slash(fake_slack, "", "C0PUBLIC")).status == 200
    bot.wait_idle()
    text = replied_text(fake_slack)
    assert "torsdag den 3. juni 2027 kl. 14.00–16.30" in text and "ephemeral" in text


def test_channel_audience_decides_what_salon_alle_shows(bot, fake_slack):
    bot.app.dispatch(slash(fake_slack, "alle", "C0PUBLIC"))
    bot.wait_idle()
    assert "Udviklingsmøde" not in replied_text(fake_slack)
    fake_slack.calls.clear()
    bot.app.dispatch(slash(fake_slack, "alle", "C0PARTNER"))
    bot.wait_idle()
    assert "Udviklingsmøde: opstartsfasen" in replied_text(fake_slack)


def test_app_home_lists_upcoming_events(bot, fake_slack):
    body = json.dumps({
        "type": "event_callback", "team_id": TEAM_ID, "api_app_id": "A0APP",
        "event_id": "Ev0HOME", "event_time": int(time.time()),
        "event": {"type": "app_home_opened", "user": "U0MEMBER", "channel": "D0DM", "tab": "home"},
    })
    assert bot.app.dispatch(signed_request(body)).status == 200
    bot.wait_idle()
    [publish] = fake_slack.wait_for("views.publish")
    text = json.dumps(publish.params["view"], ensure_ascii=False)
    assert "Kommende arrangementer" in text and "Salon: Skala" in text
    assert "Udviklingsmøde" not in text


def test_reminders_read_the_bots_knowledge_base_and_stop_with_the_bot(fake_slack, tmp_path, elsewhere):
    """Settings flow from BotSettings: the announcement channel's reminders come from --kb, not ./knowledge_base."""
    settings = BotSettings(signing_secret=SIGNING_SECRET, bot_token="xoxb-test", state_db=tmp_path / "state.db",
                           kb_dir=elsewhere, announce_channel="C0ANNOUNCE")
    week_before = dt.datetime(2027, 5, 28, 9, 0, tzinfo=NOW.tzinfo)
    built = build_bot(settings, service=object(), client=WebClient(token="xoxb-test", base_url=fake_slack.api_url),
                      clock=lambda: week_before)
    try:
        [post] = fake_slack.wait_for("chat.postMessage")
        assert post.params["channel"] == "C0ANNOUNCE" and "Salon: Skala" in post.params["text"]
        assert "Udviklingsmøde" not in post.params["text"]
        assert built.reminders.run_once() == []          # claimed in the bot's state.db: never twice
    finally:
        built.close()
    assert not built.reminders._thread.is_alive()
