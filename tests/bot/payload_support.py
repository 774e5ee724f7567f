"""Runs the Slack payloads in ``tests/bot/payloads/`` through the real app: signed requests, the fake
Web API, the scripted search service; then checks what a member or an admin would notice."""

from __future__ import annotations

import dataclasses
import json
import logging
import time
import urllib.parse
from pathlib import Path

from bot.app import build_bot
from tests.bot.bot_support import FakeService, InlineExecutor, make_answer, signed_request

PAYLOADS = Path(__file__).resolve().parent / "payloads"
CONTENT_TYPES = {"json": "application/json", "interaction": "application/x-www-form-urlencoded",
                 "command": "application/x-www-form-urlencoded"}
KNOWN_EXPECTATIONS = {
    "asks", "question", "question_contains", "question_lacks", "viewer", "posts", "post_channel",
    "post_thread_ts", "post_text_contains", "posts_lack", "ephemerals", "ephemeral_contains", "responds",
    "respond_contains", "respond_lacks", "visible", "views_opened", "views_published", "view_updated_contains",
    "file_downloads", "body_contains", "statuses", "body_empty_or_ok",
}
ACK_SECONDS = 3.0


def load(name: str) -> dict:
    return json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))


def names(transport: str | None = None) -> list[str]:
    """The payload files sent over ``transport`` (all of them for None)."""
    return [path.stem for path in sorted(PAYLOADS.glob("*.json"))
            if transport is None or json.loads(path.read_text(encoding="utf-8"))["_transport"] == transport]


def deliveries(name: str, response_url: str) -> list[tuple[str, dict, dict]]:
    """(transport, payload, extra headers) of each delivery of a payload file."""
    doc = load(name)
    return [(doc["_transport"], _fill(d["payload"], response_url), d.get("headers") or {})
            for d in doc["_deliveries"]]


def requests(name: str, response_url: str) -> list[tuple[str, str, dict]]:
    """(body, content type, extra headers) of each delivery of a payload file, as sent over HTTP."""
    return [(encode(transport, payload), CONTENT_TYPES[transport], headers)
            for transport, payload, headers in deliveries(name, response_url)]


def _fill(value, response_url: str):
    if isinstance(value, str):
        return value.replace("{response_url}", response_url)
    if isinstance(value, dict):
        return {k: _fill(v, response_url) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, response_url) for v in value]
    return value


def encode(transport: str, payload: dict) -> str:
    if transport == "json":
        return json.dumps(payload, ensure_ascii=False)
    if transport == "interaction":
        return urllib.parse.urlencode({"payload": json.dumps(payload, ensure_ascii=False)})
    return urllib.parse.urlencode(payload)


@dataclasses.dataclass
class Outcome:
    statuses: list[int]
    bodies: list[str]
    seconds: list[float]
    service: FakeService
    fake: object

    def calls(self, method: str) -> list[dict]:
        return [c.params for c in self.fake.calls_to(method)]

    def accepted(self, method: str) -> list[dict]:
        """The calls the fake Slack accepted (a refused post is no message anybody sees)."""
        return [c.params for c in self.fake.calls_to(method) if c.response is not None]

    @property
    def posts(self) -> list[dict]:
        return self.accepted("chat.postMessage")

    @property
    def responds(self) -> list[dict]:
        """Messages sent to the response_url (removing the original is no message)."""
        return [p for p in self.calls("response_url") if not _truthy(p.get("delete_original"))]

    @property
    def body_texts(self) -> list[str]:
        """The HTTP responses' bodies, JSON decoded where they are JSON (a slash command's ack)."""
        texts = []
        for body in self.bodies:
            try:
                texts.append(json.dumps(json.loads(body), ensure_ascii=False))
            except ValueError:
                texts.append(body)
        return texts


def _truthy(value) -> bool:
    return value is True or str(value).lower() == "true"


