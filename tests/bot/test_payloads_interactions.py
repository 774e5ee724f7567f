"""Interaction payloads shaped as Slack sends them (tests/bot/payloads/): buttons from old answers,
modals submitted or closed with unexpected state, message and global shortcuts."""

import logging

import pytest

from tests.bot.payload_support import check, names, run


@pytest.mark.parametrize("name", names("interaction"))
def test_interaction_payload(name, settings, fake_slack, caplog):
    caplog.set_level(logging.INFO)
    outcome = run(name, settings, fake_slack)
    check(name, outcome, caplog.records)
