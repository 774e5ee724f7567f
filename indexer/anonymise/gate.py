"""The gate every lesson passes before indexing: anonymise, or hold back for review (fail closed).

A lesson is its front matter and its body, read as one text (``lesson_text``), so a person named in
the title and later in the body gets one pseudonym, and a finding in any field holds the lesson back
like one in the body. What an admin decided about flagged spans (``review.yaml``) is applied here.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from indexer.anonymise.anonymiser import AnonymisedText, anonymise
from indexer.knowledge.directory import load_allowlist, load_directory
from indexer.knowledge.documents import Document
from indexer.knowledge.review_decisions import Decision, decisions_for, is_approved, load_decisions

# Bump when the anonymiser changes behaviour, so every lesson is anonymised again.
ANONYMISER_VERSION = "7"
DIRECTORY_FILE = "directory.yaml"
ALLOWLIST_FILE = "allowlist.yaml"
# Every front-matter field that holds text; "date", "audience", "partnership" are checked by the parser.
TEXT_FIELDS = ("title", "meeting", "summary", "tags", "authors", "url")
SEPARATOR = "\n\n\x1e\n\n"       # between fields: no replacement crosses it
AWAITING_APPROVAL = "approval"     # the finding of a lesson no admin has approved (VIDENSBANK_REVIEW_LESSONS=all)


@dataclass
class GateFinding:
    kind: str
    line: int                 # in the lesson's file
    column: int
    field: str = "body"       # or the front-matter key
    offset: int = -1          # in lesson_text(doc): what review decisions point at
    length: int = 0
    shown: tuple[int, int] = (0, 0)   # where it stands in the anonymised text (reviews)


@dataclass
class Segment:
    field: str
    start: int                # in lesson_text(doc)
    end: int
    line: int                 # the file line its text starts on
    column: int = 1


@dataclass
class GateResult:
    """One lesson through the gate: its anonymised text and what is left (for the build and reviews)."""

    doc: Document
    text: str                                  # lesson_text(doc), raw: never stored
    segments: list[Segment]
    anonymised: AnonymisedText                 # of ``text``
    findings: list[GateFinding]
    decisions: list[Decision] = field(default_factory=list)

    def parts(self) -> list[str]:
        parts = self.anonymised.text.split(SEPARATOR)
        return parts if len(parts) == len(self.segments) else []

    def marked_parts(self, mark=lambda text, kind, span: f"⟦{text}⟧[{kind}]") -> list[tuple[str, str]]:
        """(field, anonymised text) with every flagged span as ``mark(text, kind, span)`` (for reviews)."""
        text, pieces, pos = self.anonymised.text, [], 0
        flags = sorted(self.anonymised.flags)
        for seg, part in zip(self.segments, self.parts() or [text]):
            start, end = pos, pos + len(part)
            out, cursor = [], start
            for s, e, kind in flags:
                if start <= s < end and s >= cursor:
                    out += [text[cursor:s], mark(text[s:min(e, end)], kind, (s, e))]
                    cursor = min(e, end)
            out.append(text[cursor:end])
            pieces.append((seg.field, "".join(out)))
            pos = end + len(SEPARATOR)
        return pieces

    def render(self, mark=None) -> str:
        """The lesson as it would be indexed: front matter as "field: value" lines, then the body."""
        parts = self.marked_parts(mark) if mark else list(zip((s.field for s in self.segments), self.parts()))
        head = [f"{name}: {value}" for name, value in parts if name != "body"]
        body = next((value for name, value in parts if name == "body"), "")
        return "\n".join([*head, "---", body.strip()]) if head else body.strip()


def lesson_text(doc: Document) -> tuple[str, list[Segment]]:
    """The lesson's front-matter values and body as one text, and where each part is in the file."""
    pieces: list[tuple[str, str]] = []
    for name in TEXT_FIELDS:
        value = getattr(doc, name, None)
        values = value if isinstance(value, list) else [value]
        pieces += [(name, str(v)) for v in values if v]
    pieces.append(("body", doc.body))
    text, segments = "", []
    for name, value in pieces:
        if segments:
            text += SEPARATOR
        line = doc.body_line if name == "body" else doc.field_lines.get(name, 2)
        column = 1 if name == "body" else len(name) + 3
        segments.append(Segment(name, len(text), len(text) + len(value), line, column))
        text += value
    return text, segments


