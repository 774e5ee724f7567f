"""Salon reminders: due 7 days and 1 day before, posted once even across restarts."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.events.reminders import ReminderScheduler, ReminderStore, due_reminders
from bot.state.db import StateDB
from indexer.audience import Viewer
from indexer.knowledge.events import TZ, Event, Location
from tests.bot.bot_support import FakeClient

START = dt.datetime(2027, 6, 3, 14, 0, tzinfo=TZ)


def salon(id="salon-a", start=START, **kwargs) -> Event:
    fields = dict(title="Salon: Skala", kind="salon", audience="public",
                  location=Location("Medborgerhuset", "Prøvevej 1"))
    fields.update(kwargs)
    return Event(id=id, start=start, end=start + dt.timedelta(hours=2) if start else None, **fields)


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


def scheduler(tmp_path, events, clock, client=None) -> ReminderScheduler:
    return ReminderScheduler(client or FakeClient(), "C0ANNOUNCE", ReminderStore(StateDB(tmp_path / "state.db")),
                             lambda: events, clock=clock)


@pytest.mark.parametrize("now, expected", [
    (START - dt.timedelta(days=8), []),
    (START - dt.timedelta(days=7), ["7d"]),
    (START - dt.timedelta(days=3), ["7d"]),
    (START - dt.timedelta(days=1), ["1d"]),
    (START - dt.timedelta(minutes=5), ["1d"]),
    (START, []),
])
def test_due_reminders_window(now, expected):
    assert [d.reminder for d in due_reminders([salon()], Viewer.public(), now)] == expected


def test_only_planned_public_dated_salons_get_reminders():
    now = START - dt.timedelta(days=1)
    events = [salon("cancelled", status="cancelled"), salon("postponed", status="postponed"),
              salon("tba", start=None, date_text="dato følger"),
              salon("internal", audience="partnership:os"),
              salon("meeting", kind="følgegruppemøde"), salon("ok")]
    assert [d.event.id for d in due_reminders(events, Viewer.public(), now)] == ["ok"]


def test_reminders_posted_once_each_and_never_again_after_restart(tmp_path):
    clock = Clock(START - dt.timedelta(days=7, minutes=-1))
    client = FakeClient()
    first = scheduler(tmp_path, [salon()], clock, client)
    assert [d.reminder for d in first.run_once()] == ["7d"]
    assert first.run_once() == []                      # the next check: nothing new
    post = client.posts[0]
    assert post["channel"] == "C0ANNOUNCE"
    assert post["text"] == ("Påmindelse: «Salon: Skala» er om en uge – torsdag den 3. juni 2027 "
                            "kl. 14.00–16.00, Medborgerhuset, Prøvevej 1.")
    first.store.db.conn.close()

    # Restart: a new process with a new store on the same database file.
    restarted = scheduler(tmp_path, [salon()], clock, client)
    assert restarted.run_once() == []
    clock.now = START - dt.timedelta(hours=20)
    assert [d.reminder for d in restarted.run_once()] == ["1d"]
    restarted.store.db.conn.close()

    again = scheduler(tmp_path, [salon()], clock, client)
    assert again.run_once() == []
    assert [p["text"].split(" er ")[1].split(" –")[0] for p in client.posts] == ["om en uge", "i morgen"]
    assert [row["status"] for row in again.store.rows()] == ["sent", "sent"]


def test_failed_post_is_retried_next_round(tmp_path):
    client = FakeClient(failures={"chat.postMessage": 1})
    s = scheduler(tmp_path, [salon()], Clock(START - dt.timedelta(days=2)), client)
    assert s.run_once() == []
    assert [d.reminder for d in s.run_once()] == ["7d"]
    assert len(client.posts) == 1


def test_moved_salon_gets_new_reminders(tmp_path):
    client = FakeClient()
    events = [salon()]
    clock = Clock(START - dt.timedelta(hours=3))
    s = scheduler(tmp_path, events, clock, client)
    s.run_once()
    later = START + dt.timedelta(days=14)
    events[0] = salon(start=later)
    clock.now = later - dt.timedelta(hours=3)
    assert [d.reminder for d in s.run_once()] == ["1d"]
    assert len(client.posts) == 2


def test_background_loop_posts_and_stops(tmp_path):
    client = FakeClient()
    s = scheduler(tmp_path, [salon()], Clock(START - dt.timedelta(days=2)), client)
    s.interval = 0.01
    s.start()
    try:
        for _ in range(200):
            if client.posts:
                break
            import time
            time.sleep(0.01)
    finally:
        s.stop()
    assert len(client.posts) == 1


def test_claims_live_in_the_bot_state_database_and_survive_a_restart(tmp_path):
    path = tmp_path / "state.db"
    due = due_reminders([salon()], Viewer.public(), START - dt.timedelta(hours=3))[0]
    first = StateDB(path)
    assert ReminderStore(first).claim(due, "C0ANN", START)
    first.close()
    again = StateDB(path)
    assert not ReminderStore(again).claim(due, "C0ANN", START)
    assert [row["status"] for row in ReminderStore(again).rows()] == ["claimed"]
