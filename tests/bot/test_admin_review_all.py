"""VIDENSBANK_REVIEW_LESSONS=all in Slack: every lesson waits until an admin approves it in /kb-review.

Signed requests against the app and the local fake Web API. The lessons are invented and name no
one; "Qwertzuiop" is no name anyone has.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import time

import pytest
import yaml

from bot.admin.review_blocks import APPROVE_BLOCK
from indexer import build_index
from tests.bot.admin_support import ADMIN, MEMBER
from tests.bot.bot_support import message

CLEAN = ("---\ntitle: \"Affald på byggepladsen\"\nmeeting: \"udviklingsmøde marts 2021\"\naudience: network\n"
         "---\n\n## Referat\n\nSortering af byggeaffald i seks fraktioner sparede containerleje, fordi "
         "gipsplader og trykimprægneret træ blev hentet hver fredag.\n")
DOUBT = ("---\ntitle: \"Tvivl om stilladser\"\nmeeting: \"udviklingsmøde maj 2021\"\naudience: network\n---\n\n"
         "## Referat\n\nStilladset blev aftalt med Qwertzuiop, som kendte facadens svage murværk.\n")
DOC_ID, DOUBT_ID = "lessons/affald.md", "lessons/tvivl.md"
OS_MEMBER, OS_DM = "U0TESTOS01", "DOSMEMBER"        # in the fixture directory: sees network lessons in a DM
LABEL = "Erfaring fra udviklingsmøde marts 2021 (anonymiseret)"
_ts = itertools.count(1)


def _all_mode(bot, *lessons: tuple[str, str]):
    settings = dataclasses.replace(bot.settings, review_lessons="all")
    bot.settings = bot.service.settings = settings
    for doc_id, text in lessons:
        (settings.kb_dir / doc_id).write_text(text, encoding="utf-8")
    build_index(settings, embedder=bot.service.embedder)
    bot.service.reload()
    return bot


@pytest.fixture
def waiting(admin_bot):
    """The admin bot with VIDENSBANK_REVIEW_LESSONS=all and one clean lesson, not approved."""
    return _all_mode(admin_bot, (DOC_ID, CLEAN))


def _member_asks(bot) -> tuple[list[str], str]:
    """A partnership member's DM question about the lesson: (cited doc ids, the answer's blocks as text)."""
    ts = f"1700009{next(_ts):03d}.000100"
    before = len(bot.posts(OS_DM))
    bot.http.send_event(message("hvordan sparer man containerleje med sortering af byggeaffald i fraktioner?",
                                channel=OS_DM, ts=ts, user=OS_MEMBER))
    deadline = time.monotonic() + 10
    while len(bot.posts(OS_DM)) == before and time.monotonic() < deadline:
        time.sleep(0.02)
    [post] = bot.posts(OS_DM)[before:]
    record = bot.deps.feedback.get_answer(post.params["blocks"][-1]["elements"][-1]["value"])
    return [c.doc_id for c in record.answer.citations], json.dumps(post.params["blocks"], ensure_ascii=False)


def _open(bot, doc_id: str = DOC_ID) -> dict:
    return bot.open_lesson(doc_id)


def _decisions(bot) -> list[dict]:
    path = bot.settings.kb_dir / "review.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["decisions"] if path.exists() else []


def test_a_clean_lesson_is_answered_only_after_an_admin_approves_it(waiting):
    cited, _ = _member_asks(waiting)
    assert DOC_ID not in cited
    view = _open(waiting)
    text = json.dumps(view, ensure_ascii=False)
    assert view["submit"]["text"] == "Godkend hele erfaringen" and "venter på godkendelse" in text
    assert "Sortering af byggeaffald i seks fraktioner" in text          # the admin reads what will go out
    ack = waiting.submit(view, {})
    assert "godkendt" in json.dumps(ack["view"], ensure_ascii=False)
    waiting.wait_idle()
    assert waiting.wait_for_outcome().startswith("✅")
    assert {c.params["channel"] for c in waiting.posts() if c.params["channel"] != OS_DM} == {ADMIN}
    [approval] = _decisions(waiting)
    assert (approval["lesson"], approval["decision"], approval["offset"], approval["by"]) == \
        (DOC_ID, "approve", -1, ADMIN)
    cited, blocks = _member_asks(waiting)
    assert DOC_ID in cited and LABEL in blocks and "Affald på byggepladsen" not in blocks


def test_a_members_approval_is_refused_and_nothing_is_written(waiting, caplog):
    view = _open(waiting)
    ack = waiting.submit(view, {}, user=MEMBER)
    assert "kun Vidensbankens administratorer" in json.dumps(ack["view"], ensure_ascii=False)
    waiting.wait_idle()
    assert _decisions(waiting) == [] and DOC_ID not in waiting.service.snapshot().documents
    assert any("refused admin action" in r.message for r in caplog.records)


def test_a_changed_file_waits_for_a_new_approval(waiting):
    waiting.submit(_open(waiting), {})
    waiting.wait_idle()
    assert DOC_ID in waiting.service.snapshot().documents
    path = waiting.settings.kb_dir / DOC_ID
    path.write_text(path.read_text(encoding="utf-8") + "\nGipsen blev genbrugt af leverandøren.\n",
                    encoding="utf-8")
    build_index(waiting.settings, embedder=waiting.service.embedder)
    waiting.service.reload()
    assert DOC_ID not in waiting.service.snapshot().documents
    assert _open(waiting)["submit"]["text"] == "Godkend hele erfaringen"


def test_kb_status_and_app_home_give_the_reason_to_admins_only(waiting):
    name = waiting.command("/kb-status", channel="CPUBLIC")
    [status] = waiting.responses(name)
    assert f"`{DOC_ID}` (venter på godkendelse)" in status
    for user in (ADMIN, MEMBER):
        waiting.http.send_event({"type": "app_home_opened", "user": user, "channel": "DHOME", "tab": "home",
                                 "event_ts": f"170000600{next(_ts)}.000100"})
    waiting.fake.wait_for("views.publish", 2)
    waiting.wait_idle()
    published = {c.params["user_id"]: json.dumps(c.params["view"], ensure_ascii=False)
                 for c in waiting.fake.calls_to("views.publish")}
    assert "venter på godkendelse" in published[ADMIN] and "Til gennemgang:* 2 erfaring(er)" in published[ADMIN]
    assert "godkendelse" not in published[MEMBER] and DOC_ID not in published[MEMBER]
    assert waiting.posts() == []                                   # nothing posted in any channel


def test_a_lesson_with_a_flagged_span_needs_the_span_decided_to_be_approved(admin_bot):
    bot = _all_mode(admin_bot, (DOUBT_ID, DOUBT))
    view = _open(bot, DOUBT_ID)
    [span] = [b["block_id"] for b in view["blocks"] if b.get("block_id", "").startswith("span-")]
    assert any(b.get("block_id") == APPROVE_BLOCK for b in view["blocks"])
    approve = {"type": "checkboxes", "selected_options": [{"value": "approve"}]}
    ack = bot.submit(view, {}, extra={APPROVE_BLOCK: {APPROVE_BLOCK: approve}})
    assert ack["response_action"] == "errors" and "Beslut hvert fund" in ack["errors"][APPROVE_BLOCK]
    ack = bot.submit(view, {span: "hold"}, extra={APPROVE_BLOCK: {APPROVE_BLOCK: approve}})
    assert ack["response_action"] == "errors" and _decisions(bot) == []
    bot.submit(view, {span: "replace"}, extra={APPROVE_BLOCK: {APPROVE_BLOCK: approve}})
    bot.wait_idle()
    assert [d["decision"] for d in _decisions(bot)] == ["replace", "approve"]
    texts = [p["text"] for p in bot.service.snapshot().passages_of(DOUBT_ID)]
    assert texts and not any("Qwertzuiop" in t for t in texts)


def test_a_span_decision_without_approval_keeps_the_lesson_waiting(admin_bot):
    bot = _all_mode(admin_bot, (DOUBT_ID, DOUBT))
    view = _open(bot, DOUBT_ID)
    [span] = [b["block_id"] for b in view["blocks"] if b.get("block_id", "").startswith("span-")]
    bot.submit(view, {span: "replace"})
    bot.wait_idle()
    assert DOUBT_ID not in bot.service.snapshot().documents
    assert _open(bot, DOUBT_ID)["submit"]["text"] == "Godkend hele erfaringen"     # only the approval is left


def test_flagged_mode_shows_no_approval_and_indexes_a_clean_lesson_at_once(admin_bot):
    (admin_bot.settings.kb_dir / DOC_ID).write_text(CLEAN, encoding="utf-8")
    (admin_bot.settings.kb_dir / DOUBT_ID).write_text(DOUBT, encoding="utf-8")
    build_index(admin_bot.settings, embedder=admin_bot.service.embedder)
    admin_bot.service.reload()
    assert DOC_ID in _member_asks(admin_bot)[0]
    view = _open(admin_bot, DOUBT_ID)
    text = json.dumps(view, ensure_ascii=False)
    assert view["submit"]["text"] == "Gem og genindeksér" and "godkend" not in text.lower()


def test_a_rebuild_from_slack_names_the_lessons_waiting_for_approval_in_the_admins_dm(waiting):
    waiting.command("/kb-reindex", channel="CPUBLIC")
    outcome = waiting.wait_for_outcome()
    assert f"`{DOC_ID}` (venter på godkendelse)" in outcome and "Godkend dem med `/kb-review`" in outcome
    assert {c.params["channel"] for c in waiting.posts()} == {ADMIN}
