"""A state database with a week of invented questions, votes, reasons and hand-offs, at a fixed clock.

"Now" is Monday 18 January 2027, 08:30 in Copenhagen (ISO week 3). Questions come from a public
channel, a network channel, a partnership channel, a DM and /spørg, so the digest's rules for who
may read what can be checked.
"""

from __future__ import annotations

import datetime as dt

from bot.answers.feedback import DOWN, UP, FeedbackStore
from bot.answers.handoff_replies import HandoffReplies
from bot.state.db import StateDB
from indexer import TZ
from tests.bot.bot_support import FakeClient, citation, make_answer

NOW = dt.datetime(2027, 1, 18, 8, 30, tzinfo=TZ)
ADMINS = ("UADMIN1", "UADMIN2")
NEW_ARTICLE = """---
title: "Digitale værktøjer i partnerskaberne"
date: 2026-12-01
audience: public
---

## Fælles modeller

Partnerskaberne deler bygningsmodeller, så alle arbejder i de samme tegninger.
"""

# (question, confident, kind, channel, audience label, days ago, cited articles)
QUESTIONS = [
    ("hvornår er næste salon?", False, "channel", "CNETWORK", "network", 1, ()),
    ("Hvornår er næste salon", False, "channel", "CNETWORK", "network", 2, ()),
    ("hvornår er den næste salon", False, "channel", "CNETWORK", "network", 3, ()),
    ("hvad koster et strategisk partnerskab", False, "channel", "CPUBLIC", "public", 2, ()),
    ("hvordan gik udbuddet hos &os i Søndergården", False, "dm", "DSUNE", "partnership:os", 1, ()),
    ("hvilke entreprenører bød på &os", False, "channel", "COS", "partnership:os", 4, ()),
    ("hvem kan jeg ringe til om genhusning", False, "command", "CPUBLIC", "public", 5, ()),
    ("hvad vægter man i tildelingen", True, "channel", "CPUBLIC", "public", 1, ("articles/udbud.md",)),
    ("hvordan udbyder man et partnerskab", True, "channel", "CPUBLIC", "public", 2, ("articles/udbud.md",)),
    ("udbud af partnerskab", True, "dm", "DJENS", "network", 3, ("articles/udbud.md",)),
    ("hvordan inddrager man beboerne", True, "channel", "CPUBLIC", "public", 6,
     ("articles/beboere.md",)),
    ("hvor stor skal porteføljen være", True, "channel", "CNETWORK", "network", 20, ("articles/skala.md",)),
    ("hvem deltager i følgegruppen", True, "channel", "CPUBLIC", "public", 15, ()),
    ("hvad er en salon", False, "channel", "CPUBLIC", "public", 16, ()),
    ("hvornår er fristen for at søge landsbyggefonden", False, "dm", "DALICE", "public", 1, ()),
]
TITLES = {"articles/udbud.md": "Udbud af et strategisk partnerskab",
          "articles/beboere.md": "Beboerinddragelse i renovering", "articles/skala.md": "Partnerskabets skala"}


def _answer_id(i: int) -> str:
    return f"a{i:03d}"


def seed(state: StateDB, now: dt.datetime = NOW) -> None:
    """Questions, a 👎 with a reason, an open hand-off and one with replies, all before ``now``."""
    for i, (question, confident, kind, channel, audience, days_ago, docs) in enumerate(QUESTIONS):
        at = now - dt.timedelta(days=days_ago)
        store = FeedbackStore(state, clock=lambda at=at: at)
        citations = [citation(n + 1, title=TITLES[d], doc_id=d, section="") for n, d in enumerate(docs)]
        store.record_answer(make_answer(question, confident, citations=citations, answer_id=_answer_id(i)),
                            channel_kind=kind, viewer=audience)
    voted = FeedbackStore(state, clock=lambda: now - dt.timedelta(hours=20))
    voted.record_vote(_answer_id(7), "UMEMBER1", DOWN)
    voted.record_vote(_answer_id(8), "UMEMBER2", UP)
    voted.record_reason(_answer_id(7), "UMEMBER1", "Svaret handlede om udbud, ikke om vægtningen af pris")
    for i, days_ago in ((3, 5), (4, 2)):        # public channel question; the DM question (gets replies)
        store = FeedbackStore(state, clock=lambda d=days_ago: now - dt.timedelta(days=d))
        store.claim_handoff(_answer_id(i), "UASKER", "CHANDOFF")
        store.set_handoff_message(_answer_id(i), f"1768000000.00000{i}", channel_id="CHANDOFF",
                                  notify_channel="CPUBLIC", notify_thread_ts="1.0")
    handoffs = HandoffReplies(state, FeedbackStore(state))
    handoffs.on_reply(FakeClient(), handoffs.find("CHANDOFF", "1768000000.000004"), "UMEMBER3")


def write_new_article(kb_dir) -> None:
    (kb_dir / "articles" / "digitale-vaerktoejer.md").write_text(NEW_ARTICLE, encoding="utf-8")
