"""Building the index: incremental, atomic, and clear about every failure."""

import threading

import pytest

from indexer.config import IndexSettings
from indexer.errors import CorruptIndex, IndexNotFound, InvalidDocument, ModelMismatch
from indexer.index import manifest as mf
from indexer.index.build import build_index
from indexer.index.embedding import HashingEmbedder
from indexer.index.snapshot import IndexSnapshot
from indexer.service import KnowledgeService


class ExplodingEmbedder(HashingEmbedder):
    def encode(self, texts, kind="passage", show_progress=False):
        raise AssertionError("the model must not be used")


def current_manifest(settings):
    return mf.read_manifest(mf.current_build_dir(settings.index_dir))


def test_first_build_writes_manifest_with_model_counts_and_hashes(built_index):
    m = current_manifest(built_index)
    assert m["model"] == "fake:hashing" and m["dimension"] == 256
    assert m["counts"]["articles"] == 3 and m["counts"]["lessons"] == 1
    assert m["counts"]["passages"] >= 6
    assert set(m["documents"]) == {"articles/udbud.md", "articles/beboere.md", "articles/skala.md",
                                   "lessons/udbud-dialog.md"}
    assert m["format_version"] == mf.FORMAT_VERSION and m["built_at"]


def test_unchanged_documents_are_not_re_embedded(built_index, fake_embedder):
    before = fake_embedder.texts_encoded
    summary = build_index(built_index, embedder=fake_embedder)
    assert fake_embedder.texts_encoded == before
    assert summary.embedded == 0 and len(summary.unchanged) == 4


def test_changed_added_and_removed_documents(built_index, fake_embedder):
    kb = built_index.kb_dir
    (kb / "articles" / "skala.md").write_text(
        "---\ntitle: Partnerskabets skala\naudience: network\n---\n\n## Ny sektion\n\nHelt ny tekst om volumen.\n",
        encoding="utf-8")
    (kb / "articles" / "beboere.md").unlink()
    (kb / "articles" / "ny.md").write_text("---\ntitle: Ny artikel\n---\n\n## Start\n\nOm læring.\n",
                                           encoding="utf-8")
    before = fake_embedder.texts_encoded
    summary = build_index(built_index, embedder=fake_embedder)
    assert summary.changed == ["articles/skala.md"]
    assert summary.added == ["articles/ny.md"]
    assert summary.removed == ["articles/beboere.md"]
    assert fake_embedder.texts_encoded - before == 2      # only the two new passages
    snap = IndexSnapshot.load(built_index.index_dir)
    assert "articles/beboere.md" not in snap.documents
    assert "articles/beboere.md" not in set(snap.row_doc)


def test_metadata_only_change_never_re_embeds(built_index, fake_embedder):
    path = built_index.kb_dir / "articles" / "udbud.md"
    path.write_text(path.read_text(encoding="utf-8").replace("tags: [udbud, tildelingskriterier]",
                                                             "tags: [udbud, dialog]"), encoding="utf-8")
    before = fake_embedder.texts_encoded
    summary = build_index(built_index, embedder=fake_embedder)
    assert summary.changed == ["articles/udbud.md"]
    assert summary.embedded == 0 and fake_embedder.texts_encoded == before


def test_full_rebuild_re_embeds_everything(built_index, fake_embedder):
    summary = build_index(built_index, embedder=fake_embedder, full=True)
    assert summary.embedded == summary.passages > 0


def test_if_stale_does_nothing_and_loads_no_model_when_up_to_date(built_index):
    summary = build_index(built_index, embedder=ExplodingEmbedder(), if_stale=True)
    assert summary.skipped


def test_a_failed_build_leaves_the_current_index_in_place(built_index, fake_embedder):
    before = (built_index.index_dir / mf.POINTER).read_text()
    (built_index.kb_dir / "articles" / "broken.md").write_text("---\ntitle: [ups\n---\nTekst\n", encoding="utf-8")
    with pytest.raises(InvalidDocument, match="broken.md:3: invalid YAML"):
        build_index(built_index, embedder=fake_embedder)
    assert (built_index.index_dir / mf.POINTER).read_text() == before
    assert not [p for p in mf.builds_dir(built_index.index_dir).iterdir() if p.name.startswith(".tmp")]
    answer = KnowledgeService(built_index, embedder=fake_embedder).ask("hvordan vægtes tildelingskriterierne?")
    assert answer.citations and answer.citations[0].doc_id == "articles/udbud.md"       # still answers


def test_index_not_found_says_how_to_build(tmp_path, kb_dir):
    settings = IndexSettings(kb_dir=kb_dir, index_dir=tmp_path / "nothing", model="fake:hashing")
    with pytest.raises(IndexNotFound, match=r"Build it with: python -m indexer build"):
        KnowledgeService(settings, embedder=HashingEmbedder()).ask("hej")


def test_index_built_with_another_model_is_refused(built_index):
    other = IndexSettings(kb_dir=built_index.kb_dir, index_dir=built_index.index_dir, model="fake:other")
    with pytest.raises(ModelMismatch) as err:
        KnowledgeService(other, embedder=HashingEmbedder("fake:other")).ask("udbud")
    assert "'fake:hashing'" in str(err.value) and "'fake:other'" in str(err.value)
    assert "--full" in str(err.value)


@pytest.mark.parametrize("victim", ["dense.faiss", "passages.db", "keyword/vocab.index.json"])
def test_corrupted_index_file_is_detected(built_index, victim):
    path = mf.current_build_dir(built_index.index_dir) / victim
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptIndex, match="does not match its checksum.*build --full"):
        IndexSnapshot.load(built_index.index_dir)


def test_garbled_manifest_is_corrupt(built_index):
    (mf.current_build_dir(built_index.index_dir) / mf.MANIFEST).write_text("{not json", encoding="utf-8")
    with pytest.raises(CorruptIndex, match="not valid JSON"):
        IndexSnapshot.load(built_index.index_dir)


def test_old_builds_are_pruned_but_previous_is_kept(built_index, fake_embedder):
    for _ in range(3):
        build_index(built_index, embedder=fake_embedder, full=True)
    builds = [p for p in mf.builds_dir(built_index.index_dir).iterdir()]
    assert len(builds) == mf.KEEP_BUILDS


def test_questions_during_rebuilds_always_get_a_whole_answer(built_index, fake_embedder):
    service = KnowledgeService(built_index, embedder=fake_embedder)
    errors, answers = [], []
    stop = threading.Event()

    def ask_loop():
        while not stop.is_set():
            try:
                answers.append(service.ask("hvordan foregår genhusning af beboerne?"))
            except Exception as exc:  # pragma: no cover - the assertion below reports it
                errors.append(exc)

    threads = [threading.Thread(target=ask_loop) for _ in range(3)]
    for t in threads:
        t.start()
    for i in range(4):
        path = built_index.kb_dir / "articles" / "skala.md"
        path.write_text(path.read_text(encoding="utf-8") + f"\nTilføjelse {i} om volumen.\n", encoding="utf-8")
        build_index(built_index, embedder=fake_embedder)
        service.reload()
    stop.set()
    for t in threads:
        t.join()
    assert not errors
    assert answers and all(a.citations and a.citations[0].doc_id == "articles/beboere.md" for a in answers)
