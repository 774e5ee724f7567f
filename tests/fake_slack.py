"""A fake Slack Web API on a local port that records every call (cf. bolt-python's
tests/mock_web_api_server). Point ``WebClient(base_url=fake.api_url)`` at it and assert on
``fake.calls``; respond()/response_url posts land here too (``fake.response_url()``).

It can be told to answer one method with 429 + Retry-After, or with an API error. It can also
serve uploaded files (``add_file``: files.info and a ``url_private`` download that needs the bot
token), user groups (usergroups.users.list) and people (users.info), open DMs
(conversations.open → ``DM_CHANNEL``) and take files_upload_v2's uploads (the bytes land in
``fake.uploads[file_id]``).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, unquote

from tests import local_server

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T0TEST"
INVALID_TOKEN = "xoxb-invalid"
DM_CHANNEL = "D0DM"
UPLOAD_FILE_ID = "F0UPLOAD"
_JSON_PARAMS = ("blocks", "view", "attachments", "metadata")


@dataclass
class Call:
    method: str                 # "chat.postMessage", or "response_url" for respond()
    params: dict
    path: str
    headers: dict = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)
    response: dict | None = None  # what the fake answered (e.g. the ts of a posted message)


@dataclass
class _Failure:
    status: int = 200
    error: str | None = None
    retry_after: int | None = None


class FakeSlack:
    def __init__(self):
        self.calls: list[Call] = []
        self.threads: dict[tuple[str, str], list[dict]] = {}   # conversations.replies content
        self._failures: dict[str, list[_Failure]] = {}
        self._lock = threading.Condition()
        self._ts = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self.files: dict[str, dict] = {}                        # files.info content
        self._file_bytes: dict[str, tuple[bytes, str]] = {}     # url path → (content, content type)
        self.usergroups: dict[str, list[str]] = {}              # usergroups.users.list content
        self.users: dict[str, dict] = {}                        # users.info content
        self.uploads: dict[str, bytes] = {}                     # file id → bytes sent to upload_url

    # -- lifecycle -----------------------------------------------------------------------------
    def start(self) -> "FakeSlack":
        self._server = local_server.serve(self._handle)
        return self

    def stop(self) -> None:
        local_server.stop(self._server)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return self.base_url + "/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.base_url}/respond/{name}"

    # -- scripting -------------------------------------------------------------------------------
    def rate_limit_once(self, method: str, retry_after: int = 0) -> None:
        self._failures.setdefault(method, []).append(_Failure(status=429, error="ratelimited",
                                                              retry_after=retry_after))

    def fail(self, method: str, error: str = "internal_error", times: int = 1, status: int = 200) -> None:
        """Answer the next ``times`` calls with an API error (``status`` 500 for a server error)."""
        self._failures.setdefault(method, []).extend(_Failure(status=status, error=error) for _ in range(times))

    def add_file(self, name: str, content: bytes, *, file_id: str | None = None, size: int | None = None,
                 content_type: str = "application/octet-stream", user: str = "UADMIN") -> dict:
        """Serve a file: files.info describes it (``size`` may lie), url_private returns ``content``."""
        file_id = file_id or f"F{len(self.files) + 1:08d}"
        path = f"/files-pri/{TEAM_ID}-{file_id}/{quote(name)}"     # Slack percent-encodes names
        self._file_bytes[unquote(path)] = (content, content_type)
        info = {"id": file_id, "name": name, "title": name, "user": user,
                "size": len(content) if size is None else size, "filetype": name.rsplit(".", 1)[-1],
                "url_private": self.base_url + path}
        self.files[file_id] = info
        return info

    def add_user(self, user_id: str, real_name: str) -> None:
        self.users[user_id] = {"id": user_id, "name": real_name.split()[0].lower(), "real_name": real_name,
                               "profile": {"real_name": real_name, "display_name": real_name.split()[0]}}

    # -- assertions ------------------------------------------------------------------------------
    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        with self._lock:
            while len([c for c in self.calls if c.method == method]) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    got = [c.method for c in self.calls]
                    raise AssertionError(f"expected {count} call(s) to {method}, got calls: {got}")
                self._lock.wait(left)
            return [c for c in self.calls if c.method == method]

    # -- the server side -------------------------------------------------------------------------
    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        data = request.rfile.read(length) if length else b""
        path = request.path.partition("?")[0]
        if path.startswith("/upload/"):        # files_upload_v2 sends the file's bytes here
            with self._lock:
                self.uploads[path.removeprefix("/upload/")] = data
            return _send(request, 200, "OK")
        raw = data.decode("utf-8")
        params = _parse(raw, request.headers.get("Content-Type", ""))
        query = request.path.partition("?")[2]
        if query:
            params = {**dict(parse_qsl(query)), **params}
        if path.startswith("/files-pri/"):
            return self._serve_file(request, unquote(path))
        method = path.rsplit("/", 1)[-1] if path.startswith("/api/") else "response_url"
        call = Call(method=method, params=params, path=path, headers=dict(request.headers.items()))
        with self._lock:
            self.calls.append(call)
            failure = self._failures.get(method, []) and self._failures[method].pop(0)
            self._lock.notify_all()
        if failure:
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            return _send(request, failure.status, {"ok": False, "error": failure.error}, headers)
        if method == "response_url":
            return _send(request, 200, "ok")
        token = (request.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        if token == INVALID_TOKEN:
            return _send(request, 200, {"ok": False, "error": "invalid_auth"})
        call.response = self._answer(method, params)
        _send(request, 200, call.response)

    def _serve_file(self, request: BaseHTTPRequestHandler, path: str) -> None:
        call = Call(method="file_download", params={}, path=path, headers=dict(request.headers.items()))
        with self._lock:
            self.calls.append(call)
            self._lock.notify_all()
        token = (request.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        if not token.startswith("xoxb-") or token == INVALID_TOKEN:
            # Like Slack: no valid token gets the sign-in page, with status 200.
            return _send_bytes(request, 200, b"<html><body>Sign in</body></html>", "text/html")
        if path not in self._file_bytes:
            return _send_bytes(request, 404, b"not found", "text/plain")
        content, content_type = self._file_bytes[path]
        _send_bytes(request, 200, content, content_type)

    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def _answer(self, method: str, params: dict) -> dict:
        channel = params.get("channel", "")
        if method == "auth.test":
            return {"ok": True, "url": "https://vidensbanken-test.slack.com/", "team": "Test",
                    "user": "vidensbanken", "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID}
        if method == "chat.postMessage":
            ts = self._next_ts()
            return {"ok": True, "channel": channel, "ts": ts,
                    "message": {"text": params.get("text"), "ts": ts, "bot_id": BOT_ID}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method == "chat.update":
            return {"ok": True, "channel": channel, "ts": params.get("ts"), "text": params.get("text")}
        if method == "chat.getPermalink":
            ts = params.get("message_ts", "")
            return {"ok": True, "channel": channel,
                    "permalink": f"https://vidensbanken-test.slack.com/archives/{channel}/p{ts.replace('.', '')}"}
        if method == "conversations.replies":
            messages = self.threads.get((channel, params.get("ts", "")), [])
            return {"ok": True, "messages": messages, "has_more": False}
        if method in ("views.open", "views.publish", "views.update"):
            return {"ok": True, "view": {"id": "VFAKE", **(params.get("view") or {})}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": DM_CHANNEL}}
        if method == "files.getUploadURLExternal":
            return {"ok": True, "upload_url": f"{self.base_url}/upload/{UPLOAD_FILE_ID}",
                    "file_id": UPLOAD_FILE_ID}
        if method == "files.completeUploadExternal":
            return {"ok": True, "files": [{"id": UPLOAD_FILE_ID}]}
        if method == "files.info":
            info = self.files.get(params.get("file", ""))
            return {"ok": True, "file": info} if info else {"ok": False, "error": "file_not_found"}
        if method == "usergroups.users.list":
            members = self.usergroups.get(params.get("usergroup", ""))
            return {"ok": True, "users": members} if members is not None else {"ok": False,
                                                                                 "error": "no_such_subteam"}
        if method == "users.info":
            user = self.users.get(params.get("user", ""))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        return {"ok": True}


def _parse(raw: str, content_type: str) -> dict:
    if not raw:
        return {}
    if "json" in content_type:
        return json.loads(raw)
    params = dict(parse_qsl(raw, keep_blank_values=True))
    for key in _JSON_PARAMS:
        if isinstance(params.get(key), str) and params[key][:1] in "[{":
            params[key] = json.loads(params[key])
    return params


def _send_bytes(request: BaseHTTPRequestHandler, status: int, data: bytes, content_type: str) -> None:
    request.send_response(status)
    request.send_header("Content-Type", content_type)
    request.send_header("Content-Length", str(len(data)))
    request.end_headers()
    request.wfile.write(data)


def _send(request: BaseHTTPRequestHandler, status: int, body, headers: dict | None = None) -> None:
    data = (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")
    request.send_response(status)
    request.send_header("Content-Type", "application/json" if not isinstance(body, str) else "text/plain")
    for name, value in (headers or {}).items():
        request.send_header(name, value)
    request.send_header("Content-Length", str(len(data)))
    request.end_headers()
    request.wfile.write(data)
