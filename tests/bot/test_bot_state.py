import sqlite3
import threading

from bot.answers.feedback import DOWN, UP, FeedbackStore
from bot.answers.threads import ThreadMemory, context_from
from bot.slack.dedupe import RecentKeys, message_keys
from bot.state.db import StateDB
from bot.state.schema import migrations
from tests.bot.bot_support import make_answer


def test_migrations_run_once_and_are_recorded(tmp_path):
    path = tmp_path / "state.db"
    StateDB(path).close()
    state = StateDB(path)
    names = [m.name for m in migrations.applied(state.db)]
    assert names[:5] == ["m001_initial", "m002_threads", "m003_question_log", "m004_admin", "m005_event_reminders"]
    assert {"m1601_keyed_user_hashes", "m1602_thread_keys", "m1603_answers_without_channel", "m1604_deliveries",
            "m1701_question_audience", "m1702_handoff_replies", "m1703_digest_runs", "m1801_generation"} <= set(names)
    assert migrations.pending(state.db) == []
    assert {"answers", "votes", "reasons", "handoffs", "thread_questions", "question_log", "pending_uploads",
            "reindex_runs", "event_reminders", "deliveries", "digest_runs"} <= set(state.db.table_names())


def test_a_database_from_the_old_migration_runner_keeps_its_rows(tmp_path):
    """A state.db written before sqlite-utils' Migrations: its records are adopted, nothing re-runs."""
    path = tmp_path / "state.db"
    old = sqlite3.connect(path)
    old.executescript("""
        create table _migrations (name text primary key, applied_at text);
        insert into _migrations values ('m001_initial', '2026-01-01'), ('m002_threads', '2026-01-01'),
            ('m003_question_log', '2026-01-01'), ('m004_admin', '2026-01-01'),
            ('events_m001_reminders', '2026-01-02');
        create table meta (key text primary key, value text);
        insert into meta values ('user_salt', 'oldsalt');
        create table answers (answer_id text primary key, created_at text not null, question text not null,
            confident integer, passage_ids text, doc_ids text, channel_kind text, channel_id text,
            thread_ts text, message_ts text, viewer text, answer_json text);
        create table votes (answer_id text, user_hash text, vote integer not null, voted_at text not null,
            primary key (answer_id, user_hash));
        create table reasons (id integer primary key, answer_id text not null, user_hash text,
            reason text not null, created_at text not null);
        create table handoffs (answer_id text primary key, user_hash text, channel text, message_ts text,
            created_at text);
        create table thread_questions (id integer primary key, channel_id text not null, thread_ts text not null,
            question text not null, answer_id text, created_at text);
        create table question_log (id integer primary key, asked_at text not null, question text not null,
            confident integer not null, channel_kind text, answer_id text);
        insert into question_log (asked_at, question, confident) values ('2026-01-01T10:00:00+00:00', 'hvad', 0);
        create table event_reminders (event_id text, reminder text, event_start text, channel text,
            status text not null, claimed_at text not null, sent_at text, message_ts text,
            primary key (event_id, reminder, event_start, channel));
        insert into event_reminders values ('salon', '7d', '2027-01-01', 'C1', 'sent', 'x', 'y', '1.0');
    """)
    old.commit()
    old.close()
    state = StateDB(path)
    assert [m.name for m in migrations.applied(state.db)][:5] == [
        "m001_initial", "m002_threads", "m003_question_log", "m004_admin", "m005_event_reminders"]
    assert state.salt() == "oldsalt"
    assert state.db["question_log"].count == 1 and state.db["event_reminders"].count == 1
    assert "_migrations" not in state.db.table_names()


def test_pseudonyms_survive_a_restart_and_differ_per_key(tmp_path):
    first = FeedbackStore(StateDB(tmp_path / "s.db")).user_hash("UALICE")
    second = FeedbackStore(StateDB(tmp_path / "s.db")).user_hash("UALICE")
    (tmp_path / "other").mkdir()
    other_key = FeedbackStore(StateDB(tmp_path / "other" / "s.db")).user_hash("UALICE")
    assert first == second != other_key


def test_answer_is_stored_with_cited_passages_and_can_be_read_back(tmp_path):
    store = FeedbackStore(StateDB(tmp_path / "s.db"))
    answer = make_answer(answer_id="a1")
    store.record_answer(answer, channel_kind="channel", thread_ts="1.0", message_ts="2.0", viewer="public")
    record = store.get_answer("a1")
    assert record.answer == answer and record.channel_kind == "channel" and record.message_ts == "2.0"
    row = store.db["answers"].get("a1")
    assert row["passage_ids"] == ('["articles/strategisk-partnerskab.md#1", "articles/udbud.md#2"]')
    assert store.get_answer("missing") is None


