"""Hybrid search: right documents, exact terms, audience filtering before ranking."""

import numpy as np

from indexer.audience import Viewer
from indexer.index.snapshot import IndexSnapshot
from indexer.index.store import blob_to_vector
from indexer.parameters import FusionParams


def test_flat_faiss_matches_brute_force(built_index, fake_embedder):
    snap = IndexSnapshot.load(built_index.index_dir)
    rows = snap._conn.execute(
        "select p.row, v.vector from passages p join vectors v using (embed_hash) order by p.row").fetchall()
    matrix = np.vstack([blob_to_vector(r[1]) for r in rows])
    query = fake_embedder.encode(["beboermøder og genhusning"], kind="query")[0]
    expected = np.argsort(-(matrix @ query), kind="stable")[:5]
    ids, scores = snap.dense.search(query, 5)
    assert list(ids) == list(expected)
    assert np.allclose(scores, (matrix @ query)[expected], atol=1e-5)


def test_dense_search_keeps_to_each_allowed_set_when_selectors_are_reused():
    from indexer.index.dense import DenseIndex

    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(200, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = DenseIndex.build(vectors, "flat")
    evens, odds = np.arange(0, 200, 2), np.arange(1, 200, 2)
    for _ in range(2):                       # the second round uses the cached selectors
        for allowed in (evens, odds):
            ids, _ = index.search(vectors[7], 10, allowed)
            assert len(ids) == 10 and set(ids.tolist()) <= set(allowed.tolist())
    same_ids_new_array = odds.copy()
    ids, _ = index.search(vectors[7], 10, same_ids_new_array)
    assert ids[0] == 7 and set(ids.tolist()) <= set(odds.tolist())
    ids, _ = index.search(vectors[8], 10, evens[:5])       # a new, smaller set
    assert set(ids.tolist()) <= set(evens[:5].tolist())


def test_keyword_channel_finds_exact_rare_terms(knowledge_service):
    result = knowledge_service.search("genhusningskoordinator", params=FusionParams(method="bm25"))
    assert result.hits[0].doc_id == "articles/beboere.md"


def test_stemming_matches_inflected_forms(knowledge_service):
    result = knowledge_service.search("tildelingskriteriet", params=FusionParams(method="bm25"))
    assert result.hits and result.hits[0].doc_id == "articles/udbud.md"


def test_results_are_one_per_document(knowledge_service):
    result = knowledge_service.search("udbud tilbudsgiverne dialog tildelingskriterier", Viewer.everything({"os"}))
    doc_ids = [h.doc_id for h in result.hits]
    assert len(doc_ids) == len(set(doc_ids))


def test_public_viewer_never_sees_partnership_lesson_even_when_it_is_the_best_match(knowledge_service):
    question = "dialogmøder med tilbudsgiverne spørgsmålene på forhånd"
    member = knowledge_service.search(question, Viewer.parse("partnership:os"))
    assert member.hits[0].doc_id == "lessons/udbud-dialog.md"
    for viewer in (Viewer.public(), Viewer.parse("network"), Viewer.parse("partnership:fsb-hjem")):
        result = knowledge_service.search(question, viewer)
        assert "lessons/udbud-dialog.md" not in [h.doc_id for h in result.passage_hits]
        answer = knowledge_service.ask(question, viewer)
        assert all(c.doc_id != "lessons/udbud-dialog.md" for c in answer.citations)
        assert all(n.doc_id != "lessons/udbud-dialog.md" for n in answer.nearest)


def test_network_article_hidden_from_public(knowledge_service):
    public = knowledge_service.search("portefølje volumen skala", Viewer.public())
    network = knowledge_service.search("portefølje volumen skala", Viewer.parse("network"))
    assert "articles/skala.md" not in [h.doc_id for h in public.passage_hits]
    assert network.hits[0].doc_id == "articles/skala.md"


def test_lesson_citation_is_anonymised_label_not_a_file_path(knowledge_service):
    answer = knowledge_service.ask("dialogmøder med tilbudsgiverne", Viewer.parse("partnership:os"))
    lesson = next(c for c in answer.citations + [] if c.doc_id.startswith("lessons/"))
    assert lesson.title == "Erfaring fra udviklingsmøde oktober 2020 (anonymiseret)"
    assert lesson.path is None
    assert "Sune" not in lesson.text and "Bakkegaard" not in lesson.text
