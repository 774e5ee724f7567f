"""A document above a viewer's audience changes nothing they get: not the passages, not the scores,
not the words a question is corrected or expanded to (keyword statistics and vocabulary per audience)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.audience import Viewer
from indexer.config import IndexSettings
from indexer.index.build import build_index
from indexer.index.embedding import HashingEmbedder
from indexer.service import KnowledgeService

ROOT = Path(__file__).resolve().parents[2]
# Shares the public questions' words (so it would change their idf) and holds a word the public
# knowledge base lacks, one letter from a question's typo ("kvartersløft" for "kvartersloeft").
HIDDEN = ("---\ntitle: \"Erfaring om kvartersløft i partnerskabet\"\nmeeting: \"udviklingsmøde maj 2021\"\n"
          "audience: partnership:os\n---\n\n## Kvartersløft\n\n"
          "Partnerskabet brugte kvartersløft som ramme. Salon, salon og salon: strategisk partnerskab, "
          "udbud, tilbud, dialog, bemanding og pris blev drøftet igen og igen i kvartersløftet. "
          "Kvartersløft kræver beboerinddragelse, helhedsplan og transaktionsomkostninger.\n")
QUESTIONS = ["hvad er et strategisk partnerskab?", "hvad koster et udbud med dialog?",
             "hvordan vægtes pris og bemanding?", "kvartersloeft i partnerskabet", "kvartersløft",
             "transaktionsomkostninger ved faseskift", "beboerinddragelse i helhedsplaner",
             "strategisk partnerskap"]


def _service(tmp: Path, hidden: bool) -> KnowledgeService:
    kb = tmp / "kb"
    shutil.copytree(ROOT / "knowledge_base", kb)
    if hidden:
        (kb / "lessons" / "kvartersloeft.md").write_text(HIDDEN, encoding="utf-8")
    settings = IndexSettings(kb_dir=kb, index_dir=tmp / "index", model="fake:hashing")
    summary = build_index(settings, embedder=HashingEmbedder())
    assert not summary.held_back
    return KnowledgeService(settings, embedder=HashingEmbedder())


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    return (_service(tmp_path_factory.mktemp("without"), hidden=False),
            _service(tmp_path_factory.mktemp("with"), hidden=True))


def _seen(service: KnowledgeService, question: str, viewer: Viewer):
    answer = service.ask(question, viewer)
    found = service.search(question, viewer)
    return (answer.answer, answer.confident, [(c.doc_id, c.passage_id, c.score, c.text) for c in answer.citations],
            [n.doc_id for n in answer.nearest], dict(found.analysed.terms), dict(found.analysed.grams),
            [(h.doc_id, h.score, h.bm25, h.grams, h.dense) for h in found.hits])


@pytest.mark.parametrize("viewer", [Viewer.public(), Viewer.parse("network"), Viewer.parse("partnership:fsb-hjem")],
                         ids=["public", "network", "other-partnership"])
def test_answers_and_scores_are_identical_with_and_without_a_hidden_lesson(services, viewer):
    without, with_hidden = services
    for question in QUESTIONS:
        assert _seen(with_hidden, question, viewer) == _seen(without, question, viewer), question


def test_the_hidden_lesson_is_there_for_its_own_partnership(services):
    _, with_hidden = services
    answer = with_hidden.ask("kvartersløft i partnerskabet", Viewer.parse("partnership:os"))
    assert "lessons/kvartersloeft.md" in {c.doc_id for c in answer.citations}


def test_a_typo_is_not_corrected_to_a_word_only_a_hidden_lesson_has(services):
    _, with_hidden = services
    public = with_hidden.search("kvartersloeft", Viewer.public()).analysed
    member = with_hidden.search("kvartersloeft", Viewer.parse("partnership:os")).analysed
    assert not any("kvartersløft" in t for t in public.terms)
    assert any("kvartersløft" in t for t in member.terms)


def test_many_first_questions_of_one_level_load_its_statistics_once(tmp_path, monkeypatch):
    """Questions arriving together on a fresh build: one thread computes the level's statistics, the
    others wait for it (no second load of the term counts, the same view for all)."""
    import threading
    import time

    import indexer.index.snapshot as snapshot_module

    service = _service(tmp_path, hidden=True)
    loads = []
    real = snapshot_module.load_counts

    def slow_load(folder):
        loads.append(threading.get_ident())
        time.sleep(0.05)                      # long enough for every thread to arrive meanwhile
        return real(folder)

    monkeypatch.setattr(snapshot_module, "load_counts", slow_load)
    snap, views = service.snapshot(), []
    threads = [threading.Thread(target=lambda: views.append(snap.for_viewer(Viewer.public()))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(loads) == 1 and len({id(v) for v in views}) == 1 and views[0] is not snap
