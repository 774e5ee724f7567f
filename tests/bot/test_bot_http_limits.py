"""What a stranger can send to HTTP mode is bounded before Bolt reads it: bad lengths, big bodies,
slow clients and too many connections at once."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest

from bot.app import build_bot, make_web_client
from bot.http_server import make_http_server
from tests.bot.bot_support import event_body, mention, signed_headers

READ_TIMEOUT = 0.5


@pytest.fixture
def server(settings, service, fake_slack):
    bot = build_bot(settings, service, make_web_client(settings))
    http = make_http_server(bot.app, "127.0.0.1", 0, read_timeout=READ_TIMEOUT, max_handlers=2,
                            max_body=10_000)
    thread = threading.Thread(target=http.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield http
    http.shutdown()
    http.server_close()
    bot.close()


def _connect(server) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.server_port), timeout=3)
    return sock


def _status(sock: socket.socket) -> int:
    """The status code of the response on this socket (fails the test if none comes in 3 s)."""
    data = b""
    while b"\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    sock.close()
    assert data, "the server closed the connection without a response"
    return int(data.split(b" ", 2)[1])


def _post_head(length: str, extra: str = "") -> bytes:
    return (f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {length}\r\n{extra}\r\n").encode()


@pytest.mark.parametrize("length", ["-1", "abc", "12, 12", ""])
def test_a_bad_content_length_gets_400_at_once_and_reaches_nobody(server, fake_slack, service, length):
    sock = _connect(server)
    sock.sendall(_post_head(length))                 # and no body: a reader would wait forever
    started = time.monotonic()
    assert _status(sock) == 400
    assert time.monotonic() - started < READ_TIMEOUT
    assert service.calls == [] and fake_slack.calls == []


def test_chunked_transfer_gets_400(server):
    sock = _connect(server)
    sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
    assert _status(sock) == 400


def test_a_body_over_the_cap_is_refused_before_it_is_read(server):
    sock = _connect(server)
    sock.sendall(_post_head("2000000000"))           # 2 GB announced, nothing sent
    assert _status(sock) == 413


def test_a_client_that_stops_sending_is_dropped_and_frees_its_thread(server, settings):
    stalled = _connect(server)
    stalled.sendall(_post_head("100") + b'{"type": ')
    started = time.monotonic()
    assert _status(stalled) == 408
    assert time.monotonic() - started < READ_TIMEOUT + 2
    body = json.dumps({"token": "t", "challenge": "still-here", "type": "url_verification"})
    sock = _connect(server)
    sock.sendall(_post_head(str(len(body.encode())), "".join(
        f"{k}: {v}\r\n" for k, v in signed_headers(body).items() if k != "Content-Type")) + body.encode())
    assert _status(sock) == 200


def test_more_connections_than_handlers_get_503_and_the_server_recovers(server):
    slow = [_connect(server) for _ in range(2)]
    for sock in slow:                                # two handlers wait for bodies that never come
        sock.sendall(_post_head("100"))
    time.sleep(0.1)
    third = _connect(server)
    third.sendall(_post_head("2") + b"{}")
    started = time.monotonic()
    assert _status(third) == 503
    assert time.monotonic() - started < READ_TIMEOUT
    assert [_status(sock) for sock in slow] == [408, 408]
    body = json.dumps(event_body(mention("hvad er et strategisk partnerskab?")))
    head = "".join(f"{k}: {v}\r\n" for k, v in signed_headers(body).items() if k != "Content-Type")

    def deliver() -> int:
        sock = _connect(server)
        sock.sendall(_post_head(str(len(body.encode())), head) + body.encode())
        return _status(sock)

    # A timed-out handler frees its slot right after its 408 is written; like Slack, try again once.
    status = deliver()
    if status == 503:
        time.sleep(0.2)
        status = deliver()
    assert status == 200
