"""`indexer validate`: check the whole knowledge base and say what is wrong, file by file.

Every file is checked even when an earlier one is broken, so one run lists every problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from indexer.errors import VidensbankError
from indexer.knowledge.directory import load_allowlist, load_directory
from indexer.knowledge.documents import (
    document_warning,
    duplicate_problems,
    parse_document,
    source_files,
)
from indexer.knowledge.events import load_events
from indexer.knowledge.review_decisions import REVIEW_FILE, load_decisions
from indexer.knowledge.synonyms import load_synonyms


@dataclass
class Validation:
    lines: list[str] = field(default_factory=list)      # what is fine, and warnings
    problems: list[str] = field(default_factory=list)   # each names its file (and line or entry)

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_knowledge_base(kb_dir: Path) -> Validation:
    """Check every article, lesson and YAML file of the knowledge base; collect every problem."""
    kb_dir = Path(kb_dir)
    report = Validation()
    if not kb_dir.is_dir():
        report.problems.append(f"{kb_dir}: knowledge-base folder not found; set VIDENSBANK_KB_DIR or --kb")
        return report
    documents = []
    paths, skipped = source_files(kb_dir)
    report.lines.extend(f"Warning: {message}" for message in skipped)
    for path in paths:
        try:
            doc = parse_document(path, kb_dir)
        except (VidensbankError, OSError) as exc:
            report.problems.append(str(exc))
            continue
        message = document_warning(path, doc)
        if message:
            report.lines.append(f"Warning: {message}")
        if doc is not None:
            documents.append(doc)
    report.problems += duplicate_problems(documents)
    report.lines.insert(0, f"{len(documents)} documents OK "
                           f"({sum(d.kind == 'article' for d in documents)} articles, "
                           f"{sum(d.kind == 'lesson' for d in documents)} lessons).")
    _check(report, lambda: load_directory(kb_dir / "directory.yaml"),
           lambda d: f"directory.yaml OK ({len(d.people)} people, {len(d.organisations)} organisations).")
    _check(report, lambda: load_allowlist(kb_dir / "allowlist.yaml"), None)
    if (kb_dir / REVIEW_FILE).exists():
        _check(report, lambda: load_decisions(kb_dir), lambda d: f"{REVIEW_FILE} OK ({len(d)} review decisions).")
    if (kb_dir / "synonyms.yaml").exists():
        _check(report, lambda: load_synonyms(kb_dir), lambda s: f"synonyms.yaml OK ({len(s.raw)} groups).")
    if (kb_dir / "events.yaml").exists():
        _check(report, lambda: load_events(kb_dir / "events.yaml"), lambda e: f"events.yaml OK ({len(e)} events).")
    return report


def _check(report: Validation, load, describe) -> None:
    try:
        loaded = load()
    except (VidensbankError, ValueError, OSError) as exc:    # the loaders' errors name file and entry
        report.problems.append(str(exc))
        return
    if describe is not None:
        report.lines.append(describe(loaded))
