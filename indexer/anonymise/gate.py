"""The gate every lesson passes before indexing: anonymise, or hold back for review (fail closed)."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path

from indexer.anonymise.anonymiser import anonymise
from indexer.knowledge.directory import load_allowlist, load_directory
from indexer.knowledge.documents import Document

# Bump when the anonymiser changes behaviour, so every lesson is anonymised again.
ANONYMISER_VERSION = "2"
DIRECTORY_FILE = "directory.yaml"
ALLOWLIST_FILE = "allowlist.yaml"


@dataclass
class GateFinding:
    kind: str
    line: int
    column: int


class LessonGate:
    def __init__(self, directory, allowlist: frozenset[str], inputs_hash: str):
        self.directory = directory
        self.allowlist = allowlist
        self.inputs_hash = inputs_hash

    @classmethod
    def from_kb(cls, kb_dir: Path) -> "LessonGate":
        kb_dir = Path(kb_dir)
        digest = hashlib.sha256(ANONYMISER_VERSION.encode())
        for name in (DIRECTORY_FILE, ALLOWLIST_FILE):
            path = kb_dir / name
            digest.update(path.read_bytes() if path.is_file() else b"-")
        return cls(load_directory(kb_dir / DIRECTORY_FILE), load_allowlist(kb_dir / ALLOWLIST_FILE),
                   digest.hexdigest())

    def effective_hash(self, doc: Document) -> str:
        """A lesson changes when its file, the directory, the allowlist or the anonymiser changes."""
        if doc.kind != "lesson":
            return doc.content_hash
        return hashlib.sha256(f"{doc.content_hash}:{self.inputs_hash}".encode()).hexdigest()

    def anonymise_text(self, doc: Document):
        return anonymise(doc.body, self.directory, self.allowlist)

    def prepare(self, doc: Document) -> tuple[Document, list[GateFinding]]:
        """The anonymised lesson, or findings (type and position only) when it must be held back."""
        result = self.anonymise_text(doc)
        findings = [GateFinding(f.kind, f.line + doc.body_line - 1, f.column) for f in result.findings]
        meeting = anonymise(doc.meeting, self.directory, self.allowlist).text if doc.meeting else None
        clean = dataclasses.replace(doc, body=result.text, title=doc.display_title, summary=None,
                                    meeting=meeting, authors=[])
        return clean, findings