def test_a_partial_answer_keeps_its_level_when_read_back(tmp_path):
    store = FeedbackStore(StateDB(tmp_path / "s.db"))
    store.record_answer(make_answer(answer_id="p1", confident=False, level="partial"), channel_kind="dm")
    assert store.get_answer("p1").answer.level == "partial"


def test_an_answer_stored_before_levels_existed_gets_its_level_from_confident(tmp_path):
    from bot.answers.feedback import answer_from_dict

    old = {"question": "q", "answer": "a", "confident": False, "citations": [], "nearest": [], "answer_id": "x"}
    assert answer_from_dict(old).level == "none"
    assert answer_from_dict(dict(old, confident=True)).level == "confident"


def test_votes_keep_the_last_per_person_and_never_store_the_raw_user_id(tmp_path):
    path = tmp_path / "s.db"
    store = FeedbackStore(StateDB(path))
    store.record_answer(make_answer(answer_id="a1"), channel_kind="dm")
    store.record_vote("a1", "UALICE", UP)
    store.record_vote("a1", "UALICE", DOWN)
    store.record_vote("a1", "UBOB", UP)
    assert store.votes("a1") == {"up": 1, "down": 1}
    dump = "\n".join(sqlite3.connect(path).iterdump())
    assert "UALICE" not in dump and "UBOB" not in dump


def test_empty_reasons_are_not_stored_and_long_ones_are_cut(tmp_path):
    store = FeedbackStore(StateDB(tmp_path / "s.db"))
    assert store.record_reason("a1", "U1", "   ") is False
    assert store.record_reason("a1", "U1", "x" * 5000) is True
    assert len(store.reasons("a1")[0]) == 1000


def test_a_question_is_handed_off_once_and_can_be_retried_after_failure(tmp_path):
    store = FeedbackStore(StateDB(tmp_path / "s.db"))
    assert store.claim_handoff("a1", "U1", "CH") is True
    assert store.claim_handoff("a1", "U2", "CH") is False
    store.release_handoff("a1")
    assert store.claim_handoff("a1", "U1", "CH") is True


def test_thread_memory_gives_earlier_questions_as_context(tmp_path):
    memory = ThreadMemory(StateDB(tmp_path / "s.db"))
    memory.remember("C1", ["1.0", "1.0", None, "2.0"], "hvad er skala?", "a1", asker="UALICE")
    memory.remember("C1", ["1.0"], "og hvad med fsb HJEM?", "a2", asker="UBOB")
    assert memory.knows("C1", "2.0") and not memory.knows("C2", "1.0")
    assert memory.asked_by("C1", "1.0", "UBOB") and memory.asked_by("C1", "2.0", "UALICE")
    assert not memory.asked_by("C1", "2.0", "UBOB") and not memory.asked_by("C1", "1.0", "UCAROL")
    assert memory.questions("C1", "1.0") == ["hvad er skala?", "og hvad med fsb HJEM?"]
    assert context_from(["a", "b", "c", "d"]) == "b\nc\nd"
    assert context_from([]) is None


def test_state_db_is_safe_to_use_from_many_threads(tmp_path):
    store = FeedbackStore(StateDB(tmp_path / "s.db"))
    store.record_answer(make_answer(answer_id="a1"), channel_kind="dm")
    threads = [threading.Thread(target=lambda i=i: [store.record_vote("a1", f"U{i}", UP) for _ in range(20)])
               for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.votes("a1") == {"up": 10, "down": 0}


def test_recent_keys_expire_and_match_any_key():
    now = [0.0]
    keys = RecentKeys(ttl=10, clock=lambda: now[0])
    assert keys.first_time(["event:1", "message:C:1"])
    assert not keys.first_time(["event:2", "message:C:1"])    # same message, other event
    assert not keys.first_time(["event:1"])
    now[0] = 11
    assert keys.first_time(["event:1"])


def test_message_keys_use_event_id_and_message():
    assert message_keys({"event_id": "Ev1"}, {"channel": "C1", "ts": "1.0"}) == ["event:Ev1", "message:C1:1.0"]
    assert message_keys({}, {}) == []
