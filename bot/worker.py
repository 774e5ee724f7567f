"""Thread pools that run work after Slack has been acknowledged, and can be waited on in tests; and
the loop that runs a scheduled job (salon reminders, the weekly digest) every few minutes."""

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


class PeriodicJob:
    """Calls ``run_once()`` on a daemon thread every ``interval`` seconds, first after ``first_wait``.

    A failing round is logged and the loop goes on; ``stop`` ends it.
    """

    thread_name = "periodic-job"

    def __init__(self, interval: float, first_wait: float = 0.0):
        self.interval, self.first_wait = interval, first_wait
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self):
        raise NotImplementedError

    def start(self) -> threading.Thread:
        self._thread = threading.Thread(target=self._loop, name=self.thread_name, daemon=True)
        self._thread.start()
        return self._thread

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)

    def _loop(self) -> None:
        wait = self.first_wait
        while not self._stop.wait(wait):
            try:
                self.run_once()
            except Exception:  # noqa: BLE001 - the loop must survive a bad round
                logger.exception("%s failed this round", self.thread_name)
            wait = self.interval
