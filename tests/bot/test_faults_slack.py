"""Faults around Slack, with nothing lost: a restart mid-answer, Slack failing for a minute, a
state database locked by another process."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

import pytest

from bot.answers.answering import APOLOGY
from bot.answers.feedback import UP
from bot.app import build_bot, make_web_client
from bot.state.db import StateDatabaseUnavailable, StateDB
from tests.bot.bot_support import FakeService, event_body, mention, signed_request
from tests.fake_slack import FakeSlack

QUESTION = "hvad er et strategisk partnerskab?"


def _deliver(bot, event, event_id, retry_num=None):
    body = json.dumps(event_body(event, event_id))
    return bot.app.dispatch(signed_request(body, retry_num=retry_num))


def _answers(fake_slack, thread_ts):
    return [c for c in fake_slack.calls_to("chat.postMessage") if c.params.get("thread_ts") == thread_ts]


def test_a_bot_restarted_mid_answer_answers_slacks_retry_once(settings, fake_slack):
    event = mention(QUESTION, ts="1700008000.000100")
    stopped_service = FakeService()
    stopped_service.block()                                   # it never gets to post: "killed" mid-answer
    elsewhere = FakeSlack().start()                           # whatever it does later lands here
    first_settings = dataclasses.replace(settings, api_url=elsewhere.api_url)
    first = build_bot(first_settings, stopped_service, make_web_client(first_settings))
    assert _deliver(first, event, "EvRESTART").status == 200
    time.sleep(0.2)

    restarted = build_bot(settings, FakeService(), make_web_client(settings))
    assert _deliver(restarted, event, "EvRESTART", retry_num=1).status == 200
    assert restarted.wait_idle(10)
    assert _deliver(restarted, event, "EvRESTART", retry_num=2).status == 200
    assert restarted.wait_idle(10)
    restarted.close()

    again = build_bot(settings, FakeService(), make_web_client(settings))   # and once more
    assert _deliver(again, event, "EvRESTART", retry_num=3).status == 200
    assert again.wait_idle(10)
    answers = _answers(fake_slack, "1700008000.000100")
    assert len(answers) == 1 and "langvarigt samarbejde" in answers[0].params["text"]
    again.close()
    stopped_service.error = RuntimeError("stopped")
    stopped_service.release()
    first.close()
    elsewhere.stop()


def test_slack_failing_with_500_and_429_for_a_minute_delays_the_answer_but_loses_nothing(settings, fake_slack):
    """A minute of 500s and 429s (Retry-After: 10): the client waits them out; no answer is lost or doubled."""
    waited = []
    fake_slack.fail("chat.postMessage", "internal_error", times=5, status=500)
    for _ in range(3):
        fake_slack.rate_limit_once("chat.postMessage", retry_after=10)
    bot = build_bot(settings, FakeService(), make_web_client(settings, sleep=waited.append))  # no real wait
    try:
        assert _deliver(bot, mention(QUESTION, ts="1700008100.000100"), "EvFLAKY").status == 200
        assert bot.wait_idle(10)
    finally:
        bot.close()
    posts = fake_slack.calls_to("chat.postMessage")
    assert len(posts) == 9 and sum(waited) >= 60
    assert "langvarigt" in posts[-1].params["text"]
    assert len({p.params["text"] for p in posts}) == 1                  # nine tries of one answer, no apology


def test_state_db_locked_by_another_process_delays_the_bookkeeping_not_the_answer(settings, fake_slack, service):
    bot = build_bot(settings, service, make_web_client(settings))
    with locked_by_another_process(settings.state_db, seconds=2):
        assert _deliver(bot, mention(QUESTION, ts="1700008200.000100"), "EvLOCKED").status == 200
        [post] = fake_slack.wait_for("chat.postMessage", timeout=5)
        assert post.params["text"] != APOLOGY
        voted = threading.Thread(target=bot.deps.feedback.record_vote,
                                 args=(post.params["blocks"][-1]["elements"][-1]["value"], "UALICE", UP))
        voted.start()
        assert bot.wait_idle(15)
        voted.join(15)
    answer_id = post.params["blocks"][-1]["elements"][-1]["value"]
    assert bot.deps.feedback.get_answer(answer_id) is not None
    assert bot.deps.feedback.votes(answer_id) == {"up": 1, "down": 0}
    logged = bot.deps.feedback.db.execute("select count(*) from question_log").fetchone()[0]
    bot.close()
    assert logged == 1
    assert sqlite3.connect(settings.state_db).execute("pragma integrity_check").fetchone()[0] == "ok"


def test_state_db_locked_past_the_timeout_at_start_up_is_one_clear_error(tmp_path):
    state_db = tmp_path / "state.db"
    sqlite3.connect(state_db).execute("create table t (x)").connection.close()
    with locked_by_another_process(state_db, seconds=3):
        with pytest.raises(StateDatabaseUnavailable, match="database is locked.*another bot process"):
            StateDB(state_db, key=b"k" * 32, timeout=0.2)


@contextmanager
def locked_by_another_process(path, seconds: float):
    """Another process holds an exclusive lock on the SQLite file for ``seconds``, from entry on."""
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys, time\n"
         f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
         f"c.execute('begin exclusive')\nprint('locked', flush=True)\ntime.sleep({seconds})\nc.execute('commit')\n"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.wait(10)
