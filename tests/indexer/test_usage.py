"""The question log: no user ids, stats with content gaps, retention; `indexer stats` and `indexer add`."""

import datetime as dt
import json

from click.testing import CliRunner

from bot.answers.feedback import DOWN, UP, FeedbackStore
from bot.answers.threads import ThreadMemory
from bot.cli import cli as bot_cli
from bot.state.db import StateDB
from bot.state.usage import normalise_question, purge_older_than, usage_stats
from indexer.cli import cli
from tests.bot.bot_support import make_answer
from tests.files import SAMPLE_PDF_PAGES, make_pdf

NOW = dt.datetime(2027, 1, 15, 12, 0, tzinfo=dt.timezone.utc)


def _store(path, when=NOW):
    clock = {"now": when}
    return FeedbackStore(StateDB(path), clock=lambda: clock["now"]), clock


def _ask(store, question, confident, answer_id, kind="dm"):
    store.record_answer(make_answer(question=question, confident=confident, answer_id=answer_id),
                        channel_kind=kind)


def test_normalise_question():
    assert normalise_question("  Hvornår er NÆSTE salon??") == "hvornår er næste salon"
    assert normalise_question("<@U123> hvad er &os?") == "hvad er &os"


def test_questions_are_logged_without_user_or_channel_ids(tmp_path):
    store, _ = _store(tmp_path / "state.db")
    _ask(store, "Hvad koster en salon?", False, "a1")
    columns = [r[1] for r in store.db.execute("pragma table_info(question_log)").fetchall()]
    assert not {"user", "user_id", "user_hash", "channel_id", "channel"} & set(columns)
    rows = list(store.db.query("select question, confident, channel_kind from question_log"))
    assert rows == [{"question": "hvad koster en salon", "confident": 0, "channel_kind": "dm"}]


def test_stats_count_confident_share_votes_and_gaps(tmp_path):
    store, clock = _store(tmp_path / "state.db")
    clock["now"] = NOW - dt.timedelta(days=40)
    _ask(store, "gammelt spørgsmål uden svar", False, "old")
    clock["now"] = NOW - dt.timedelta(days=2)
    _ask(store, "Hvad koster en salon?", False, "a1")
    _ask(store, "hvad koster en salon", False, "a2", kind="channel")
    _ask(store, "Hvem er med i fsb HJEM?", False, "a3")
    _ask(store, "hvad er et strategisk partnerskab?", True, "a4")
    store.record_vote("a4", "UALICE", UP)
    store.record_vote("a4", "UBOB", UP)
    store.record_vote("a1", "UALICE", DOWN)
    stats = usage_stats(store.db.conn, 30, NOW)
    assert (stats.asked, stats.confident, stats.up, stats.down) == (4, 1, 2, 1)
    assert stats.gaps == [("hvad koster en salon", 2), ("hvem er med i fsb hjem", 1)]
    assert usage_stats(store.db.conn, 60, NOW).asked == 5


def test_retention_deletes_old_question_rows_only(tmp_path):
    store, clock = _store(tmp_path / "state.db")
    threads = ThreadMemory(store.state)
    clock["now"] = NOW - dt.timedelta(days=200)
    _ask(store, "gammelt spørgsmål", False, "old")
    store.record_reason("old", "UALICE", "forkert svar")
    clock["now"] = NOW - dt.timedelta(days=1)
    _ask(store, "nyt spørgsmål", True, "new")
    threads.remember("C1", ["1.1"], "nyt spørgsmål", "new")
    deleted = purge_older_than(store.db.conn, 180, NOW)
    assert deleted["question_log"] == 1 and deleted["answers"] == 1 and deleted["reasons"] == 1
    assert deleted["thread_questions"] == 0
    assert [r["question"] for r in store.db.query("select question from question_log")] == ["nyt spørgsmål"]
    assert store.get_answer("old") is None and store.get_answer("new") is not None


