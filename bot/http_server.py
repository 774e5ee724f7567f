"""HTTP mode: ``POST /slack/events`` into the Bolt app and ``GET /healthz``, on a threaded server.

Bolt verifies each request's signature (bad or stale → 401); every request gets its own thread,
so a slow one never delays the 3-second acknowledgement of another. What a stranger can send is
bounded before Bolt sees it: a missing, negative or non-numeric ``Content-Length`` gets 400, a
body over ``MAX_BODY`` 413 before a byte of it is read, a client that stops sending is dropped
after ``READ_TIMEOUT`` seconds (408), and at most ``MAX_HANDLERS`` requests are handled at once —
the next gets 503 at once (Slack retries it).
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

from slack_bolt import App, BoltRequest

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY = 1_000_000          # Slack's payloads are a few KB; a view submission at most ~100 KB
READ_TIMEOUT = 10.0           # seconds a client may take to send its request
MAX_HANDLERS = 64             # requests handled at the same time (Slack's bursts stay well below)
_BUSY = (b"HTTP/1.0 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n"
         b"Connection: close\r\n\r\n")


class SlackHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default listen backlog of 5 refuses connections when Slack delivers a burst.
    request_queue_size = 128

    def __init__(self, address, handler, max_handlers: int = MAX_HANDLERS):
        self._slots = threading.BoundedSemaphore(max_handlers)
        super().__init__(address, handler)

    def process_request(self, request, client_address):
        if not self._slots.acquire(blocking=False):
            log.warning("%d requests are being handled already: 503 for %s", MAX_HANDLERS, client_address[0])
            self._refuse(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def _refuse(self, request: socket.socket) -> None:
        """503 from the accepting thread, without waiting for a slow client."""
        try:
            request.settimeout(0.2)
            try:
                request.recv(65536)       # the request head, so closing does not reset the connection
            except OSError:
                pass
            request.sendall(_BUSY)
        except OSError:
            pass
        finally:
            self.shutdown_request(request)


def make_http_server(app: App, host: str, port: int,
                     health: Callable[[], dict] = lambda: {"ok": True}, *, max_body: int = MAX_BODY,
                     read_timeout: float = READ_TIMEOUT, max_handlers: int = MAX_HANDLERS) -> SlackHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        server_version = "Vidensbanken"
        timeout = read_timeout            # socket timeout: a stalled client frees its thread

        def log_message(self, format, *args):     # Bolt logs requests; keep stderr quiet
            pass

        def do_GET(self):
            path = self.path.partition("?")[0]
            if path == HEALTH_PATH:
                self._send(200, {"Content-Type": ["application/json"]}, json.dumps(health()))
            else:
                self._send(404, {}, "")

        def do_POST(self):
            path, _, query = self.path.partition("?")
            if path != EVENTS_PATH:
                self._send(404, {}, "")
                return
            length = self._content_length()
            if length is None:
                self._send(400, {}, "")
                return
            if length > max_body:
                self._send(413, {}, "")
                return
            try:
                data = self.rfile.read(length)
            except (TimeoutError, socket.timeout):
                self._send(408, {}, "")
                return
            if len(data) != length:           # the client closed before sending it all
                self._send(400, {}, "")
                return
            try:
                body = data.decode("utf-8")
            except UnicodeDecodeError:
                self._send(400, {}, "")
                return
            headers = {k.lower(): self.headers.get_all(k) for k in set(self.headers.keys())}
            response = app.dispatch(BoltRequest(body=body, query=query, headers=headers))
            self._send(response.status, response.headers, response.body)

        def _content_length(self) -> int | None:
            """The declared body length; None for chunked, missing, negative or non-numeric ones."""
            if self.headers.get("Transfer-Encoding"):
                return None
            values = self.headers.get_all("Content-Length") or []
            if len(values) != 1 or not values[0].strip().isdigit():
                return None
            return int(values[0])

        def _send(self, status: int, headers: dict, body) -> None:
            data = (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")
            try:
                self.send_response(status)
                for name, values in headers.items():
                    if name.lower() == "content-length":
                        continue
                    for value in values if isinstance(values, (list, tuple)) else [values]:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                if status >= 400:
                    self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(data)
            except OSError as exc:             # the client went away: nothing to tell it
                log.info("could not send the %d response: %s", status, exc)
                self.close_connection = True

    return SlackHTTPServer((host, port), Handler, max_handlers=max_handlers)
