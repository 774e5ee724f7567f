"""Reviewing held-back lessons in Slack, through signed requests and the fake Web API.

The lesson below is invented; "Qwertzuiop" is no name anyone has.
"""

from __future__ import annotations

import json

import pytest
import yaml

from bot.admin.review_blocks import ACTION_LIST, ACTION_OPEN, VIEW_LESSON
from indexer import Viewer, build_index
from tests.bot.admin_support import ADMIN, MEMBER

DOUBT = ("---\ntitle: \"Tvivlsom erfaring om tidsplaner\"\nmeeting: \"udviklingsmøde maj 2021\"\n"
         "audience: network\n---\n\n## Referat\n\nTidsplanen blev drøftet med Qwertzuiop, som havde "
         "erfaringer med etapeplaner og byggepladsens logistik.\n")
DOC_ID = "lessons/tvivl.md"


@pytest.fixture
def held(admin_bot):
    """The admin bot with one lesson held back by the anonymiser."""
    (admin_bot.settings.kb_dir / "lessons" / "tvivl.md").write_text(DOUBT, encoding="utf-8")
    summary = build_index(admin_bot.settings, embedder=admin_bot.service.embedder)
    assert {h["doc_id"] for h in summary.held_back} == {DOC_ID}
    admin_bot.service.reload()
    return admin_bot


def _open_lesson(bot) -> dict:
    return bot.open_lesson(DOC_ID)


def _span_blocks(view: dict) -> list[str]:
    return [b["block_id"] for b in view["blocks"] if b.get("block_id", "").startswith("span-")]


def _decisions(bot) -> list[dict]:
    path = bot.settings.kb_dir / "review.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["decisions"] if path.exists() else []


def test_kb_review_lists_the_held_back_lesson_in_a_modal_only(held):
    name = held.command("/kb-review", channel="CPUBLIC")
    held.fake.wait_for("views.open")
    [listing] = held.opened_views()
    text = json.dumps(listing, ensure_ascii=False)
    assert DOC_ID in text and "Gennemgå" in text and "1 fund" in text
    assert held.posts() == [] and held.responses(name, count=0, timeout=0.2) == []   # nothing in the channel


def test_the_lesson_modal_marks_each_flagged_span_with_its_type_and_offers_three_choices(held):
    view = _open_lesson(held)
    text = json.dumps(view, ensure_ascii=False)
    assert view["callback_id"] == VIEW_LESSON
    assert "*⟦Qwertzuiop⟧* `1: muligt navn`" in text
    assert "Tidsplanen blev drøftet med" in text                 # the anonymised text itself
    [block] = [b for b in view["blocks"] if b.get("block_id", "").startswith("span-")]
    labels = [o["text"]["text"] for o in block["element"]["options"]]
    assert labels == ["ikke et navn – tillad ordet", "erstat som navn", "hold tilbage"]


def test_allow_the_word_adds_it_to_the_allowlist_records_who_and_when_and_indexes_the_lesson(held):
    view = _open_lesson(held)
    [span] = _span_blocks(view)
    ack = held.submit(view, {span: "allow"})
    assert ack["response_action"] == "update" and "gemt" in json.dumps(ack["view"], ensure_ascii=False)
    held.wait_idle()
    assert "Qwertzuiop" in (held.settings.kb_dir / "allowlist.yaml").read_text(encoding="utf-8")
    [decision] = _decisions(held)
    assert decision["decision"] == "allow" and decision["by"] == ADMIN and decision["at"]
    assert decision["lesson"] == DOC_ID and "Qwertzuiop" not in json.dumps(decision)
    final = held.updates()[-1]
    assert final.startswith("✅") and "Erfaringer holdt tilbage til gennemgang: 0" in final
    assert [c.params["channel"] for c in held.posts()] == [ADMIN]             # the outcome in the DM
    answer = held.service.ask("etapeplaner og byggepladsens logistik", Viewer.parse("network"))
    assert DOC_ID in {c.doc_id for c in answer.citations}


