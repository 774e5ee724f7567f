"""Every payload of tests/bot/payloads/ as Socket Mode delivers it (the default way to run the bot): Bolt
acknowledges an envelope only when the app answers 200, and Slack retries and warns about the rest."""

import itertools
import logging

from slack_bolt.adapter.socket_mode.internals import run_bolt_app, send_response
from slack_sdk.socket_mode.request import SocketModeRequest

from bot.app import build_bot
from tests.bot.bot_support import FakeService, InlineExecutor
from tests.bot.payload_support import deliveries, names

ENVELOPE_TYPES = {"json": "events_api", "interaction": "interactive", "command": "slash_commands"}


class SocketClient:
    """What send_response needs of a Socket Mode client: it records the acknowledged envelopes."""

    logger = logging.getLogger("test.socket_mode")

    def __init__(self):
        self.acknowledged: list[str] = []

    def send_socket_mode_response(self, response) -> None:
        self.acknowledged.append(response.envelope_id)


def test_every_payload_is_acknowledged_over_socket_mode(settings, fake_slack, caplog):
    caplog.set_level(logging.INFO)
    bot = build_bot(settings, FakeService(), listener_executor=InlineExecutor(), answers=InlineExecutor())
    client, sent, ids = SocketClient(), [], itertools.count(1)
    try:
        for name in names():
            if name == "url_verification":          # an HTTP-only handshake
                continue
            for transport, payload, headers in deliveries(name, fake_slack.response_url(name)):
                request = SocketModeRequest(
                    type=ENVELOPE_TYPES[transport], envelope_id=f"{name}-{next(ids)}", payload=payload,
                    retry_attempt=int(headers["X-Slack-Retry-Num"]) if headers else None,
                    retry_reason=headers.get("X-Slack-Retry-Reason"))
                sent.append(request.envelope_id)
                send_response(client, request, run_bolt_app(bot.app, request), 0.0)
    finally:
        bot.close()
    assert [e for e in sent if e not in client.acknowledged] == []
    bad = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert not bad, [f"{r.levelname} {r.name}: {r.getMessage()}" for r in bad]
