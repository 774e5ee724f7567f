"""Thread pools that run work after Slack has been acknowledged, and can be waited on in tests."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

logger = logging.getLogger(__name__)


class TrackingExecutor(ThreadPoolExecutor):
    """A ThreadPoolExecutor that knows how many jobs are unfinished and logs jobs that crash."""

    def __init__(self, max_workers: int, name: str):
        super().__init__(max_workers=max_workers, thread_name_prefix=name)
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, fn, /, *args, **kwargs) -> Future:
        with self._idle:
            self._pending += 1
        try:
            future = super().submit(fn, *args, **kwargs)
        except BaseException:
            self._done(None)
            raise
        future.add_done_callback(self._done)
        return future

    def _done(self, future: Future | None) -> None:
        if future is not None and not future.cancelled() and future.exception() is not None:
            logger.error("background job failed", exc_info=future.exception())
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until no job is queued or running; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)
