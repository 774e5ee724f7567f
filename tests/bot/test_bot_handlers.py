"""Handlers called directly with fakes for ack, respond and client; background work runs inline."""

import logging

import pytest

from bot.answers.answering import APOLOGY
from bot.answers.blocks import ACTION_HANDOFF, ACTION_SHARE, ACTION_VOTE_DOWN, ACTION_VOTE_UP, NOT_CONFIDENT
from bot.deps import CONTEXT_KEY
from bot.listeners.actions.feedback import handle_vote_down, handle_vote_up
from bot.listeners.actions.handoff import ALREADY, NOT_CONFIGURED, handle_handoff
from bot.listeners.actions.share import NOT_IN_CHANNEL, handle_share
from bot.listeners.commands.ask import HELP as COMMAND_HELP
from bot.listeners.commands.ask import SEARCHING, handle_ask_command
from bot.listeners.events.app_home import handle_app_home_opened
from bot.listeners.events.app_mention import handle_app_mention
from bot.listeners.events.message_im import handle_message
from bot.listeners.views.feedback_reason import handle_reason_submission
from indexer.audience import Viewer
from tests.bot.bot_support import (
    ALICE,
    FakeClient,
    Recorder,
    action_payload,
    event_body,
    make_answer,
    mention,
    message,
    view_submission,
)

log = logging.getLogger("test")


@pytest.fixture
def context(unit_bot):
    return {CONTEXT_KEY: unit_bot.deps, "bot_user_id": "UBOT"}


def _mention(context, client, event, event_id=None):
    handle_app_mention(body=event_body(event, event_id), event=event, client=client,
                       context=context, logger=log)


def _message(context, client, event, event_id=None):
    handle_message(body=event_body(event, event_id), event=event, client=client, context=context,
                   logger=log)


def test_mention_is_answered_in_its_thread_with_eyes_while_working(context, service):
    client = FakeClient()
    _mention(context, client, mention("hvad er et strategisk partnerskab?", ts="100.1"))
    assert [m for m, _ in client.calls] == ["reactions.add", "chat.postMessage", "reactions.remove"]
    post = client.calls_to("chat.postMessage")[0]
    assert post["channel"] == "CPUBLIC" and post["thread_ts"] == "100.1"
    assert "langvarigt samarbejde" in post["text"]
    assert service.calls[0]["question"] == "hvad er et strategisk partnerskab?"
    assert service.calls[0]["viewer"] == Viewer.public()
    assert service.calls[0]["context"] is None


def test_mention_in_a_mapped_channel_searches_with_its_audience(context, service):
    _mention(context, FakeClient(), mention("erfaringer?", channel="COS"))
    assert service.calls[0]["viewer"] == Viewer.parse("partnership:os")


def test_repeated_delivery_is_answered_once(context, service):
    client = FakeClient()
    event = mention("hvad er et strategisk partnerskab?", ts="100.2")
    _mention(context, client, event, event_id="Ev1")
    _mention(context, client, event, event_id="Ev1")
    _message(context, client, message(event["text"], channel="CPUBLIC", ts="100.2",
                                      channel_type="channel", thread_ts=None), event_id="Ev2")
    assert len(client.calls_to("chat.postMessage")) == 1


@pytest.mark.parametrize("extra", [
    {"bot_id": "BOTHER"}, {"subtype": "bot_message"}, {"subtype": "message_changed"},
    {"subtype": "channel_join"}, {"user": "UBOT"},
])
def test_bots_edits_joins_and_own_messages_are_ignored(context, service, extra):
    client = FakeClient()
    _mention(context, client, mention("hej", **extra))
    _message(context, client, message("hej", **extra))
    assert client.calls == [] and service.calls == []


def test_an_edited_dm_gets_no_second_answer(context, service):
    # An edited mention not answered before is answered (tests/bot/payloads/app_mention_edited_*).
    client = FakeClient()
    _message(context, client, message("hvad er en målpris?", edited={"user": ALICE, "ts": "1"}))
    assert client.calls == [] and service.calls == []


def test_empty_mention_gets_a_hint_not_a_search(context, service):
    client = FakeClient()
    event = mention("")
    _mention(context, client, event)
    assert "Skriv dit spørgsmål" in client.calls_to("chat.postMessage")[0]["text"]
    assert service.calls == []


def test_dm_is_answered_in_the_dm_with_the_persons_audience(context, service):
    client = FakeClient()
    _message(context, client, message("hvordan organiserer &amp;os beboerne?", user="UOSMEMBER",
                                      channel="DOS"))
    post = client.calls_to("chat.postMessage")[0]
    assert post["channel"] == "DOS" and post["thread_ts"] is None
    assert service.calls[0]["question"] == "hvordan organiserer &os beboerne?"
    assert service.calls[0]["viewer"] == Viewer.parse("partnership:os")


def test_dm_from_known_person_without_partnership_is_network(context, service):
    _message(context, FakeClient(), message("hvad er et strategisk partnerskab?", user="UNETWORK"))
    assert service.calls[0]["viewer"] == Viewer.parse("network")


