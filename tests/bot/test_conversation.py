"""A quieter bot: small talk gets a friendly word and is not logged, an over-long question a request
for a shorter one, and in channel threads only the asker's questions are answered."""

from __future__ import annotations

import pytest

from bot.answers.conversation import (
    EMOJI,
    GREETING,
    THANKS,
    TOO_LONG,
    quick_reply,
    reads_as_question,
)
from bot.console import SEPARATOR
from tests.bot.bot_support import ALICE, FakeService, mention, message
from tests.bot.test_bot_cli import _run

BOB = "UBOB"


@pytest.mark.parametrize("text, reply", [
    ("hej", GREETING), ("Hej Vidensbanken!", GREETING), ("godmorgen :wave:", GREETING),
    ("tak", THANKS), ("Tusind tak for hjælpen! 🙏", THANKS), ("mange tak :+1:", THANKS),
    (":slightly_smiling_face:", EMOJI), ("👍", EMOJI), (":+1::skin-tone-3:", EMOJI),
    ("hej, hvad er et strategisk partnerskab?", None), ("tak – men hvad med fsb HJEM?", None),
    ("hvornår er næste salon", None), ("målpris", None),
    ("Hvordan fastsættes målprisen? " * 40, TOO_LONG),
])
def test_quick_replies(text, reply):
    assert quick_reply(text) == reply


@pytest.mark.parametrize("text, question", [
    ("og hvad med fsb HJEM?", True), ("kan man også bruge det ved nybyggeri", True),
    ("Hvordan gjorde I med beboerne", True), ("forklar målpris", True), ("ok, men hvem betaler", True),
    ("fedt, det prøver vi", False), ("Tak!", False), ("Jeg er enig med Mette", False),
    ("Det var også vores erfaring i Kildeparken", False), (":+1:", False),
])
def test_reads_as_question(text, question):
    assert reads_as_question(text) is question


def _logged(http_bot) -> int:
    return http_bot.bot.deps.feedback.db.execute("select count(*) from question_log").fetchone()[0]


@pytest.mark.parametrize("text, reply", [("hej", GREETING), ("tak!", THANKS),
                                         (":slightly_smiling_face:", EMOJI)])
def test_small_talk_in_a_dm_gets_a_friendly_word_and_is_not_logged(http_bot, text, reply):
    http_bot.send_event(message(text, channel="DALICE"))
    [post] = http_bot.fake.wait_for("chat.postMessage")
    http_bot.wait_idle()
    assert post.params["text"] == reply and post.params["channel"] == "DALICE"
    assert http_bot.service.calls == [] and _logged(http_bot) == 0
    assert http_bot.fake.calls_to("reactions.add") == []


def test_a_question_over_1000_characters_gets_a_request_for_a_shorter_one(http_bot):
    long_question = "Vi overvejer et partnerskab og vil gerne høre om erfaringerne med målpris. " * 15
    http_bot.send_event(mention(long_question))
    [post] = http_bot.fake.wait_for("chat.postMessage")
    http_bot.wait_idle()
    assert post.params["text"] == TOO_LONG and post.params["thread_ts"]
    assert http_bot.service.calls == [] and _logged(http_bot) == 0


def test_small_talk_with_the_slash_command(http_bot):
    http_bot.send_command("hej")
    [told] = http_bot.fake.wait_for("response_url")
    http_bot.wait_idle()
    assert told.params["text"] == GREETING and http_bot.service.calls == []


def test_in_a_channel_thread_only_the_askers_questions_are_answered(http_bot):
    thread = "1700005000.000100"
    http_bot.send_event(mention("hvordan organiserer man beboerinddragelse?", ts=thread))
    http_bot.fake.wait_for("chat.postMessage")
    http_bot.wait_idle()
    replies = [("hvad med fsb HJEM?", BOB), ("fedt, det prøver vi", ALICE), ("tak", ALICE),
               ("Vi gjorde det samme i Kildeparken", BOB), ("og hvad med fsb HJEM?", ALICE)]
    for n, (text, user) in enumerate(replies, start=1):
        http_bot.send_event(message(text, channel="CPUBLIC", channel_type="channel", user=user,
                                    ts=f"1700005000.00020{n}", thread_ts=thread))
    http_bot.fake.wait_for("chat.postMessage", 2)
    http_bot.wait_idle()
    assert [c["question"] for c in http_bot.service.calls] == [
        "hvordan organiserer man beboerinddragelse?", "og hvad med fsb HJEM?"]
    assert len(http_bot.fake.calls_to("chat.postMessage")) == 2


def test_anyone_may_mention_the_bot_in_the_thread_and_then_follow_up(http_bot):
    thread = "1700006000.000100"
    http_bot.send_event(mention("hvad er et strategisk partnerskab?", ts=thread))
    http_bot.fake.wait_for("chat.postMessage")
    http_bot.wait_idle()
    http_bot.send_event(mention("hvordan vælger man partnere?", user=BOB, ts="1700006000.000200",
                                thread_ts=thread))
    http_bot.fake.wait_for("chat.postMessage", 2)
    http_bot.wait_idle()
    http_bot.send_event(message("og hvor lang tid tager udbuddet?", channel="CPUBLIC", channel_type="channel",
                                user=BOB, ts="1700006000.000300", thread_ts=thread))
    http_bot.fake.wait_for("chat.postMessage", 3)
    http_bot.wait_idle()
    assert len(http_bot.service.calls) == 3


def test_in_a_dm_every_message_is_answered(http_bot):
    http_bot.send_event(message("beboerinddragelse i renoveringen", channel="DALICE"))
    http_bot.fake.wait_for("chat.postMessage")
    http_bot.wait_idle()
    http_bot.send_event(message("det lyder rigtigt, men fortæl mere om genhusning", channel="DALICE",
                                ts="1700000200.000200"))
    http_bot.fake.wait_for("chat.postMessage", 2)
    http_bot.wait_idle()
    assert len(http_bot.service.calls) == 2


def test_the_console_separates_answers_and_shows_piped_questions():
    service = FakeService()
    result, _ = _run(["console"], service=service,
                     input="hvad er et strategisk partnerskab?\nhej\nhvad er skala?\n")
    out = result.stdout
    assert out.count(SEPARATOR) == 3
    first, second, third = out.split(SEPARATOR)[:3]
    assert first.startswith("Spørgsmål> hvad er et strategisk partnerskab?\n") and "langvarigt" in first
    assert second.strip() == f"Spørgsmål> hej\n{GREETING}"
    assert third.strip().startswith("Spørgsmål> hvad er skala?")
    assert [c["question"] for c in service.calls] == ["hvad er et strategisk partnerskab?", "hvad er skala?"]
