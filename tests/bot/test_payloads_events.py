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


@pytest.mark.parametrize("name, says", [("tokens_revoked", "SLACK_BOT_TOKEN"), ("app_uninstalled", "uninstalled"),
                                        ("app_rate_limited", "2025-11-30T05:20")])
def test_the_operator_reads_what_happened_to_the_app(name, says, settings, fake_slack, caplog):
    caplog.set_level(logging.INFO)
    run(name, settings, fake_slack)
    assert [r for r in caplog.records if r.levelno == logging.WARNING and says in r.getMessage()]
