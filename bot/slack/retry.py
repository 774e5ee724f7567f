"""Waiting out a Slack that answers 429 (rate limited) or 5xx (trouble on its side).

slack_sdk's own handlers retry a call a fixed number of times; an outage of a minute outlasts
that and the answer is lost. This one keeps retrying one call, honouring ``Retry-After`` and
backing off 1, 2, 4 … 30 seconds on server errors, until ``patience`` seconds of waiting are spent.
"""

from __future__ import annotations

import time
from typing import Callable

from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

PATIENCE = 120.0            # seconds of waiting per call before giving up
MAX_BACKOFF = 30.0
RETRY_STATUSES = {429, 500, 502, 503, 504}


class PatientRetryHandler(RetryHandler):
    def __init__(self, patience: float = PATIENCE, sleep: Callable[[float], object] = time.sleep):
        super().__init__(max_retry_count=1000)
        self.patience = patience
        self.sleep = sleep

    def _can_retry(self, *, state: RetryState, request: HttpRequest, response: HttpResponse | None = None,
                   error: Exception | None = None) -> bool:
        if response is None or response.status_code not in RETRY_STATUSES:
            return False
        return _waited(state) + self._delay(state, response) <= self.patience

    def prepare_for_next_attempt(self, *, state: RetryState, request: HttpRequest,
                                 response: HttpResponse | None = None, error: Exception | None = None) -> None:
        delay = self._delay(state, response)
        state.next_attempt_requested = True
        self.sleep(delay)
        state.custom_values = {**(state.custom_values or {}), "waited": _waited(state) + delay}
        state.increment_current_attempt()

    @staticmethod
    def _delay(state: RetryState, response: HttpResponse | None) -> float:
        if response is not None and response.status_code == 429:
            for name, values in response.headers.items():
                if name.lower() == "retry-after":
                    value = values[0] if isinstance(values, list) else values
                    try:
                        return max(1.0, float(value))
                    except ValueError:
                        break
            return 1.0
        return min(MAX_BACKOFF, 2.0 ** state.current_attempt)


def _waited(state: RetryState) -> float:
    return float((state.custom_values or {}).get("waited", 0.0))
