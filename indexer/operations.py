"""What admins do to the knowledge base as one step: write a file, then rebuild the index.

The steps themselves belong to their layers (``knowledge`` writes files, ``index`` builds); this
module is where they are put together, so data keeps flowing one way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from indexer.config import IndexSettings
from indexer.index.build import BuildSummary, build_index
from indexer.knowledge.articles import NewArticle, write_article


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
