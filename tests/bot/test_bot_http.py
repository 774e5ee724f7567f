"""The whole bot over HTTP: signed requests in, calls to a fake Slack Web API out."""

import json
import threading
import time

from bot.answers.answering import APOLOGY
from bot.answers.blocks import ACTION_HANDOFF, ACTION_VOTE_DOWN, ACTION_VOTE_UP
from tests.bot.bot_support import (
    ALICE,
    action_payload,
    event_body,
    make_answer,
    mention,
    message,
    signed_headers,
    view_submission,
)


def _answer_id(call):
    return call.params["blocks"][-1]["elements"][-1]["value"]


def test_mention_is_answered_in_the_thread_with_blocks_and_citations(http_bot):
    reply = http_bot.send_event(mention("hvad er et strategisk partnerskab?", ts="1700000100.000100"))
    assert reply.status == 200
    post = http_bot.fake.wait_for("chat.postMessage")[0]
    http_bot.wait_idle()
    assert post.params["channel"] == "CPUBLIC"
    assert post.params["thread_ts"] == "1700000100.000100"
    blocks = json.dumps(post.params["blocks"], ensure_ascii=False)
    assert "1. <https://almennet.example.dk/artikler/strategisk-partnerskab|" in blocks
    assert "langvarigt samarbejde" in post.params["text"]
    methods = [c.method for c in http_bot.fake.calls if c.method != "auth.test"]
    assert methods == ["reactions.add", "chat.postMessage", "reactions.remove"]
    assert http_bot.fake.calls_to("reactions.add")[0].params["name"] == "eyes"


def test_dm_is_answered_in_the_dm(http_bot):
    http_bot.send_event(message("hvad er et strategisk partnerskab?", channel="DALICE"))
    post = http_bot.fake.wait_for("chat.postMessage")[0]
    assert post.params["channel"] == "DALICE" and "thread_ts" not in post.params


def test_follow_up_in_the_thread_uses_the_earlier_question_as_context(http_bot):
    http_bot.send_event(mention("hvordan organiserer man beboerinddragelse?", ts="1700000500.000100"))
    http_bot.fake.wait_for("chat.postMessage")
    http_bot.wait_idle()
    http_bot.send_event(message("og hvad med fsb HJEM?", channel="CPUBLIC", channel_type="channel",
                                ts="1700000600.000100", thread_ts="1700000500.000100"))
    posts = http_bot.fake.wait_for("chat.postMessage", 2)
    assert posts[1].params["thread_ts"] == "1700000500.000100"
    assert http_bot.service.calls[1]["context"] == "hvordan organiserer man beboerinddragelse?"


def test_retry_of_the_same_event_is_not_answered_twice(http_bot):
    event = mention("hvad er et strategisk partnerskab?", ts="1700000700.000100")
    assert http_bot.send_event(event, event_id="EvSAME").status == 200
    assert http_bot.send_event(event, event_id="EvSAME", retry_num=1).status == 200
    assert http_bot.send_event(event, event_id="EvSAME", retry_num=2).status == 200
    http_bot.fake.wait_for("chat.postMessage")
    http_bot.wait_idle()
    assert len(http_bot.fake.calls_to("chat.postMessage")) == 1
    assert len(http_bot.service.calls) == 1


def test_bad_or_stale_signature_is_refused_and_nothing_happens(http_bot):
    body = json.dumps(event_body(mention("hej")))
    assert http_bot.post(body, signed_headers(body, secret="wrong")).status == 401
    stale = signed_headers(body, timestamp=int(time.time()) - 60 * 10)
    assert http_bot.post(body, stale).status == 401
    unsigned = {"Content-Type": "application/json"}
    assert http_bot.post(body, unsigned).status == 401
    http_bot.wait_idle()
    assert [c.method for c in http_bot.fake.calls] == []
    assert http_bot.service.calls == []


def test_bot_messages_and_subtypes_are_ignored(http_bot):
    http_bot.send_event(message("hej", bot_id="BOTHER"))
    http_bot.send_event(message("hej", subtype="message_changed", ts="1700000800.000200"))
    http_bot.send_event(message("hej", user="UBOT", ts="1700000800.000300"))
    http_bot.send_event(message("hej", subtype="channel_join", ts="1700000800.000400",
                                channel="CPUBLIC", channel_type="channel"))
    http_bot.wait_idle()
    assert http_bot.fake.calls_to("chat.postMessage") == []


def test_broadcast_mentions_in_the_question_are_never_echoed(http_bot):
    http_bot.service.default = make_answer(confident=False)
    http_bot.send_event(mention("<!channel> @here <!subteam^S1|@alle> hvad koster &lt;kaffe&gt;?"))
    post = http_bot.fake.wait_for("chat.postMessage")[0]
    raw = json.dumps(post.params, ensure_ascii=False)
    for bad in ("<!channel>", "@here", "<!subteam", "<kaffe>"):
        assert bad not in raw


def test_rate_limited_post_is_retried_after_retry_after(http_bot):
    http_bot.fake.rate_limit_once("chat.postMessage", retry_after=0)
    http_bot.send_event(mention("hvad er et strategisk partnerskab?"))
    posts = http_bot.fake.wait_for("chat.postMessage", 2)
    http_bot.wait_idle()
    assert len(posts) == 2 and posts[0].params == posts[1].params
    assert "thread_ts" in posts[1].params
    assert all(c.params.get("text") != APOLOGY for c in posts)


