"""A knowledge service over a few invented articles, for the answer-composition tests."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from indexer.config import IndexSettings
from indexer.index.build import build_index
from indexer.parameters import ConfidenceModel
from indexer.service import KnowledgeService

CONFIDENT = replace(ConfidenceModel(), threshold=0.0)


def service_over(articles: dict[str, tuple[str, str]], tmp_path: Path, embedder,
                 confidence: ConfidenceModel = CONFIDENT) -> KnowledgeService:
    """``articles``: file name → (title, Markdown body), built with ``embedder`` into ``tmp_path``."""
    kb = tmp_path / "kb"
    (kb / "articles").mkdir(parents=True)
    for name, (title, body) in articles.items():
        (kb / "articles" / name).write_text(f"---\ntitle: \"{title}\"\n---\n{body}", encoding="utf-8")
    settings = IndexSettings(kb_dir=kb, index_dir=tmp_path / "index", model="fake:hashing")
    build_index(settings, embedder=embedder)
    return KnowledgeService(settings, embedder=embedder, confidence=confidence)