def test_replace_as_a_name_indexes_the_lesson_without_the_word(held):
    view = _open_lesson(held)
    [span] = _span_blocks(view)
    held.submit(view, {span: "replace"})
    held.wait_idle()
    assert held.updates()[-1].startswith("✅")
    assert "Qwertzuiop" not in (held.settings.kb_dir / "allowlist.yaml").read_text(encoding="utf-8")
    texts = [p["text"] for p in held.service.snapshot().passages_of(DOC_ID)]
    assert texts and not any("Qwertzuiop" in t for t in texts) and any("Person A" in t for t in texts)


def test_hold_back_keeps_the_lesson_out_and_records_the_decision(held):
    view = _open_lesson(held)
    [span] = _span_blocks(view)
    held.submit(view, {span: "hold"})
    held.wait_idle()
    assert "Erfaringer holdt tilbage til gennemgang: 1" in held.updates()[-1]
    assert [d["decision"] for d in _decisions(held)] == ["hold"]
    assert DOC_ID not in held.service.snapshot().documents
    again = _open_lesson(held)                      # the decision is shown when it is opened again
    [block] = [b for b in again["blocks"] if b.get("block_id", "").startswith("span-")]
    assert block["element"]["initial_option"]["value"] == "hold"


def test_a_changed_file_is_reviewed_again(held):
    view = _open_lesson(held)
    [span] = _span_blocks(view)
    path = held.settings.kb_dir / DOC_ID
    path.write_text(path.read_text(encoding="utf-8") + "\nEt afsnit mere.\n", encoding="utf-8")
    ack = held.submit(view, {span: "allow"})
    assert "ændret" in json.dumps(ack["view"], ensure_ascii=False)
    assert _decisions(held) == []


def test_submitting_without_a_choice_asks_for_one(held):
    view = _open_lesson(held)
    ack = held.submit(view, {})
    assert ack["response_action"] == "errors" and list(ack["errors"]) == _span_blocks(view)


def test_members_are_refused_at_every_step_and_nothing_is_shown_or_written(held, caplog):
    name = held.command("/kb-review", user=MEMBER)
    assert "kun Vidensbankens administratorer" in held.responses(name)[0]
    assert held.fake.calls_to("views.open") == []
    held.press(ACTION_LIST, "list", user=MEMBER)
    held.fake.wait_for("views.open")
    held.press(ACTION_OPEN, DOC_ID, user=MEMBER, in_view={"callback_id": "x"})
    held.fake.wait_for("views.push")
    for view in held.opened_views():
        text = json.dumps(view, ensure_ascii=False)
        assert "kun Vidensbankens administratorer" in text and DOC_ID not in text and "Qwertzuiop" not in text
    admin_view = _open_lesson(held)
    [span] = _span_blocks(admin_view)
    ack = held.submit(admin_view, {span: "allow"}, user=MEMBER)
    assert "kun Vidensbankens administratorer" in json.dumps(ack["view"], ensure_ascii=False)
    assert _decisions(held) == [] and "Qwertzuiop" not in (held.settings.kb_dir / "allowlist.yaml").read_text()
    assert sum("refused admin action" in r.message for r in caplog.records) >= 4


def test_app_home_shows_the_review_section_to_admins_only(held):
    for user in (ADMIN, MEMBER):
        held.http.send_event({"type": "app_home_opened", "user": user, "channel": "DHOME", "tab": "home",
                              "event_ts": "1700005000.000100"})
    held.fake.wait_for("views.publish", 2)
    held.wait_idle()
    published = {c.params["user_id"]: json.dumps(c.params["view"], ensure_ascii=False)
                 for c in held.fake.calls_to("views.publish")}
    assert "Til gennemgang:* 1 erfaring(er)" in published[ADMIN] and ACTION_LIST in published[ADMIN]
    assert "Til gennemgang" not in published[MEMBER] and ACTION_LIST not in published[MEMBER]
