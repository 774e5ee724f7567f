"""Rebuilds from Slack: one at a time, in the background, with one status message updated in place.

A rebuild (``/kb-reindex``) or an article being added ("Tilføj") claims the single flight; a second
request while one runs gets a link to the running one's message. The build itself is
``indexer.index.build.build_index`` (file-locked, built aside and swapped in atomically), so members keep
getting answers from the current index; after a successful build the service reloads.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from slack_sdk.errors import SlackApiError

from bot.admin.messages import busy_text, progress_text
from bot.state.db import StateDB
from bot.worker import TrackingExecutor
from indexer import VidensbankError

log = logging.getLogger(__name__)

FAILED = "❌ *Genindekseringen mislykkedes.* Vidensbanken svarer stadig ud fra den hidtidige version."


@dataclass
class Flight:
    user: str
    kind: str                     # "incremental" | "full" | "add"
    title: str                    # Danish heading of the status message
    started: float = field(default_factory=time.monotonic)
    started_at: str = field(default_factory=lambda: _now_iso())
    channel: str | None = None
    ts: str | None = None


def _now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Reindexer:
    def __init__(self, service, state: StateDB, progress_seconds: float = 2.0,
                 clock: Callable[[], float] = time.monotonic):
        self.service = service
        self.state = state
        self.progress_seconds = progress_seconds
        self.clock = clock
        self.executor = TrackingExecutor(1, "reindex")
        self._lock = threading.Lock()
        self._flight: Flight | None = None

    # -- single flight ---------------------------------------------------------------------------
    def claim(self, user: str, kind: str, title: str) -> Flight | None:
        """The flight for a new job, or None when one is already running."""
        with self._lock:
            if self._flight is not None:
                return None
            self._flight = Flight(user=user, kind=kind, title=title)
            return self._flight

    def release(self, flight: Flight) -> None:
        with self._lock:
            if self._flight is flight:
                self._flight = None

    @property
    def running(self) -> Flight | None:
        return self._flight

    def busy_message(self, client) -> str:
        flight = self._flight
        link = None
        if flight is not None and flight.channel and flight.ts:
            try:
                link = client.chat_getPermalink(channel=flight.channel, message_ts=flight.ts).get("permalink")
            except SlackApiError as exc:
                log.warning("no permalink for the running rebuild: %s", exc.response.get("error"))
        return busy_text(link, flight.user if flight else None)

    # -- the status message ----------------------------------------------------------------------
    def post_status(self, client, flight: Flight, channel: str | None, user: str) -> bool:
        """Post the status message where the command was used, else in the admin's DM with the bot."""
        text = progress_text(flight.title, 0, 0)
        for target in dict.fromkeys(t for t in (channel, user) if t):
            try:
                response = client.chat_postMessage(channel=target, text=text)
            except SlackApiError as exc:
                log.info("cannot post the rebuild status in %s: %s", target, exc.response.get("error"))
                continue
            flight.channel, flight.ts = response.get("channel") or target, response.get("ts")
            return True
        return False

    def use_message(self, flight: Flight, channel: str, ts: str) -> None:
        """Report in an existing message (an upload's preview) instead of a new one."""
        flight.channel, flight.ts = channel, ts

    def show_progress(self, client, flight: Flight) -> None:
        self._update(client, flight, progress_text(flight.title, 0, 0))

    # -- running ------------------------------------------------------------------------------------
    def start(self, client, flight: Flight, job: Callable, on_success: Callable[[object], str],
              on_failure: Callable[[Exception], str], after: Callable[[bool], None] | None = None) -> None:
        """Run ``job(progress)`` on the rebuild thread; the status message ends with its outcome.

        ``job`` gets a ``progress(stage, done, total)`` callback and returns something with a
        ``summary`` (an AddResult) or a BuildSummary; ``after(ok)`` runs last (e.g. to mark an upload).
        """
        self.executor.submit(self._run, client, flight, job, on_success, on_failure, after)

    def _run(self, client, flight, job, on_success, on_failure, after) -> None:
        try:
            ok, summary, error, text = self._build(client, flight, job, on_success, on_failure)
            self._update(client, flight, text)
            self._record(flight, ok, summary, error)
            if after is not None:
                after(ok)
        finally:             # whatever failed above, the next rebuild must not be told "i gang"
            self.release(flight)

    def _build(self, client, flight, job, on_success, on_failure) -> tuple[bool, object, str | None, str]:
        """(ok, summary, error, the status message's final text)."""
        try:
            result = job(_Throttled(self, client, flight))
            summary = getattr(result, "summary", result)
            self.service.reload(raise_errors=True)
            return True, summary, None, on_success(result)
        except Exception as exc:          # every failure leaves the current index in place
            log.error("rebuild (%s) by %s failed: %s", flight.kind, flight.user, exc,
                      exc_info=not _is_domain_error(exc))
            try:
                text = on_failure(exc)
            except Exception:
                log.exception("could not describe the failed rebuild")
                text = FAILED
            return False, None, str(exc), text

    def _update(self, client, flight: Flight, text: str) -> None:
        if not (flight.channel and flight.ts):
            return
        try:
            client.chat_update(channel=flight.channel, ts=flight.ts, text=text,
                               blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}])
        except SlackApiError as exc:
            log.warning("cannot update the rebuild status: %s", exc.response.get("error"))

    def _record(self, flight: Flight, ok: bool, summary, error: str | None) -> None:
        row = {"started_at": flight.started_at, "finished_at": _now_iso(), "user_id": flight.user,
               "kind": flight.kind, "ok": int(ok), "error": error,
               "summary_json": json.dumps(summary.as_dict(), ensure_ascii=False) if summary else None}
        try:
            with self.state.lock, self.state.db.conn:
                self.state.db["reindex_runs"].insert(row)
        except Exception:
            log.exception("could not record the rebuild result")

    def last_run(self) -> dict | None:
        with self.state.lock:
            rows = list(self.state.db.query("select * from reindex_runs order by id desc limit 1"))
        if not rows:
            return None
        row = dict(rows[0])
        row["summary"] = json.loads(row.pop("summary_json") or "null")
        return row

    def wait_idle(self, timeout: float = 10.0) -> bool:
        return self.executor.wait_idle(timeout)

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True)


class _Throttled:
    """The build's progress callback: chat.update at most every ``progress_seconds``."""

    def __init__(self, reindexer: Reindexer, client, flight: Flight):
        self.reindexer, self.client, self.flight = reindexer, client, flight
        self.last_at = reindexer.clock()
        self.last_text = progress_text(flight.title, 0, 0)

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self.reindexer.clock()
        if now - self.last_at < self.reindexer.progress_seconds:
            return
        text = progress_text(self.flight.title, done, total)
        if text == self.last_text:
            return
        self.last_at, self.last_text = now, text
        self.reindexer._update(self.client, self.flight, text)


def _is_domain_error(exc: Exception) -> bool:
    return isinstance(exc, VidensbankError)
