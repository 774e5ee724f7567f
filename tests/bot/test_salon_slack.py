"""/salon end to end: signed requests into a Bolt app, Web API calls to a local fake Slack."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode

import icalendar
import pytest
from slack_bolt import App, BoltRequest
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier

from bot.listeners.commands import salon
from tests.event_fixtures import NOW, write_events

SECRET = "test-signing-secret"
EVENTS_YAML = """\
events:
  - id: salon-skala
    title: "Salon: Skala"
    kind: salon
    start: 2027-11-04T14:00:00
    end: 2027-11-04T16:30:00
    location: {name: "Medborgerhuset Testby", address: "Prøvevej 1"}
    audience: public
    signup_url: https://example.org/tilmeld
  - id: salon-tba
    title: "Salon: Vejledningen"
    kind: salon
    date_status: tba
    date_text: "dato følger"
    audience: public
"""


class FakeSlack:
    """A threaded fake of the Slack Web API and of response_url; records every call."""

    def __init__(self):
        self.calls: list[tuple[str, dict]] = []
        self.uploads: dict[str, bytes] = {}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                path = self.path.strip("/")
                if path.startswith("upload/"):
                    fake.uploads[path.split("/", 1)[1]] = body
                    return self._reply({"ok": True}, text=True)
                if "json" in (self.headers.get("Content-Type") or ""):
                    args = json.loads(body or b"{}")
                else:
                    args = {k: v[0] for k, v in parse_qs(body.decode("utf-8")).items()}
                fake.calls.append((path, args))
                self._reply(fake.answer(path, args))

            def _reply(self, data, text=False):
                payload = b"OK" if text else json.dumps(data).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain" if text else "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, method: str, args: dict) -> dict:
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D0DM"}}
        if method == "files.getUploadURLExternal":
            return {"ok": True, "upload_url": self.url + "upload/F0ICS", "file_id": "F0ICS"}
        if method == "files.completeUploadExternal":
            return {"ok": True, "files": [{"id": "F0ICS"}]}
        if method == "chat.postMessage":
            return {"ok": True, "channel": args.get("channel"), "ts": "1700000000.000100"}
        return {"ok": True}

    def wait_for(self, method: str, count: int = 1, timeout: float = 5) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [args for m, args in self.calls if m == method]
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"no {method} call; calls: {[m for m, _ in self.calls]}")

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake():
    server = FakeSlack()
    yield server
    server.close()


@pytest.fixture
def app(fake, tmp_path):
    events_path = write_events(tmp_path, EVENTS_YAML)
    bolt = App(signing_secret=SECRET, client=WebClient(token="xoxb-test", base_url=fake.url),
               token_verification_enabled=False)
    salon.register(bolt, clock=lambda: NOW, events_path=events_path)
    return bolt


def signed(body: str, *, secret: str = SECRET, timestamp: int | None = None, content_type: str) -> BoltRequest:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = SignatureVerifier(secret).generate_signature(timestamp=str(timestamp), body=body)
    return BoltRequest(body=body, headers={
        "content-type": [content_type], "x-slack-request-timestamp": [str(timestamp)],
        "x-slack-signature": [signature],
    })


def command_request(fake: FakeSlack, text: str, **kwargs) -> BoltRequest:
    body = urlencode({
        "token": "legacy", "team_id": "T0TEAM", "channel_id": "C0PUBLIC", "channel_name": "general",
        "user_id": "U0MEMBER", "command": "/salon", "text": text, "api_app_id": "A0APP",
        "response_url": fake.url + "response/1", "trigger_id": "1.2.3",
    })
    return signed(body, content_type="application/x-www-form-urlencoded", **kwargs)


def action_request(fake: FakeSlack, action_id: str, value: str) -> BoltRequest:
    payload = {
        "type": "block_actions", "team": {"id": "T0TEAM"}, "user": {"id": "U0MEMBER"},
        "api_app_id": "A0APP", "channel": {"id": "C0PUBLIC", "name": "general"},
        "container": {"type": "message", "channel_id": "C0PUBLIC", "is_ephemeral": True},
        "response_url": fake.url + "response/2", "trigger_id": "1.2.4",
        "actions": [{"action_id": action_id, "block_id": "b", "type": "button", "value": value,
                     "action_ts": "1700000000.1"}],
    }
    return signed(urlencode({"payload": json.dumps(payload)}), content_type="application/x-www-form-urlencoded")


def test_salon_command_acks_fast_and_responds_ephemerally(app, fake):
    started = time.monotonic()
    response = app.dispatch(command_request(fake, ""))
    assert response.status == 200
    assert time.monotonic() - started < 3
    [reply] = fake.wait_for("response/1")
    assert reply["response_type"] == "ephemeral"
    text = json.dumps(reply["blocks"], ensure_ascii=False)
    assert "torsdag den 4. november 2027 kl. 14.00–16.30" in text
    assert "dato følger" in text and "Del i kanalen" in text and "Tilføj til kalender" in text


def test_bad_or_stale_signature_is_rejected_and_nothing_happens(app, fake):
    assert app.dispatch(command_request(fake, "", secret="wrong")).status == 401
    assert app.dispatch(command_request(fake, "", timestamp=int(time.time()) - 3600)).status == 401
    time.sleep(0.2)
    assert fake.calls == []


def test_share_button_posts_in_channel(app, fake):
    assert app.dispatch(action_request(fake, "salon_share", json.dumps({"q": "skala"}))).status == 200
    [post] = fake.wait_for("chat.postMessage")
    assert post["channel"] == "C0PUBLIC" and "Salon: Skala" in post["text"]
    [cleanup] = fake.wait_for("response/2")
    assert cleanup["delete_original"] is True


def test_calendar_button_uploads_ics_to_dm(app, fake):
    assert app.dispatch(action_request(fake, "salon_calendar", "salon-skala")).status == 200
    [complete] = fake.wait_for("files.completeUploadExternal")
    assert complete["channel_id"] == "D0DM"
    calendar = icalendar.Calendar.from_ical(fake.uploads["F0ICS"])
    [vevent] = calendar.walk("VEVENT")
    # 4 November 2027 is after the switch to winter time: 14.00 in Copenhagen is 13.00 UTC.
    assert vevent.decoded("DTSTART").astimezone(dt.timezone.utc) == dt.datetime(2027, 11, 4, 13, tzinfo=dt.timezone.utc)
    [note] = fake.wait_for("response/2")
    assert "direkte besked" in note["text"]
