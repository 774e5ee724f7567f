"""Events API payloads shaped as Slack sends them (tests/bot/payloads/): message subtypes, mentions,
Enterprise Grid and Slack Connect, bots, retries and lifecycle events – through the real app."""

import logging

import pytest

from tests.bot.payload_support import check, names, run


@pytest.mark.parametrize("name", names("json"))
def test_event_payload(name, settings, fake_slack, caplog):
    caplog.set_level(logging.INFO)
    outcome = run(name, settings, fake_slack)
    check(name, outcome, caplog.records)
