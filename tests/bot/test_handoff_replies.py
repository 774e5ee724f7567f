"""A member replies in a hand-off thread: the asker is told once, where they asked, with a link only."""

import json

from bot.answers.blocks import ACTION_HANDOFF
from tests.bot.bot_support import ALICE, action_payload, make_answer, mention, message

MEMBER = "UBENTE"
REPLY = "Vi brugte en totalentreprise i Skovparken, ring til Karen på 22 33 44 55"


def _answer_id(call):
    return call.params["blocks"][-1]["elements"][-1]["value"]


def _hand_off(http_bot, payload) -> str:
    """Press «Spørg netværket»; returns the ts of the post in the hand-off channel."""
    http_bot.send_interaction(payload)
    http_bot.fake.wait_for("response_url")
    http_bot.wait_idle()
    [post] = [c for c in http_bot.fake.calls_to("chat.postMessage") if c.params["channel"] == "CHANDOFF"]
    return post.response["ts"]


def _reply(http_bot, text: str, thread_ts: str, user: str = MEMBER, ts: str = "1700009000.000100",
           channel: str = "CHANDOFF"):
    http_bot.send_event(message(text, channel=channel, channel_type="channel", user=user, ts=ts,
                                thread_ts=thread_ts))
    http_bot.wait_idle()


def _notices(http_bot):
    return [c for c in http_bot.fake.calls_to("chat.postMessage")
            if "Der er kommet svar fra netværket" in (c.params.get("text") or "")]


def _channel_handoff(http_bot) -> str:
    http_bot.service.default = make_answer(confident=False)
    http_bot.send_event(mention("hvem har prøvet totalentreprise?", ts="1700001000.000100"))
    answer_id = _answer_id(http_bot.fake.wait_for("chat.postMessage")[0])
    http_bot.wait_idle()
    return _hand_off(http_bot, action_payload(ACTION_HANDOFF, answer_id, http_bot.fake.response_url("h"),
                                              thread_ts="1700001000.000100"))


def test_the_asker_is_told_once_in_the_original_thread_with_a_link_and_no_reply_text(http_bot):
    handoff_ts = _channel_handoff(http_bot)
    _reply(http_bot, "Jeg spørger lige min kollega", handoff_ts, user=ALICE, ts="1700008000.000100")
    assert _notices(http_bot) == []                      # the asker's own words are no answer
    _reply(http_bot, REPLY, handoff_ts)
    [notice] = _notices(http_bot)
    assert notice.params["channel"] == "CPUBLIC" and notice.params["thread_ts"] == "1700001000.000100"
    text = json.dumps(notice.params["blocks"], ensure_ascii=False)
    assert "«hvem har prøvet totalentreprise?»" in text
    assert f"https://vidensbanken-test.slack.com/archives/CHANDOFF/p{handoff_ts.replace('.', '')}" in text
    assert "Skovparken" not in text and "22 33 44 55" not in text
    _reply(http_bot, "Også os – det gik fint", handoff_ts, ts="1700009100.000100")
    _reply(http_bot, REPLY, handoff_ts)                  # Slack delivering the first reply again
    assert len(_notices(http_bot)) == 1
    assert not [c for c in http_bot.fake.calls_to("chat.postMessage") if c.params.get("thread_ts") == handoff_ts]


def test_a_private_spoerg_answer_is_followed_up_in_the_askers_dm(http_bot):
    http_bot.service.default = make_answer(confident=False)
    payload = action_payload(ACTION_HANDOFF, "", http_bot.fake.response_url("h"), ephemeral=True)
    http_bot.send_command("hvem har prøvet totalentreprise?")
    http_bot.fake.wait_for("response_url")
    http_bot.wait_idle()
    answer = http_bot.fake.calls_to("response_url")[0]
    payload["actions"][0]["value"] = answer.params["blocks"][-1]["elements"][0]["value"]
    handoff_ts = _hand_off(http_bot, payload)
    _reply(http_bot, REPLY, handoff_ts)
    [notice] = _notices(http_bot)
    assert notice.params["channel"] == ALICE and not notice.params.get("thread_ts")
    assert http_bot.bot.deps.handoffs.find("CHANDOFF", handoff_ts).notify_channel is None   # forgotten


def test_a_dm_question_is_followed_up_in_the_dm(http_bot):
    http_bot.service.default = make_answer(confident=False)
    http_bot.send_event(message("hvem har prøvet totalentreprise?", channel="DALICE", ts="1700002000.000100"))
    answer = http_bot.fake.wait_for("chat.postMessage")[0]
    http_bot.wait_idle()
    handoff_ts = _hand_off(http_bot, action_payload(ACTION_HANDOFF, _answer_id(answer),
                                                    http_bot.fake.response_url("h"), channel="DALICE",
                                                    thread_ts=None))
    _reply(http_bot, REPLY, handoff_ts)
    [notice] = _notices(http_bot)
    assert notice.params["channel"] == "DALICE" and not notice.params.get("thread_ts")


def test_a_failed_notice_is_tried_again_on_the_next_reply(http_bot):
    handoff_ts = _channel_handoff(http_bot)
    http_bot.fake.fail("chat.postMessage", "channel_not_found")
    _reply(http_bot, REPLY, handoff_ts)
    assert len(http_bot.fake.calls_to("chat.postMessage")) == 3 and not http_bot.bot.deps.handoffs.find(
        "CHANDOFF", handoff_ts).notified_at
    _reply(http_bot, "Og vi brugte den også", handoff_ts, ts="1700009200.000100")
    assert len(_notices(http_bot)) == 2                  # the failed one, then the one that arrived


def test_replies_in_other_threads_of_the_handoff_channel_are_left_alone(http_bot):
    _channel_handoff(http_bot)
    before = len(http_bot.fake.calls)
    _reply(http_bot, REPLY, "1700000555.000100")
    assert len(http_bot.fake.calls) == before and http_bot.service.calls[-1]["question"] != REPLY
