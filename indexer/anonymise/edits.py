"""The anonymiser's edit list: replacements on the original text, applied once, with a map back."""

from __future__ import annotations

import bisect
import re
from collections import Counter


class Mapping:
    """Output positions back to input positions, and the spans the anonymiser wrote."""

    def __init__(self):
        self.out_starts: list[int] = []
        self.segments: list[tuple[int, int, int]] = []   # (out_start, out_end, in_start)
        self.inserted: list[tuple[int, int]] = []

    def to_input(self, out_pos: int) -> int:
        i = bisect.bisect_right(self.out_starts, out_pos) - 1
        out_start, _, in_start = self.segments[max(i, 0)]
        return in_start + (out_pos - out_start)


class Edits:
    """Spans of a text claimed by the anonymiser's stages; the first claim wins."""

    def __init__(self, text: str):
        self.text = text
        self.taken = bytearray(len(text))
        self.spans: list[tuple[int, int, str | None]] = []
        self.counts: Counter[str] = Counter()

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def add(self, start: int, end: int, replacement: str | None, kind: str | None) -> bool:
        """Claim a span; ``replacement=None`` keeps it as it is, shielded from later stages."""
        if start >= end or not self.free(start, end):
            return False
        self.taken[start:end] = b"\x01" * (end - start)
        self.spans.append((start, end, replacement))
        if kind:
            self.counts[kind] += 1
        return True

    def merge_repeats(self) -> None:
        """"Bo Sand" found part by part reads "Person A", not "Person A Person A"."""
        spans = sorted(s for s in self.spans if s[2] is not None)
        for first, second in zip(spans, spans[1:]):
            (s1, e1, r1), (s2, e2, r2) = first, second
            if r2 in (r1, r1 + "'s", r1 + "s") and re.fullmatch(r"[ \t]+", self.text[e1:s2]) and first in self.spans:
                self.spans.remove(first)
                self.spans.remove(second)
                self.spans.append((s1, e2, r2))
                self.taken[s1:e2] = b"\x01" * (e2 - s1)
                kind = "name" if r1.startswith("Person ") else "person"
                if self.counts[kind] > 1:
                    self.counts[kind] -= 1

    def apply(self, raw: str | None = None, to_raw: tuple[int, ...] | None = None) -> tuple[str, Mapping]:
        """The text with every replacement made. With ``raw``/``to_raw`` (indexer.anonymise.normalise),
        the text between replacements is copied from the raw text, and the mapping points into it."""
        if raw is None:
            raw, to_raw = self.text, tuple(range(len(self.text) + 1))
        parts, mapping, pos, out_len = [], Mapping(), 0, 0
        for start, end, replacement in sorted(self.spans):
            if replacement is None:
                continue
            if replacement[:1].islower() and sentence_start(self.text, start):
                replacement = replacement[0].upper() + replacement[1:]
            kept = raw[to_raw[pos]:to_raw[start]]
            parts.append(kept)
            mapping.segments.append((out_len, out_len + len(kept), to_raw[pos]))
            out_len += len(kept)
            parts.append(replacement)
            mapping.segments.append((out_len, out_len + len(replacement), to_raw[start]))
            mapping.inserted.append((out_len, out_len + len(replacement)))
            out_len += len(replacement)
            pos = end
        kept = raw[to_raw[pos]:]
        parts.append(kept)
        mapping.segments.append((out_len, out_len + len(kept), to_raw[pos]))
        mapping.out_starts = [s for s, _, _ in mapping.segments]
        return "".join(parts), mapping


# After a colon a word is not taken for a sentence start: "Referent: Zdeněk" is suspicious. An opening
# double quote starts a quotation or a title: kampagnen "Bo trygt".
_SENTENCE_END = re.compile(r"(?:^|[.!?|]|\n)[\s\"'“”„«»(\[*_>#•\-–—]*$|(?:^|[\s(])[\"“„«]$")
_LIST_MARK = re.compile(r"(?:^|\n)[ \t]*(?:\d{1,3}[.)]|[a-z][.)])[ \t]+$")
# Abbreviations that end in a full stop inside a sentence: "tal m. NCC", "ca. 40", "jf. afbud".
_ABBREVIATION = re.compile(r"(?<![\w.])(?:m|ca|kl|evt|pga|jf|iht|mht|vedr|inkl|ekskl|bl\.a|f\.eks|dvs|ang|tlf|nr)\.[ \t]+$")


def sentence_start(text: str, pos: int) -> bool:
    """Does a sentence or a list item begin at ``pos``?"""
    before = text[max(0, pos - 12):pos]
    if pos <= 12 and not text[:pos].strip(" \t\"'“„«(*_>#-–•"):
        return True
    if _ABBREVIATION.search(before) and not _LIST_MARK.search(before):
        return False
    return bool(_SENTENCE_END.search(before) or _LIST_MARK.search(text[max(0, pos - 12):pos]))
