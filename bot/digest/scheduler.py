"""The weekly digest goes out on Monday morning (Europe/Copenhagen), once per week and recipient.

A background loop checks every few minutes. From Monday 08:00 until the day ends, each recipient
of the week's digest is claimed in SQLite (table ``digest_runs``, keyed by ISO week and
recipient) *before* anything is posted, so a restart never sends twice (at most once: a crash
between claim and post loses that digest rather than risking a duplicate). A failed post
releases its claim and the next check retries. A bot that is down all Monday skips that week.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Callable

from bot.digest.sending import DigestSender, NoRecipients
from bot.state.db import StateDB
from bot.state.schema import DIGESTS
from bot.worker import PeriodicJob
from indexer import TZ

log = logging.getLogger(__name__)

SEND_HOUR = 8                    # Monday 08:00 Danish time
DIGEST_DAYS = 7
CHECK_INTERVAL = 300             # seconds
FIRST_CHECK = 60                 # seconds after start: let the bot settle first


def due_week(now: dt.datetime) -> str | None:
    """The ISO week ("2027-W03") whose digest is due now, or None outside Monday from 08:00."""
    local = now.astimezone(TZ)
    if local.weekday() != 0 or local.hour < SEND_HOUR:
        return None
    year, week, _ = local.isocalendar()
    return f"{year}-W{week:02d}"


class DigestStore:
    """Which weekly digests were claimed, sent or skipped; safe to share between threads."""

    def __init__(self, state: StateDB):
        self.db = state.db
        self._lock = state.lock

    def claimed(self, week: str) -> set[str]:
        with self._lock:
            return {r["target"] for r in self.db.query(f"select target from {DIGESTS} where week = ?", [week])}

    def claim(self, week: str, target: str, now: dt.datetime) -> bool:
        with self._lock, self.db.conn:
            return self.db.execute(
                f"insert or ignore into {DIGESTS} (week, target, status, claimed_at) values (?, ?, 'claimed', ?)",
                [week, target, now.isoformat()]).rowcount == 1

    def finish(self, week: str, target: str, now: dt.datetime, status: str, ts: str | None = None) -> None:
        with self._lock, self.db.conn:
            self.db[DIGESTS].update((week, target), {"status": status, "sent_at": now.isoformat(),
                                                     "message_ts": ts or ""})

    def release(self, week: str, target: str) -> None:
        with self._lock, self.db.conn:
            self.db[DIGESTS].delete((week, target))

    def rows(self) -> list[dict]:
        with self._lock:
            return list(self.db[DIGESTS].rows)


class DigestScheduler(PeriodicJob):
    """``run_once`` is the whole logic; ``start`` loops it on a daemon thread."""

    thread_name = "weekly-digest"

    def __init__(self, sender: DigestSender, store: DigestStore, clock: Callable[[], dt.datetime],
                 interval: float = CHECK_INTERVAL, first_check: float = FIRST_CHECK):
        super().__init__(interval, first_wait=first_check)
        self.sender, self.store, self.clock = sender, store, clock

    def run_once(self) -> list[str]:
        """Post this week's digest to every recipient not claimed before; returns those posted now."""
        now = self.clock()
        week = due_week(now)
        if week is None:
            return []
        if set(self.sender.targets()) <= self.store.claimed(week):
            return []
        try:
            deliveries = self.sender.deliveries(now, DIGEST_DAYS)
        except NoRecipients:
            return []
        sent = []
        for delivery in deliveries:
            if not self.store.claim(week, delivery.target, now):
                continue
            if delivery.digest is None:
                self.store.finish(week, delivery.target, now, "skipped")
                continue
            try:
                ts = self.sender.deliver(delivery)
            except Exception:  # noqa: BLE001 - any Web API failure: release and retry next round
                log.exception("digest for %s not posted; will retry", delivery.target)
                self.store.release(week, delivery.target)
                continue
            self.store.finish(week, delivery.target, now, "sent", ts)
            sent.append(delivery.target)
        return sent
