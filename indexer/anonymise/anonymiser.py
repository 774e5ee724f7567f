"""Anonymise lesson text before it is chunked and indexed, and say what is left (fail closed).

Lessons are minutes from confidential meetings. ``anonymise`` replaces, in this order:
e-mails, CPR numbers, phone numbers and street addresses with bracketed placeholders; the people
and organisations of the directory with their roles ("projektlederen hos bygherren"); other names
with "Person A", "Person B" (the same person keeps the same letter within one text). It then scans
its own output again; whatever still looks like personal data becomes a ``Finding`` (kind and
position, never the value), and a lesson with findings must not be indexed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from indexer.anonymise.edits import Edits
from indexer.anonymise.known_people import detect_directory, directory_forms, directory_matches, replace_directory
from indexer.anonymise.name_lexicon import NameLexicon, name_lexicon
from indexer.anonymise.names import detect_names, replace_names
from indexer.anonymise.patterns import detect_patterns, replace_patterns
from indexer.knowledge.directory import Directory


@dataclass(frozen=True)
class Finding:
    """Something left in the text that still looks like personal data. Never holds the value."""

    kind: str           # "person" | "email" | "phone" | "cpr" | "address" | "name"
    line: int           # 1-based, in the text given to anonymise()
    column: int         # 1-based


@dataclass
class AnonymisedText:
    text: str
    replaced: dict[str, int] = field(default_factory=dict)   # kind -> count
    findings: list[Finding] = field(default_factory=list)    # non-empty => do NOT index

    @property
    def clean(self) -> bool:
        return not self.findings


def anonymise(text: str, directory: Directory | None = None,
              allowlist: frozenset[str] = frozenset()) -> AnonymisedText:
    """Replace personal data in ``text``; findings list what still looks personal afterwards."""
    text = unicodedata.normalize("NFC", text or "")
    directory = directory or Directory.empty()
    lexicon = name_lexicon()
    known = directory_forms(directory)
    protected = _protected_terms(frozenset(allowlist), known.partnership_names)

    edits = Edits(text)
    replace_patterns(edits)
    people = directory_matches(text, known)
    replace_directory(edits, people, full_names_only=True)   # "Mette Lindholm" even if "Lindholm" is allowed
    for match in protected.finditer(text):
        edits.add(match.start(), match.end(), None, None)
    replace_directory(edits, people)
    replace_names(edits, lexicon, _lower_terms(allowlist))
    out, mapping = edits.apply()

    rescan = Edits(out)
    for start, end in mapping.inserted:
        rescan.add(start, end, None, None)
    for match in protected.finditer(out):
        rescan.add(match.start(), match.end(), None, None)
    found = detect_patterns(rescan) + detect_directory(rescan, known)
    found += detect_names(rescan, lexicon, _lower_terms(allowlist))
    findings = sorted({_position(text, mapping.to_input(pos), kind) for kind, pos in found},
                      key=lambda f: (f.line, f.column, f.kind))
    return AnonymisedText(out, dict(edits.counts), findings)


def format_report(result: AnonymisedText) -> str:
    """What was replaced (types and counts only) and what is left, as "line:col kind"."""
    lines = []
    if result.replaced:
        counts = ", ".join(f"{kind}: {n}" for kind, n in sorted(result.replaced.items()))
        lines.append(f"Replaced: {counts}")
    else:
        lines.append("Replaced: nothing")
    if result.clean:
        lines.append("Findings: none. The lesson can be indexed.")
    else:
        lines.append(f"Findings: {len(result.findings)}. The lesson will NOT be indexed until each "
                     "one is rewritten in the lesson, or the term is added to allowlist.yaml:")
        lines.extend(f"  {f.line}:{f.column} {f.kind}" for f in result.findings)
    return "\n".join(lines)


def _position(text: str, pos: int, kind: str) -> Finding:
    line = text.count("\n", 0, pos) + 1
    return Finding(kind, line, pos - (text.rfind("\n", 0, pos) + 1) + 1)


@lru_cache(maxsize=32)
def _protected_terms(allowlist: frozenset[str], partnership_names: tuple[str, ...]) -> re.Pattern:
    terms = sorted({*allowlist, *partnership_names}, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(w) for w in t.split()) for t in terms if t.strip())
    return re.compile(rf"(?<![\w])(?:{body})(?:['’]?s)?(?![\w])", re.IGNORECASE)


def _lower_terms(allowlist: frozenset[str]) -> frozenset[str]:
    return frozenset(t.casefold() for t in allowlist)


__all__ = ["AnonymisedText", "Finding", "NameLexicon", "anonymise", "format_report", "name_lexicon"]