def run(name: str, settings, fake_slack) -> Outcome:
    """Send one payload file's deliveries to a fresh bot; everything runs before ``dispatch`` returns."""
    doc = load(name)
    setup = doc.get("_setup") or {}
    if setup.get("admins"):
        settings = dataclasses.replace(settings, admins=frozenset(setup["admins"]))
    for method, error in (setup.get("slack_errors") or {}).items():
        fake_slack.fail(method, error, times=10)
    service = FakeService()
    bot = build_bot(settings, service, listener_executor=InlineExecutor(), answers=InlineExecutor())
    try:
        asked = setup.get("thread_asked")
        if asked:
            bot.deps.threads.remember(asked["channel"], [asked["thread_ts"]], "hvad er et strategisk partnerskab?",
                                      "a0b1c2d3e4f5", asker=asked["user"])
        record = setup.get("answer_record")
        if record:
            bot.deps.feedback.record_answer(make_answer(record["question"], answer_id=record["answer_id"]),
                                            channel_kind="command", viewer=record["viewer"])
        statuses, bodies, seconds = [], [], []
        for body, content_type, headers in requests(name, fake_slack.response_url(name)):
            request = signed_request(body, content_type=content_type)
            for header, value in headers.items():
                request.headers[header.lower()] = [value]
            start = time.monotonic()
            response = bot.app.dispatch(request)
            seconds.append(time.monotonic() - start)
            statuses.append(response.status)
            bodies.append(response.body or "")
        assert bot.wait_idle(10)
    finally:
        bot.close()
    return Outcome(statuses, bodies, seconds, service, fake_slack)


def _texts(params: list[dict]) -> list[str]:
    return [json.dumps(p, ensure_ascii=False) for p in params]


def check(name: str, outcome: Outcome, records: list[logging.LogRecord]) -> None:
    """Every expectation of the payload file, plus: 200s, fast acks, no ERROR and no traceback logged."""
    expect = load(name)["_expect"]
    unknown = set(expect) - KNOWN_EXPECTATIONS
    assert not unknown, f"{name}: unknown expectations {unknown}"
    assert outcome.statuses == expect.get("statuses", [200] * len(outcome.statuses)), outcome.bodies
    assert max(outcome.seconds) < ACK_SECONDS
    bad = [r for r in records if r.levelno >= logging.ERROR or r.exc_info]
    assert not bad, [f"{r.levelname} {r.name}: {r.getMessage()}" for r in bad]

    asks = outcome.service.calls
    if "asks" in expect:
        assert len(asks) == expect["asks"], [a["question"] for a in asks]
    if "question" in expect:
        assert asks[0]["question"] == expect["question"]
    for part in expect.get("question_contains", []):
        assert part in asks[0]["question"], asks[0]["question"]
    for part in expect.get("question_lacks", []):
        assert part not in asks[0]["question"], asks[0]["question"]
    if "viewer" in expect:
        assert asks[0]["viewer"].label() == expect["viewer"]

    posts, responds, ephemerals = outcome.posts, outcome.responds, outcome.accepted("chat.postEphemeral")
    if "posts" in expect:
        assert len(posts) == expect["posts"], _texts(posts)
    if "post_channel" in expect:
        assert {p["channel"] for p in posts} == {expect["post_channel"]}
    if "post_thread_ts" in expect:
        assert {p.get("thread_ts") for p in posts} == {expect["post_thread_ts"]}
    if "post_text_contains" in expect:
        assert expect["post_text_contains"] in posts[0]["text"], posts[0]["text"]
    for part in expect.get("posts_lack", []):
        assert not any(part in text for text in _texts(posts)), part
    if "ephemerals" in expect:
        assert len(ephemerals) == expect["ephemerals"], _texts(ephemerals)
    if "ephemeral_contains" in expect:
        assert expect["ephemeral_contains"] in ephemerals[0]["text"]
    if "responds" in expect:
        assert len(responds) == expect["responds"], _texts(responds)
    if "respond_contains" in expect:
        assert expect["respond_contains"] in responds[-1].get("text", ""), _texts(responds)
    if "respond_lacks" in expect:
        assert not any(expect["respond_lacks"] in text for text in _texts(responds))
    if "visible" in expect:
        assert len(posts) + len(responds) + len(ephemerals) == expect["visible"], _texts(posts + responds + ephemerals)
    if "views_opened" in expect:
        assert len(outcome.calls("views.open")) == expect["views_opened"]
    if "views_published" in expect:
        assert len(outcome.calls("views.publish")) == expect["views_published"]
    if "view_updated_contains" in expect:
        updates = _texts(outcome.calls("views.update"))
        assert any(expect["view_updated_contains"] in u for u in updates), updates
    if "file_downloads" in expect:
        assert len(outcome.fake.calls_to("file_download")) == expect["file_downloads"]
    if "body_contains" in expect:
        assert any(expect["body_contains"] in body for body in outcome.body_texts), outcome.body_texts
    if expect.get("body_empty_or_ok"):
        assert all("errors" not in body for body in outcome.bodies), outcome.bodies
