"""What admins do to the knowledge base as one step: write a file, then rebuild the index; and
text from outside (a Slack thread) anonymised with the knowledge base's directory and allowlist.

The steps themselves belong to their layers (``knowledge`` writes files, ``anonymise`` replaces
people, ``index`` builds); this module is where they are put together, so data keeps flowing one way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from indexer.anonymise.anonymiser import AnonymisedText, anonymise
from indexer.anonymise.gate import ALLOWLIST_FILE, DIRECTORY_FILE
from indexer.config import IndexSettings
from indexer.index.build import BuildSummary, build_index
from indexer.knowledge.articles import NewArticle, write_article
from indexer.knowledge.directory import Directory, load_allowlist, load_directory


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
