"""Delete old data: at start and once a day, rows with question text or a person's pseudonym older
than ``VIDENSBANK_RETENTION_DAYS`` (default 180) go; expired upload previews and day-old Slack
delivery records are dropped too."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Callable

from bot.state.db import StateDB
from bot.state.usage import purge_older_than

log = logging.getLogger(__name__)

DAY_SECONDS = 24 * 60 * 60


class RetentionJob:
    def __init__(self, state: StateDB, days: int, uploads=None,
                 clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc), deliveries=None):
        self.state, self.days, self.uploads, self.clock = state, days, uploads, clock
        self.deliveries = deliveries
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> dict[str, int]:
        with self.state.lock:
            deleted = purge_older_than(self.state.db.conn, self.days, self.clock())
        if self.uploads is not None:
            deleted["pending_uploads"] = self.uploads.expire(forget_after_days=self.days)
        if self.deliveries is not None:
            deleted["deliveries"] = self.deliveries.purge()
        if any(deleted.values()):
            log.info("retention (%d days): deleted %s", self.days, deleted)
        return deleted

    def start(self) -> None:
        """Purge now, then daily on a daemon thread."""
        try:
            self.run_once()
        except Exception:
            log.exception("could not delete old questions")
        self._thread = threading.Thread(target=self._loop, name="retention", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(DAY_SECONDS):
            try:
                self.run_once()
            except Exception:
                log.exception("could not delete old questions")

    def stop(self) -> None:
        self._stop.set()
