"""/salon handlers with fake ack/respond/client (fixtures are invented events)."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import icalendar
import pytest

from bot.listeners.commands.salon import SalonHandlers
from indexer.audience import Viewer
from indexer.knowledge.events import cached_events
from tests.bot.bot_support import FakeClient, Recorder
from tests.event_fixtures import NOW, SALON_EVALUERING_TBA, SALON_SKALA, write_events

EVENTS_YAML = "events:\n" + SALON_SKALA + SALON_EVALUERING_TBA + """\
  - id: salon-udbud
    title: "Salon: Udbudsfasen"
    kind: salon
    start: 2027-03-10T14:00:00
    end: 2027-03-10T16:00:00
    audience: public
  - id: salon-beboere
    title: "Salon: Beboerne i partnerskabet"
    kind: salon
    start: 2027-06-10T15:00:00
    status: cancelled
    audience: public
  - id: udvikling-juni
    title: "Udviklingsmøde: opstartsfasen"
    kind: udviklingsmøde
    start: 2027-05-20T09:00:00
    end: 2027-05-20T15:00:00
    audience: partnership:fsb-hjem
  - id: webinar-data
    title: "Webinar: Fælles data"
    kind: other
    start: 2027-10-28T10:00:00
    end: 2027-10-28T11:00:00
    online_url: https://example.org/webinar
    audience: public
