"""What admins do to the knowledge base as one step: write a file, then rebuild the index; and
text from outside (a Slack thread) anonymised with the knowledge base's directory and allowlist.

The steps themselves belong to their layers (``knowledge`` writes files, ``anonymise`` replaces
people, ``index`` builds); this module is where they are put together, so data keeps flowing one way.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from indexer.anonymise.anonymiser import AnonymisedText, anonymise
from indexer.anonymise.gate import ALLOWLIST_FILE, DIRECTORY_FILE, LessonGate
from indexer.config import IndexSettings
from indexer.index.build import BuildSummary, build_index
from indexer.knowledge.articles import NewArticle, write_article
from indexer.knowledge.directory import Directory, load_allowlist, load_directory
from indexer.knowledge.documents import parse_bytes

# What counts as personal data in an upload (organisations replaced by their roles do not).
PERSONAL_KINDS = ("person", "name", "email", "phone", "cpr", "address", "birthdate")


@dataclass
class AddResult:
    path: Path
    doc_id: str
    summary: BuildSummary


def add_article(settings: IndexSettings, article: NewArticle, embedder=None, progress=None,
                wait: bool = True) -> AddResult:
    """Write the article and build incrementally (only it is embedded); undo the write on failure."""
    path = write_article(settings.kb_dir, article)
    doc_id = path.relative_to(settings.kb_dir).as_posix()
    kwargs = {"progress": progress} if progress else {}
    try:
        summary = build_index(settings, embedder=embedder, wait=wait, **kwargs)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return AddResult(path=path, doc_id=doc_id, summary=summary)


@dataclass
class UploadScan:
    """What the anonymiser finds in an uploaded file (counts by kind; never the values)."""

    replaced: dict[str, int]        # personal data it would replace
    left: dict[str, int]            # what would still hold a lesson back
    preview: list[str]              # the first lines of the anonymised text

    @property
    def personal(self) -> bool:
        return bool(self.replaced or self.left)


def scan_upload(settings: IndexSettings, article: NewArticle, lines: int = 5) -> UploadScan:
    """Run an uploaded file through the lesson gate in memory: what is personal, and how it would read."""
    path = Path(settings.kb_dir) / "lessons" / "upload.md"
    as_lesson = dataclasses.replace(article, kind="lesson")        # the uploader's name is not scanned
    doc = parse_bytes(as_lesson.text().encode("utf-8"), path, kind="lesson", draft=True)
    result = LessonGate.from_kb(settings.kb_dir).review(doc)
    replaced = {k: n for k, n in result.anonymised.replaced.items() if k in PERSONAL_KINDS and n}
    left: dict[str, int] = {}
    for f in result.findings:
        left[f.kind] = left.get(f.kind, 0) + 1
    body = next((p for s, p in zip(result.segments, result.parts()) if s.field == "body"), "")
    preview = [line for line in body.splitlines() if line.strip()][:lines]
    return UploadScan(replaced, left, preview)


def anonymise_free_text(text: str, kb_dir: Path, directory: Directory | None = None) -> AnonymisedText:
    """``text`` as a lesson would be indexed: known people → roles, contact data → placeholders,
    other names → "Person A"; ``findings`` list what still looks personal (kind and place only).

    ``directory`` defaults to the knowledge base's ``directory.yaml``; the allowlist is always
    the knowledge base's ``allowlist.yaml``.
    """
    kb_dir = Path(kb_dir)
    if directory is None:
        directory = load_directory(kb_dir / DIRECTORY_FILE)
    return anonymise(text, directory, load_allowlist(kb_dir / ALLOWLIST_FILE))
