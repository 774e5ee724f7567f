"""Privacy claims that are true: pseudonyms need a key that is not in state.db, no channel ids are
kept with questions, everything follows the retention period, and one person can be forgotten."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
import stat

import sqlite_utils
from click.testing import CliRunner

from bot.answers.blocks import ACTION_HANDOFF, ACTION_VOTE_DOWN, ACTION_VOTE_UP
from bot.answers.feedback import UP, FeedbackStore
from bot.answers.threads import ThreadMemory
from bot.cli import cli
from bot.state.db import StateDB, connect
from bot.state.pseudonyms import Pseudonyms, salted_hash
from bot.state.schema import migrations
from bot.state.usage import purge_older_than
from tests.bot.bot_support import ALICE, action_payload, make_answer, mention, message, view_submission

KEY = b"k" * 64
BOB = "UBOB"


def _dump(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def _old_database(path):
    """A state.db as the bot wrote it before pseudonyms had a key, with a little of everything."""
    db = sqlite_utils.Database(connect(path))
    migrations.apply(db, stop_before="m1601_keyed_user_hashes")
    salt = db["meta"].get("user_salt")["value"]
    alice = salted_hash(salt, ALICE)
    db["answers"].insert({"answer_id": "a1", "created_at": "2027-01-10T10:00:00+00:00", "question": "hvad er skala",
                          "confident": 1, "channel_kind": "dm", "channel_id": "DALICE",
                          "answer_json": json.dumps(dataclasses.asdict(make_answer("hvad er skala", answer_id="a1")))})
    db["votes"].insert({"answer_id": "a1", "user_hash": alice, "vote": -1, "voted_at": "2027-01-10T10:01:00+00:00"})
    db["reasons"].insert({"answer_id": "a1", "user_hash": alice, "reason": "for kort",
                          "created_at": "2027-01-10T10:02:00+00:00"})
    db["handoffs"].insert({"answer_id": "a1", "user_hash": alice, "channel": "CHANDOFF",
                           "created_at": "2027-01-10T10:03:00+00:00"})
    db["thread_questions"].insert({"channel_id": "DALICE", "thread_ts": "1.0", "question": "hvad er skala",
                                   "answer_id": "a1", "created_at": "2027-01-10T10:00:00+00:00"})
    db["question_log"].insert({"asked_at": "2027-01-10T10:00:00+00:00", "question": "hvad er skala",
                               "confident": 1, "channel_kind": "dm", "answer_id": "a1"})
    db.conn.commit()
    db.conn.close()
    return salt


def test_an_existing_state_db_migrates_without_losing_data(tmp_path):
    path = tmp_path / "state.db"
    salt = _old_database(path)
    state = StateDB(path, key=KEY)
    counts = {t: state.db[t].count for t in ("answers", "votes", "reasons", "handoffs", "thread_questions",
                                             "question_log")}
    assert counts == {"answers": 1, "votes": 1, "reasons": 1, "handoffs": 1, "thread_questions": 1,
                      "question_log": 1}
    alice = Pseudonyms(KEY, salt).user(ALICE)
    assert state.db["votes"].get(("a1", alice))["vote"] == -1
    store = FeedbackStore(state)
    store.record_vote("a1", ALICE, UP)                      # the same person: the vote is replaced
    assert store.votes("a1") == {"up": 1, "down": 0}
    assert store.reasons("a1") == ["for kort"] and store.get_answer("a1").question == "hvad er skala"
    memory = ThreadMemory(state)
    assert memory.knows("DALICE", "1.0") and memory.questions("DALICE", "1.0") == ["hvad er skala"]
    state.close()
    dump = _dump(path)
    assert "DALICE" not in dump and salted_hash(salt, ALICE) not in dump


def test_the_key_is_kept_outside_state_db_in_a_private_file(tmp_path):
    store = FeedbackStore(StateDB(tmp_path / "state.db"))
    store.record_vote("a1", ALICE, UP)
    key_file = tmp_path / "hash.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text().strip()
    dump = _dump(tmp_path / "state.db")
    assert key not in dump and ALICE not in dump
    salt = store.state.salt()
    assert salted_hash(salt, ALICE) not in dump                 # the database alone cannot recompute it
    assert Pseudonyms(key.encode(), salt).user(ALICE) in dump


def test_the_key_can_come_from_the_environment_and_a_changed_key_is_reported(tmp_path, caplog):
    from bot.app import build_bot
    from bot.config import BotSettings
    from tests.bot.bot_support import FakeService

    env = {"SLACK_BOT_TOKEN": "xoxb-test", "VIDENSBANK_STATE_DB": str(tmp_path / "env" / "state.db")}
    settings = BotSettings.from_env({**env, "VIDENSBANK_HASH_KEY": "x" * 40})
    bot = build_bot(settings, FakeService())
    bot.close()
    assert not (tmp_path / "env" / "hash.key").exists()
    other = BotSettings.from_env({**env, "VIDENSBANK_HASH_KEY": "y" * 40})
    build_bot(other, FakeService()).close()
    assert "state.db was pseudonymised with another hash key" in caplog.text


def test_no_channel_or_user_ids_are_stored_with_questions(http_bot):
    http_bot.send_event(message("hvad er et strategisk partnerskab?", channel="DALICE"))
    http_bot.send_event(mention("hvordan vælger man partnere?", channel="CPUBLIC", ts="1700007000.000100"))
    http_bot.fake.wait_for("chat.postMessage", 2)
    http_bot.wait_idle()
    http_bot.send_command("hvad er skala?", channel="CNETWORK")
    http_bot.fake.wait_for("response_url")
    http_bot.wait_idle()
    dump = _dump(http_bot.bot.deps.settings.state_db)
    assert "hvad er et strategisk partnerskab" in dump and "hvad er skala" in dump
    for identifier in ("DALICE", "CPUBLIC", "CNETWORK", ALICE):
        assert identifier not in dump, identifier


def test_votes_hand_offs_and_rebuild_records_follow_the_retention(tmp_path):
    old = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    store = FeedbackStore(StateDB(tmp_path / "state.db"), clock=lambda: old)
    store.record_vote("a1", ALICE, UP)
    store.claim_handoff("a1", ALICE, "CHANDOFF")
    store.db["reindex_runs"].insert({"started_at": old.isoformat(), "kind": "full", "user_id": "UADMIN"})
    deleted = purge_older_than(store.db.conn, 180, old + dt.timedelta(days=181))
    assert (deleted["votes"], deleted["handoffs"], deleted["reindex_runs"]) == (1, 1, 1)


def _answer_id(call):
    return call.params["blocks"][-1]["elements"][-1]["value"]


def test_forget_user_deletes_one_persons_data_and_keeps_the_others(http_bot):
    http_bot.send_event(message("hvad er et strategisk partnerskab?", channel="DALICE"))
    alice_answer = _answer_id(http_bot.fake.wait_for("chat.postMessage")[0])
    http_bot.wait_idle()
    http_bot.send_event(message("hvad er skala?", channel="DBOB", user=BOB, ts="1700000200.000900"))
    bob_answer = _answer_id(http_bot.fake.wait_for("chat.postMessage", 2)[1])
    http_bot.wait_idle()
    url = http_bot.fake.response_url("x")
    for answer_id, user in ((alice_answer, ALICE), (bob_answer, BOB)):
        http_bot.send_interaction(action_payload(ACTION_VOTE_DOWN, answer_id, url, user=user, channel="D1"))
        http_bot.send_interaction(view_submission(answer_id, "for generelt", user=user))
    http_bot.send_interaction(action_payload(ACTION_HANDOFF, alice_answer, url, user=ALICE, channel="DALICE"))
    http_bot.send_interaction(action_payload(ACTION_VOTE_UP, bob_answer, url, user=ALICE, channel="D1"))
    http_bot.fake.wait_for("views.open", 2)
    http_bot.wait_idle()
    state_db = http_bot.bot.deps.settings.state_db
    result = CliRunner().invoke(cli, ["forget-user", ALICE, "--state-db", str(state_db), "--yes"],
                                obj={}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "    2 votes" in result.output and "    1 stored answers" in result.output
    feedback = http_bot.bot.deps.feedback
    assert feedback.votes(alice_answer) == {"up": 0, "down": 0} and feedback.reasons(alice_answer) == []
    assert feedback.get_answer(alice_answer) is None
    assert feedback.votes(bob_answer) == {"up": 0, "down": 1} and feedback.reasons(bob_answer) == ["for generelt"]
    assert feedback.get_answer(bob_answer) is not None
    db = feedback.db
    assert db.execute("select count(*) from handoffs").fetchone()[0] == 0
    assert [r[0] for r in db.execute("select question from question_log")] == ["hvad er skala"]
    assert not http_bot.bot.deps.threads.knows("DALICE", "1700000200.000100")


def test_forget_user_explains_what_it_needs(tmp_path):
    runner = CliRunner()
    bad = runner.invoke(cli, ["forget-user", "alice", "--state-db", str(tmp_path / "s.db"), "--yes"], obj={})
    assert bad.exit_code == 2 and "is not a Slack user id" in bad.output
    missing = runner.invoke(cli, ["forget-user", ALICE, "--state-db", str(tmp_path / "s.db"), "--yes"], obj={})
    assert missing.exit_code == 1 and "No bot state database at" in missing.output
    sqlite3.connect(tmp_path / "s.db").close()
    no_key = runner.invoke(cli, ["forget-user", ALICE, "--state-db", str(tmp_path / "s.db"), "--yes"], obj={})
    assert no_key.exit_code == 1 and f"No hash key at {tmp_path / 'hash.key'}" in no_key.output
