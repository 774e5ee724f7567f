"""/kb-reindex, /kb-status and /kb-stats through signed requests and the fake Slack Web API."""

import logging

import pytest

from bot.admin.reindex import Reindexer
from bot.state.db import StateDB
from indexer.index import manifest as mf
from tests.bot.admin_support import ADMIN, GROUP_ADMIN, MEMBER
from tests.bot.bot_support import FakeClient, mention
from tests.fake_slack import DM_CHANNEL, UPLOAD_FILE_ID

REFUSAL = "Beklager, det er kun Vidensbankens administratorer"


@pytest.mark.parametrize("command", ["/kb-reindex", "/kb-status", "/kb-stats"])
def test_non_admins_get_a_polite_refusal_and_the_attempt_is_logged(admin_bot, command, caplog):
    caplog.set_level(logging.WARNING, logger="bot.admin.gate")
    name = admin_bot.command(command, user=MEMBER)
    [text] = admin_bot.responses(name)
    admin_bot.wait_idle()
    assert text.startswith(REFUSAL) and command in text
    assert f"refused admin action {command} for user {MEMBER}" in caplog.text
    assert admin_bot.posts() == [] and admin_bot.updates() == []


def test_user_group_members_are_admins_and_the_group_is_cached(admin_bot):
    first = admin_bot.command("/kb-stats", user=GROUP_ADMIN)
    second = admin_bot.command("/kb-stats", user=MEMBER)
    assert admin_bot.responses(first)[0].startswith("📊")
    assert admin_bot.responses(second)[0].startswith(REFUSAL)
    calls = admin_bot.fake.calls_to("usergroups.users.list")
    assert len(calls) == 1 and calls[0].params["usergroup"] == "SADMINS"


def test_reindex_shows_progress_in_one_message_and_ends_with_a_danish_summary(admin_bot, monkeypatch):
    monkeypatch.setattr("indexer.index.build.EMBED_CHUNK", 1)      # documents finish one at a time
    before = mf.current_build_dir(admin_bot.settings.index_dir).name
    name = admin_bot.command("/kb-reindex", "fuld")
    admin_bot.fake.wait_for("chat.postMessage")
    admin_bot.wait_idle()
    [post] = admin_bot.posts()      # in the admin's DM: the summary names held-back lessons
    assert post.params["channel"] == ADMIN and "Genopbygger hele Vidensbanken" in post.params["text"]
    assert "min DM" in admin_bot.responses(name)[0]
    updates = admin_bot.fake.calls_to("chat.update")
    assert {u.params["ts"] for u in updates} == {post.params.get("ts") or updates[0].params["ts"]}
    texts = [u.params["text"] for u in updates]
    assert any("1/4 dokumenter færdige" in t for t in texts) and any("3/4 dokumenter" in t for t in texts)
    final = texts[-1]
    assert final.startswith("✅ *Vidensbanken er fuldt genopbygget.*")
    assert "Dokumenter: 4 nye · 0 ændrede · 0 fjernede · 0 uændrede" in final
    assert "Tekstafsnit: " in final and "genbrugt" in final
    assert "Erfaringer holdt tilbage til gennemgang: 0" in final and "Tid: " in final
    assert mf.current_build_dir(admin_bot.settings.index_dir).name != before
    assert admin_bot.service.snapshot().build_id != before           # reloaded


def test_incremental_reindex_picks_up_a_new_article(admin_bot):
    (admin_bot.settings.kb_dir / "articles" / "tempo.md").write_text(
        "---\ntitle: Tempo i renoveringer\n---\n\n## Tempo\n\nEt jævnt tempo i renoveringerne giver ro.\n",
        encoding="utf-8")
    admin_bot.command("/kb-reindex")
    admin_bot.fake.wait_for("chat.postMessage")
    admin_bot.wait_idle()
    final = admin_bot.updates()[-1]
    assert final.startswith("✅ *Vidensbanken er genindekseret.*")
    assert "Dokumenter: 1 nyt · 0 ændrede · 0 fjernede · 4 uændrede" in final
    assert "articles/tempo.md" in admin_bot.service.snapshot().documents


