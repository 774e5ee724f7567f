"""Slack delivers an event again when it thinks we were slow (X-Slack-Retry-Num); answer only once.

Keys are the event id and the message itself (channel + ts), so a retry, and the app_mention and
message events that Slack sends for the same message, all collapse into one answer. The message ts
also covers client_msg_id, which is per message too. Memory only: a restart forgets.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Callable, Iterable


class RecentKeys:
    """A thread-safe set whose entries expire after ``ttl`` seconds (Slack retries for ~5 minutes)."""

    def __init__(self, ttl: float = 900.0, max_size: int = 50_000,
                 clock: Callable[[], float] = time.monotonic):
        self.ttl = ttl
        self.max_size = max_size
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, keys: Iterable[str | None]) -> bool:
        """Record the keys; True only if none of them was seen within the ttl."""
        keys = [k for k in keys if k]
        now = self._clock()
        with self._lock:
            self._expire(now)
            seen = any(k in self._seen for k in keys)
            for k in keys:
                self._seen[k] = now
                self._seen.move_to_end(k)
            while len(self._seen) > self.max_size:
                self._seen.popitem(last=False)
            return not seen

    def _expire(self, now: float) -> None:
        while self._seen:
            key, at = next(iter(self._seen.items()))
            if now - at < self.ttl:
                break
            self._seen.popitem(last=False)


def message_keys(body: dict, event: dict) -> list[str]:
    """The keys that identify one delivery of one Slack message."""
    keys = []
    if body.get("event_id"):
        keys.append("event:" + body["event_id"])
    if event.get("channel") and event.get("ts"):
        keys.append(f"message:{event['channel']}:{event['ts']}")
    return keys
