"""The bot over the real KnowledgeService (fake embedder) for the admin surfaces: payloads, a slow
embedder, and reading what the fake Slack received."""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass

from bot.admin.review_blocks import ACTION_OPEN
from tests.bot.bot_support import HttpBot, command_form, signed_headers
from tests.fake_slack import TEAM_ID

ADMIN = "UADMIN"             # in VIDENSBANK_ADMINS
GROUP_ADMIN = "UGROUPADM"    # a member of the admin user group
ADMIN_GROUP = "SADMINS"
MEMBER = "UALICE"            # not an admin
ADMIN_DM = "DADMIN"
_counter = itertools.count(1)


class SlowEmbedder:
    """Wraps the fake embedder: passage batches wait for ``gate`` (and take ``delay`` seconds)."""

    def __init__(self, inner, delay: float = 0.0):
        self.inner, self.delay = inner, delay
        self.gate = threading.Event()
        self.gate.set()
        self.started = threading.Event()

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def encode(self, texts, kind="passage"):
        if kind == "passage":
            self.started.set()
            self.gate.wait(20)
            time.sleep(self.delay)
        return self.inner.encode(texts, kind=kind)


@dataclass
class AdminBot:
    http: HttpBot
    service: object
    settings: object          # IndexSettings

    @property
    def fake(self):
        return self.http.fake

    @property
    def deps(self):
        return self.http.bot.deps

    def command(self, command: str, text: str = "", user: str = ADMIN, channel: str = "CADMIN") -> str:
        """Send a signed slash command; returns the name of its response_url."""
        name = f"cmd{next(_counter)}"
        body = command_form(text, self.fake.response_url(name), channel=channel, user=user, command=command)
        reply = self.http.post(body, signed_headers(body, content_type="application/x-www-form-urlencoded"))
        assert reply.status == 200, reply.body
        return name

    def responses(self, name: str, count: int = 1, timeout: float = 10.0) -> list[str]:
        """Texts posted to one response_url."""
        deadline = time.monotonic() + timeout
        while True:
            texts = [c.params.get("text") for c in self.fake.calls_to("response_url")
                     if c.path.endswith("/" + name)]
            if len(texts) >= count or time.monotonic() > deadline:
                return texts
            time.sleep(0.02)

    def file_share(self, file_id: str, name: str, user: str = ADMIN, channel: str = ADMIN_DM) -> None:
        ts = f"1700001000.{next(_counter):06d}"
        self.http.send_event({"type": "message", "subtype": "file_share", "user": user, "text": "",
                              "ts": ts, "channel": channel, "channel_type": "im", "event_ts": ts,
                              "files": [{"id": file_id, "name": name}], "upload": False})

    def shortcut(self, files: list[dict], user: str = ADMIN, channel: str = "CPUBLIC") -> str:
        name = f"sc{next(_counter)}"
        payload = {
            "type": "message_action", "callback_id": "kb_add_file", "trigger_id": "1.2.3",
            "team": {"id": TEAM_ID, "domain": "test"}, "user": {"id": user, "name": "admin", "team_id": TEAM_ID},
            "channel": {"id": channel, "name": "general"}, "message_ts": "1700002000.000100",
            "message": {"type": "message", "user": "UOTHER", "ts": "1700002000.000100", "text": "referat",
                        "files": files},
            "response_url": self.fake.response_url(name), "api_app_id": "AVIDEN", "token": "legacy",
            "action_ts": "1700002001.000100",
        }
        assert self.http.send_interaction(payload).status == 200
        return name

    def click(self, action_id: str, value: str, message_ts: str, user: str = ADMIN,
              channel: str = ADMIN_DM) -> str:
        name = f"click{next(_counter)}"
        payload = {
            "type": "block_actions", "team": {"id": TEAM_ID, "domain": "test"},
            "user": {"id": user, "username": "admin", "team_id": TEAM_ID}, "api_app_id": "AVIDEN",
            "token": "legacy", "trigger_id": "111.222.trigger",
            "container": {"type": "message", "message_ts": message_ts, "channel_id": channel,
                          "is_ephemeral": False},
            "channel": {"id": channel, "name": "directmessage"}, "response_url": self.fake.response_url(name),
            "message": {"type": "message", "ts": message_ts, "text": "preview", "bot_id": "BBOT"},
            "actions": [{"action_id": action_id, "block_id": "b", "value": value, "type": "button",
                         "action_ts": "1700003000.000100"}],
        }
        assert self.http.send_interaction(payload).status == 200
        return name

    def press(self, action_id: str, value: str, user: str = ADMIN, in_view: dict | None = None) -> None:
        """A button in App Home, or (``in_view``) in an open modal: no channel, no response_url."""
        container = {"type": "view", "view_id": "VFAKE"}
        payload = {
            "type": "block_actions", "team": {"id": TEAM_ID, "domain": "test"},
            "user": {"id": user, "username": "someone", "team_id": TEAM_ID}, "api_app_id": "AVIDEN",
            "token": "legacy", "trigger_id": f"t.{next(_counter)}", "container": container,
            "view": {"id": "VFAKE", "type": "modal" if in_view else "home", **(in_view or {})},
            "actions": [{"action_id": action_id, "block_id": "b", "value": value, "type": "button",
                         "action_ts": "1700004000.000100"}],
        }
        assert self.http.send_interaction(payload).status == 200

    def submit(self, view: dict, choices: dict[str, str], user: str = ADMIN, extra: dict | None = None) -> dict:
        """Submit a modal with radio choices (block id → value) and other ``extra`` state values;
        returns the ack's JSON (or {})."""
        values = {block_id: {"decision": {"type": "radio_buttons", "selected_option": {"value": value}}}
                  for block_id, value in choices.items()} | (extra or {})
        payload = {"type": "view_submission", "team": {"id": TEAM_ID}, "user": {"id": user, "team_id": TEAM_ID},
                   "api_app_id": "AVIDEN", "token": "legacy", "trigger_id": f"t.{next(_counter)}",
                   "view": {"id": "VFAKE", "type": "modal", **view, "state": {"values": values}}}
        reply = self.http.send_interaction(payload)
        assert reply.status == 200, reply.body
        return reply.json() if reply.body.strip() else {}

    def open_lesson(self, doc_id: str) -> dict:
        """/kb-review, then "Gennemgå" on one lesson of the list: the lesson modal pushed onto the list."""
        # Wait for this opening's own calls: a second opening must not read the first one's views.
        opened, pushed = len(self.fake.calls_to("views.open")), len(self.fake.calls_to("views.push"))
        self.command("/kb-review")
        self.fake.wait_for("views.open", opened + 1)
        listing = self.opened_views()[-1]
        self.press(ACTION_OPEN, doc_id, in_view=listing)
        self.fake.wait_for("views.push", pushed + 1)
        return self.opened_views()[-1]

    def opened_views(self) -> list[dict]:
        """Every modal the bot opened or pushed, in order."""
        with self.fake._lock:
            calls = [c for c in self.fake.calls if c.method in ("views.open", "views.push")]
        return [c.params["view"] if isinstance(c.params["view"], dict) else json.loads(c.params["view"])
                for c in calls]

    def wait_idle(self) -> None:
        self.http.wait_idle()

    def wait_for_outcome(self, timeout: float = 20.0) -> str:
        """The final text of the running rebuild's status message (✅ or ❌)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = [t for t in self.updates() if t and t.startswith(("✅", "❌"))]
            if done:
                return done[-1]
            time.sleep(0.02)
        raise AssertionError(f"no rebuild outcome; updates: {self.updates()}")

    def updates(self) -> list[str]:
        return [c.params.get("text") for c in self.fake.calls_to("chat.update")]

    def posts(self, channel: str | None = None) -> list:
        return [c for c in self.fake.calls_to("chat.postMessage")
                if channel is None or c.params["channel"] == channel]


def preview_of(call) -> tuple[str, str]:
    """(upload id, flattened text) of a preview message."""
    blocks = call.params["blocks"]
    upload_id = next(b for b in blocks if b["type"] == "actions")["elements"][0]["value"]
    return upload_id, json.dumps(blocks, ensure_ascii=False)

