"""What admins decided about the spans that held a lesson back: ``knowledge_base/review.yaml``.

An admin reviews a held-back lesson (``/kb-review`` in Slack, or ``python -m indexer review``) and
decides per flagged span: ``allow`` (not a name: the word goes to allowlist.yaml), ``replace``
(replace it as a name) or ``hold`` (keep the lesson back). Each decision records who and when and
is keyed by the lesson's content hash, so a changed file is reviewed again. A span is its offset
and length in the lesson as the anonymiser reads it (``indexer.anonymise.gate``): the file never
holds the flagged words themselves. With ``VIDENSBANK_REVIEW_LESSONS=all`` an admin also approves
the whole lesson: ``approve`` with offset -1, length 0 and kind ``lesson`` (``approval``).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import tempfile
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from indexer.knowledge.directory import InvalidAllowlist, load_allowlist

REVIEW_FILE = "review.yaml"
ALLOWLIST_FILE = "allowlist.yaml"
DECISIONS = ("allow", "replace", "hold")          # on one flagged span
APPROVE = "approve"                                # on the whole lesson (this version of the file)
HEADER = ("# Decisions admins made on lessons the anonymiser held back (/kb-review, python -m indexer review).\n"
          "# Keyed by the lesson's content hash: a changed file is reviewed again. A span is an offset and a\n"
          "# length in the lesson; the flagged words are never written here. Written by the bot and the CLI.\n")


class InvalidReviewFile(InvalidAllowlist):
    """review.yaml cannot be used."""


@dataclass(frozen=True)
class Decision:
    lesson: str               # doc id, e.g. "lessons/dialog.md"
    content_hash: str
    offset: int
    length: int
    kind: str                 # what the anonymiser flagged: "name", "phone", …
    decision: str             # "allow" | "replace" | "hold"
    by: str                   # who decided (a Slack user id, or "cli")
    at: str                   # ISO time, UTC


def load_decisions(kb_dir: Path) -> list[Decision]:
    path = Path(kb_dir) / REVIEW_FILE
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InvalidReviewFile(f"{path}: invalid YAML ({exc})") from None
    entries = data.get("decisions") if isinstance(data, dict) else None
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise InvalidReviewFile(f"{path}: 'decisions' must be a list")
    out = []
    for i, entry in enumerate(entries, start=1):
        try:
            decision = Decision(str(entry["lesson"]), str(entry["content_hash"]), int(entry["offset"]),
                                int(entry["length"]), str(entry["kind"]), str(entry["decision"]),
                                str(entry.get("by") or ""), str(entry.get("at") or ""))
        except (KeyError, TypeError, ValueError):
            raise InvalidReviewFile(f"{path}: decision {i} needs lesson, content_hash, offset, length, kind "
                                    "and decision") from None
        if decision.decision not in (*DECISIONS, APPROVE):
            raise InvalidReviewFile(f"{path}: decision {i}: 'decision' must be one of "
                                    f"{', '.join((*DECISIONS, APPROVE))}")
        if decision.decision == APPROVE and (decision.offset, decision.length) != (-1, 0):
            raise InvalidReviewFile(f"{path}: decision {i}: 'approve' is about the whole lesson: "
                                    "offset -1 and length 0")
        out.append(decision)
    return out


def decisions_for(decisions: list[Decision], lesson: str, content_hash: str) -> list[Decision]:
    """The decisions that still apply to this version of the lesson (the latest per span wins)."""
    latest: dict[tuple[int, int], Decision] = {}
    for d in decisions:
        if d.lesson == lesson and d.content_hash == content_hash:
            latest[(d.offset, d.length)] = d
    return sorted(latest.values(), key=lambda d: d.offset)


def approval(lesson: str, content_hash: str, by: str, at: str) -> Decision:
    """An admin's approval of this version of the whole lesson."""
    return Decision(lesson, content_hash, -1, 0, "lesson", APPROVE, by, at)


def is_approved(decisions: list[Decision]) -> bool:
    """Whether this version's decisions (``decisions_for``) include an approval of the whole lesson."""
    return any(d.decision == APPROVE and d.offset == -1 for d in decisions)


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@contextmanager
def _locked(kb_dir: Path):
    with open(Path(kb_dir) / ".review.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def record_decisions(kb_dir: Path, new: list[Decision], allowed_terms: list[str] = ()) -> None:
    """Append decisions to review.yaml and allowed words to allowlist.yaml, each written atomically."""
    kb_dir = Path(kb_dir)
    with _locked(kb_dir):
        if allowed_terms:
            _add_allowed(kb_dir, allowed_terms)
        decisions = load_decisions(kb_dir) + list(new)
        body = yaml.safe_dump({"decisions": [asdict(d) for d in decisions]}, allow_unicode=True,
                              sort_keys=False, width=1000)
        _write_atomically(kb_dir / REVIEW_FILE, HEADER + body)


def _add_allowed(kb_dir: Path, terms: list[str]) -> None:
    """Add terms to allowlist.yaml, keeping its comments and its terms in their order."""
    path = kb_dir / ALLOWLIST_FILE
    present = load_allowlist(path) if path.is_file() else frozenset()
    known = {t.casefold() for t in present}
    fresh = [t for t in dict.fromkeys(" ".join(t.split()) for t in terms) if t and t.casefold() not in known]
    if not fresh:
        return
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    comments = [line for line in text.split("\n") if line.startswith("#")]
    existing = (yaml.safe_load(text) or {}).get("terms") or [] if text.strip() else []
    items = "".join(f"  - {json.dumps(str(term), ensure_ascii=False)}\n" for term in [*existing, *fresh])
    _write_atomically(path, "".join(c + "\n" for c in comments) + "terms:\n" + items)
    load_allowlist(path)        # the file is still valid


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
