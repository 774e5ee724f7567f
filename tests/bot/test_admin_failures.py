"""Admin surfaces when things break: the model missing, a failure handler that fails too."""

from __future__ import annotations

from bot.admin.reindex import FAILED, Reindexer
from bot.state.db import StateDB
from tests.bot.bot_support import FakeClient, mention
from tests.indexer.test_service_failures import FlakyModel


def test_kb_status_flags_keyword_only_answers_while_the_model_is_missing(admin_bot):
    slow = admin_bot.service.embedder
    admin_bot.service.embedder = FlakyModel(slow.inner)
    admin_bot.service.model_retry_seconds = 60
    admin_bot.http.send_event(mention("hvordan udbyder man et strategisk partnerskab?"))
    [answer] = admin_bot.fake.wait_for("chat.postMessage")
    admin_bot.wait_idle()
    assert "Beklager" not in answer.params["text"] and "Udbud af et strategisk partnerskab" in str(answer.params)
    [text] = admin_bot.responses(admin_bot.command("/kb-status"))
    assert "⚠️ *Sprogmodellen kunne ikke indlæses* – svarene bygger kun på nøgleordssøgning" in text
    assert "cannot load embedding model" in text
    admin_bot.service.embedder = slow


class _Service:
    def reload(self, raise_errors=False):
        return False


def test_the_rebuild_is_released_even_when_its_failure_handler_fails(tmp_path):
    reindexer = Reindexer(_Service(), StateDB(tmp_path / "state.db"))
    client = FakeClient()
    flight = reindexer.claim("UADMIN", "incremental", "Genindekserer")
    reindexer.post_status(client, flight, "CADMIN", "UADMIN")

    def job(progress):
        raise OSError("No space left on device")

    def on_failure(exc):
        raise KeyError("a bug in the message")

    reindexer.start(client, flight, job, on_success=str, on_failure=on_failure)
    assert reindexer.wait_idle(5)
    assert client.calls_to("chat.update")[-1]["text"] == FAILED
    assert reindexer.claim("UADMIN", "incremental", "Genindekserer") is not None
    assert reindexer.last_run()["error"] == "No space left on device"
    reindexer.shutdown()


def test_a_full_index_folder_is_explained_in_danish_and_members_keep_their_answers(admin_bot, monkeypatch):
    import errno

    from indexer.index.keyword import KeywordIndex

    def disk_full(self, folder):
        raise OSError(errno.ENOSPC, "No space left on device", str(folder))

    monkeypatch.setattr(KeywordIndex, "save", disk_full)
    admin_bot.command("/kb-reindex", "fuld")
    final = admin_bot.wait_for_outcome()
    assert final.startswith("❌ *Genindekseringen mislykkedes.* Vidensbanken svarer stadig")
    assert "Indeksmappen er fuld eller skrivebeskyttet" in final and "No space left on device" in final
    admin_bot.http.send_event(mention("hvordan udbyder man et strategisk partnerskab?", ts="1700009000.000100"))
    answer = [p for p in admin_bot.fake.wait_for("chat.postMessage", 2) if p.params.get("thread_ts")][0]
    assert "Udbud af et strategisk partnerskab" in str(answer.params)
