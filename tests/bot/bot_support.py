"""Test doubles for the bot: a scripted search service, a recording WebClient, Slack payloads and
signed requests."""

from __future__ import annotations

import copy
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field

from slack_bolt import BoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier

from indexer.search.contract import Answer, Citation, NearestDocument
from tests.fake_slack import BOT_USER_ID, TEAM_ID, FakeSlack

SIGNING_SECRET = "test-signing-secret"
ALICE = "UALICE"           # a member not in the directory: public


def citation(n: int, title: str = "Hvad er et strategisk partnerskab?", section: str = "Definition",
             doc_id: str = "articles/strategisk-partnerskab.md",
             url: str | None = "https://almennet.example.dk/artikler/strategisk-partnerskab") -> Citation:
    return Citation(n=n, doc_id=doc_id, title=title, section=section, url=url, path=doc_id,
                    passage_id=f"{doc_id}#{n}", score=0.9 - n / 10, text="Et strategisk partnerskab er …")


def make_answer(question: str = "hvad er et strategisk partnerskab?", confident: bool = True,
                text: str = "Et strategisk partnerskab er et langvarigt samarbejde om flere projekter [1]. "
                            "Det erstatter ét udbud pr. projekt [2].",
                citations: list[Citation] | None = None, nearest: list[NearestDocument] | None = None,
                answer_id: str = "", level: str = "") -> Answer:
    if citations is None:
        citations = [citation(1), citation(2, title="Udbudsfasen", section="Tildelingskriterier",
                                           doc_id="articles/udbud.md",
                                           url="https://almennet.example.dk/artikler/udbud")]
    if nearest is None and not confident:
        nearest = [NearestDocument("articles/skala.md", "Partnerskabets skala",
                                   "https://almennet.example.dk/artikler/skala")]
    return Answer(question=question, answer=text, confident=confident, citations=citations,
                  nearest=nearest or [], answer_id=answer_id, level=level)


class FakeService:
    """Answers from a script; ``block()`` makes ask wait (a model still loading)."""

    def __init__(self):
        self.calls: list[dict] = []
        self.answers: dict[str, Answer] = {}
        self.default: Answer | None = None
        self.error: Exception | None = None
        self._gate = threading.Event()
        self._gate.set()
        self._lock = threading.Lock()

    @property
    def ready(self) -> bool:
        return self._gate.is_set()

    def block(self) -> None:
        self._gate.clear()

    def release(self) -> None:
        self._gate.set()

    def warm_up(self) -> None:
        pass

    def ask(self, question, viewer=None, k=5, context=None, generate=True) -> Answer:
        with self._lock:
            self.calls.append({"question": question, "viewer": viewer, "k": k, "context": context,
                               "generate": generate})
        self._gate.wait(20)
        if self.error:
            raise self.error
        answer = copy.deepcopy(self.answers.get(question) or self.default or make_answer())
        answer.question = question
        return answer


