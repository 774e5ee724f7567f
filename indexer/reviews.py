"""Reviewing held-back lessons: what the anonymiser flagged, and recording an admin's decisions.

The application layer (it reads the knowledge base, runs the gate and writes decisions); the bot's
``/kb-review`` modal and ``python -m indexer review`` use it. A lesson's raw text is read from its
own file and kept in memory only; what an admin sees is the anonymised text with the flagged spans.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from indexer.anonymise.gate import GateResult, LessonGate
from indexer.config import IndexSettings
from indexer.errors import VidensbankError
from indexer.knowledge.documents import parse_document
from indexer.knowledge.review_decisions import (
    DECISIONS,
    Decision,
    approval,
    is_approved,
    now_iso,
    record_decisions,
)


class ReviewError(VidensbankError):
    def __init__(self, reason: str, message: str):
        self.reason = reason          # "not_found" | "changed" | "no_decision" | "undecided" | "not_needed"
        super().__init__(message)


@dataclass
class ReviewSpan:
    number: int               # 1, 2, … in text order
    kind: str                 # "name", "phone", …
    field: str                # "body" or a front-matter key
    line: int
    column: int
    offset: int               # what a decision points at
    length: int
    text: str                 # the flagged words, as they stand in the anonymised text (admins only)
    decision: str | None      # an earlier decision for this version of the file


@dataclass
class LessonReview:
    doc_id: str
    content_hash: str
    audience: str
    title: str                # as members would see it ("Erfaring fra … (anonymiseret)")
    spans: list[ReviewSpan]
    held: bool                # would the gate hold it back now?
    result: GateResult
    approval_required: bool = False     # VIDENSBANK_REVIEW_LESSONS=all
    approved: bool = False              # this version is approved by an admin

    @property
    def awaiting_approval(self) -> bool:
        return self.approval_required and not self.approved

    def marked(self, mark) -> list[tuple[str, str]]:
        """(field, anonymised text) with each flagged span written as ``mark(number, text, kind)``."""
        numbers = {f.shown: n for n, f in ((s.number, f) for s in self.spans for f in self.result.findings
                                           if f.offset == s.offset and f.length == s.length)}
        return self.result.marked_parts(lambda text, kind, span: mark(numbers.get(span), text, kind))


def lesson_path(settings: IndexSettings, doc_id: str) -> Path:
    kb = Path(settings.kb_dir).resolve()
    path = (kb / doc_id).resolve()
    if not doc_id.startswith("lessons/") or not path.is_relative_to(kb / "lessons") or not path.is_file():
        raise ReviewError("not_found", f"{doc_id} is not a lesson of the knowledge base")
    return path


def review_lesson(settings: IndexSettings, doc_id: str) -> LessonReview:
    """The lesson as the anonymiser leaves it, each flagged span numbered, with earlier decisions."""
    path = lesson_path(settings, doc_id)
    doc = parse_document(path, Path(settings.kb_dir).resolve())
    if doc is None:
        raise ReviewError("not_found", f"{doc_id} is empty")
    result = LessonGate.from_kb(settings.kb_dir, settings.review_lessons).review(doc)
    decided = {(d.offset, d.length): d.decision for d in result.decisions}
    text = result.anonymised.text
    spans = []
    for f in sorted((f for f in result.findings if f.shown != (0, 0)), key=lambda f: f.shown):
        spans.append(ReviewSpan(len(spans) + 1, f.kind, f.field, f.line, f.column, f.offset, f.length,
                                text[f.shown[0]:f.shown[1]], decided.get((f.offset, f.length))))
    for d in result.decisions:      # a span held earlier stays in the list, with its decision
        if d.decision == "hold" and not any((s.offset, s.length) == (d.offset, d.length) for s in spans):
            spans.append(ReviewSpan(len(spans) + 1, d.kind, "body", 0, 0, d.offset, d.length, "", "hold"))
    return LessonReview(doc.doc_id, doc.content_hash, doc.audience, _title(result), spans,
                        bool(result.findings), result, settings.review_lessons == "all",
                        is_approved(result.decisions))


def _title(result: GateResult) -> str:
    meeting = next((p for s, p in zip(result.segments, result.parts()) if s.field == "meeting"), None)
    return f"Erfaring fra {meeting or 'udviklingsmøde'} (anonymiseret)"


def decide_review(settings: IndexSettings, doc_id: str, content_hash: str, choices: dict[int, str],
                  by: str, approve: bool = False) -> list[Decision]:
    """Record ``choices`` (span offset → "allow" | "replace" | "hold") for this version of the lesson.

    "allow" also adds the flagged words to allowlist.yaml. ``approve`` also approves this version of
    the whole lesson (VIDENSBANK_REVIEW_LESSONS=all): an admin approves the text as it will be indexed,
    so every flagged span must be decided "allow" or "replace" in the same step. Raises ReviewError
    when the file has changed since it was shown (it is reviewed again), nothing was chosen, a span
    is left undecided on approval, or no approval is needed.
    """
    review = review_lesson(settings, doc_id)
    if review.content_hash != content_hash:
        raise ReviewError("changed", f"{doc_id} has changed since it was shown; open it again")
    spans = {s.offset: s for s in review.spans}
    chosen = {offset: d for offset, d in choices.items() if d in DECISIONS and offset in spans}
    if approve and not review.approval_required:
        raise ReviewError("not_needed", "lessons need no approval: VIDENSBANK_REVIEW_LESSONS is 'flagged'")
    if approve and any(chosen.get(offset) not in ("allow", "replace") for offset in spans):
        raise ReviewError("undecided", f"{doc_id} still has flagged spans: decide each one (allow or replace, "
                                       "in Slack with /kb-review) before approving the whole lesson")
    if not chosen and not approve:
        raise ReviewError("no_decision", "choose what to do with at least one flagged span")
    when = now_iso()
    decisions = [Decision(doc_id, content_hash, offset, spans[offset].length, spans[offset].kind, decision, by, when)
                 for offset, decision in sorted(chosen.items())]
    if approve:
        decisions.append(approval(doc_id, content_hash, by, when))
    allowed = [spans[d.offset].text for d in decisions if d.decision == "allow" and spans[d.offset].text.strip()]
    record_decisions(settings.kb_dir, decisions, allowed)
    return decisions
