"""Fixtures for the bot's tests: a fake service, a fake Slack Web API and a bot wired to both."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from bot.app import build_bot, make_web_client
from bot.config import BotSettings, parse_channel_audiences
from tests.bot.bot_support import SIGNING_SECRET, FakeService, HttpBot, InlineExecutor
from tests.fake_slack import FakeSlack

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _no_slack_env(monkeypatch):
    """Tests never see a developer's real Slack tokens."""
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL",
                 "VIDENSBANK_HANDOFF_CHANNEL", "VIDENSBANK_CHANNEL_AUDIENCES", "VIDENSBANK_STATE_DB",
                 "VIDENSBANK_ADMINS", "PORT"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake_slack():
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture
def service():
    return FakeService()


@pytest.fixture
def settings(tmp_path, fake_slack):
    return BotSettings(
        bot_token="xoxb-test", signing_secret=SIGNING_SECRET, api_url=fake_slack.api_url,
        handoff_channel="CHANDOFF", state_db=tmp_path / "state.db",
        channel_audiences=parse_channel_audiences("CNETWORK=network,COS=partnership:os"),
        directory_path=DATA / "directory.yaml",
    )


@pytest.fixture
def unit_bot(settings, service):
    """A bot whose background work runs inline, for calling handlers directly."""
    bot = build_bot(settings, service, listener_executor=InlineExecutor(), answers=InlineExecutor())
    yield bot
    bot.close()


@pytest.fixture
def http_bot(settings, service, fake_slack):
    """The real HTTP server on a free loopback port, its WebClient pointed at the fake Slack."""
    from bot.http_server import make_http_server
    bot = build_bot(settings, service, make_web_client(settings))
    server = make_http_server(bot.app, "127.0.0.1", 0, lambda: {"ok": True, "ready": service.ready})
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield HttpBot(bot=bot, url=f"http://127.0.0.1:{server.server_port}", fake=fake_slack,
                  service=service)
    server.shutdown()
    server.server_close()
    service.release()
    bot.close()


@pytest.fixture
def admin_bot(built_index, fake_embedder, fake_slack, tmp_path):
    """The HTTP bot over the real KnowledgeService (fake embedder, tiny invented KB) with admins set up.

    Progress updates are not throttled here (``progress_seconds=0``); the embedder can be held with
    ``admin_bot.service.embedder.gate.clear()``.
    """
    from bot.http_server import make_http_server
    from indexer.service import KnowledgeService
    from tests.bot.admin_support import ADMIN, ADMIN_GROUP, GROUP_ADMIN, AdminBot, SlowEmbedder
    from tests.conftest import FIXED_NOW

    service = KnowledgeService(built_index, embedder=SlowEmbedder(fake_embedder), clock=lambda: FIXED_NOW)
    settings = BotSettings(
        bot_token="xoxb-test", signing_secret=SIGNING_SECRET, api_url=fake_slack.api_url,
        state_db=tmp_path / "state.db", admins=frozenset({ADMIN}), admin_group=ADMIN_GROUP,
        directory_path=built_index.kb_dir / "directory.yaml", progress_seconds=0,
    )
    fake_slack.usergroups[ADMIN_GROUP] = [GROUP_ADMIN]
    fake_slack.add_user(ADMIN, "Rikke Testesen")
    bot = build_bot(settings, service, make_web_client(settings))
    server = make_http_server(bot.app, "127.0.0.1", 0, lambda: {"ok": True})
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    http = HttpBot(bot=bot, url=f"http://127.0.0.1:{server.server_port}", fake=fake_slack, service=service)
    yield AdminBot(http=http, service=service, settings=built_index)
    service.embedder.gate.set()
    server.shutdown()
    server.server_close()
    bot.close()
