"""Salon reminders in the announcement channel, 7 days and 1 day before each salon.

A background loop checks every few minutes which reminders are due and posts them. Each
reminder is claimed in SQLite (table ``event_reminders``) *before* it is posted, keyed by event,
reminder, event start and channel, so a restart never posts one twice (at most once: a crash
between claim and post loses that reminder rather than risking a duplicate). A failed post
releases the claim so the next check retries. A salon moved to a new date gets new reminders.

Chosen over chat.scheduleMessage because events.yaml can change at any time (cancelled,
moved): a loop always reads the current file, and there are no stale scheduled messages to
find and delete.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Callable

from bot.events.blocks import calendar_button
from bot.events.mrkdwn import event_mrkdwn
from bot.state.db import StateDB
from bot.state.schema import REMINDERS as TABLE
from bot.worker import PeriodicJob
from indexer import TZ, Event, InvalidEvents, Viewer, as_local, format_place, format_when

log = logging.getLogger(__name__)

REMINDERS = (("7d", dt.timedelta(days=7)), ("1d", dt.timedelta(days=1)))
REMINDER_WORDS = {"7d": "om en uge", "1d": "i morgen"}
CHECK_INTERVAL = 300  # seconds


@dataclass(frozen=True)
class DueReminder:
    event: Event
    reminder: str                # "7d" | "1d"

    @property
    def event_start(self) -> str:
        return self.event.start.isoformat()


class ReminderStore:
    """Which reminders were claimed or sent, in the bot's state database; safe to share between threads."""

    def __init__(self, state: StateDB):
        self.db = state.db
        self._lock = state.lock

    def claim(self, due: DueReminder, channel: str, now: dt.datetime) -> bool:
        """True when this process may post the reminder (nobody claimed it before)."""
        with self._lock, self.db.conn:
            cursor = self.db.execute(
                f"INSERT OR IGNORE INTO {TABLE} (event_id, reminder, event_start, channel, status, claimed_at)"
                " VALUES (?, ?, ?, ?, 'claimed', ?)",
                [due.event.id, due.reminder, due.event_start, channel, now.isoformat()],
            )
            return cursor.rowcount == 1

    def mark_sent(self, due: DueReminder, channel: str, now: dt.datetime, ts: str | None) -> None:
        with self._lock, self.db.conn:
            self.db[TABLE].update((due.event.id, due.reminder, due.event_start, channel),
                                  {"status": "sent", "sent_at": now.isoformat(), "message_ts": ts or ""})

    def release(self, due: DueReminder, channel: str) -> None:
        with self._lock, self.db.conn:
            self.db[TABLE].delete((due.event.id, due.reminder, due.event_start, channel))

    def rows(self) -> list[dict]:
        with self._lock:
            return list(self.db[TABLE].rows)


def due_reminders(events: list[Event], viewer: Viewer, now: dt.datetime) -> list[DueReminder]:
    """Reminders whose time has come: the 7-day one until the 1-day one takes over, then until start."""
    now = as_local(now)
    due = []
    for event in events:
        if event.kind != "salon" or event.is_tba or event.status != "planned" or not event.visible_to(viewer):
            continue
        if now >= event.start:
            continue
        week, day = event.start - REMINDERS[0][1], event.start - REMINDERS[1][1]
        if day <= now:
            due.append(DueReminder(event, "1d"))
        elif week <= now:
            due.append(DueReminder(event, "7d"))
    return sorted(due, key=lambda d: d.event.start)


def reminder_text(due: DueReminder) -> str:
    """The plain fallback text (notifications)."""
    event = due.event
    place = format_place(event)
    where = f", {place}" if place else ""
    return f"Påmindelse: «{event.title}» er {REMINDER_WORDS[due.reminder]} – {format_when(event)}{where}."


def reminder_blocks(due: DueReminder) -> list[dict]:
    intro = f":bell: *Påmindelse:* salonen er {REMINDER_WORDS[due.reminder]}."
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": intro}},
        {"type": "section", "text": {"type": "mrkdwn", "text": event_mrkdwn(due.event)},
         "accessory": calendar_button(due.event)},
    ]


class ReminderScheduler(PeriodicJob):
    """Posts due reminders to one channel; ``run_once`` is the whole logic, ``start`` loops it."""

    thread_name = "salon-reminders"

    def __init__(self, client, channel: str, store: ReminderStore,
                 load_events: Callable[[], list[Event]], clock: Callable[[], dt.datetime] | None = None,
                 viewer: Viewer | None = None, interval: float = CHECK_INTERVAL):
        super().__init__(interval)
        self.client = client
        self.channel = channel
        self.store = store
        self.load_events = load_events
        self.clock = clock or (lambda: dt.datetime.now(TZ))
        self.viewer = viewer or Viewer.public()     # an announcement channel: public salons only

    def run_once(self) -> list[DueReminder]:
        """Post every due reminder not claimed before; return those posted now."""
        now = self.clock()
        try:
            events = self.load_events()
        except InvalidEvents as exc:
            log.error("reminders skipped: %s", exc)
            return []
        posted = []
        for due in due_reminders(events, self.viewer, now):
            if not self.store.claim(due, self.channel, now):
                continue
            try:
                response = self.client.chat_postMessage(
                    channel=self.channel, text=reminder_text(due), blocks=reminder_blocks(due),
                    unfurl_links=False, unfurl_media=False,
                )
            except Exception:  # noqa: BLE001 - any Web API failure: release and retry next round
                log.exception("reminder %s for %s not posted; will retry", due.reminder, due.event.id)
                self.store.release(due, self.channel)
                continue
            self.store.mark_sent(due, self.channel, now, (response.get("ts") if response else None))
            log.info("posted %s reminder for %s to %s", due.reminder, due.event.id, self.channel)
            posted.append(due)
        return posted
