"""The Slack app under load: the real `python -m bot run --http` process against the fake Slack Web API.

1. Ack while loading: from the moment the HTTP port answers until the service is ready (model and
   index loaded in the background), signed `/spørg` requests are sent every 0.2 s; each must be
   acknowledged well within Slack's 3 s, and each is answered (via response_url) once loading ends.
2. Burst: once ready, 50 distinct @-mentions arrive at the same moment; every one must be answered
   exactly once in its thread. A delivery the server refuses is counted and retried once after 1 s
   with X-Slack-Retry-Num, as Slack would. Time to answer = the answer's chat.postMessage reaching the fake
   Slack API minus the moment the event was sent (both clocks in this process).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.measure import PROJECT_ROOT, child_env, median, ms, percentile
from indexer.config import IndexSettings
from tests.bot.bot_support import SIGNING_SECRET, command_form, event_body, mention, signed_headers
from tests.fake_slack import FakeSlack

BOT_TOKEN = "xoxb-bench"
ACK_LIMIT_S = 3.0
SEND_EVERY_S = 0.2
APOLOGY_START = "Beklager – der gik noget galt"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(url: str, body: str | None = None, headers: dict | None = None, timeout: float = 30.0):
    """(status, body, seconds) of one request."""
    request = urllib.request.Request(url, data=body.encode("utf-8") if body is not None else None,
                                     headers=headers or {}, method="POST" if body is not None else "GET")
    start = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode(), time.monotonic() - start
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), time.monotonic() - start


class BotProcess:
    """`python -m bot run --http` on a free local port, talking to the fake Slack API."""

    def __init__(self, settings: IndexSettings, fake: FakeSlack, workdir: Path, name: str, **extra_env: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / f"{name}.log"
        env = child_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                        SLACK_API_URL=fake.api_url, VIDENSBANK_KB_DIR=str(settings.kb_dir),
                        VIDENSBANK_INDEX_DIR=str(settings.index_dir), VIDENSBANK_MODEL=settings.model,
                        VIDENSBANK_STATE_DB=str(workdir / f"{name}-state.db"), VIDENSBANK_ENV_FILE="/dev/null",
                        **extra_env)
        env.pop("SLACK_APP_TOKEN", None)
        self.started = time.monotonic()
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "run", "--http", "--host", "127.0.0.1", "--port", str(self.port)],
                cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    def health(self) -> dict | None:
        try:
            status, body, _ = http(self.url + "/healthz", timeout=2.0)
        except OSError:
            return None
        return json.loads(body) if status == 200 else None

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)

    def failed(self) -> str:
        return f"the bot process stopped ({self.process.returncode}); see {self.log}:\n" + \
            self.log.read_text(errors="replace")[-2000:]


def ack_while_loading(bot: BotProcess, fake: FakeSlack, run: int, timeout: float = 180.0) -> dict:
    deadline = time.monotonic() + timeout
    while bot.health() is None:
        if bot.process.poll() is not None:
            raise RuntimeError(bot.failed())
        if time.monotonic() > deadline:
            raise TimeoutError("the bot never started listening")
        time.sleep(0.02)
    listening = time.monotonic() - bot.started
    acks, statuses, sent = [], [], []
    while True:
        health = bot.health()
        if health and health.get("ready"):
            break
        if time.monotonic() > deadline:
            raise TimeoutError("the bot never became ready")
        name = f"load{run}-{len(sent)}"
        body = command_form(f"hvad er et strategisk partnerskab? ({len(sent)})", fake.response_url(name))
        status, _, seconds = http(bot.url + "/slack/events", body,
                                  signed_headers(body, content_type="application/x-www-form-urlencoded"))
        acks.append(seconds)
        statuses.append(status)
        sent.append(name)
        time.sleep(SEND_EVERY_S)
    ready = time.monotonic() - bot.started
    answered = wait_until(lambda: {c.path.rsplit("/", 1)[-1] for c in fake.calls_to("response_url")} >= set(sent), 60)
    return {
        "listening_s": round(listening, 2),
        "ready_s": round(ready, 2),
        "requests_while_loading": len(acks),
        "ack_max_ms": ms(max(acks)) if acks else None,
        "ack_p50_ms": ms(percentile(acks, 50)) if acks else None,
        "all_acked_200": all(s == 200 for s in statuses),
        "answered_after_loading": answered,
    }


def burst(bot: BotProcess, fake: FakeSlack, questions: list[str], run: int, timeout: float = 300.0) -> dict:
    """All questions at once as @-mentions in a channel; each must get exactly one answer."""
    stamps = [f"18{run:02d}{i:06d}.000100" for i in range(len(questions))]
    sent_at: dict[str, float] = {}
    acks: list[float] = []
    gate = threading.Barrier(len(questions))

    def send(i: int, retry: int = 0):
        body = json.dumps(event_body(mention(questions[i], channel="CBENCH", ts=stamps[i]),
                                     event_id=f"EvBENCH{run:02d}{i:04d}"))
        headers = signed_headers(body, retry_num=retry) if retry else signed_headers(body)
        if not retry:
            gate.wait()
            sent_at[stamps[i]] = time.monotonic()
        try:
            status, _, seconds = http(bot.url + "/slack/events", body, headers)
        except OSError:            # refused or reset: Slack would retry the delivery
            return None
        acks.append(seconds)
        return status

    start = time.monotonic()
    with ThreadPoolExecutor(len(questions)) as pool:
        statuses = list(pool.map(send, range(len(questions))))
    refused = [i for i, status in enumerate(statuses) if status is None]
    if refused:                    # Slack's first retry comes almost at once
        time.sleep(1.0)
        for i in refused:
            statuses[i] = send(i, retry=1)
    wanted = set(stamps)

    def finished() -> bool:   # the 👀 comes off after the answer is posted (or the apology)
        return wanted <= {c.params.get("timestamp") for c in fake.calls_to("reactions.remove")}

    complete = wait_until(finished, timeout)
    posts = [c for c in fake.calls_to("chat.postMessage") if c.params.get("thread_ts") in wanted]
    firsts = {}
    per_thread: dict[str, int] = {}
    apologies = 0
    for c in posts:
        text = c.params.get("text") or ""
        if text == "(fortsat)":          # the continuation of a long answer, not a second answer
            continue
        ts = c.params["thread_ts"]
        per_thread[ts] = per_thread.get(ts, 0) + 1
        firsts.setdefault(ts, c.at)
        apologies += text.startswith(APOLOGY_START)
    answer_times = [firsts[ts] - sent_at[ts] for ts in firsts]
    return {
        "questions": len(questions),
        "refused_first_delivery": len(refused),
        "all_acked_200": all(s == 200 for s in statuses),
        "ack_p95_ms": ms(percentile(acks, 95)),
        "answered": len(firsts),
        "answered_once": complete and len(firsts) == len(questions) and all(n == 1 for n in per_thread.values()),
        "apologies": apologies,
        "answer_p50_s": round(percentile(answer_times, 50), 2),
        "answer_p95_s": round(percentile(answer_times, 95), 2),
        "answer_max_s": round(max(answer_times), 2) if answer_times else None,
        "all_answered_within_s": round(max(answer_times) if answer_times else time.monotonic() - start, 2),
    }


def wait_until(condition, timeout: float) -> bool:
    """Poll ``condition`` until it holds (True) or ``timeout`` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True




