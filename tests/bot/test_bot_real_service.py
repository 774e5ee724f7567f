"""The bot over the real KnowledgeService (tiny invented knowledge base, fake embedder)."""

import json
import logging

import pytest

from bot.answers.blocks import NOT_CONFIDENT
from bot.app import build_bot, make_web_client
from bot.config import BotSettings
from bot.deps import CONTEXT_KEY
from bot.listeners.events.app_mention import handle_app_mention
from bot.listeners.events.message_im import handle_message
from tests.bot.bot_support import (
    SIGNING_SECRET,
    FakeClient,
    InlineExecutor,
    event_body,
    mention,
    message,
    signed_request,
)
from tests.fake_slack import FakeSlack

OS_MEMBER = "U0TESTOS01"    # in the fixture directory, partnership &os


@pytest.fixture
def real_bot(knowledge_service, kb_dir, tmp_path):
    settings = BotSettings(bot_token="xoxb-test", signing_secret=SIGNING_SECRET,
                           state_db=tmp_path / "state.db", handoff_channel="CHANDOFF",
                           directory_path=kb_dir / "directory.yaml")
    bot = build_bot(settings, knowledge_service, listener_executor=InlineExecutor(),
                    answers=InlineExecutor())
    yield bot
    bot.close()


def _ask(bot, event):
    client = FakeClient()
    handler = handle_app_mention if event["type"] == "app_mention" else handle_message
    handler(body=event_body(event), event=event, client=client,
            context={CONTEXT_KEY: bot.deps, "bot_user_id": "UBOT"}, logger=logging.getLogger("test"))
    posts = client.calls_to("chat.postMessage")
    assert len(posts) == 1, client.calls
    return posts[0]


def _cited(bot, post):
    record = bot.deps.feedback.get_answer(post["blocks"][-1]["elements"][-1]["value"])
    return [c.doc_id for c in record.answer.citations]


def test_mention_cites_the_matching_article_with_its_link(real_bot):
    post = _ask(real_bot, mention("hvordan udbyder man et strategisk partnerskab?", ts="1.1"))
    blocks = json.dumps(post["blocks"], ensure_ascii=False)
    assert post["thread_ts"] == "1.1"
    assert "<https://example.dk/udbud|Udbud af et strategisk partnerskab" in blocks
    record = real_bot.deps.feedback.get_answer(post["blocks"][-1]["elements"][-1]["value"])
    assert record.answer.citations[0].doc_id == "articles/udbud.md"


def test_partnership_lessons_reach_members_in_dm_but_never_a_public_channel(real_bot):
    question = "hvordan brugte man dialogmøder med tilbudsgiverne?"
    public = _ask(real_bot, mention(question, ts="2.1"))
    dm = _ask(real_bot, message(question, user=OS_MEMBER, channel="DOS", ts="2.2"))
    public_ids = _cited(real_bot, public)
    dm_ids = _cited(real_bot, dm)
    assert "lessons/udbud-dialog.md" not in public_ids
    assert "lessons/udbud-dialog.md" in dm_ids
    assert "Sune" not in json.dumps(dm, ensure_ascii=False)        # lessons are anonymised


def test_unanswerable_question_says_so_and_offers_the_network(real_bot):
    post = _ask(real_bot, mention("hvad koster en flybillet til Mallorca i juli?", ts="3.1"))
    assert NOT_CONFIDENT in json.dumps(post["blocks"], ensure_ascii=False)
    assert post["blocks"][-1]["elements"][0]["action_id"] == "handoff"


def test_follow_up_with_context_is_answered(real_bot):
    _ask(real_bot, mention("hvordan inddrager man beboerne i en renovering?", ts="4.1"))
    post = _ask(real_bot, message("og hvad med genhusning?", channel="CPUBLIC", channel_type="channel",
                                  ts="4.2", thread_ts="4.1"))
    assert post["thread_ts"] == "4.1"
    assert "Beboerinddragelse i renovering" in json.dumps(post["blocks"], ensure_ascii=False)


def test_signed_mention_over_http_with_the_real_service(knowledge_service, kb_dir, tmp_path):
    fake = FakeSlack().start()
    try:
        settings = BotSettings(bot_token="xoxb-test", signing_secret=SIGNING_SECRET,
                               api_url=fake.api_url, state_db=tmp_path / "s.db")
        bot = build_bot(settings, knowledge_service, make_web_client(settings))
        body = json.dumps(event_body(mention("hvordan udbyder man et strategisk partnerskab?", ts="5.1")))
        response = bot.app.dispatch(signed_request(body))
        assert response.status == 200
        post = fake.wait_for("chat.postMessage")[0]
        assert post.params["thread_ts"] == "5.1" and "example.dk/udbud" in json.dumps(post.params["blocks"])
        assert bot.wait_idle()
        bot.close()
    finally:
        fake.stop()
