"""A fake OpenAI-compatible endpoint on a local port: ``POST /v1/chat/completions``.

Point ``LLMSettings(url=fake.base_url, model="fake")`` at it and script what it does with
``fake.script`` (a list of ``Step``s: each request takes the next one, the last one repeats):
a text, a function of the request that returns a text, an HTTP error with headers, a delay.
Every request is recorded (``fake.bodies`` raw, ``fake.requests`` parsed, ``fake.headers``), so a
test can assert what left the machine.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

from tests import local_server

MODEL = "fake-dansk-model"
# A question the tests' fixture knowledge base answers confidently, and a faithful answer to it.
GENHUSNING = "hvem hjælper familierne med genhusning?"
GOOD_ANSWER = ("Familierne får hjælp af en fast genhusningskoordinator til flytning, opbevaring og "
               "praktiske spørgsmål [1].")


@dataclass
class Step:
    text: str | Callable[[dict], str] | None = None   # the answer (None: an empty message)
    status: int = 200
    headers: dict = field(default_factory=dict)
    delay: float = 0.0                                 # seconds before answering
    finish_reason: str = "stop"


class FakeLLM:
    def __init__(self):
        self.script: list[Step] = [Step(text=first_sentence_of_source_one)]
        self.bodies: list[str] = []
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self.times: list[float] = []                   # time.monotonic() at each request
        self.on_request: Callable[[dict], None] | None = None
        self.refused_parameters: set[str] = set()     # a reasoning model: 400 when any is sent
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None

    # -- scripting -----------------------------------------------------------------------------
    def say(self, text: str | Callable[[dict], str] | None, **step) -> "FakeLLM":
        self.script = [Step(text=text, **step)]
        return self

    def then(self, *steps: Step) -> "FakeLLM":
        self.script = list(steps)
        return self

    # -- the server -----------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/v1"

    def start(self) -> "FakeLLM":
        self._server = local_server.serve(self._handle)
        return self

    def _handle(self, http: BaseHTTPRequestHandler) -> None:
        raw = http.rfile.read(int(http.headers.get("Content-Length") or 0)).decode("utf-8")
        if http.path.rstrip("/") != "/v1/chat/completions":
            return _send(http, 404, {"error": {"message": "not found"}})
        request = json.loads(raw)
        with self._lock:
            self.bodies.append(raw)
            self.requests.append(request)
            self.headers.append(dict(http.headers))
            self.times.append(time.monotonic())
            step = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if self.on_request is not None:
            self.on_request(request)
        refused = sorted(self.refused_parameters & set(request))
        if refused:
            return _send(http, 400, {"error": {
                "message": f"Unsupported parameter: '{refused[0]}' is not supported with this model.",
                "type": "invalid_request_error", "param": refused[0], "code": "unsupported_parameter"}})
        if step.delay and self._stopping.wait(step.delay):
            return
        if step.status != 200:
            return _send(http, step.status, {"error": {"message": "fake failure", "type": "fake"}},
                         step.headers)
        text = step.text(request) if callable(step.text) else step.text
        _send(http, 200, {
            "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": MODEL,
            "choices": [{"index": 0, "finish_reason": step.finish_reason,
                         "message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }, step.headers)

    def stop(self) -> None:
        self._stopping.set()
        local_server.stop(self._server)


# -- reading a request ------------------------------------------------------------------------------
def payload_of(request: dict) -> dict:
    """The JSON object (sources, earlier questions, question) in the request's user message."""
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    return json.loads(user[user.index("{"):])


def sources_of(request: dict) -> list[dict]:
    return payload_of(request)["kilder"]


def first_sentence_of_source_one(request: dict) -> str:
    """A faithful answer: the first sentence of source 1, cited."""
    text = sources_of(request)[0]["tekst"]
    sentence = re.split(r"(?<=[.!?])\s+", text)[0].rstrip(".")
    return f"{sentence} [1]."


def first_sentences(request: dict, sources: int = 3) -> str:
    """A faithful answer from several passages: the first sentence of each of the first ones, cited."""
    sentences = []
    for n, source in enumerate(sources_of(request)[:sources], start=1):
        prose = " ".join(source["tekst"].replace("\n- ", " ").split())     # a list's lines read as one sentence
        sentence = re.split(r"(?<=[.!?])\s+", prose)[0].rstrip(".")
        sentences.append(f"{sentence} [{n}].")
    return " ".join(sentences)


def _send(request: BaseHTTPRequestHandler, status: int, payload: dict, headers: dict | None = None) -> None:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    try:
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(body)
    except (BrokenPipeError, ConnectionResetError):   # the client gave up (timeout)
        pass