def test_progress_updates_are_throttled():
    clock = {"t": 0.0}
    client = FakeClient()
    reindexer = Reindexer(service=None, state=StateDB(":memory:"), progress_seconds=2.0, clock=lambda: clock["t"])
    flight = reindexer.claim(ADMIN, "incremental", "Genindekserer")
    reindexer.use_message(flight, "C1", "1.1")
    from bot.admin.reindex import _Throttled
    progress = _Throttled(reindexer, client, flight)
    for t, done in [(0.5, 1), (1.9, 2), (2.1, 3), (3.0, 4), (4.2, 5)]:
        clock["t"] = t
        progress("embed", done, 10)
    assert [c["text"].split("` ")[1] for c in client.calls_to("chat.update")] == [
        "3/10 dokumenter færdige", "5/10 dokumenter færdige"]


def test_a_second_reindex_while_one_runs_links_to_the_running_one(admin_bot):
    admin_bot.service.embedder.gate.clear()                   # hold the first build mid-way
    admin_bot.command("/kb-reindex", "fuld")
    assert admin_bot.service.embedder.started.wait(5)
    second = admin_bot.command("/kb-reindex", user=ADMIN, channel="COTHER")
    [text] = admin_bot.responses(second)
    first_ts = admin_bot.posts()[0].params
    permalink = admin_bot.fake.calls_to("chat.getPermalink")[0].params
    admin_bot.service.embedder.gate.set()
    admin_bot.wait_idle()
    assert "allerede en genindeksering i gang" in text and f"<@{ADMIN}>" in text
    assert f"<https://vidensbanken-test.slack.com/archives/{ADMIN}/p" in text
    assert permalink["channel"] == ADMIN and permalink["message_ts"].startswith("1700000000.")
    assert len(admin_bot.posts()) == 1 and first_ts["channel"] == ADMIN
    assert admin_bot.updates()[-1].startswith("✅")


def test_a_failed_reindex_keeps_the_index_and_names_the_file(admin_bot):
    (admin_bot.settings.kb_dir / "lessons" / "i-stykker.md").write_text("ingen front matter\n",
                                                                        encoding="utf-8")
    before = mf.current_build_dir(admin_bot.settings.index_dir).name
    admin_bot.command("/kb-reindex")
    admin_bot.fake.wait_for("chat.postMessage")
    admin_bot.wait_idle()
    final = admin_bot.updates()[-1]
    assert final.startswith("❌ *Genindekseringen mislykkedes.* Vidensbanken svarer stadig")
    assert ("Filen `lessons/i-stykker.md` (linje 1) kunne ikke indekseres, fordi den mangler front matter "
            "øverst") in final
    assert "Detaljer: `lessons/i-stykker.md:1: missing YAML front matter" in final
    assert str(admin_bot.settings.kb_dir) not in final
    assert mf.current_build_dir(admin_bot.settings.index_dir).name == before
    assert admin_bot.service.ask("hvordan udbyder man et strategisk partnerskab?").citations


def test_reindex_status_never_goes_to_the_channel_the_command_came_from(admin_bot):
    name = admin_bot.command("/kb-reindex", channel="CSECRET")
    admin_bot.fake.wait_for("chat.postMessage")
    admin_bot.wait_idle()
    assert [c.params["channel"] for c in admin_bot.posts()] == [ADMIN]
    assert "min DM" in admin_bot.responses(name)[0]
    assert admin_bot.updates()[-1].startswith("✅")


def test_reindex_from_the_dm_with_the_bot_reports_there(admin_bot):
    admin_bot.command("/kb-reindex", channel="DADMIN")
    admin_bot.fake.wait_for("chat.postMessage")
    admin_bot.wait_idle()
    assert [c.params["channel"] for c in admin_bot.posts()] == ["DADMIN"]


def test_kb_status_in_danish(admin_bot):
    admin_bot.command("/kb-reindex")
    admin_bot.fake.wait_for("chat.postMessage")
    admin_bot.wait_idle()
    name = admin_bot.command("/kb-status")
    [text] = admin_bot.responses(name)
    build_id = admin_bot.service.snapshot().build_id
    assert text.startswith("📚 *Vidensbankens status*")
    assert f"Indeks: build `{build_id}` (format 1), bygget " in text
    assert "Model: `fake:hashing`" in text
    assert "Indhold: 3 artikler · 1 erfaring · " in text and "tekstafsnit" in text
    assert "Seneste genindeksering fra Slack: " in text and f"af <@{ADMIN}> – lykkedes" in text
    assert "Venter på gennemgang: ingen erfaringer" in text
    assert "Indekset er ajour med vidensbanken." in text


