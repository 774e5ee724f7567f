"""Soak: the real `python -m bot run --http` answering a steady stream of signed events for a minute,
with a /kb-reindex in the middle, against the fake Slack Web API.

200 distinct events over 60 s (a mention starting a thread, a DM, or the asker's follow-up in an
earlier thread); one in ten is delivered a second time as Slack's retry. Every event must be
answered exactly once (one 👀 taken off per message), with no apology, no refused delivery and no
ERROR in the bot's log, the reindex must finish, and the process's RSS may grow by less than
50 MB from the start of the stream (after a few warm-up questions) to its end.
"""

from __future__ import annotations

import json
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

from bench.measure import percentile
from bench.slack import APOLOGY_START, BotProcess, http, wait_until
from indexer.config import IndexSettings
from tests.bot.bot_support import command_form, event_body, mention, message, signed_headers
from tests.fake_slack import FakeSlack

ADMIN = "USOAKADMIN"
RSS_LIMIT_MB = 50
WARM_UP = 5


def _kinds(n: int, rng: random.Random) -> list[str]:
    """What each event is: half mentions, a third DMs, the rest follow-ups (never before a mention)."""
    kinds = []
    for i in range(n):
        roll = rng.random()
        kind = "mention" if roll < 0.5 or i < 5 else ("dm" if roll < 0.83 else "follow_up")
        kinds.append(kind)
    return kinds


def _as_question(text: str) -> str:
    text = text.strip().rstrip("?.!")
    return f"og {text[0].lower()}{text[1:]}?"


class Soak:
    def __init__(self, bot: BotProcess, fake: FakeSlack, questions: list[str], events: int, seconds: float,
                 seed: int = 16):
        self.bot, self.fake, self.questions = bot, fake, questions
        self.events, self.seconds = events, seconds
        self.rng = random.Random(seed)
        self.sent_at: dict[str, float] = {}        # message ts → when it was sent
        self.statuses: list[int | None] = []
        self.threads: list[tuple[str, str, str]] = []   # (channel, root ts, asker) of earlier mentions
        self.lock = threading.Lock()

    def _post(self, body: str, headers: dict) -> int | None:
        try:
            status, _, _ = http(self.bot.url + "/slack/events", body, headers)
        except OSError:
            return None
        with self.lock:
            self.statuses.append(status)
        return status

    def _deliver(self, event: dict, event_id: str, duplicate: bool) -> None:
        body = json.dumps(event_body(event, event_id))
        self._post(body, signed_headers(body))
        if duplicate:                                  # Slack's retry of the same delivery
            self._post(body, signed_headers(body, retry_num=1))

    def _event(self, i: int, kind: str) -> dict:
        question = self.questions[i % len(self.questions)]
        ts = f"1900{i:06d}.000100"
        with self.lock:
            answered_threads = [t for t in self.threads if self.sent_at[t[1]] < time.monotonic() - 3]
        if kind == "follow_up" and answered_threads:
            channel, root, asker = self.rng.choice(answered_threads)
            return message(_as_question(question), channel=channel, channel_type="channel", ts=ts,
                           thread_ts=root, user=asker)
        if kind == "dm":
            return message(question, channel=f"DSOAK{i:04d}", ts=ts, user=f"USOAK{i:03d}")
        return mention(question, channel=f"CSOAK{i % 4}", ts=ts, user=f"USOAK{i % 1000:03d}")

    def run(self, reindex) -> dict:
        kinds = _kinds(self.events, self.rng)
        gap = self.seconds / self.events
        start = time.monotonic()
        reindex_at = self.events // 2
        with ThreadPoolExecutor(16) as pool:
            for i, kind in enumerate(kinds):
                time.sleep(max(0.0, start + i * gap - time.monotonic()))
                if i == reindex_at:
                    pool.submit(reindex)
                event = self._event(i, kind)
                with self.lock:
                    self.sent_at[event["ts"]] = time.monotonic()
                    if event["type"] == "app_mention":
                        self.threads.append((event["channel"], event["ts"], event["user"]))
                pool.submit(self._deliver, event, f"EvSOAK{i:05d}", self.rng.random() < 0.1)
        return {"sent_seconds": round(time.monotonic() - start, 1)}


