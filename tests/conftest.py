"""Shared fixtures: a tiny invented knowledge base, the deterministic fake embedder, a built index."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

FIXTURE_KB = Path(__file__).parent / "fixtures" / "kb"
FIXED_NOW = dt.datetime(2027, 1, 15, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch):
    """Tests never depend on the developer's shell configuration."""
    for name in list(os.environ):
        if name.startswith(("VIDENSBANK_", "SLACK_")):
            monkeypatch.delenv(name, raising=False)


@pytest.fixture
def kb_dir(tmp_path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, target)
    return target


@pytest.fixture
def fake_embedder():
    from indexer.index.embedding import HashingEmbedder

    return HashingEmbedder()


@pytest.fixture
def index_settings(kb_dir, tmp_path):
    from indexer.config import IndexSettings

    return IndexSettings(kb_dir=kb_dir, index_dir=tmp_path / "index", model="fake:hashing")


@pytest.fixture
def built_index(index_settings, fake_embedder):
    from indexer.index.build import build_index

    build_index(index_settings, embedder=fake_embedder)
    return index_settings


@pytest.fixture
def knowledge_service(built_index, fake_embedder):
    from indexer.service import KnowledgeService

    return KnowledgeService(built_index, embedder=fake_embedder, clock=lambda: FIXED_NOW)


@pytest.fixture
def fake_llm():
    """A local fake OpenAI-compatible endpoint (tests/fake_llm.py), stopped after the test."""
    from tests.fake_llm import FakeLLM

    fake = FakeLLM().start()
    yield fake
    fake.stop()
