"""«Gem i vidensbanken»: an admin turns a thread into an article; the next member gets it as an answer."""

import json

import pytest
import yaml

from bot.admin.save_blocks import DUPLICATE_TITLE, EMPTY_BODY, HAS_USER_ID, NOT_IN_CHANNEL, THREAD_GONE
from indexer.knowledge.articles import today
from tests.bot.admin_support import ADMIN, MEMBER
from tests.bot.bot_support import message
from tests.fake_slack import BOT_ID, BOT_USER_ID, TEAM_ID

CHANNEL, ROOT = "CPUBLIC", "1700005000.000100"
QUESTION = "Hvordan håndterer I nøgleudlevering til håndværkerne i beboede boliger?"
SUNE = "U0TESTOS01"          # in the fixture directory: projektlederen hos bygherren (KAB)
PERNILLE = "UPERNILLE9"      # not in the directory
THREAD = [
    {"type": "message", "user": "UASKER", "ts": ROOT, "text": f"<@{BOT_USER_ID}> {QUESTION}"},
    {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "ts": "1700005001.000100",
     "thread_ts": ROOT, "text": "Jeg fandt ikke et sikkert svar"},
    {"type": "message", "user": SUNE, "ts": "1700005002.000100", "thread_ts": ROOT,
     "text": "Vi har en fast nøgleansvarlig i hver opgang. *Nøglerne* udleveres mod kvittering om morgenen "
             "og afleveres igen kl. 15, så beboerne altid ved, hvem der har nøglen til deres bolig. "
             f"Spørg <@{PERNILLE}>, hvis I vil se skemaet."},
    {"type": "message", "user": PERNILLE, "ts": "1700005003.000100", "thread_ts": ROOT,
     "text": "Hos os bruger håndværkerne en nøgleboks med kode, som skiftes hver uge. Ring til Karen Holm "
             "på 22 33 44 55 eller skriv til karen@boligtest.dk for detaljer."},
]


def _shortcut(admin_bot, user=ADMIN, message_ts="1700005003.000100", name="save"):
    payload = {
        "type": "message_action", "callback_id": "kb_save_thread", "trigger_id": "9.8.7",
        "team": {"id": TEAM_ID, "domain": "test"}, "user": {"id": user, "name": "x", "team_id": TEAM_ID},
        "channel": {"id": CHANNEL, "name": "general"}, "message_ts": message_ts,
        "message": {"type": "message", "user": PERNILLE, "ts": message_ts, "thread_ts": ROOT, "text": "…"},
        "response_url": admin_bot.fake.response_url(name), "api_app_id": "AVIDEN", "token": "legacy",
    }
    assert admin_bot.http.send_interaction(payload).status == 200
    admin_bot.wait_idle()


def _form(admin_bot) -> dict:
    return admin_bot.fake.wait_for("views.update")[-1].params["view"]


def _inputs(view) -> dict:
    return {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}


def _submit(admin_bot, view, user=ADMIN, **changes):
    """Submit the form as Slack would: its initial values, with ``changes`` typed over them."""
    values = {}
    for block_id, element in _inputs(view).items():
        if element["type"] == "plain_text_input":
            values[block_id] = {"value": {"type": "plain_text_input", "value": element.get("initial_value")}}
        elif element["type"] == "static_select":
            values[block_id] = {"value": {"type": "static_select", "selected_option": element["initial_option"]}}
        else:
            values[block_id] = {"value": {"type": "multi_static_select", "selected_options": []}}
    for block_id, value in changes.items():
        key = "selected_options" if block_id == "tags" else "selected_option" if block_id == "audience" else "value"
        values[block_id]["value"][key] = value
    payload = {"type": "view_submission", "team": {"id": TEAM_ID}, "user": {"id": user, "team_id": TEAM_ID},
               "api_app_id": "AVIDEN", "token": "legacy", "trigger_id": "t",
               "view": {**view, "id": "VFAKE", "state": {"values": values}}}
    reply = admin_bot.http.send_interaction(payload)
    assert reply.status == 200
    return reply.json() if reply.body else {}


def _articles(admin_bot):
    return sorted(p.name for p in (admin_bot.settings.kb_dir / "articles").iterdir())


