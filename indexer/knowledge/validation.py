"""`indexer validate`: check the whole knowledge base and say what is wrong, file by file."""

from __future__ import annotations

from pathlib import Path

from indexer.knowledge.directory import load_allowlist, load_directory
from indexer.knowledge.documents import load_knowledge_base
from indexer.knowledge.events import load_events
from indexer.knowledge.review_decisions import REVIEW_FILE, load_decisions
from indexer.knowledge.synonyms import load_synonyms


def validate_knowledge_base(kb_dir: Path) -> list[str]:
    """Raises the first error (with file and line); returns a short English report when valid."""
    kb_dir = Path(kb_dir)
    loaded = load_knowledge_base(kb_dir)
    lines = [f"{len(loaded.documents)} documents OK "
             f"({sum(d.kind == 'article' for d in loaded.documents)} articles, "
             f"{sum(d.kind == 'lesson' for d in loaded.documents)} lessons)."]
    lines += [f"Warning: {w}" for w in loaded.warnings]
    directory = load_directory(kb_dir / "directory.yaml")
    load_allowlist(kb_dir / "allowlist.yaml")
    lines.append(f"directory.yaml OK ({len(directory.people)} people, "
                 f"{len(directory.organisations)} organisations).")
    if (kb_dir / REVIEW_FILE).exists():
        lines.append(f"{REVIEW_FILE} OK ({len(load_decisions(kb_dir))} review decisions).")
    if (kb_dir / "synonyms.yaml").exists():
        lines.append(f"synonyms.yaml OK ({len(load_synonyms(kb_dir).raw)} groups).")
    events_path = kb_dir / "events.yaml"
    if events_path.exists():
        lines.append(f"events.yaml OK ({len(load_events(events_path))} events).")
    return lines
