"""`python -m bot digest`: the same digest printed for a curator without Slack, or posted; and the wiring."""

import threading

import pytest
from click.testing import CliRunner

from bot.app import build_bot
from bot.cli import cli
from bot.config import BotSettings
from bot.state.db import StateDB
from tests.bot.bot_support import FakeService
from tests.bot.digest_support import seed, write_new_article
from tests.bot.test_digest import png_size

NOW = "2027-01-18T08:30"


@pytest.fixture
def state_db(tmp_path):
    path = tmp_path / "state.db"
    state = StateDB(path)
    seed(state)
    state.close()
    return path


def _digest(args, env=None):
    return CliRunner().invoke(cli, ["digest", *args], obj={}, env=env)


def test_print_shows_every_question_without_who_asked_and_writes_the_chart(state_db, kb_dir, tmp_path):
    write_new_article(kb_dir)
    chart = tmp_path / "uge.png"
    result = _digest(["--kb", str(kb_dir), "--state-db", str(state_db), "--now", NOW, "--chart", str(chart)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Ugens overblik over Vidensbanken – uge 3\n11.1.2027–18.1.2027\n")
    assert "Spørgsmål: 12 – besvaret sikkert: 4 (33 %)" in out
    assert ("- «hvornår er næste salon» / «hvornår er den næste salon» (3 gange · 3 uden sikkert svar)\n"
            "    -> Skriv en artikel om emnet") in out
    assert "«hvordan gik udbuddet hos &os i søndergården»" in out        # the admins' version: everything
    assert "- Digitale værktøjer i partnerskaberne\n    -> Tjek, om titel og tekst" in out
    assert "    uge 2 (11.01):   4 /   8" in out
    assert "UASKER" not in out and "UMEMBER" not in out and "DSUNE" not in out
    assert png_size(chart.read_bytes()) == (800, 360)


def test_since_changes_the_period(state_db, kb_dir):
    result = _digest(["--kb", str(kb_dir), "--state-db", str(state_db), "--now", NOW, "--since", "3w"])
    assert result.exit_code == 0 and "28.12.2026–18.1.2027" in result.stdout
    assert "Spørgsmål: 15 – besvaret sikkert: 6 (40 %)" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--since", "en uge"], "'en uge' is not a period like 7d, 2w or 30"),
    (["--now", "mandag"], "'mandag' is not a date-time like 2027-01-18T08:00"),
    (["--state-db", "/nonexistent/state.db"], "No bot state database at /nonexistent/state.db"),
])
def test_bad_options_get_one_clear_line(kb_dir, args, message):
    result = _digest(["--kb", str(kb_dir), *args])
    assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output


def test_post_needs_a_token_and_someone_to_send_to(state_db, kb_dir, fake_slack):
    no_token = _digest(["--kb", str(kb_dir), "--state-db", str(state_db), "--post"])
    assert no_token.exit_code == 1 and "SLACK_BOT_TOKEN is not set: --post needs the bot token" in no_token.output
    env = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": fake_slack.api_url}
    nobody = _digest(["--kb", str(kb_dir), "--state-db", str(state_db), "--post"], env=env)
    assert nobody.exit_code == 1 and "Nobody to send the digest to: set VIDENSBANK_DIGEST_CHANNEL" in nobody.output
    env["VIDENSBANK_DIGEST_CHANNEL"] = "#CDIGEST"
    env["VIDENSBANK_ADMINS"] = "UADMIN1"
    posted = _digest(["--kb", str(kb_dir), "--state-db", str(state_db), "--post", "--now", NOW], env=env)
    assert posted.exit_code == 0, posted.output
    assert posted.stdout.strip() == "Digest posted to: CDIGEST, UADMIN1"
    channels = [c.params["channel"] for c in fake_slack.calls_to("chat.postMessage")]
    assert channels == ["CDIGEST", "D0DM"]
    assert len(fake_slack.calls_to("files.completeUploadExternal")) == 1


def test_the_bot_runs_the_weekly_digest_and_stops_it_on_close(tmp_path):
    bot = build_bot(BotSettings(bot_token="xoxb-test", state_db=tmp_path / "s.db"), FakeService())
    try:
        assert bot.digest is not None and bot.digest._thread.is_alive()
    finally:
        bot.close()
    assert not bot.digest._thread.is_alive()


def test_an_admin_can_turn_the_weekly_digest_off(tmp_path):
    settings = BotSettings.from_env({"SLACK_BOT_TOKEN": "xoxb-test", "VIDENSBANK_STATE_DB": str(tmp_path / "s.db"),
                                     "VIDENSBANK_DIGEST": "off"})
    digests = lambda: sum(t.name == "weekly-digest" for t in threading.enumerate())   # noqa: E731
    before = digests()
    bot = build_bot(settings, FakeService())
    try:
        assert bot.digest is None and digests() == before
    finally:
        bot.close()
