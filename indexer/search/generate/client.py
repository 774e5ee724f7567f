"""One chat completion from an OpenAI-compatible endpoint, within one time budget.

The ``openai`` client speaks to any compatible server (Azure OpenAI, Ollama, vLLM, llama.cpp) through
``base_url``. Its own retries are switched off: they wait up to two minutes for a Retry-After and
restart the timeout on every attempt, while a member is waiting for this answer. Here 429, 5xx and
dropped connections are retried only while the budget (VIDENSBANK_LLM_TIMEOUT) lasts, and a
Retry-After is honoured only when the wait still leaves time for the next attempt.
"""

from __future__ import annotations

import email.utils
import re
import threading
import time
from typing import Callable

from indexer.config import LLMSettings
from indexer.search.generate.failures import (
    CONNECTION,
    EMPTY,
    ERROR,
    RATE_LIMITED,
    REJECTED,
    SERVER_ERROR,
    TIMEOUT,
    TRUNCATED,
    GenerationFailed,
)

# Self-hosted servers often need no key, but the client refuses to start without one.
NO_KEY = "not-needed"
MAX_ATTEMPTS = 3
MAX_TOKENS = 500
TEMPERATURE = 0.2
# Reasoning models (OpenAI's o-series, gpt-5) refuse temperature and max_tokens; their thinking
# counts against max_completion_tokens, so they get more room.
REASONING_MAX_TOKENS = 4000
_SAMPLING = ("temperature", "max_tokens")
FIRST_BACKOFF = 0.25             # seconds before retrying a 5xx or a dropped connection; doubles
MIN_ATTEMPT_SECONDS = 0.5        # a retry that would have less time than this is not worth starting
_THINKING = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)


class ChatClient:
    """Thread-safe; the HTTP connection pool is made on the first call (``openai`` loads lazily)."""

    def __init__(self, settings: LLMSettings, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.settings = settings
        self.clock = clock
        self.sleep = sleep
        self._client = None
        self._lock = threading.Lock()
        self._plain = False          # the model refused the sampling parameters once: never send them

    def _openai(self):
        with self._lock:
            if self._client is None:
                from openai import OpenAI

                self._client = OpenAI(base_url=self.settings.url, api_key=self.settings.api_key or NO_KEY,
                                      timeout=self.settings.timeout, max_retries=0)
            return self._client

    def complete(self, messages: list[dict]) -> str:
        """The model's text, or GenerationFailed with the reason once the budget is spent."""
        import openai

        client = self._openai()
        deadline = self.clock() + self.settings.timeout
        for attempt in range(1, MAX_ATTEMPTS + 1):
            remaining = deadline - self.clock()
            if remaining <= 0:
                raise GenerationFailed(TIMEOUT)
            try:
                response = client.chat.completions.create(
                    model=self.settings.model, messages=messages, timeout=remaining, **self._sampling())
            except openai.APITimeoutError:
                raise GenerationFailed(TIMEOUT) from None
            except openai.APIConnectionError as exc:
                reason, detail = CONNECTION, type(exc.__cause__ or exc).__name__
                wait = FIRST_BACKOFF * 2 ** (attempt - 1)
            except openai.APIStatusError as exc:
                status = exc.status_code
                if status == 429:
                    reason = RATE_LIMITED
                elif status >= 500 or status in (408, 409):
                    reason = SERVER_ERROR
                elif status == 400 and not self._plain and refuses_sampling(exc.body):
                    self._plain = True
                    continue
                else:
                    raise GenerationFailed(REJECTED, f"HTTP {status}") from None
                detail = f"HTTP {status}"
                wait = retry_after(exc.response.headers)
                if wait is None:
                    wait = FIRST_BACKOFF * 2 ** (attempt - 1)
            except openai.OpenAIError as exc:
                raise GenerationFailed(ERROR, type(exc).__name__) from None
            else:
                return answer_text(response)
            if attempt == MAX_ATTEMPTS or self.clock() + wait + MIN_ATTEMPT_SECONDS > deadline:
                raise GenerationFailed(reason, f"{detail} after {attempt} attempt(s)")
            self.sleep(wait)
        raise AssertionError("unreachable")


    def _sampling(self) -> dict:
        if self._plain:
            return {"max_completion_tokens": REASONING_MAX_TOKENS}
        return {"temperature": TEMPERATURE, "max_tokens": MAX_TOKENS}


def refuses_sampling(body) -> bool:
    """Is a 400 the model saying it takes no temperature / max_tokens (OpenAI's error shape)?"""
    error = body.get("error", body) if isinstance(body, dict) else {}
    if not isinstance(error, dict):
        return False
    return error.get("param") in _SAMPLING or (
        error.get("code") in ("unsupported_parameter", "unsupported_value")
        and any(name in str(error.get("message", "")) for name in _SAMPLING))


def retry_after(headers) -> float | None:
    """Seconds a 429/503 asks us to wait (Retry-After-Ms, Retry-After seconds or HTTP date)."""
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return max(0.0, float(value) / scale)
        except ValueError:
            parsed = email.utils.parsedate_tz(value)
            if parsed is not None:
                return max(0.0, email.utils.mktime_tz(parsed) - time.time())
    return None


def answer_text(response) -> str:
    """The text of the first choice, without a reasoning model's <think> block."""
    choices = getattr(response, "choices", None) or []
    if not choices:
        raise GenerationFailed(EMPTY)
    text = _THINKING.sub("", choices[0].message.content or "").strip()
    if not text:
        raise GenerationFailed(EMPTY)
    if choices[0].finish_reason == "length":
        raise GenerationFailed(TRUNCATED)
    return text
