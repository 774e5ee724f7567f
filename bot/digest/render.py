"""The digest in words: Slack Block Kit for the channel or DM, plain text for the command line.

Both come from the same sections, so ``python -m bot digest --print`` reads like the message.
Everything from questions, reasons or files goes through ``safe`` in Slack.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.digest.report import Digest, Item
from bot.slack.text import SECTION_LIMIT, link, safe, split_text, truncate
from indexer import TZ

MAX_BLOCKS = 50
FALLBACK = "Ugens overblik over Vidensbanken"


@dataclass(frozen=True)
class Section:
    heading: str
    items: list[Item]
    empty: str | None = None         # said when there are no items (None: leave the section out)
    more: str | None = None


def _date(moment: dt.datetime) -> str:
    local = moment.astimezone(TZ)
    return f"{local.day}.{local.month}.{local.year}"


def title_of(digest: Digest) -> str:
    week = digest.until.astimezone(TZ).isocalendar().week
    if digest.admin_only:
        return f"Kun til administratorer: tillæg til ugens overblik (uge {week})"
    return f"{FALLBACK} – uge {week}"


def period_of(digest: Digest) -> str:
    return f"{_date(digest.since)}–{_date(digest.until)}"


def summary_lines(digest: Digest) -> list[str]:
    if digest.asked is None:
        return ["Det, som overblikket i kanalen ikke viser: spørgsmål fra DM'er, /spørg og kanaler, "
                "som ikke alle i kanalen kan læse, og artikler med en højere målgruppe."]
    if not digest.asked:
        lines = ["Ingen spørgsmål i perioden."]
    else:
        share = round(100 * digest.confident / digest.asked)
        lines = [f"Spørgsmål: {digest.asked} – besvaret sikkert: {digest.confident} ({share} %)"]
    lines.append(f"Feedback: 👍 {digest.up} · 👎 {digest.down}")
    if digest.hidden:
        lines.append(f"{digest.hidden} punkter fra DM'er, /spørg og kanaler, som ikke alle her kan læse, "
                     "er kun sendt til administratorerne.")
    return lines


def sections_of(digest: Digest, retention_days: int | None = None) -> list[Section]:
    kept = f" i de gemte svar (de seneste {retention_days} dage)" if retention_days else ""
    sections = [
        Section("Emner uden (godt) svar", digest.topics,
                empty=None if digest.admin_only else "Alle spørgsmål fik et sikkert svar uden 👎. 🎉",
                more=f"… og {digest.more_topics} emner mere" if digest.more_topics else None),
        Section("Begrundelser for 👎", digest.reasons),
        Section("Spørg netværket: venter på svar eller på at blive gemt", digest.handoffs),
        Section("Mest citerede artikler", digest.most_cited),
        Section(f"Artikler, der aldrig er citeret{kept}", digest.never_cited,
                more=f"… og {digest.more_never} mere" if digest.more_never else None),
        Section("Gamle artikler, der stadig bruges", digest.stale),
    ]
    return [s for s in sections if s.items or s.empty]


def _item_mrkdwn(item: Item) -> str:
    text = link(item.link, item.text) if item.link else safe(item.text)
    detail = f" ({safe(item.detail)})" if item.detail else ""
    return f"• {truncate(text, 600)}{detail}\n      → _{safe(item.action)}_"


def digest_blocks(digest: Digest, retention_days: int | None = None) -> list[dict]:
    period = f"{period_of(digest)} · spørgsmål vises uden navn på, hvem der spurgte"
    summary = "\n".join(safe(line) for line in summary_lines(digest))
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": truncate(title_of(digest), 150)}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": period}]},
        {"type": "section", "text": {"type": "mrkdwn", "text": summary}},
    ]
    for section in sections_of(digest, retention_days):
        lines = [_item_mrkdwn(item) for item in section.items] or [safe(section.empty)]
        if section.more:
            lines.append(safe(section.more))
        text = f"*{safe(section.heading)}*\n" + "\n".join(lines)
        blocks += [{"type": "section", "text": {"type": "mrkdwn", "text": piece}}
                   for piece in split_text(text, SECTION_LIMIT)]
    if len(blocks) > MAX_BLOCKS:
        blocks = blocks[:MAX_BLOCKS - 1] + [{"type": "context", "elements": [
            {"type": "mrkdwn", "text": "Overblikket er afkortet – se hele med `python -m bot digest`."}]}]
    return blocks


def digest_message(digest: Digest, retention_days: int | None = None) -> dict:
    """chat.postMessage kwargs."""
    return {"text": title_of(digest), "blocks": digest_blocks(digest, retention_days)}


def digest_text(digest: Digest, retention_days: int | None = None) -> str:
    """The same digest as plain text (``python -m bot digest --print``)."""
    out = [title_of(digest), period_of(digest), "", *summary_lines(digest)]
    for section in sections_of(digest, retention_days):
        out += ["", section.heading.upper()]
        if not section.items:
            out.append(section.empty)
        for item in section.items:
            detail = f" ({item.detail})" if item.detail else ""
            out += [f"- {item.text}{detail}", f"    -> {item.action}"]
        if section.more:
            out.append(section.more)
    if digest.weeks:
        out += ["", "SPØRGSMÅL PR. UGE (besvaret sikkert / uden sikkert svar)"]
        out += [f"  {w.label:>7} ({w.start:%d.%m}): {w.answered:>3} / {w.unanswered:>3}" for w in digest.weeks]
    return "\n".join(out)