class InlineExecutor(Executor):
    """Runs each job at once in the caller's thread: handlers finish before dispatch returns."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future

    def wait_idle(self, timeout: float = 0) -> bool:
        return True


class FakeClient:
    """The one in-process stand-in for a WebClient in unit tests: records every call
    (``client.chat_postMessage(...)`` → ("chat.postMessage", kwargs)).

    ``errors[method]`` makes every call of that method fail with that Slack error;
    ``failures[method] = n`` makes the next n calls fail (then it answers again).
    For requests over HTTP, use ``tests.fake_slack.FakeSlack``.
    """

    def __init__(self, errors: dict[str, str] | None = None, failures: dict[str, int] | None = None):
        self.calls: list[tuple[str, dict]] = []           # every call, refused ones too
        self.answered: list[tuple[str, dict]] = []        # the calls that succeeded
        self.errors: dict[str, str] = dict(errors or {})
        self.failures: dict[str, int] = dict(failures or {})
        self.replies: list[dict] = []
        self._ts = 0

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        method = "files.upload_v2" if name == "files_upload_v2" else name.replace("_", ".", 1)

        def call(**kwargs):
            self.calls.append((method, kwargs))
            if method in self.errors:
                raise SlackApiError("fake error", {"ok": False, "error": self.errors[method]})
            if self.failures.get(method):
                self.failures[method] -= 1
                raise SlackApiError("fake error", {"ok": False, "error": "ratelimited"})
            self._ts += 1
            self.answered.append((method, kwargs))
            if method == "conversations.replies":
                return {"ok": True, "messages": self.replies}
            if method == "conversations.open":
                return {"ok": True, "channel": {"id": "D0DM"}}
            if method == "chat.getPermalink":
                return {"ok": True, "permalink": f"https://x.slack.com/archives/{kwargs['channel']}/p1"}
            return {"ok": True, "channel": kwargs.get("channel"), "ts": f"1800000000.{self._ts:06d}"}
        call.__name__ = name
        return call

    def calls_to(self, method: str) -> list[dict]:
        return [kwargs for m, kwargs in self.calls if m == method]

    @property
    def posts(self) -> list[dict]:
        """Messages that were posted (refused calls left out)."""
        return [kwargs for m, kwargs in self.answered if m == "chat.postMessage"]


class Recorder:
    """A fake ack/respond that records its calls."""

    def __init__(self):
        self.calls: list[dict] = []

    def __call__(self, text=None, **kwargs):
        self.calls.append({"text": text, **kwargs} if text is not None else kwargs)


# -- payloads ----------------------------------------------------------------------------------
_event_ids = iter(range(1, 10**6))


def event_body(event: dict, event_id: str | None = None) -> dict:
    return {
        "token": "legacy", "team_id": TEAM_ID, "api_app_id": "AVIDEN", "type": "event_callback",
        "event": event, "event_id": event_id or f"Ev{next(_event_ids):08d}", "event_time": int(time.time()),
        "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
    }


def mention(text: str, channel: str = "CPUBLIC", ts: str = "1700000100.000100", user: str = ALICE,
            thread_ts: str | None = None, **extra) -> dict:
    event = {"type": "app_mention", "user": user, "text": f"<@{BOT_USER_ID}> {text}", "ts": ts,
             "channel": channel, "event_ts": ts, "client_msg_id": f"msg-{ts}", **extra}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def message(text: str, channel: str = "DALICE", ts: str = "1700000200.000100", user: str = ALICE,
            channel_type: str = "im", thread_ts: str | None = None, **extra) -> dict:
    event = {"type": "message", "user": user, "text": text, "ts": ts, "channel": channel,
             "channel_type": channel_type, "event_ts": ts, **extra}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def command_form(text: str, response_url: str, channel: str = "CPUBLIC", user: str = ALICE,
                 command: str = "/spørg") -> str:
    return urllib.parse.urlencode({
        "token": "legacy", "team_id": TEAM_ID, "team_domain": "test", "channel_id": channel,
        "channel_name": "general", "user_id": user, "user_name": "alice", "command": command,
        "text": text, "api_app_id": "AVIDEN", "response_url": response_url, "trigger_id": "1.2.3",
    })


def action_payload(action_id: str, value: str, response_url: str, channel: str = "CPUBLIC",
                   user: str = ALICE, message_ts: str = "1700000300.000100",
                   thread_ts: str | None = "1700000100.000100", ephemeral: bool = False) -> dict:
    message = {"type": "message", "ts": message_ts, "text": "svar", "bot_id": "BBOT"}
    if thread_ts:
        message["thread_ts"] = thread_ts
    return {
        "type": "block_actions", "team": {"id": TEAM_ID, "domain": "test"},
        "user": {"id": user, "username": "alice", "team_id": TEAM_ID}, "api_app_id": "AVIDEN",
        "token": "legacy", "trigger_id": "111.222.trigger",
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel,
                      "is_ephemeral": ephemeral},
        "channel": {"id": channel, "name": "general"}, "response_url": response_url,
        "message": None if ephemeral else message,
        "actions": [{"action_id": action_id, "block_id": "b", "value": value, "type": "button",
                     "action_ts": "1700000400.000100"}],
    }


def view_submission(answer_id: str, reason: str | None, user: str = ALICE) -> dict:
    return {
        "type": "view_submission", "team": {"id": TEAM_ID}, "user": {"id": user, "team_id": TEAM_ID},
        "api_app_id": "AVIDEN", "token": "legacy", "trigger_id": "t",
        "view": {"id": "V1", "type": "modal", "callback_id": "feedback_reason",
                 "private_metadata": json.dumps({"answer_id": answer_id}),
                 "state": {"values": {"reason": {"reason_input": {"type": "plain_text_input",
                                                                  "value": reason}}}}},
    }


def form(payload: dict) -> str:
    return urllib.parse.urlencode({"payload": json.dumps(payload)})


# -- signed requests ---------------------------------------------------------------------------
def signed_headers(body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None,
                   content_type: str = "application/json", retry_num: int | None = None) -> dict:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts,
               "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)}
    if retry_num is not None:
        headers.update({"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"})
    return headers


def signed_request(body: str, **kwargs) -> BoltRequest:
    """A signed request to dispatch straight into a Bolt app (``signed_headers``' keyword arguments)."""
    return BoltRequest(body=body, headers={k.lower(): [v] for k, v in signed_headers(body, **kwargs).items()})


@dataclass
class Reply:
    status: int
    body: str
    seconds: float

    def json(self):
        return json.loads(self.body)


@dataclass
class HttpBot:
    bot: object
    url: str
    fake: FakeSlack
    service: FakeService
    timings: list[float] = field(default_factory=list)

    def post(self, body: str, headers: dict, path: str = "/slack/events") -> Reply:
        request = urllib.request.Request(self.url + path, data=body.encode("utf-8"), headers=headers,
                                         method="POST")
        start = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Reply(response.status, response.read().decode(), time.monotonic() - start)
        except urllib.error.HTTPError as exc:
            return Reply(exc.code, exc.read().decode(), time.monotonic() - start)

    def send_event(self, event: dict, event_id: str | None = None, **signing) -> Reply:
        body = json.dumps(event_body(event, event_id))
        return self.post(body, signed_headers(body, **signing))

    def send_command(self, text: str, channel: str = "CPUBLIC", user: str = ALICE) -> Reply:
        body = command_form(text, self.fake.response_url("cmd"), channel=channel, user=user)
        return self.post(body, signed_headers(body, content_type="application/x-www-form-urlencoded"))

    def send_interaction(self, payload: dict) -> Reply:
        body = form(payload)
        return self.post(body, signed_headers(body, content_type="application/x-www-form-urlencoded"))

    def get(self, path: str) -> Reply:
        start = time.monotonic()
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                return Reply(response.status, response.read().decode(), time.monotonic() - start)
        except urllib.error.HTTPError as exc:
            return Reply(exc.code, exc.read().decode(), time.monotonic() - start)

    def wait_idle(self) -> None:
        assert self.bot.wait_idle(10), "the bot did not finish its work in time"