def measure_soak(settings: IndexSettings, questions: list[str], workdir: Path, events: int = 200,
                 seconds: float = 60.0) -> dict:
    fake = FakeSlack().start()
    bot = BotProcess(settings, fake, workdir, "soak", VIDENSBANK_ADMINS=ADMIN)
    try:
        if not wait_until(lambda: (bot.health() or {}).get("ready"), 180):
            raise RuntimeError(bot.failed() if bot.process.poll() is not None else "the bot never became ready")
        process = psutil.Process(bot.process.pid)
        for n in range(WARM_UP):                       # lazy caches fill before the baseline
            body = json.dumps(event_body(mention(questions[n], channel="CWARM", ts=f"1899{n:06d}.000100")))
            http(bot.url + "/slack/events", body, signed_headers(body))
        wait_until(lambda: len(fake.calls_to("reactions.remove")) >= WARM_UP, 60)
        rss_start = process.memory_info().rss

        reindex_state: dict = {}

        def reindex():
            article = sorted((Path(settings.kb_dir) / "articles").glob("*.md"))[0]
            article.write_text(article.read_text(encoding="utf-8") + "\nEt afsnit tilføjet under soak-testen.\n",
                               encoding="utf-8")
            body = command_form("", fake.response_url("reindex"), channel="CSOAKADMIN", user=ADMIN,
                                command="/kb-reindex")
            reindex_state["started"] = time.monotonic()
            http(bot.url + "/slack/events", body, signed_headers(body, content_type="application/x-www-form-urlencoded"))

        soak = Soak(bot, fake, questions, events, seconds)
        sent = soak.run(reindex)
        wanted = set(soak.sent_at)

        def removed() -> list[str]:
            return [c.params.get("timestamp") for c in fake.calls_to("reactions.remove")
                    if c.params.get("timestamp") in wanted]

        complete = wait_until(lambda: wanted <= set(removed()), 180)
        reindexed = wait_until(lambda: any((c.params.get("text") or "").startswith(("✅", "❌"))
                                           for c in fake.calls_to("chat.update")), 120)
        time.sleep(1.0)                                 # a late duplicate answer would show up now
        rss_end = process.memory_info().rss
        done = [c for c in fake.calls_to("chat.update") if (c.params.get("text") or "").startswith(("✅", "❌"))]
        reindex_ok = bool(done) and done[-1].params["text"].startswith("✅")
        per_event: dict[str, int] = {}
        for ts in removed():
            per_event[ts] = per_event.get(ts, 0) + 1
        # Answers go to the events' own channels and DMs; the rebuild's status goes to the admin.
        answer_posts = [c for c in fake.calls_to("chat.postMessage") if c.params.get("text") != "(fortsat)"
                        and str(c.params.get("channel")).startswith(("CSOAK", "DSOAK"))
                        and c.params.get("channel") != "CSOAKADMIN"]
        apologies = sum((c.params.get("text") or "").startswith(APOLOGY_START) for c in answer_posts)
        first_answer: dict[str, float] = {}
        for call in fake.calls_to("reactions.remove"):
            if call.params.get("timestamp") in wanted:
                first_answer.setdefault(call.params.get("timestamp"), call.at)
        times = [first_answer[ts] - soak.sent_at[ts] for ts in wanted if ts in first_answer]
        log_errors = sum(" ERROR " in line for line in bot.log.read_text(errors="replace").splitlines())
        return {
            "events": len(wanted), "seconds": seconds, **sent,
            "duplicates_sent": len(soak.statuses) - len(wanted),
            "acked_200": sum(s == 200 for s in soak.statuses), "deliveries": len(soak.statuses),
            "answered": sum(1 for ts in wanted if per_event.get(ts)),
            "answered_once": complete and all(per_event.get(ts) == 1 for ts in wanted)
                             and len(answer_posts) == len(wanted),
            "apologies": apologies, "log_errors": log_errors,
            "reindex_ok": reindexed and reindex_ok,
            "answer_p50_s": round(percentile(times, 50), 2) if times else None,
            "answer_p95_s": round(percentile(times, 95), 2) if times else None,
            "rss_start_mb": round(rss_start / 2**20, 1), "rss_end_mb": round(rss_end / 2**20, 1),
            "rss_growth_mb": round((rss_end - rss_start) / 2**20, 1), "rss_limit_mb": RSS_LIMIT_MB,
        }
    finally:
        bot.stop()
        fake.stop()
