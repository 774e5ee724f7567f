"""HTTP mode: ``POST /slack/events`` into the Bolt app and ``GET /healthz``, on a threaded server.

Bolt verifies each request's signature (bad or stale → 401); every request gets its own thread,
so a slow one never delays the 3-second acknowledgement of another.
"""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

from slack_bolt import App, BoltRequest

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY = 1_000_000


class SlackHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default listen backlog of 5 refuses connections when Slack delivers a burst.
    request_queue_size = 128


def make_http_server(app: App, host: str, port: int,
                     health: Callable[[], dict] = lambda: {"ok": True}) -> SlackHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        server_version = "Vidensbanken"

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
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self._send(413, {}, "")
                return
            body = self.rfile.read(length).decode("utf-8")
            headers = {k.lower(): self.headers.get_all(k) for k in set(self.headers.keys())}
            response = app.dispatch(BoltRequest(body=body, query=query, headers=headers))
            self._send(response.status, response.headers, response.body)

        def _send(self, status: int, headers: dict, body) -> None:
            data = (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")
            self.send_response(status)
            for name, values in headers.items():
                if name.lower() == "content-length":
                    continue
                for value in values if isinstance(values, (list, tuple)) else [values]:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return SlackHTTPServer((host, port), Handler)