def test_admin_saves_a_thread_and_the_next_member_gets_it_as_a_cited_answer(admin_bot):
    admin_bot.fake.threads[(CHANNEL, ROOT)] = THREAD
    _shortcut(admin_bot)
    opened = admin_bot.fake.calls_to("views.open")[0]
    assert opened.params["trigger_id"] == "9.8.7" and "læser tråden" in json.dumps(opened.params["view"],
                                                                                   ensure_ascii=False)
    assert admin_bot.fake.calls_to("conversations.replies")[0].params["ts"] == ROOT
    view = _form(admin_bot)
    inputs = _inputs(view)
    assert inputs["title"]["initial_value"] == QUESTION
    draft = inputs["body"]["initial_value"]
    assert draft.startswith("## Svar fra netværket\n\n**Projektlederen hos bygherren:** Vi har en fast")
    assert "**Nøglerne**" in draft and "Spørg et medlem af netværket, hvis" in draft
    for personal in ("U0TESTOS01", PERNILLE, "<@", "Karen", "Holm", "22 33 44 55", "karen@", "Sune",
                     "Jeg fandt ikke"):
        assert personal not in draft, personal
    assert inputs["audience"]["initial_option"]["value"] == "network"
    assert {o["value"] for o in inputs["tags"]["options"]} >= {"udbud", "skala", "beboerinddragelse"}

    before = _articles(admin_bot)
    ack = _submit(admin_bot, view, tags=[{"text": {"type": "plain_text", "text": "udbud"}, "value": "udbud"}],
                  new_tags="Nøgler, håndværkere")
    assert ack["response_action"] == "update" and "Gemmer «" in json.dumps(ack["view"], ensure_ascii=False)
    outcome = admin_bot.wait_for_outcome()
    admin_bot.wait_idle()
    assert outcome.startswith(f"✅ *«{QUESTION}» er gemt i vidensbanken* som `articles/")
    assert f"archives/{CHANNEL}/p{ROOT.replace('.', '')}|tråden i Slack" in outcome
    assert admin_bot.posts(ADMIN)[0].params["text"].startswith("⏳ Gemmer «")      # progress in the DM
    [new] = sorted(set(_articles(admin_bot)) - set(before))
    text = (admin_bot.settings.kb_dir / "articles" / new).read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---")[1])
    assert meta == {"title": QUESTION, "date": today(), "authors": [], "tags": ["udbud", "nøgler", "håndværkere"],
                    "source": "netværket", "channel": CHANNEL, "thread": ROOT, "audience": "network"}
    assert "nøgleboks med kode" in text and "Person A" not in text.split("---")[1]

    # A network member (in directory.yaml) asks the bot in a DM: the article is for the network.
    admin_bot.http.send_event(message(QUESTION.lower(), channel="DSUNE", user=SUNE, ts="1700006000.000100"))
    admin_bot.wait_idle()
    answer = admin_bot.posts("DSUNE")[-1]
    blocks = json.dumps(answer.params["blocks"], ensure_ascii=False)
    assert "Jeg fandt ikke et sikkert svar" not in blocks
    assert "*Kilder*" in blocks and QUESTION in blocks


def test_a_member_is_refused_politely_and_no_modal_opens(admin_bot):
    admin_bot.fake.threads[(CHANNEL, ROOT)] = THREAD
    _shortcut(admin_bot, user=MEMBER, name="member")
    [refusal] = admin_bot.responses("member")
    assert refusal.startswith("Beklager, det er kun Vidensbankens administratorer, der kan bruge genvejen "
                              "«Gem i vidensbanken»")
    assert admin_bot.fake.calls_to("views.open") == [] and admin_bot.fake.calls_to("conversations.replies") == []


def test_a_member_cannot_save_with_a_copied_form(admin_bot):
    admin_bot.fake.threads[(CHANNEL, ROOT)] = THREAD
    _shortcut(admin_bot)
    before = _articles(admin_bot)
    refused = _submit(admin_bot, _form(admin_bot), user=MEMBER)
    assert refused["response_action"] == "errors" and refused["errors"]["title"].startswith("Beklager, det er kun")
    admin_bot.wait_idle()
    assert _articles(admin_bot) == before


@pytest.mark.parametrize("error, expected", [("not_in_channel", NOT_IN_CHANNEL),
                                             ("thread_not_found", THREAD_GONE)])
def test_a_thread_the_bot_cannot_read_is_explained_in_the_modal(admin_bot, error, expected):
    admin_bot.fake.fail("conversations.replies", error)
    _shortcut(admin_bot)
    view = _form(admin_bot)
    assert expected in json.dumps(view, ensure_ascii=False) and "submit" not in view


def test_empty_text_a_taken_title_or_a_user_id_keep_the_modal_open_and_write_nothing(admin_bot):
    admin_bot.fake.threads[(CHANNEL, ROOT)] = THREAD[:2]          # no answers from members yet
    _shortcut(admin_bot)
    view = _form(admin_bot)
    assert "Tråden har endnu ingen svar" in json.dumps(view, ensure_ascii=False)
    before = _articles(admin_bot)
    assert _submit(admin_bot, view) == {"response_action": "errors", "errors": {"body": EMPTY_BODY}}
    taken = _submit(admin_bot, view, title="Partnerskabets  skala", body="Et svar fra netværket.")
    assert taken == {"response_action": "errors",
                     "errors": {"title": DUPLICATE_TITLE.format(doc_id="articles/skala.md")}}
    with_id = _submit(admin_bot, view, body="Spørg <@U0TESTOS01> om nøglerne.")
    assert with_id["errors"] == {"body": HAS_USER_ID}
    assert _articles(admin_bot) == before and admin_bot.fake.calls_to("chat.postMessage") == []


def test_a_failed_build_leaves_no_article_behind_and_says_so(admin_bot, monkeypatch):
    admin_bot.fake.threads[(CHANNEL, ROOT)] = THREAD
    _shortcut(admin_bot)
    before = _articles(admin_bot)

    def broken(texts, kind="passage"):
        raise RuntimeError("embedding failed")
    monkeypatch.setattr(admin_bot.service.embedder, "encode", broken)
    assert _submit(admin_bot, _form(admin_bot))["response_action"] == "update"
    outcome = admin_bot.wait_for_outcome()
    assert outcome.startswith(f"❌ *«{QUESTION}» blev ikke gemt.*")
    assert _articles(admin_bot) == before