class LessonGate:
    def __init__(self, directory, allowlist: frozenset[str], inputs_hash: str, decisions: list[Decision] = (),
                 approval_required: bool = False):
        self.directory = directory
        self.allowlist = allowlist
        self.inputs_hash = inputs_hash
        self.decisions = list(decisions)
        self.approval_required = approval_required     # every lesson waits for an admin's approval

    @classmethod
    def from_kb(cls, kb_dir: Path, review_lessons: str = "flagged") -> "LessonGate":
        """``review_lessons`` is the setting VIDENSBANK_REVIEW_LESSONS: "flagged" or "all"."""
        kb_dir = Path(kb_dir)
        digest = hashlib.sha256(ANONYMISER_VERSION.encode())
        for name in (DIRECTORY_FILE, ALLOWLIST_FILE):
            path = kb_dir / name
            digest.update(path.read_bytes() if path.is_file() else b"-")
        if review_lessons == "all":       # switching the setting gates every lesson again
            digest.update(b"\0review:all")
        return cls(load_directory(kb_dir / DIRECTORY_FILE), load_allowlist(kb_dir / ALLOWLIST_FILE),
                   digest.hexdigest(), load_decisions(kb_dir), approval_required=review_lessons == "all")

    def decisions_of(self, doc: Document) -> list[Decision]:
        return decisions_for(self.decisions, doc.doc_id, doc.content_hash)

    def effective_hash(self, doc: Document) -> str:
        """A lesson changes when its file, the directory, the allowlist, its review decisions or the anonymiser change."""
        if doc.kind != "lesson":
            return doc.content_hash
        decided = json.dumps([(d.offset, d.length, d.kind, d.decision) for d in self.decisions_of(doc)])
        return hashlib.sha256(f"{doc.content_hash}:{self.inputs_hash}:{decided}".encode()).hexdigest()

    def review(self, doc: Document) -> GateResult:
        text, segments = lesson_text(doc)
        decisions = self.decisions_of(doc)
        decided = tuple((d.offset, d.offset + d.length, d.kind) for d in decisions if d.decision == "replace")
        result = anonymise(text, self.directory, self.allowlist, decided=decided)
        findings = [dataclasses.replace(_in_file(f.kind, f.offset, f.length, segments, text), shown=f.shown)
                    for f in result.findings]
        findings += [_in_file("held", d.offset, d.length, segments, text) for d in decisions if d.decision == "hold"]
        if len(result.text.split(SEPARATOR)) != len(segments):     # cannot tell the fields apart: fail closed
            findings.append(GateFinding("unknown", doc.body_line, 1))
        if self.approval_required and not is_approved(decisions):
            findings.append(GateFinding(AWAITING_APPROVAL, doc.body_line, 1))
        return GateResult(doc, text, segments, result, findings, decisions)

    def anonymise_text(self, doc: Document) -> AnonymisedText:
        return self.review(doc).anonymised

    def prepare(self, doc: Document) -> tuple[Document, list[GateFinding]]:
        """The anonymised lesson, or findings (type and position only) when it must be held back."""
        result = self.review(doc)
        parts = dict.fromkeys(s.field for s in result.segments)
        values: dict[str, list[str]] = {name: [] for name in parts}
        for seg, part in zip(result.segments, result.parts()):
            values[seg.field].append(part)
        meeting = values.get("meeting", [None])[0] if values.get("meeting") else None
        clean = dataclasses.replace(doc, body=values.get("body", [""])[0] if values.get("body") else "",
                                    meeting=meeting, tags=values.get("tags", []), summary=None, url=None,
                                    authors=[], title="")
        clean = dataclasses.replace(clean, title=clean.display_title)
        return clean, result.findings


def _in_file(kind: str, offset: int, length: int, segments: list[Segment], text: str) -> GateFinding:
    seg = next((s for s in segments if s.start <= offset <= s.end), segments[-1])
    before = text[seg.start:offset]
    line = seg.line + before.count("\n")
    column = (offset - seg.start + seg.column) if "\n" not in before else len(before) - before.rfind("\n")
    return GateFinding(kind, line, column, seg.field, offset, length)