"""


@pytest.fixture
def events_path(tmp_path):
    return write_events(tmp_path, EVENTS_YAML)


def salon_deps(events_path, viewer: Viewer | None = None):
    """What the handlers take from the bot: its events, its clock and its audience rules."""
    viewer = viewer or Viewer.public()
    resolver = SimpleNamespace(for_conversation=lambda c, u, t=None: viewer, for_user=lambda u: viewer)
    return SimpleNamespace(events=lambda: cached_events(events_path), clock=lambda: NOW, audiences=resolver)


@pytest.fixture
def handlers(events_path):
    return SalonHandlers(salon_deps(events_path))


def command(text="", channel="C0PUBLIC", user="U0MEMBER", channel_name="general"):
    return {"text": text, "channel_id": channel, "user_id": user, "channel_name": channel_name}


def run(handlers, text="", context=None, **kwargs):
    ack, respond = Recorder(), Recorder()
    handlers.handle_command(ack=ack, command=command(text, **kwargs), respond=respond, context=context or {})
    assert len(ack.calls) == 1
    [reply] = respond.calls
    return reply


def block_texts(reply) -> list[str]:
    return [b["text"]["text"] for b in reply["blocks"] if b.get("type") == "section"]


def test_salon_lists_next_salons_then_tba_and_not_past(handlers):
    reply = run(handlers)
    assert reply["response_type"] == "ephemeral"
    texts = block_texts(reply)
    assert texts[0] == "*Kommende saloner*"
    assert "Salon: Skala i partnerskaber" in texts[1]
    assert "*Tid:* torsdag den 3. juni 2027 kl. 14.00–16.30" in texts[1]
    assert "*Sted:* Medborgerhuset Testby, Prøvevej 1, 2300 København S" in texts[1]
    assert "<https://example.org/tilmeld-skala|Tilmeld dig her>" in texts[1]
    assert "Tilmelding senest torsdag den 27. maj 2027" in texts[1]
    assert "~*AFLYST: Salon: Beboerne i partnerskabet*~" in texts[2]
    assert "dato følger – forventes efteråret 2027" in texts[3]
    assert not any("Udbudsfasen" in t for t in texts)       # past
    assert not any("Webinar" in t for t in texts)           # not a salon
    share = reply["blocks"][-1]
    assert share["elements"][0]["text"]["text"] == "Del i kanalen"
    calendar_buttons = [b["accessory"]["value"] for b in reply["blocks"] if "accessory" in b]
    assert calendar_buttons == ["salon-skala"]               # not for cancelled or tba events
    assert reply["text"].startswith("Kommende saloner:\n• Salon: Skala i partnerskaber – torsdag")


def test_salon_alle_respects_the_audience(handlers, events_path):
    texts = "\n".join(block_texts(run(handlers, "alle")))
    assert "Webinar: Fælles data" in texts and "Salon: Evalueringsmodeller" in texts
    assert "Udviklingsmøde" not in texts
    member_handlers = SalonHandlers(salon_deps(events_path, Viewer.parse("partnership:fsb-hjem")))
    member = "\n".join(block_texts(run(member_handlers, "alle")))
    assert "Udviklingsmøde: opstartsfasen" in member


def test_salon_search_shows_one_event(handlers):
    texts = block_texts(run(handlers, "skala"))
    assert texts[0] == "*Arrangement*"
    assert len(texts) == 2 and "Salon: Skala i partnerskaber" in texts[1]
    past = block_texts(run(handlers, "udbudsfasen"))
    assert past[0] == "*Afholdt arrangement*" and "onsdag den 10. marts 2027" in past[1]


def test_salon_search_never_finds_hidden_events(handlers):
    reply = run(handlers, "opstartsfasen")
    assert "Jeg fandt ikke noget arrangement, der passer til »opstartsfasen«" in reply["text"]


def test_no_match_and_no_events_are_friendly(handlers, tmp_path):
    reply = run(handlers, "fodbold")
    assert reply["text"].startswith("Jeg fandt ikke noget arrangement")
    assert not any(b["type"] == "actions" for b in reply["blocks"])     # nothing to share
    assert block_texts(run(handlers, "næste")) == block_texts(run(handlers))
    empty = SalonHandlers(salon_deps(tmp_path / "missing.yaml"))
    assert "Der er ingen kommende saloner i kalenderen lige nu." in block_texts(run(empty))[1]


def test_broken_events_file_is_explained(tmp_path):
    path = write_events(tmp_path, "events:\n  - {id: x, kind: nope}\n")
    reply = run(SalonHandlers(salon_deps(path)))
    assert "python -m indexer validate" in reply["text"]


def test_help(handlers):
    assert "/salon alle" in run(handlers, "hjælp")["text"]


def share_body(value, channel="C0PUBLIC"):
    return {"channel": {"id": channel, "name": "general"}, "user": {"id": "U0MEMBER"},
            "actions": [{"value": value}]}


def _share_value(reply) -> str:
    return reply["blocks"][-1]["elements"][0]["value"]


def test_share_posts_the_same_list_in_the_channel(handlers):
    client, respond = FakeClient(), Recorder()
    value = _share_value(run(handlers, "alle"))
    assert value == "all"
    handlers.handle_share(ack=Recorder(), body=share_body(value), action={"value": value}, client=client,
                          respond=respond, context={})
    [(method, post)] = client.calls
    assert method == "chat.postMessage" and post["channel"] == "C0PUBLIC"
    assert "Webinar: Fælles data" in post["text"]
    assert not any(b.get("type") == "actions" for b in post["blocks"])   # no share button in the channel
    assert "Delt af <@U0MEMBER>" in post["blocks"][-1]["elements"][0]["text"]
    assert respond.calls == [{"delete_original": True}]


def test_a_long_search_shares_the_event_it_found_not_the_default_list(handlers):
    query = "skala " + "og lidt mere om partnerskabets skala og tempo " * 60     # > 2,000 characters
    reply = run(handlers, query)
    value = _share_value(reply)
    assert value == "event:salon-skala" and len(value) < 100
    client = FakeClient()
    handlers.handle_share(ack=Recorder(), body=share_body(value), action={"value": value}, client=client,
                          respond=Recorder(), context={})
    [post] = client.posts
    assert post["blocks"][0]["text"]["text"] == "*Arrangement*"
    assert "Salon: Skala i partnerskaber" in post["text"] and "Kommende saloner" not in post["text"]


def test_share_keys_for_lists_and_buttons_from_before_the_keys(handlers):
    assert _share_value(run(handlers)) == "next" and _share_value(run(handlers, "næste")) == "next"
    client = FakeClient()
    old = json.dumps({"q": "skala"})
    handlers.handle_share(ack=Recorder(), body=share_body(old), action={"value": old}, client=client,
                          respond=Recorder(), context={})
    assert "Salon: Skala i partnerskaber" in client.posts[0]["text"]


def test_a_shared_event_the_channel_may_not_see_is_not_posted(handlers):
    client, respond = FakeClient(), Recorder()
    value = "event:udvikling-juni"           # exists, but only for partnership members
    handlers.handle_share(ack=Recorder(), body=share_body(value), action={"value": value}, client=client,
                          respond=respond, context={})
    assert client.posts == [] and "findes ikke længere" in respond.calls[0]["text"]


def test_share_when_bot_is_not_in_channel(handlers):
    respond = Recorder()
    value = "next"
    handlers.handle_share(ack=Recorder(), body=share_body(value), action={"value": value},
                          client=FakeClient(errors={"chat.postMessage": "not_in_channel"}), respond=respond, context={})
    assert "/invite @Vidensbanken" in respond.calls[0]["text"]


def calendar_body(channel="C0PUBLIC"):
    return {"channel": {"id": channel}, "user": {"id": "U0MEMBER"}}


def test_calendar_button_sends_ics_to_dm(handlers):
    client, respond = FakeClient(), Recorder()
    handlers.handle_calendar(ack=Recorder(), body=calendar_body(), action={"value": "salon-skala"},
                             client=client, respond=respond, context={})
    assert [m for m, _ in client.calls] == ["conversations.open", "files.upload_v2"]
    upload = client.calls[1][1]
    assert upload["channel"] == "D0DM" and upload["filename"] == "salon-skala.ics"
    [vevent] = icalendar.Calendar.from_ical(upload["content"]).walk("VEVENT")
    assert str(vevent["UID"]) == "salon-skala@vidensbanken"
    assert vevent.decoded("DTSTART").astimezone(dt.timezone.utc) == dt.datetime(2027, 6, 3, 12, tzinfo=dt.timezone.utc)
    assert "direkte besked" in respond.calls[0]["text"]


@pytest.mark.parametrize("event_id", ["udvikling-juni", "salon-evaluering", "nope"])
def test_calendar_button_refuses_hidden_tba_or_unknown(handlers, event_id):
    client, respond = FakeClient(), Recorder()
    handlers.handle_calendar(ack=Recorder(), body=calendar_body(), action={"value": event_id},
                             client=client, respond=respond, context={})
    assert client.calls == []
    assert "findes ikke længere" in respond.calls[0]["text"]


def test_calendar_button_on_app_home_falls_back_to_dm(handlers):
    client = FakeClient()
    handlers.handle_calendar(ack=Recorder(), body={"user": {"id": "U0MEMBER"}, "view": {}},
                             action={"value": "salon-skala"}, client=client, respond=None, context={})
    assert [m for m, _ in client.calls] == ["conversations.open", "files.upload_v2", "chat.postMessage"]


def test_calendar_upload_failure_apologises(handlers):
    respond = Recorder()
    handlers.handle_calendar(ack=Recorder(), body=calendar_body(), action={"value": "salon-skala"},
                             client=FakeClient(errors={"files.upload_v2": "missing_scope"}), respond=respond, context={})
    assert respond.calls[0]["text"].startswith("Beklager")


def test_app_home_blocks_list_what_the_viewer_may_see(events_path):
    from bot.events.blocks import home_event_blocks, upcoming_event_blocks

    blocks = home_event_blocks(Viewer.public(), NOW, lambda: cached_events(events_path))
    assert blocks[0]["text"]["text"] == "Kommende arrangementer"
    texts = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert texts[0].startswith("*Salon: Skala i partnerskaber*  ·  torsdag den 3. juni 2027 kl. 14.00–16.30")
    assert not any("Udviklingsmøde" in t for t in texts)
    member = home_event_blocks(Viewer.parse("partnership:fsb-hjem"), NOW, lambda: cached_events(events_path))
    assert any("Udviklingsmøde" in b["text"]["text"] for b in member if b["type"] == "section")
    assert "ingen kommende" in upcoming_event_blocks([], Viewer.public(), NOW)[1]["text"]["text"]
