"""Text as the anonymiser reads it: NFKC, no format characters, every hyphen-like dash a plain hyphen.

Word inserts a non-breaking hyphen (U+2011) in "010190‑1234", a pasted text may hide a zero-width
space inside a phone number, and full-width digits or ligatures turn up in PDFs. The anonymiser
matches on the normalised text; ``to_raw`` maps every position of it back to the text it came from,
so the output keeps the writer's own characters ("m²", "–") and findings point into the file.
"""

from __future__ import annotations

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


def normalise(raw: str) -> Normalised:
    out: list[str] = []
    to_raw: list[int] = []
    i, n = 0, len(raw)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(raw[j]):   # a letter and its accents stay together
            j += 1
        cluster = raw[i:j]
        if len(cluster) == 1 and unicodedata.category(cluster) == "Cf":
            i = j
            continue
        piece = unicodedata.normalize("NFKC", cluster.translate(HYPHENS))
        piece = "".join(c for c in piece if unicodedata.category(c) != "Cf")
        out.append(piece)
        to_raw.extend([i] * len(piece))
        i = j
    to_raw.append(n)
    return Normalised("".join(out), tuple(to_raw))
