"""Danish sentence splitting that respects common abbreviations ("mio.", "f.eks.", "kr."), and a
passage's text as its sentences and list items (``passage_units``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = {
    "ca", "f.eks", "bl.a", "dvs", "mv", "osv", "nr", "jf", "stk",
    "th", "tv", "st", "evt", "inkl", "ekskl", "ift", "mht", "vedr", "pga", "o.l", "m.fl",
    "bl.a.", "hhv", "iflg", "iht", "etc", "tlf", "mfl", "fx", "f.x", "el", "max", "min", "gl",
    "kl", "pr",     # "fra kl. 8 til 9", "pr. 1. juni"
}
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"»”)]?\s+(?=[\"«“(]?[A-ZÆØÅ0-9§&])")
_LAST_WORD = re.compile(r"(\S+)$")


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences; never splits after a known abbreviation or an ordinal."""
    text = " ".join(text.split())
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        candidate = text[start:match.start()].rstrip()
        last = _LAST_WORD.search(candidate)
        word = last.group(1).lower().rstrip(".") if last else ""
        if word in ABBREVIATIONS or (word.isdigit() and candidate.endswith(".") and len(word) <= 2
                                     and _next_is_lower_or_month(text, match.end())):
            continue
        if len(word) == 1 and word.isalpha():  # initials such as "M. Hansen"
            continue
        sentences.append(candidate)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _next_is_lower_or_month(text: str, pos: int) -> bool:
    nxt = text[pos:pos + 1]
    return bool(nxt) and nxt.islower()


LIST_ITEM = "- "     # how a passage's text marks a list item: on its own line (indexer.index.chunking)


@dataclass(frozen=True)
class Unit:
    """A sentence of a passage, or one item of a list in it (an item may hold more than one sentence)."""

    text: str
    item: bool = False
    list_id: int | None = None    # units of the same list (its lead-in sentence and its items) share one id


def passage_units(text: str) -> list[Unit]:
    """A passage's text as sentences and list items, in order; a sentence ending in ":" before a list leads it in."""
    units: list[Unit] = []
    lists = 0
    for line in text.split("\n"):
        if line.startswith(LIST_ITEM):
            item = " ".join(line[len(LIST_ITEM):].split())
            if not item:
                continue
            if not units or not units[-1].item:
                lists += 1
                if units and units[-1].text.endswith(":") and units[-1].list_id is None:
                    units[-1] = Unit(units[-1].text, False, lists)
            units.append(Unit(item, True, lists))
        else:
            units.extend(Unit(s) for s in split_sentences(line))
    return units
