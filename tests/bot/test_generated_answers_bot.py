"""Generated answers through the bot, the console and `python -m bot ask`, against the fake endpoint.

What a member notices: 👀 while the model writes, a note that a language model worded the answer,
the same sources; what never leaves the machine: Slack user ids, names and channels, other threads.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from click.testing import CliRunner

from bot.admin.messages import stats_text
from bot.answers.blocks import GENERATED_NOTE, render_answer_blocks
from bot.app import build_bot
from bot.cli import cli
from bot.console import render_answer_for_terminal
from bot.deps import CONTEXT_KEY
from bot.listeners.events.app_mention import handle_app_mention
from bot.listeners.events.message_im import handle_message
from bot.state.usage import usage_stats
from indexer.config import LLMSettings
from indexer.parameters import ConfidenceModel
from indexer.service import KnowledgeService
from tests.bot.bot_support import FakeClient, FakeService, InlineExecutor, event_body, make_answer, mention, message
from tests.conftest import FIXED_NOW
from tests.fake_llm import GENHUSNING, MODEL, payload_of
from tests.fake_llm import GOOD_ANSWER as GOOD


@pytest.fixture
def llm_service(built_index, fake_embedder, fake_llm):
    settings = dataclasses.replace(built_index, llm=LLMSettings(url=fake_llm.base_url, model=MODEL, timeout=3))
    # Every answer is confident here, so every question reaches the endpoint.
    return KnowledgeService(settings, embedder=fake_embedder, clock=lambda: FIXED_NOW,
                            confidence=ConfidenceModel(threshold=0.0))


@pytest.fixture
def context(settings, llm_service):
    bot = build_bot(settings, llm_service, listener_executor=InlineExecutor(), answers=InlineExecutor())
    yield {CONTEXT_KEY: bot.deps, "bot_user_id": "UBOT"}
    bot.close()


def _mention(context, client, event):
    handle_app_mention(body=event_body(event), event=event, client=client, context=context, logger=None)


def _message(context, client, event):
    handle_message(body=event_body(event), event=event, client=client, context=context, logger=None)


def test_eyes_show_while_the_model_writes_and_the_answer_says_who_worded_it(context, fake_llm):
    client = FakeClient()
    seen_while_writing = []
    fake_llm.on_request = lambda request: seen_while_writing.append([m for m, _ in client.calls])
    fake_llm.say(GOOD)
    _mention(context, client, mention(GENHUSNING, ts="100.1"))
    assert seen_while_writing == [["reactions.add"]]
    assert [m for m, _ in client.calls] == ["reactions.add", "chat.postMessage", "reactions.remove"]
    post = client.calls_to("chat.postMessage")[0]
    texts = json.dumps(post["blocks"], ensure_ascii=False)
    assert "genhusningskoordinator til flytning" in texts and GENERATED_NOTE in texts
    assert "Beboerinddragelse i renovering" in texts                  # the source, as today


def test_a_failed_check_posts_the_extractive_answer_without_the_note(context, fake_llm):
    client = FakeClient()
    fake_llm.say("Familierne får 12 nye boliger [1].")
    _mention(context, client, mention(GENHUSNING, ts="100.2"))
    texts = json.dumps(client.calls_to("chat.postMessage")[0]["blocks"], ensure_ascii=False)
    assert "En fast genhusningskoordinator hjælper familierne" in texts and GENERATED_NOTE not in texts
    stats = usage_stats(context[CONTEXT_KEY].feedback.db.conn, 30, dt.datetime.now(dt.timezone.utc))
    assert stats.fallbacks == [("ungrounded_fact", 1)] and stats.generated == 0


def test_no_slack_ids_names_or_channels_are_sent(context, fake_llm):
    client = FakeClient()
    _mention(context, client, mention(f"<@UOSMEMBER> {GENHUSNING} <#C0SECRET|byggeudvalget>",
                                      channel="CNETWORK", user="UALICE", ts="100.3"))
    _message(context, client, message(GENHUSNING + " @Mette", channel="DOS", user="UOSMEMBER", ts="100.4"))
    assert len(fake_llm.bodies) == 2
    for body in fake_llm.bodies + [str(h) for h in fake_llm.headers]:
        for secret in ("UALICE", "UOSMEMBER", "UBOT", "Mette", "Testesen", "CNETWORK", "C0SECRET",
                       "byggeudvalget", "DOS", "100.3", "100.4"):
            assert secret not in body


def test_a_follow_up_sends_the_earlier_questions_of_its_own_thread_only(context, fake_llm):
    client = FakeClient()
    _mention(context, client, mention("hvad vægter tildelingskriterierne?", ts="200.1"))
    _mention(context, client, mention("hvordan holdes beboermøderne?", ts="300.1"))
    _message(context, client, message(GENHUSNING, channel="CPUBLIC", ts="200.9", channel_type="channel",
                                      thread_ts="200.1"))
    assert len(fake_llm.requests) == 3
    follow_up = payload_of(fake_llm.requests[2])
    assert follow_up["tidligere_spørgsmål"] == ["hvad vægter tildelingskriterierne?"]
    assert "hvordan holdes beboermøderne" not in fake_llm.bodies[2]
    assert "tidligere_spørgsmål" not in payload_of(fake_llm.requests[1])


def test_no_llm_forces_an_extractive_answer_and_sends_nothing(built_index, fake_embedder, fake_llm):
    def factory(settings):
        assert settings.llm.url == fake_llm.base_url          # read from the environment once
        return KnowledgeService(settings, embedder=fake_embedder, clock=lambda: FIXED_NOW)

    env = {"VIDENSBANK_LLM_URL": fake_llm.base_url, "VIDENSBANK_LLM_MODEL": MODEL}
    args = ["ask", GENHUSNING, "--json", "--kb", str(built_index.kb_dir), "--index", str(built_index.index_dir),
            "--model", built_index.model]
    fake_llm.say(GOOD)
    extractive = CliRunner().invoke(cli, [*args, "--no-llm"], obj={"service_factory": factory}, env=env)
    assert extractive.exit_code == 0, extractive.output
    assert json.loads(extractive.stdout)["generated"] is False and fake_llm.requests == []
    generated = CliRunner().invoke(cli, args, obj={"service_factory": factory}, env=env)
    data = json.loads(generated.stdout)
    assert data["generated"] is True and data["answer"] == GOOD and "fallback" not in data
    assert len(fake_llm.requests) == 1


def test_ask_json_reports_the_fallback_reason():
    service = FakeService()
    service.default = dataclasses.replace(make_answer(), fallback="timeout")
    result = CliRunner().invoke(cli, ["ask", GENHUSNING, "--json"], obj={"service_factory": lambda s: service})
    data = json.loads(result.stdout)
    assert (data["generated"], data["fallback"]) == (False, "timeout")
    assert service.calls[0]["generate"] is True


def test_a_half_configured_endpoint_is_one_clear_line():
    result = CliRunner().invoke(cli, ["ask", GENHUSNING], obj={"service_factory": lambda s: FakeService()},
                                env={"VIDENSBANK_LLM_URL": "http://localhost:11434/v1"})
    assert result.exit_code == 1
    assert "Error: VIDENSBANK_LLM_MODEL is not set" in result.output and "Traceback" not in result.output


def test_console_and_blocks_mark_only_generated_answers():
    generated = dataclasses.replace(make_answer(), generated=True)
    extractive = dataclasses.replace(make_answer(), fallback="timeout")
    assert GENERATED_NOTE in render_answer_for_terminal(generated)
    assert GENERATED_NOTE not in render_answer_for_terminal(extractive)
    assert render_answer_blocks(extractive) == render_answer_blocks(make_answer())


def test_kb_stats_counts_generated_answers_and_fallback_reasons(unit_bot):
    store = unit_bot.deps.feedback
    for i, (generated, fallback) in enumerate([(True, None), (True, None), (False, "timeout"),
                                               (False, "ungrounded_fact"), (False, "timeout"), (False, None)]):
        answer = dataclasses.replace(make_answer(answer_id=f"a{i}"), generated=generated, fallback=fallback)
        store.record_answer(answer, channel_kind="channel")
    stats = usage_stats(store.db.conn, 30, dt.datetime.now(dt.timezone.utc))
    assert stats.generated == 2 and stats.fallbacks == [("timeout", 2), ("ungrounded_fact", 1)]
    text = stats_text(stats, 180)
    assert "Skrevet af sprogmodellen: 2 svar" in text
    assert "faldt tilbage til uddrag fra kilderne: 3 (`timeout` 2 · `ungrounded_fact` 1)" in text
    assert "ungrounded_fact 1" in "\n".join(stats.lines())


def test_kb_stats_says_nothing_about_a_model_when_none_is_used(unit_bot):
    unit_bot.deps.feedback.record_answer(make_answer(answer_id="x"), channel_kind="dm")
    stats = usage_stats(unit_bot.deps.feedback.db.conn, 30, dt.datetime.now(dt.timezone.utc))
    assert "sprogmodel" not in stats_text(stats, 180)
