"""Text as the anonymiser reads it: NFKC, no format characters, every hyphen-like dash a plain hyphen.

Word inserts a non-breaking hyphen (U+2011) in "010190‑1234", a pasted text may hide a zero-width
space inside a phone number, and full-width digits or ligatures turn up in PDFs. The anonymiser
matches on the normalised text; ``to_raw`` maps every position of it back to the text it came from,
so the output keeps the writer's own characters ("m²", "–") and findings point into the file.

A scanned page breaks words at the line end with a hyphen ("Guu-\nled spurgte", "Sa-\ngen"); the
anonymiser reads such a word joined ("Guuled"), and the output keeps the line break where the word
is not replaced.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Dashes that join digits or words; the en and em dash stay (patterns accept them) since they also
# stand between clauses, where a hyphen would change the text.
HYPHENS = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2043\u2212\ufe58\ufe63\uff0d"), "-")
DASHES = "-\u2013\u2014"


@dataclass(frozen=True)
class Normalised:
    text: str
    to_raw: tuple[int, ...]        # len(text) + 1 positions in the raw text

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        return self.to_raw[start], self.to_raw[end]


def _unstable_below_combining() -> str:
    """Characters before U+0300 that normalisation changes: NBSP, "²", "½", the soft hyphen …"""
    chars = [chr(c) for c in range(0x300) if unicodedata.normalize("NFKC", chr(c)) != chr(c)
             or unicodedata.category(chr(c)) == "Cf"]
    return "".join(re.escape(c) for c in chars)


# Everything from U+0300 on takes the careful path; Danish text is mostly below it and is copied as it is.
_UNSTABLE = re.compile(f"[{_unstable_below_combining()}\u0300-\U0010ffff]")


def normalise(raw: str) -> Normalised:
    out: list[str] = []
    to_raw: list[int] = []
    pos, n = 0, len(raw)
    for m in _UNSTABLE.finditer(raw):
        i = m.start()
        if i < pos:                   # already taken with the letter before it
            continue
        if i > pos:
            out.append(raw[pos:i])
            to_raw.extend(range(pos, i))
        start = i
        if unicodedata.combining(raw[i]) and i > 0 and to_raw and to_raw[-1] == i - 1 and out:
            start = i - 1             # an accent belongs to the letter before it
            last = out.pop()
            if len(last) > 1:
                out.append(last[:-1])
            to_raw.pop()
        j = i + 1
        while j < n and unicodedata.combining(raw[j]):
            j += 1
        cluster = raw[start:j]
        pos = j
        if len(cluster) == 1 and unicodedata.category(cluster) == "Cf":
            continue
        piece = unicodedata.normalize("NFKC", cluster.translate(HYPHENS))
        piece = "".join(c for c in piece if unicodedata.category(c) != "Cf")
        out.append(piece)
        to_raw.extend([start] * len(piece))
    if pos < n:
        out.append(raw[pos:])
        to_raw.extend(range(pos, n))
    to_raw.append(n)
    return _join_broken_words("".join(out), to_raw)


# Two letters, a hyphen at the end of the line, and the word going on in lower case on the next line.
_BROKEN_WORD = re.compile(r"(?<=[^\W\d_]{2})-[ \t]*\n[ \t]*(?=[^\W\d_A-ZÆØÅÀ-Þ])")


def _join_broken_words(text: str, to_raw: list[int]) -> Normalised:
    """"Guu-\nled" read as "Guuled": a word hyphenated at a line end is one word."""
    cuts = [(m.start(), m.end()) for m in _BROKEN_WORD.finditer(text)]
    if not cuts:
        return Normalised(text, tuple(to_raw))
    pieces, positions, pos = [], [], 0
    for start, end in cuts:
        pieces.append(text[pos:start])
        positions.extend(to_raw[pos:start])
        pos = end
    pieces.append(text[pos:])
    positions.extend(to_raw[pos:])
    return Normalised("".join(pieces), tuple(positions))
