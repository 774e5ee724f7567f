"""manifest.yaml and the code agree: every command, event and scope the bot uses is declared."""

import json
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
import yaml
from slack_bolt import App, BoltResponse
from slack_bolt.request import BoltRequest

from bot.app import build_bot
from bot.config import BotSettings
from tests.bot.bot_support import FakeService

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yaml"


def _handled(bot, request) -> bool:
    """Some listener other than the catch-alls (bot.listeners.unhandled) takes the request."""
    return any(listener.matches(req=request, resp=BoltResponse(status=404))
               and listener.ack_function.__module__ != "bot.listeners.unhandled"
               for listener in bot.app._listeners)


def _manifest():
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def test_manifest_declares_the_events_scopes_and_socket_mode():
    manifest = _manifest()
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.im", "app_home_opened"} <= events
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "im:history", "chat:write", "commands", "reactions:write",
            "channels:history"} <= scopes
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True
    home = manifest["features"]["app_home"]
    assert home["home_tab_enabled"] and home["messages_tab_enabled"]
    assert not home["messages_tab_read_only_enabled"]


def test_every_slash_command_in_the_manifest_has_a_listener(tmp_path):
    declared = {c["command"] for c in _manifest()["features"]["slash_commands"]}
    assert "/spørg" in declared
    bot = build_bot(BotSettings(bot_token="xoxb-test", state_db=tmp_path / "s.db"), FakeService())
    try:
        for name in declared:
            request = BoltRequest(body=urlencode({"command": name, "text": "", "user_id": "U1",
                                                  "channel_id": "C1", "team_id": "T1"}),
                                  headers={"content-type": ["application/x-www-form-urlencoded"]})
            assert _handled(bot, request), name
    finally:
        bot.close()


@pytest.fixture
def registered(monkeypatch, tmp_path):
    """What build_bot registers: slash commands, shortcut callback ids and event types."""
    seen: dict[str, set[str]] = {"command": set(), "shortcut": set(), "event": set()}
    for kind in seen:
        original = getattr(App, kind)

        def record(self, constraint, *args, _kind=kind, _original=original, **kwargs):
            if not isinstance(constraint, re.Pattern):      # the catch-alls of bot.listeners.unhandled
                seen[_kind].add(constraint if isinstance(constraint, str) else constraint.get("callback_id"))
            return _original(self, constraint, *args, **kwargs)

        monkeypatch.setattr(App, kind, record)
    build_bot(BotSettings(bot_token="xoxb-test", state_db=tmp_path / "s.db"), FakeService()).close()
    return seen


def test_every_command_listener_is_in_the_manifest_and_the_other_way_round(registered):
    declared = {c["command"] for c in _manifest()["features"]["slash_commands"]}
    assert declared == registered["command"]
    assert {"/spørg", "/sporg"} <= declared


def test_every_shortcut_and_event_listener_is_in_the_manifest_and_the_other_way_round(registered):
    manifest = _manifest()
    assert {s["callback_id"] for s in manifest["features"]["shortcuts"]} == registered["shortcut"]
    events = {e.split(".")[0] for e in manifest["settings"]["event_subscriptions"]["bot_events"]}
    assert events == registered["event"]       # message.im/.channels/.groups are all "message"


def test_every_shortcut_in_the_manifest_has_a_listener(tmp_path):
    shortcuts = {s["callback_id"]: s for s in _manifest()["features"]["shortcuts"]}
    assert shortcuts["kb_save_thread"]["name"] == "Gem i vidensbanken"
    assert shortcuts["kb_save_thread"]["type"] == "message"
    bot = build_bot(BotSettings(bot_token="xoxb-test", state_db=tmp_path / "s.db"), FakeService())
    try:
        for callback_id in shortcuts:
            request = BoltRequest(body=urlencode({"payload": json.dumps({
                "type": "message_action", "callback_id": callback_id, "team": {"id": "T1"},
                "user": {"id": "U1"}, "channel": {"id": "C1"}, "message": {"ts": "1.0"}})}),
                headers={"content-type": ["application/x-www-form-urlencoded"]})
            assert _handled(bot, request), callback_id
    finally:
        bot.close()
