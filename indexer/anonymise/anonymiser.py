"""Anonymise lesson text before it is chunked and indexed, and say what is left (fail closed).

Lessons are minutes from confidential meetings. ``anonymise`` replaces, in this order:
e-mails, CPR numbers, phone numbers and street addresses with bracketed placeholders; the people
and organisations of the directory with their roles ("projektlederen hos bygherren"); other names
with "Person A", "Person B" (the same person keeps the same letter within one text). It then scans
its own output again; whatever still looks like personal data becomes a ``Finding`` (kind and
position, never the value), and a lesson with findings must not be indexed.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass, field
from functools import lru_cache

from indexer.anonymise.edits import Edits
from indexer.anonymise.known_people import detect_directory, directory_forms, directory_matches, replace_directory
from indexer.anonymise.name_lexicon import NameLexicon, name_lexicon
from indexer.anonymise.names import detect_names, replace_names
from indexer.anonymise.normalise import Normalised, normalise
from indexer.anonymise.patterns import PLACEHOLDERS, detect_patterns, person_named_streets, replace_patterns
from indexer.anonymise.positions import name_positions
from indexer.anonymise.pseudonyms import People
from indexer.anonymise.residue import residue
from indexer.anonymise.scans import read_scan_digits
from indexer.knowledge.directory import Directory


@dataclass(frozen=True)
class Finding:
    """Something left in the text that still looks like personal data. Never holds the value."""

    kind: str           # "person" | "email" | "phone" | "cpr" | "address" | "birthdate" | "name"
    line: int           # 1-based, in the text given to anonymise()
    column: int         # 1-based
    offset: int = field(default=-1, compare=False)     # in the text given to anonymise()
    length: int = field(default=0, compare=False)
    shown: tuple[int, int] = field(default=(0, 0), compare=False)   # the span in the anonymised text


@dataclass
class AnonymisedText:
    text: str
    replaced: dict[str, int] = field(default_factory=dict)   # kind -> count
    findings: list[Finding] = field(default_factory=list)    # non-empty => do NOT index
    flags: list[tuple[int, int, str]] = field(default_factory=list)   # the findings' spans in ``text``

    @property
    def clean(self) -> bool:
        return not self.findings


def anonymise(text: str, directory: Directory | None = None, allowlist: frozenset[str] = frozenset(),
              decided: tuple[tuple[int, int, str], ...] = ()) -> AnonymisedText:
    """Replace personal data in ``text``; findings list what still looks personal afterwards.

    ``decided`` are spans of ``text`` (start, end, kind) an admin has decided to replace (the review
    in Slack or the CLI): a name becomes a person everywhere in the text, anything else its placeholder.
    """
    raw = text or ""
    directory = directory or Directory.empty()
    lexicon = name_lexicon()
    norm = read_scan_digits(normalise(raw), lexicon)
    text = norm.text
    known = directory_forms(directory)
    protected = _protected_terms(frozenset(allowlist), known.partnership_names)
    allow = _lower_terms(allowlist)

    edits = Edits(text)
    found_positions = name_positions(text, lexicon)
    positions = [(p.start, p.end) for p in found_positions if not p.initials]
    initials = [(p.start, p.end) for p in found_positions if p.initials]
    for start, end, kind in decided:
        span = _to_normalised(norm, start, end)
        if kind in ("name", "person"):
            positions.append(span)
        else:
            edits.add(*span, PLACEHOLDERS.get(kind, "[personoplysning]"), kind)
    replace_patterns(edits)
    people = directory_matches(text, known, lexicon.is_first_name)
    replace_directory(edits, people, full_names_only=True)   # "Mette Lindholm" even if "Lindholm" is allowed
    for match in protected.finditer(text):
        edits.add(match.start(), match.end(), None, None)
    for start, end in person_named_streets(text):          # "Poul Ankers Plads" is a place
        edits.add(start, end, None, None)
    replace_directory(edits, people)
    found_people = People(lexicon)
    for match in people:
        if match.kind == "person":
            found_people.register([w for name in match.target.names for w in name.split()],
                                  match.target.nominative, match.target.genitive)
    replace_names(edits, lexicon, allow, sorted(positions), found_people, initials)
    found_people.replace_forms(edits, positions)
    edits.merge_repeats()
    out, mapping = edits.apply(raw, norm.to_raw)

    plain = normalise(out)
    again = read_scan_digits(plain, lexicon)
    rescan = Edits(again.text)
    for start, end in mapping.inserted:
        rescan.add(*_to_normalised(again, start, end), None, None)
    for match in protected.finditer(again.text):
        rescan.add(match.start(), match.end(), None, None)
    for start, end in person_named_streets(again.text):
        rescan.add(start, end, None, None)
    found = detect_patterns(rescan) + detect_directory(rescan, known)
    found += detect_names(rescan, lexicon, allow)
    found += residue(rescan, lexicon, allow, plain.text)      # as written: "Person A 1auridsen"
    findings, flags = {}, {}
    for kind, pos in found:
        end = _flag_end(again.text, pos, kind)
        out_start, out_end = again.to_raw[pos], again.to_raw[end]
        raw_start = mapping.to_input(out_start)
        raw_end = max(raw_start + 1, mapping.to_input(max(out_start, out_end - 1)) + 1)
        finding = dataclasses.replace(_position(raw, raw_start, raw_end, kind), shown=(out_start, out_end))
        findings.setdefault(finding, finding)
        flags.setdefault((out_start, out_end), kind)
    ordered = sorted(findings, key=lambda f: (f.line, f.column, f.kind))
    return AnonymisedText(out, dict(edits.counts), ordered, sorted((s, e, k) for (s, e), k in flags.items()))


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


def _position(text: str, pos: int, end: int, kind: str) -> Finding:
    line = text.count("\n", 0, pos) + 1
    return Finding(kind, line, pos - (text.rfind("\n", 0, pos) + 1) + 1, pos, end - pos)


def _to_normalised(norm: Normalised, start: int, end: int) -> tuple[int, int]:
    """A span of the raw text as a span of its normalised text."""
    return bisect.bisect_left(norm.to_raw, start), bisect.bisect_left(norm.to_raw, end)


_FLAG_EXTENT = {
    "phone": re.compile(r"[\d+(][\d +().\-–/]*\d"), "cpr": re.compile(r"\d[\d .\-–/]*\d"),
    "email": re.compile(r"\S+"), "address": re.compile(r"[^,\n]+"),
}
_NAME_EXTENT = re.compile(r"@?[^\W\d_][\w'’.\-]*(?:[ \t]+(?:[A-ZÆØÅ][\w'’\-]*|[a-zæøå]+(?=[ \t]*$)))?")


def _flag_end(text: str, pos: int, kind: str) -> int:
    """Where the flagged thing ends: the number, the address, the word (and a surname after it)."""
    m = _FLAG_EXTENT.get(kind, _NAME_EXTENT).match(text, pos)
    return m.end() if m and m.end() > pos else min(len(text), pos + 1)


@lru_cache(maxsize=32)
def _protected_terms(allowlist: frozenset[str], partnership_names: tuple[str, ...]) -> re.Pattern:
    terms = sorted({*allowlist, *partnership_names}, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(w) for w in t.split()) for t in terms if t.strip())
    return re.compile(rf"(?<![\w])(?:{body})(?:['’]?s)?(?![\w])", re.IGNORECASE)


def _lower_terms(allowlist: frozenset[str]) -> frozenset[str]:
    return frozenset(t.casefold() for t in allowlist)


__all__ = ["AnonymisedText", "Finding", "NameLexicon", "anonymise", "format_report", "name_lexicon"]
