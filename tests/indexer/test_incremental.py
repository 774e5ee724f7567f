"""An incremental build takes unchanged documents over from the previous build (indexer.index.reuse).

What members notice: the index after an incremental build is the index a full build makes — same
passages, same keyword scores, same vectors, same lessons held back — only faster.
"""

import sqlite3

import numpy as np

from indexer.anonymise.gate import LessonGate
from indexer.config import IndexSettings
from indexer.index import manifest as mf
from indexer.index.build import build_index
from indexer.index.chunking import CHUNKING_PARAMS
from indexer.index.snapshot import IndexSnapshot
from indexer.search.query import analyse_query

QUERIES = ["tildelingskriterier i udbud", "genhusning af beboere", "volumen og skala", "dialogmøder",
           "energirenovering", "partnerskabets læring", "beboerinddragelse"]
HELD_BACK = ("---\ntitle: Tvivlsom\nmeeting: udviklingsmøde maj 2021\naudience: network\n---\n\n## Referat\n\n"
             "Vi talte med Qwertzuiop om tidsplanen.\n")


def table(build_dir, sql):
    conn = sqlite3.connect(build_dir / "passages.db")
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def assert_same_index(a: IndexSettings, b: IndexSettings):
    da, db = mf.current_build_dir(a.index_dir), mf.current_build_dir(b.index_dir)
    for sql in ("select row, passage_id, doc_id, ordinal, section, text, embed_hash, audience from passages "
                "order by row",
                "select * from documents order by doc_id",
                "select doc_id, kind, line, column from review order by doc_id, line, column"):
        assert table(da, sql) == table(db, sql), sql
    sa, sb = IndexSnapshot.load(a.index_dir), IndexSnapshot.load(b.index_dir)
    try:
        assert sa.size == sb.size
        for q in QUERIES:
            qa = analyse_query(q, sa.keyword)
            np.testing.assert_allclose(sa.keyword.scores(qa.terms), sb.keyword.scores(qa.terms), rtol=1e-5)
            np.testing.assert_allclose(sa.keyword.gram_scores(qa.grams), sb.keyword.gram_scores(qa.grams),
                                       rtol=1e-5)
        for row in range(sa.size):
            np.testing.assert_array_equal(sa.dense.index.reconstruct(row), sb.dense.index.reconstruct(row))
    finally:
        sa.close()
        sb.close()


def full_build_of(settings: IndexSettings, tmp_path, embedder) -> IndexSettings:
    other = IndexSettings(kb_dir=settings.kb_dir, index_dir=tmp_path / "full-index", model=settings.model)
    build_index(other, embedder=embedder, full=True)
    return other


def edit_knowledge_base(kb):
    skala = kb / "articles" / "skala.md"
    skala.write_text(skala.read_text(encoding="utf-8").replace("volumen", "volumen og gentagelse", 1),
                     encoding="utf-8")
    (kb / "articles" / "beboere.md").unlink()
    (kb / "articles" / "ny.md").write_text(
        "---\ntitle: Energirenovering i praksis\n---\n\n## Start\n\nOm energirenovering af facader og "
        "tage i en helhedsplan.\n\n## Læring\n\nPartnerskabets læring om klimaskærmen.\n", encoding="utf-8")
    (kb / "lessons" / "tvivl.md").write_text(HELD_BACK, encoding="utf-8")


def test_incremental_build_equals_a_full_build(built_index, fake_embedder, tmp_path):
    edit_knowledge_base(built_index.kb_dir)
    summary = build_index(built_index, embedder=fake_embedder)
    assert summary.changed == ["articles/skala.md"] and summary.removed == ["articles/beboere.md"]
    assert sorted(summary.added) == ["articles/ny.md", "lessons/tvivl.md"]
    assert_same_index(built_index, full_build_of(built_index, tmp_path, fake_embedder))


def test_unchanged_lessons_are_not_anonymised_again_and_held_back_ones_stay_held_back(
        built_index, fake_embedder, tmp_path, monkeypatch):
    (built_index.kb_dir / "lessons" / "tvivl.md").write_text(HELD_BACK, encoding="utf-8")
    first = build_index(built_index, embedder=fake_embedder)
    assert {h["doc_id"] for h in first.held_back} == {"lessons/tvivl.md"}
    prepared = []
    real_prepare = LessonGate.prepare
    monkeypatch.setattr(LessonGate, "prepare", lambda self, doc: prepared.append(doc.doc_id) or
                        real_prepare(self, doc))
    again = build_index(built_index, embedder=fake_embedder)
    assert prepared == []
    assert again.held_back == first.held_back
    snap = IndexSnapshot.load(built_index.index_dir)
    try:
        assert "lessons/tvivl.md" not in snap.documents
        lesson = snap.documents["lessons/udbud-dialog.md"]
        assert lesson["title"] == "Erfaring fra udviklingsmøde oktober 2020 (anonymiseret)"
        text = " ".join(p["text"] for p in snap.passages_of("lessons/udbud-dialog.md"))
        assert "Sune" not in text and "Bakkegaard" not in text and "projektlederen" in text.lower()
    finally:
        snap.close()
    # The directory changes: every lesson depends on it, so each is anonymised again.
    directory = built_index.kb_dir / "directory.yaml"
    directory.write_text(directory.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build_index(built_index, embedder=fake_embedder)
    assert sorted(prepared) == ["lessons/tvivl.md", "lessons/udbud-dialog.md"]


def test_a_new_chunker_version_chunks_every_document_again(built_index, fake_embedder, monkeypatch):
    calls = []
    import indexer.index.build as build_module

    real_chunk = build_module.chunk_document
    monkeypatch.setattr(build_module, "chunk_document", lambda *a: calls.append(a[0]) or real_chunk(*a))
    build_index(built_index, embedder=fake_embedder)
    assert calls == []
    monkeypatch.setitem(CHUNKING_PARAMS, "version", CHUNKING_PARAMS["version"] + 1)
    summary = build_index(built_index, embedder=fake_embedder)
    assert len(calls) == 4 and summary.embedded == 0      # chunked again; the vectors are still reused


def test_a_previous_build_without_term_counts_or_some_vectors_still_gives_a_whole_index(
        built_index, fake_embedder, tmp_path):
    build_dir = mf.current_build_dir(built_index.index_dir)
    for counts in build_dir.rglob("counts.npz"):
        counts.unlink()
    conn = sqlite3.connect(build_dir / "passages.db")
    with conn:
        conn.execute("delete from vectors where embed_hash in (select embed_hash from passages "
                     "where doc_id = 'articles/udbud.md')")
    conn.close()
    edit_knowledge_base(built_index.kb_dir)
    summary = build_index(built_index, embedder=fake_embedder)
    udbud = table(mf.current_build_dir(built_index.index_dir),
                  "select count(*) from passages where doc_id = 'articles/udbud.md'")[0][0]
    assert summary.embedded >= udbud > 0
    assert_same_index(built_index, full_build_of(built_index, tmp_path, fake_embedder))