def test_cli_stats_reads_the_state_db(tmp_path):
    now = dt.datetime.now(dt.timezone.utc)
    store, _ = _store(tmp_path / "state.db", when=now)
    _ask(store, "Hvad koster en salon?", False, "a1")
    _ask(store, "hvad er et partnerskab", True, "a2")
    store.state.close()
    result = CliRunner().invoke(bot_cli, ["stats", "--state-db", str(tmp_path / "state.db"), "--days", "7"])
    assert result.exit_code == 0, result.output
    assert "Questions: 2, answered confidently: 1 (50%)" in result.output
    assert "2 × hvad koster en salon" not in result.output and "1 × hvad koster en salon" in result.output
    as_json = CliRunner().invoke(bot_cli, ["stats", "--json"], env={"VIDENSBANK_STATE_DB": str(tmp_path / "state.db")})
    assert json.loads(as_json.output)["gaps"] == [{"question": "hvad koster en salon", "count": 1}]


def test_cli_stats_without_a_state_db_is_one_clear_line(tmp_path):
    result = CliRunner().invoke(bot_cli, ["stats", "--index", str(tmp_path / "idx")])
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: No bot state database at")
    assert "VIDENSBANK_STATE_DB" in result.output and "Traceback" not in result.output


def test_the_old_spelling_indexer_stats_still_works(tmp_path):
    store, _ = _store(tmp_path / "state.db")
    _ask(store, "Hvad koster en salon?", False, "a1")
    store.state.close()
    result = CliRunner().invoke(cli, ["stats", "--state-db", str(tmp_path / "state.db"), "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["gaps"] == [{"question": "hvad koster en salon", "count": 1}]
    missing = CliRunner().invoke(cli, ["stats", "--index", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1 and "No bot state database at" in missing.stderr


def test_cli_add_converts_writes_and_builds(built_index, tmp_path):
    pdf = tmp_path / "salon-om-skala.pdf"
    pdf.write_bytes(make_pdf(SAMPLE_PDF_PAGES))
    args = ["add", str(pdf), "--kb", str(built_index.kb_dir), "--index", str(built_index.index_dir),
            "--model", built_index.model, "--audience", "network", "--author", "Rikke Testesen", "--yes"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    doc = "articles/erfaringer-fra-salonen-om-partnerskabets-skala.md"
    assert f"Added {doc}." in result.output
    assert "Documents: 1 added, 0 changed, 0 removed, 4 unchanged." in result.output
    text = (built_index.kb_dir / doc).read_text(encoding="utf-8")
    assert "audience: network" in text and "authors: [Rikke Testesen]" in text
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 1 and "already exists (" + doc + ")" in again.output


def test_cli_add_errors_are_one_line_and_write_nothing(built_index, tmp_path):
    before = sorted(p.name for p in (built_index.kb_dir / "articles").iterdir())
    index_before = sorted(p.relative_to(built_index.index_dir) for p in built_index.index_dir.rglob("*"))
    bad = tmp_path / "notat.txt"
    bad.write_text("tekst", encoding="utf-8")
    common = ["--kb", str(built_index.kb_dir), "--index", str(built_index.index_dir), "--yes"]
    result = CliRunner().invoke(cli, ["add", str(bad), *common])
    assert result.exit_code == 1
    assert result.output == "Error: notat.txt: .txt files are not supported; use .md, .docx or .pdf\n"
    corrupt = tmp_path / "referat.docx"
    corrupt.write_bytes(b"PK\x03\x04broken")
    result = CliRunner().invoke(cli, ["add", str(corrupt), *common])
    assert result.exit_code == 1 and "could not be read as .docx" in result.output
    md = tmp_path / "notat.md"
    md.write_text("# Et notat om skala\n\nNoget tekst om skala og tempo.\n", encoding="utf-8")
    declined = CliRunner().invoke(cli, ["add", str(md), "--kb", str(built_index.kb_dir), "--index",
                                        str(built_index.index_dir)], input="n\n")
    assert declined.exit_code == 1 and "nothing was added" in declined.output
    assert sorted(p.name for p in (built_index.kb_dir / "articles").iterdir()) == before
    assert sorted(p.relative_to(built_index.index_dir) for p in built_index.index_dir.rglob("*")) == index_before
