"""Confidentiality where it can break: at the routing layer, through signed requests and the fake Web API.

A partnership member asking in a public channel gets the channel's level, not their own; no lesson's
file name or raw title ever reaches a channel. The knowledge base and its people are invented.
"""

from __future__ import annotations

import json
import time

from indexer import build_index
from tests.bot.admin_support import ADMIN, MEMBER
from tests.bot.bot_support import mention, message

OS_MEMBER = "U0TESTOS01"        # Sune Bakkegaard in the fixture directory: partnership &os
LESSON = "lessons/udbud-dialog.md"
QUESTION = "hvordan brugte man dialogmøder med tilbudsgiverne?"
FOLLOW_UP = "og hvor mange dialogmøder holdt man hos bygherren?"
HELD = ("---\ntitle: \"Tvivlsom erfaring om tidsplaner\"\nmeeting: \"udviklingsmøde maj 2021\"\n"
        "audience: network\n---\n\n## Referat\n\nTidsplanen for dialogmøderne blev drøftet med Qwertzuiop.\n")


def _answers(bot, count: int) -> list:
    """The answers the bot posted, in order, with what each cited (from its answer record)."""
    deadline = time.monotonic() + 10
    while len(bot.fake.calls_to("chat.postMessage")) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    bot.wait_idle()
    out = []
    for call in bot.fake.calls_to("chat.postMessage"):
        blocks = call.params.get("blocks") or []
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        values = [e.get("value") for b in blocks if b.get("type") == "actions" for e in b.get("elements", [])]
        records = [bot.deps.feedback.get_answer(v) for v in values if v]
        cited = {c.doc_id for r in records if r for c in r.answer.citations}
        out.append((call.params["channel"], cited))
    return out


def test_a_partnership_member_in_a_public_channel_gets_no_partnership_lesson(admin_bot):
    admin_bot.http.send_event(mention(QUESTION, channel="CPUBLIC", ts="1700100000.000100", user=OS_MEMBER))
    [(channel, cited)] = _answers(admin_bot, 1)
    assert channel == "CPUBLIC" and cited and LESSON not in cited
    admin_bot.http.send_event(message(FOLLOW_UP, channel="CPUBLIC", channel_type="channel", user=OS_MEMBER,
                                      ts="1700100000.000200", thread_ts="1700100000.000100"))
    follow_up = _answers(admin_bot, 2)[1]
    assert follow_up[0] == "CPUBLIC" and LESSON not in follow_up[1]
    # The same member in a DM does get their partnership's lesson: the channel made the difference.
    admin_bot.http.send_event(message(QUESTION, channel="DOSMEMBER", user=OS_MEMBER, ts="1700100000.000300"))
    assert LESSON in _answers(admin_bot, 3)[2][1]


def _raw_titles(kb_dir) -> list[str]:
    titles = []
    for path in (kb_dir / "lessons").glob("*.md"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("title:"):
                titles.append(line.split(":", 1)[1].strip().strip('"'))
    return titles


def test_no_lesson_name_or_raw_title_in_any_channel_message(admin_bot):
    kb = admin_bot.settings.kb_dir
    (kb / "lessons" / "tvivl.md").write_text(HELD, encoding="utf-8")
    build_index(admin_bot.settings, embedder=admin_bot.service.embedder)
    admin_bot.service.reload()
    admin_bot.command("/kb-reindex", channel="CADMIN")                 # held-back list in the summary
    admin_bot.command("/kb-status", channel="CADMIN")
    admin_bot.command("/kb-review", channel="CADMIN")
    admin_bot.command("/kb-review", user=MEMBER, channel="CPUBLIC")
    admin_bot.http.send_event(mention(QUESTION, channel="CPUBLIC", ts="1700200000.000100", user=OS_MEMBER))
    admin_bot.http.send_event(mention("tidsplanen for dialogmøderne", channel="CADMIN", ts="1700200000.000200",
                                      user=ADMIN))
    admin_bot.fake.wait_for("chat.postMessage", 3)
    admin_bot.wait_idle()
    admin_bot.http.send_event(message(FOLLOW_UP, channel="CPUBLIC", channel_type="channel", user=OS_MEMBER,
                                      ts="1700200000.000300", thread_ts="1700200000.000100"))
    admin_bot.fake.wait_for("chat.postMessage", 4)
    admin_bot.wait_idle()
    names = [p.name for p in (kb / "lessons").glob("*.md")]
    forbidden = [*names, *(n[:-3] for n in names), "lessons/", *_raw_titles(kb), "Qwertzuiop"]
    in_channels = [c for c in admin_bot.fake.calls
                   if c.method in ("chat.postMessage", "chat.update", "chat.postEphemeral")
                   and str(c.params.get("channel", "")).startswith("C")]
    assert len([c for c in in_channels if c.method == "chat.postMessage"]) >= 3    # the answers are there
    in_channels += [c for c in admin_bot.fake.calls_to("response_url")
                    if c.params.get("response_type") == "in_channel"]
    for call in in_channels:
        text = json.dumps(call.params, ensure_ascii=False)
        for word in forbidden:
            assert word not in text, (call.method, word)
    # The admin was told, privately: the summary in the DM, the held-back lesson in the modal.
    assert any("tvivl.md" in (u.params.get("text") or "") for u in admin_bot.fake.calls_to("chat.update")
               if u.params["channel"] == ADMIN)
    assert any("tvivl.md" in json.dumps(v, ensure_ascii=False) for v in admin_bot.opened_views())


def test_an_answer_is_shared_only_where_everyone_may_read_the_level_it_was_searched_at():
    from bot.audience import may_read
    from indexer import Viewer
    os_channel, network, public = Viewer.parse("partnership:os"), Viewer.parse("network"), Viewer.public()
    assert may_read(public, "public") and may_read(network, "public") and may_read(os_channel, "network")
    assert may_read(os_channel, "partnership:os")
    assert not may_read(public, "network") and not may_read(network, "partnership:os")
    assert not may_read(os_channel, "partnership:fsb-hjem,partnership:os")
    assert not may_read(network, None) and not may_read(network, "hemmelig")