def test_kb_stats_shows_questions_feedback_and_content_gaps(admin_bot):
    questions = ["hvad koster en flybillet til Mallorca?", "Hvad koster en flybillet til Mallorca",
                 "hvordan udbyder man et strategisk partnerskab?"]
    for i, question in enumerate(questions):
        admin_bot.http.send_event(mention(question, ts=f"1700005000.00000{i}"))
    admin_bot.fake.wait_for("chat.postMessage", 3)
    admin_bot.wait_idle()
    text, chart = admin_bot.responses(admin_bot.command("/kb-stats", "7"), count=2)
    assert text.startswith("📊 *Vidensbanken de seneste 7 dage*")
    assert chart == "📈 Grafen over spørgsmål pr. uge (de seneste 12 uger) er sendt til dig i min DM."
    [opened] = admin_bot.fake.calls_to("conversations.open")
    [done] = admin_bot.fake.calls_to("files.completeUploadExternal")
    assert opened.params["users"] == ADMIN and done.params["channel_id"] == DM_CHANNEL
    assert admin_bot.fake.uploads[UPLOAD_FILE_ID].startswith(b"\x89PNG\r\n\x1a\n")
    assert "Spørgsmål: 3 – heraf besvaret sikkert: 1 (33 %)" in text
    assert "Feedback: 👍 0 · 👎 0" in text
    assert "1. «hvad koster en flybillet til mallorca» – 2 gange" in text
    assert "slettes efter 180 dage" in text
    [usage] = admin_bot.responses(admin_bot.command("/kb-stats", "en uge"))
    assert usage.startswith("Brug `/kb-stats`")


def test_old_questions_are_deleted_when_the_bot_starts(tmp_path, fake_slack):
    import datetime as dt

    from bot.answers.feedback import FeedbackStore
    from bot.app import build_bot
    from bot.config import BotSettings
    from tests.bot.bot_support import FakeService, make_answer

    old = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=31)
    store = FeedbackStore(StateDB(tmp_path / "state.db"), clock=lambda: old)
    store.record_answer(make_answer(answer_id="old"), channel_kind="dm")
    store.state.close()
    bot = build_bot(BotSettings(bot_token="xoxb-test", state_db=tmp_path / "state.db", retention_days=30),
                    FakeService())
    try:
        db = bot.deps.feedback.state.db
        assert db.execute("select count(*) from question_log").fetchone()[0] == 0
        assert bot.deps.feedback.get_answer("old") is None
    finally:
        bot.close()


def test_admin_settings_come_from_the_environment():
    from bot.config import BotSettings, InvalidSetting

    settings = BotSettings.from_env({"VIDENSBANK_ADMINS": "U1, U2", "VIDENSBANK_ADMIN_GROUP": "S0ADMINS",
                                     "VIDENSBANK_RETENTION_DAYS": "90"})
    assert settings.admins == {"U1", "U2"} and settings.admin_group == "S0ADMINS"
    assert settings.retention_days == 90 and BotSettings.from_env({}).retention_days == 180
    with pytest.raises(InvalidSetting, match="VIDENSBANK_RETENTION_DAYS must be a number"):
        BotSettings.from_env({"VIDENSBANK_RETENTION_DAYS": "et halvt år"})


def test_manifest_declares_the_admin_commands_shortcut_and_scopes():
    from pathlib import Path

    import yaml

    path = Path(__file__).resolve().parents[2] / "manifest.yaml"
    manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    commands = {c["command"] for c in manifest["features"]["slash_commands"]}
    assert {"/kb-reindex", "/kb-status", "/kb-stats"} <= commands
    shortcut = manifest["features"]["shortcuts"][0]
    assert shortcut["type"] == "message" and shortcut["callback_id"] == "kb_add_file"
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"files:read", "usergroups:read", "users:read", "im:history"} <= scopes
