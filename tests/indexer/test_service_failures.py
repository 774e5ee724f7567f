"""Failures that stay small: a broken new build is tried once, a rebuilt index is picked up on its
own, loading never holds up questions, and a model that cannot load leaves keyword search."""

from __future__ import annotations

import json
import logging
import shutil
import threading
import time

import pytest

from indexer.errors import CorruptIndex, ModelUnavailable
from indexer.index import manifest as mf
from indexer.index.build import build_index
from indexer.index.snapshot import IndexSnapshot
from indexer.service import KnowledgeService
from tests.conftest import FIXED_NOW

QUESTION = "hvordan foregår genhusning af beboerne?"


def eventually(condition, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "it did not happen in time"
        time.sleep(0.02)


def _service(settings, embedder, **kwargs) -> KnowledgeService:
    service = KnowledgeService(settings, embedder=embedder, clock=lambda: FIXED_NOW, **kwargs)
    service._index.check_seconds = 0           # look at CURRENT on every question
    return service


def _broken_build(index_dir) -> str:
    """A copy of the current build with a damaged vector file, and CURRENT pointing at it."""
    current = mf.current_build_dir(index_dir)
    broken = current.parent / "29990101T000000000000Z"
    shutil.copytree(current, broken)
    manifest = mf.read_manifest(broken)
    manifest["build_id"] = broken.name
    (broken / mf.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    (broken / "dense.faiss").write_bytes(b"not a faiss index")
    (index_dir / mf.POINTER).write_text(broken.name + "\n", encoding="utf-8")
    return broken.name


def test_a_rebuilt_index_is_picked_up_without_a_restart(built_index, fake_embedder):
    service = _service(built_index, fake_embedder)
    assert "articles/genhusning.md" not in [c.doc_id for c in service.ask("genhusningsplan i etaper").citations]
    (built_index.kb_dir / "articles" / "genhusning.md").write_text(
        '---\ntitle: "Genhusningsplan i etaper"\n---\n\n## Etaper\n\nGenhusningsplanen deles i etaper, så '
        "beboerne i hver opgang ved, hvornår de skal flytte.\n", encoding="utf-8")
    build_index(built_index, embedder=fake_embedder)          # another process would do the same
    eventually(lambda: "articles/genhusning.md" in
               [c.doc_id for c in service.ask("genhusningsplan i etaper").citations])


def test_a_broken_build_is_tried_once_and_the_old_one_keeps_answering(built_index, fake_embedder,
                                                                      monkeypatch, caplog):
    service = _service(built_index, fake_embedder)
    old = service.snapshot().build_id
    loads = []
    real_load = IndexSnapshot.load

    def counting_load(*args, **kwargs):
        loads.append(1)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(IndexSnapshot, "load", staticmethod(counting_load))
    broken = _broken_build(built_index.index_dir)
    with caplog.at_level(logging.ERROR):
        for _ in range(30):
            assert service.ask(QUESTION).citations[0].doc_id == "articles/beboere.md"
            time.sleep(0.01)
        eventually(lambda: not service._index._reloading)
    assert len(loads) == 1 and service.snapshot().build_id == old
    assert f"index build {broken} did not load" in caplog.text
    with pytest.raises(CorruptIndex):
        service.reload(raise_errors=True)                     # the remembered error, not a new try
    assert len(loads) == 1
    build_index(built_index, embedder=fake_embedder, full=True)   # CURRENT moves on: tried again
    eventually(lambda: service.ask(QUESTION) and service.snapshot().build_id not in (old, broken))


def test_questions_are_answered_while_a_new_build_is_loading(built_index, fake_embedder, monkeypatch):
    service = _service(built_index, fake_embedder)
    service.snapshot()
    loading, release = threading.Event(), threading.Event()
    real_load = IndexSnapshot.load

    def slow_load(*args, **kwargs):
        loading.set()
        release.wait(10)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(IndexSnapshot, "load", staticmethod(slow_load))
    build_index(built_index, embedder=fake_embedder, full=True)
    answered = []
    askers = [threading.Thread(target=lambda: answered.append(service.ask(QUESTION)), daemon=True)
              for _ in range(2)]
    askers[0].start()                                         # notices the new build
    assert loading.wait(5)
    askers[1].start()
    for asker in askers:
        asker.join(5)
    finished = len(answered)
    release.set()
    assert finished == 2 and all(a.citations for a in answered), "a question waited for the new build"


class FlakyModel:
    """An embedder whose model cannot load until ``fixed`` is set."""

    name = "fake:hashing"

    def __init__(self, inner):
        self.inner, self.profile = inner, inner.profile
        self.fixed = threading.Event()
        self.attempts = 0

    @property
    def loaded(self):
        return self.fixed.is_set()

    def warm_up(self):
        self.attempts += 1
        if not self.fixed.is_set():
            raise ModelUnavailable("cannot load embedding model 'x' from '/nowhere' (OSError)")

    def encode(self, texts, kind="passage", show_progress=False):
        self.warm_up()
        return self.inner.encode(texts, kind=kind)


def test_without_the_model_questions_get_keyword_answers_and_the_model_is_retried(built_index, fake_embedder,
                                                                                  caplog):
    model = FlakyModel(fake_embedder)
    service = _service(built_index, model, model_retry_seconds=0.05)
    with caplog.at_level(logging.WARNING):
        service.warm_up()
        answer = service.ask(QUESTION)
    assert answer.confident and answer.citations[0].doc_id == "articles/beboere.md"   # keyword search
    assert service.model_problem.startswith("cannot load embedding model 'x'")
    assert service.ready
    assert "answering with keyword search only" in caplog.text
    eventually(lambda: model.attempts >= 3)                   # retried in the background, not per question
    tries = model.attempts
    for _ in range(5):
        service.ask(QUESTION + " igen")
    assert model.attempts - tries <= 1
    model.fixed.set()
    eventually(lambda: service.model_problem is None)
    assert service.search("beboerinddragelse og genhusning").top_doc.get("dense")


def test_a_missing_dense_score_is_assumed_not_zero_while_the_model_is_away():
    from indexer.parameters import ConfidenceModel

    model = ConfidenceModel(weights={"coverage": 4.0, "dense": 4.0}, bias=-5.0, threshold=0.5,
                            dense_when_missing=0.55)
    keyword_only = {"coverage": 0.8, "dense": 0.0, "dense_missing": 1.0}
    assert model.confident(keyword_only)
    assert not model.confident({**keyword_only, "dense_missing": 0.0})     # a real dense score of 0
    assert not ConfidenceModel.from_dict({**model.as_dict(), "dense_when_missing": None}).confident(keyword_only)
    assert ConfidenceModel.from_dict(model.as_dict()) == model