def test_follow_up_in_a_thread_uses_the_earlier_question(context, service):
    client = FakeClient()
    _mention(context, client, mention("hvordan organiserer man beboerinddragelse?", ts="200.1"))
    _message(context, client, message("og hvad med fsb HJEM?", channel="CPUBLIC", ts="200.9",
                                      channel_type="channel", thread_ts="200.1"))
    assert len(service.calls) == 2
    assert service.calls[1]["question"] == "og hvad med fsb HJEM?"
    assert service.calls[1]["context"] == "hvordan organiserer man beboerinddragelse?"
    assert client.calls_to("chat.postMessage")[1]["thread_ts"] == "200.1"


def test_thread_replies_the_bot_never_answered_are_ignored(context, service):
    client = FakeClient()
    _message(context, client, message("snak", channel="CPUBLIC", ts="300.2", channel_type="channel",
                                      thread_ts="300.1"))
    _message(context, client, message("top-level snak", channel="CPUBLIC", ts="300.3",
                                      channel_type="channel"))
    assert client.calls == [] and service.calls == []


def test_mention_in_an_unknown_thread_takes_the_thread_start_as_context(context, service):
    client = FakeClient()
    client.replies = [{"ts": "400.1", "text": "Hvem har erfaring med &amp;os?", "user": "UBOB"}]
    _mention(context, client, mention("kan du svare på det?", ts="400.5", thread_ts="400.1"))
    assert service.calls[0]["context"] == "Hvem har erfaring med &os?"
    assert client.calls_to("chat.postMessage")[0]["thread_ts"] == "400.1"


def test_search_failure_gives_a_danish_apology_in_the_thread(context, service):
    service.error = RuntimeError("index broken")
    client = FakeClient()
    _mention(context, client, mention("hvad er skala?", ts="500.1"))
    post = client.calls_to("chat.postMessage")[0]
    assert post["text"] == APOLOGY and post["thread_ts"] == "500.1"
    assert client.calls_to("reactions.remove")


def test_slash_command_acks_then_responds_ephemerally_with_share_button(context, service):
    ack, respond = Recorder(), Recorder()
    handle_ask_command(ack=ack, command={"text": "hvad er et strategisk partnerskab?",
                                         "channel_id": "CNETWORK", "user_id": ALICE},
                       respond=respond, context=context, logger=log)
    assert ack.calls == [{"text": SEARCHING, "response_type": "ephemeral"}]
    assert respond.calls[0]["response_type"] == "ephemeral"
    action_ids = [e["action_id"] for e in respond.calls[0]["blocks"][-1]["elements"]]
    assert ACTION_SHARE in action_ids
    assert service.calls[0]["viewer"] == Viewer.parse("network")


def test_slash_command_in_a_dm_uses_the_persons_audience_and_cannot_be_shared(context, service):
    respond = Recorder()
    handle_ask_command(ack=Recorder(), command={"text": "erfaringer med dialogmøder?",
                                                "channel_id": "DOS", "channel_name": "directmessage",
                                                "user_id": "UOSMEMBER"},
                       respond=respond, context=context, logger=log)
    assert service.calls[0]["viewer"] == Viewer.parse("partnership:os")
    assert ACTION_SHARE not in [e["action_id"] for e in respond.calls[0]["blocks"][-1]["elements"]]


def test_empty_slash_command_gets_help(context, service):
    ack = Recorder()
    handle_ask_command(ack=ack, command={"text": "  "}, respond=Recorder(), context=context, logger=log)
    assert ack.calls[0]["text"] == COMMAND_HELP and service.calls == []


def _answered(unit_bot, context, confident=True, **extra):
    """Post an answer through the mention path and return its answer id."""
    unit_bot.deps.service.default = make_answer(confident=confident)
    client = FakeClient()
    _mention(context, client, mention("et spørgsmål", ts=extra.get("ts", "600.1")))
    blocks = client.calls_to("chat.postMessage")[0]["blocks"]
    return blocks[-1]["elements"][-1]["value"]


def test_last_vote_per_person_wins(unit_bot, context):
    answer_id = _answered(unit_bot, context)
    respond = Recorder()
    handle_vote_up(ack=Recorder(), body={"user": {"id": ALICE}}, action={"value": answer_id},
                   respond=respond, context=context, logger=log)
    client = FakeClient()
    handle_vote_down(ack=Recorder(), body={"user": {"id": ALICE}, "trigger_id": "t1"},
                     action={"value": answer_id}, client=client, respond=respond, context=context,
                     logger=log)
    handle_vote_up(ack=Recorder(), body={"user": {"id": "UBOB"}}, action={"value": answer_id},
                   respond=respond, context=context, logger=log)
    assert unit_bot.deps.feedback.votes(answer_id) == {"up": 1, "down": 1}
    assert client.calls_to("views.open")[0]["trigger_id"] == "t1"
    assert "Tak for din feedback" in respond.calls[0]["text"]


