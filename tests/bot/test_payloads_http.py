"""Every payload of tests/bot/payloads/ through the real HTTP server of one running bot, while search is
stuck (a model still loading): each request is acknowledged with 200 at once and nothing logs an error."""

import logging

from tests.bot.bot_support import signed_headers
from tests.bot.payload_support import ACK_SECONDS, names, requests


def test_every_payload_is_acknowledged_at_once_while_search_is_slow(http_bot, caplog):
    caplog.set_level(logging.INFO)
    http_bot.service.block()
    slow = []
    for name in names():
        for body, content_type, headers in requests(name, http_bot.fake.response_url(name)):
            reply = http_bot.post(body, {**signed_headers(body, content_type=content_type), **headers})
            assert reply.status == 200, (name, reply.body)
            if reply.seconds >= ACK_SECONDS:
                slow.append((name, round(reply.seconds, 2)))
    http_bot.service.release()
    http_bot.wait_idle()
    assert not slow
    bad = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert not bad, [f"{r.levelname} {r.name}: {r.getMessage()}" for r in bad]
