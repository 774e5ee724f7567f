"""Slack events the bot has taken, remembered in state.db so a restart does not forget them.

Slack delivers an event again when it saw no acknowledgement in time (X-Slack-Retry-Num), also
when the bot was restarted in between. A delivery is claimed when it arrives and marked done when
its answer (or apology) is posted: a retry of a done one is ignored, and so is a retry of one this
run is still answering; a retry of one an earlier run claimed but never finished (it was stopped
mid-answer) is answered now. Keys are stored as keyed hashes and forgotten after a day.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import uuid
from typing import Callable, Iterable

from bot.slack.dedupe import RecentKeys
from bot.state.db import StateDB

log = logging.getLogger(__name__)

KEEP = dt.timedelta(days=1)        # Slack retries for minutes, never for a day


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Deliveries:
    def __init__(self, state: StateDB, recent: RecentKeys | None = None,
                 clock: Callable[[], dt.datetime] = _utc_now):
        self.state = state
        self.recent = recent or RecentKeys()
        self.clock = clock
        self.boot_id = uuid.uuid4().hex[:12]       # this run of the bot

    def _hashes(self, keys: Iterable[str | None]) -> list[str]:
        return [self.state.pseudonyms.delivery(k) for k in keys if k]

    def first_time(self, keys: list[str]) -> bool:
        """Claim a delivery; False when it was answered before or is being answered now."""
        if not self.recent.first_time(keys):
            return False
        hashes = self._hashes(keys)
        if not hashes:
            return True
        try:
            return self._claim(hashes)
        except sqlite3.Error as exc:       # a locked database must not cost a member the answer
            log.warning("could not record the delivery (%s); relying on this run's memory", exc)
            return True

    def _claim(self, hashes: list[str]) -> bool:
        marks = ",".join("?" * len(hashes))
        now = self.clock().isoformat(timespec="seconds")
        with self.state.lock, self.state.db.conn:
            seen = self.state.db.execute(
                f"select boot_id, answered_at from deliveries where key_hash in ({marks})", hashes).fetchall()
            if any(answered or boot == self.boot_id for boot, answered in seen):
                return False
            if seen:
                log.info("answering a delivery an earlier run took but did not finish")
            self.state.db.conn.executemany(
                "insert or replace into deliveries (key_hash, boot_id, claimed_at, answered_at) "
                "values (?, ?, ?, null)", [(h, self.boot_id, now) for h in hashes])
        return True

    def done(self, keys: list[str]) -> None:
        """The delivery was answered: a later retry of it is ignored, also after a restart."""
        hashes = self._hashes(keys)
        if not hashes:
            return
        marks = ",".join("?" * len(hashes))
        try:
            with self.state.lock, self.state.db.conn:
                self.state.db.execute(f"update deliveries set answered_at = ? where key_hash in ({marks})",
                                      [self.clock().isoformat(timespec="seconds"), *hashes])
        except sqlite3.Error as exc:
            log.warning("could not mark a delivery answered: %s", exc)

    def purge(self) -> int:
        cutoff = (self.clock() - KEEP).isoformat(timespec="seconds")
        with self.state.lock, self.state.db.conn:
            return self.state.db.execute("delete from deliveries where claimed_at < ?", [cutoff]).rowcount