def measure_slack(settings: IndexSettings, questions: list[str], runs: int, workdir: Path) -> dict:
    """`runs` fresh bot processes: ack while loading, then the burst; medians over runs."""
    loading, bursts = [], []
    fake = FakeSlack().start()
    try:
        for run in range(runs):
            bot = BotProcess(settings, fake, workdir, f"bot-{run}")
            try:
                loading.append(ack_while_loading(bot, fake, run))
                bursts.append(burst(bot, fake, questions, run))
            finally:
                bot.stop()
    finally:
        fake.stop()

    def med(rows, key):
        values = [r[key] for r in rows if r[key] is not None]
        return round(median(values), 2) if values else None

    return {
        "runs": runs,
        "ack_while_loading": {
            "runs": loading,
            "ack_max_ms": med(loading, "ack_max_ms"),
            "worst_ack_ms": max((r["ack_max_ms"] or 0) for r in loading),
            "listening_s": med(loading, "listening_s"),
            "ready_s": med(loading, "ready_s"),
            "requests_while_loading": sum(r["requests_while_loading"] for r in loading),
            "all_acked_200": all(r["all_acked_200"] for r in loading),
            "answered_after_loading": all(r["answered_after_loading"] for r in loading),
        },
        "burst": {
            "runs": bursts,
            "questions": len(questions),
            "answer_p50_s": med(bursts, "answer_p50_s"),
            "answer_p95_s": med(bursts, "answer_p95_s"),
            "ack_p95_ms": med(bursts, "ack_p95_ms"),
            "answered_once": all(r["answered_once"] for r in bursts),
            "refused_first_delivery": sum(r["refused_first_delivery"] for r in bursts),
            "apologies": sum(r["apologies"] for r in bursts),
        },
    }