def test_other_api_error_gives_a_danish_apology(http_bot):
    http_bot.fake.fail("chat.postMessage", error="internal_error")
    http_bot.send_event(mention("hvad er et strategisk partnerskab?", ts="1700000900.000100"))
    posts = http_bot.fake.wait_for("chat.postMessage", 2)
    http_bot.wait_idle()
    assert posts[1].params["text"] == APOLOGY
    assert posts[1].params["thread_ts"] == "1700000900.000100"


def test_votes_are_stored_and_thumbs_down_opens_the_reason_modal(http_bot):
    http_bot.send_event(mention("hvad er et strategisk partnerskab?"))
    answer_id = _answer_id(http_bot.fake.wait_for("chat.postMessage")[0])
    http_bot.wait_idle()
    url = http_bot.fake.response_url("vote")
    assert http_bot.send_interaction(action_payload(ACTION_VOTE_UP, answer_id, url)).status == 200
    assert http_bot.send_interaction(action_payload(ACTION_VOTE_DOWN, answer_id, url)).status == 200
    modal = http_bot.fake.wait_for("views.open")[0]
    assert modal.params["trigger_id"] == "111.222.trigger"
    assert modal.params["view"]["callback_id"] == "feedback_reason"
    assert http_bot.send_interaction(view_submission(answer_id, "Svaret var for generelt")).status == 200
    http_bot.wait_idle()
    feedback = http_bot.bot.deps.feedback
    assert feedback.votes(answer_id) == {"up": 0, "down": 1}
    assert feedback.reasons(answer_id) == ["Svaret var for generelt"]


def test_handoff_posts_to_the_configured_channel_with_a_permalink(http_bot):
    http_bot.service.default = make_answer(confident=False)
    http_bot.send_event(mention("hvem har prøvet totalentreprise?", ts="1700001000.000100"))
    answer_id = _answer_id(http_bot.fake.wait_for("chat.postMessage")[0])
    http_bot.wait_idle()
    payload = action_payload(ACTION_HANDOFF, answer_id, http_bot.fake.response_url("handoff"),
                             thread_ts="1700001000.000100")
    http_bot.send_interaction(payload)
    handoff = http_bot.fake.wait_for("chat.postMessage", 2)[1]
    told = http_bot.fake.wait_for("response_url")[0]
    assert handoff.params["channel"] == "CHANDOFF"
    blocks = json.dumps(handoff.params["blocks"], ensure_ascii=False)
    assert "hvem har prøvet totalentreprise?" in blocks
    assert "https://vidensbanken-test.slack.com/archives/CPUBLIC/p1700001000000100" in blocks
    assert told.path == "/respond/handoff" and "<#CHANDOFF>" in told.params["text"]


def test_slash_command_answers_ephemerally_through_the_response_url(http_bot):
    reply = http_bot.send_command("hvad er et strategisk partnerskab?", channel="CNETWORK")
    assert reply.status == 200 and "Jeg leder" in reply.json()["text"]
    answer = http_bot.fake.wait_for("response_url")[0]
    assert answer.params["response_type"] == "ephemeral"
    assert "langvarigt samarbejde" in answer.params["text"]


def test_ack_comes_within_3_seconds_while_the_model_is_still_loading(http_bot):
    http_bot.service.block()
    replies = [http_bot.send_event(mention("hvad er skala?", ts=f"1700002000.00010{i}")) for i in range(3)]
    command = http_bot.send_command("hvad er skala?")
    assert all(r.status == 200 and r.seconds < 3 for r in replies + [command])
    assert http_bot.fake.calls_to("chat.postMessage") == []
    http_bot.service.release()
    assert len(http_bot.fake.wait_for("chat.postMessage", 3)) == 3
    http_bot.fake.wait_for("response_url")


def test_twenty_questions_at_once_are_all_answered(http_bot):
    threads = [threading.Thread(target=http_bot.send_event,
                                args=(mention(f"spørgsmål {i}", ts=f"1700003000.{i:06d}"),))
               for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    posts = http_bot.fake.wait_for("chat.postMessage", 20, timeout=10)
    http_bot.wait_idle()
    assert sorted(p.params["thread_ts"] for p in posts) == sorted(f"1700003000.{i:06d}" for i in range(20))


def test_healthz_and_unknown_paths(http_bot):
    health = http_bot.get("/healthz")
    assert health.status == 200 and health.json() == {"ok": True, "ready": True}
    assert http_bot.get("/nope").status == 404


def test_url_verification_challenge(http_bot):
    body = json.dumps({"token": "legacy", "challenge": "abc123", "type": "url_verification"})
    reply = http_bot.post(body, signed_headers(body))
    assert reply.status == 200 and "abc123" in reply.body


def test_the_app_home_is_published(http_bot):
    http_bot.send_event({"type": "app_home_opened", "user": ALICE, "channel": "DALICE", "tab": "home",
                         "event_ts": "1700004000.000100"})
    view = http_bot.fake.wait_for("views.publish")[0]
    assert view.params["user_id"] == ALICE and view.params["view"]["type"] == "home"


def test_a_crashing_listener_is_logged_and_the_member_gets_an_apology(http_bot, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("database is locked")

    http_bot.bot.deps.feedback.record_vote = broken
    replies = [http_bot.send_interaction(action_payload(ACTION_VOTE_UP, "a1", http_bot.fake.response_url("err")))
               for _ in range(5)]
    # Slack got its ack each time; the failure came after it (Bolt alone answers 500 after 3 s).
    assert [(r.status, r.seconds < 1) for r in replies] == [(200, True)] * 5
    told = http_bot.fake.wait_for("response_url")[0]
    assert told.params["text"] == APOLOGY and told.params["response_type"] == "ephemeral"
    http_bot.wait_idle()
    assert "database is locked" in caplog.text
