"""Slash-command form bodies shaped as Slack sends them (tests/bot/payloads/): empty and odd text,
DMs, private channels, group DMs, Enterprise Grid and Slack Connect channels."""

import logging

import pytest

from tests.bot.payload_support import check, names, run


@pytest.mark.parametrize("name", names("command"))
def test_command_payload(name, settings, fake_slack, caplog):
    caplog.set_level(logging.INFO)
    outcome = run(name, settings, fake_slack)
    check(name, outcome, caplog.records)