def test_reason_from_the_modal_is_stored(unit_bot, context):
    answer_id = _answered(unit_bot, context)
    ack = Recorder()
    payload = view_submission(answer_id, "Kilden er forældet")
    handle_reason_submission(ack=ack, body=payload, view=payload["view"], context=context, logger=log)
    assert ack.calls == [{}]
    assert unit_bot.deps.feedback.reasons(answer_id) == ["Kilden er forældet"]


def test_handoff_posts_once_with_permalink_and_tells_the_asker(unit_bot, context):
    answer_id = _answered(unit_bot, context, confident=False)
    client, respond = FakeClient(), Recorder()
    body = action_payload(ACTION_HANDOFF, answer_id, "https://hooks.example/r")
    for _ in range(2):
        handle_handoff(ack=Recorder(), body=body, action=body["actions"][0], client=client,
                       respond=respond, context=context, logger=log)
    posts = client.calls_to("chat.postMessage")
    assert len(posts) == 1 and posts[0]["channel"] == "CHANDOFF"
    assert client.calls_to("chat.getPermalink")[0]["message_ts"] == "1700000100.000100"
    assert "<#CHANDOFF>" in respond.calls[0]["text"]
    assert respond.calls[1]["text"] == ALREADY


def test_handoff_without_configured_channel_explains(unit_bot, context):
    answer_id = _answered(unit_bot, context, confident=False)
    unit_bot.deps.settings = type(unit_bot.deps.settings)(handoff_channel=None)
    respond = Recorder()
    body = action_payload(ACTION_HANDOFF, answer_id, "https://hooks.example/r")
    handle_handoff(ack=Recorder(), body=body, action=body["actions"][0], client=FakeClient(),
                   respond=respond, context=context, logger=log)
    assert respond.calls[0]["text"] == NOT_CONFIGURED


def test_share_posts_the_answer_in_the_channel_and_removes_the_ephemeral(unit_bot, context):
    respond = Recorder()
    handle_ask_command(ack=Recorder(), command={"text": "hvad er skala?", "channel_id": "CPUBLIC",
                                                "user_id": ALICE},
                       respond=respond, context=context, logger=log)
    answer_id = respond.calls[0]["blocks"][-1]["elements"][-1]["value"]
    client, respond = FakeClient(), Recorder()
    body = action_payload(ACTION_SHARE, answer_id, "https://hooks.example/r", ephemeral=True)
    handle_share(ack=Recorder(), body=body, action=body["actions"][0], client=client,
                 respond=respond, context=context, logger=log)
    post = client.calls_to("chat.postMessage")[0]
    assert post["channel"] == "CPUBLIC"
    assert "Delt af <@UALICE>" in post["blocks"][0]["elements"][0]["text"]
    assert respond.calls == [{"delete_original": True}]


def test_share_where_the_bot_is_not_a_member_says_how_to_invite(unit_bot, context):
    respond = Recorder()
    handle_ask_command(ack=Recorder(), command={"text": "hvad er skala?", "channel_id": "CPUBLIC"},
                       respond=respond, context=context, logger=log)
    answer_id = respond.calls[0]["blocks"][-1]["elements"][-1]["value"]
    client, respond = FakeClient(), Recorder()
    client.errors["chat.postMessage"] = "not_in_channel"
    body = action_payload(ACTION_SHARE, answer_id, "https://hooks.example/r", ephemeral=True)
    handle_share(ack=Recorder(), body=body, action=body["actions"][0], client=client,
                 respond=respond, context=context, logger=log)
    assert respond.calls[0]["text"] == NOT_IN_CHANNEL


def test_app_home_shows_examples_and_extra_sections(unit_bot, context):
    unit_bot.deps.home_sections = [lambda viewer: [{"type": "section", "text": {
        "type": "mrkdwn", "text": f"*Kommende saloner* for {viewer.label()}"}}]]
    client = FakeClient()
    handle_app_home_opened(event={"type": "app_home_opened", "user": "UOSMEMBER", "tab": "home"},
                           client=client, context=context, logger=log)
    view = client.calls_to("views.publish")[0]["view"]
    text = str(view["blocks"])
    assert "Hvornår er næste salon?" in text
    assert "*Kommende saloner* for partnership:os" in text
    handle_app_home_opened(event={"type": "app_home_opened", "user": ALICE, "tab": "messages"},
                           client=client, context=context, logger=log)
    assert len(client.calls_to("views.publish")) == 1


def test_not_confident_answer_offers_the_network(unit_bot, context):
    unit_bot.deps.service.default = make_answer(confident=False)
    client = FakeClient()
    _mention(context, client, mention("hvad koster en kaffe?", ts="700.1"))
    post = client.calls_to("chat.postMessage")[0]
    assert NOT_CONFIDENT in str(post["blocks"])
    assert post["blocks"][-1]["elements"][0]["action_id"] == ACTION_HANDOFF
    assert [e["action_id"] for e in post["blocks"][-1]["elements"]][1:] == [ACTION_VOTE_UP, ACTION_VOTE_DOWN]
