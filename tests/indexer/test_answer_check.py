"""An answer that does not state what was asked is not confident: a price question answered by sentences
without a sum, a question naming an estate the knowledge base never mentions.

Invented articles and the fake embedder; the confidence model is pinned to answer confidently, so only
the checks can make an answer partial.
"""

from __future__ import annotations

import pytest

from indexer.parameters import NAMES_KNOWN, STATED, ConfidenceModel
from indexer.search.answer_check import asks_price, names, states_asked
from indexer.search.compose import PARTIAL_CAVEAT
from tests.indexer.answer_support import service_over

HALL = ("Fælleshuset i Egebakken", """
Beboerne i Egebakken kan leje fælleshuset til fødselsdage og andre fester. Fælleshuset bookes i beboerappen
senest to uger før, og nøglen hentes på ejendomskontoret dagen før festen.

## Energi

Fælleshuset fik nye vinduer og efterisolerede vægge i 2022, og energimærket blev hævet fra D til B.
""")
PRICE = "Det koster 450 kr. pr. døgn at leje fælleshuset, og depositummet er 1.000 kr."


def _hall(tmp_path, embedder, with_price: bool):
    title, body = HALL
    if with_price:
        body = body.replace("og nøglen hentes", f"og nøglen hentes på ejendomskontoret. {PRICE} Nøglen hentes", 1)
    return service_over({"faelleshus.md": (title, body)}, tmp_path, embedder)


def test_a_price_question_answered_without_a_price_is_partial(tmp_path, fake_embedder):
    answer = _hall(tmp_path, fake_embedder, with_price=False).ask("hvad koster det at leje fælleshuset i Egebakken?")
    assert answer.level == "partial" and not answer.confident
    assert answer.answer.startswith(PARTIAL_CAVEAT)
    assert "leje fælleshuset" in answer.answer         # the nearest sentences are still shown, cited
    assert answer.citations[0].doc_id == "articles/faelleshus.md"


def test_the_same_question_answered_with_a_price_is_confident(tmp_path, fake_embedder):
    answer = _hall(tmp_path, fake_embedder, with_price=True).ask("hvad koster det at leje fælleshuset i Egebakken?")
    assert answer.level == "confident" and answer.confident
    assert "450 kr. pr. døgn" in answer.answer
    assert not answer.answer.startswith(PARTIAL_CAVEAT)


def test_a_question_without_a_price_is_not_checked_for_one(tmp_path, fake_embedder):
    answer = _hall(tmp_path, fake_embedder, with_price=False).ask("hvordan lejer man fælleshuset i Egebakken?")
    assert answer.level == "confident"
    assert "bookes i beboerappen" in answer.answer


def test_a_question_naming_an_estate_the_knowledge_base_never_mentions_is_partial(tmp_path, fake_embedder):
    service = _hall(tmp_path, fake_embedder, with_price=False)
    unknown = service.ask("hvilket energimærke har fælleshuset i Skovbrynet?")
    assert unknown.level == "partial" and unknown.answer.startswith(PARTIAL_CAVEAT)
    known = service.ask("hvilket energimærke har fælleshuset i Egebakken?")
    assert known.level == "confident" and "fra D til B" in known.answer


def test_a_misspelt_known_name_is_not_unknown(tmp_path, fake_embedder):
    answer = _hall(tmp_path, fake_embedder, with_price=False).ask("hvilket energimærke har fælleshuset i Egebaken?")
    assert answer.level == "confident"


@pytest.mark.parametrize("question", [
    "hvad koster det at leje fælleshuset", "Hvad kostede prøvehuset?", "hvad er huslejen i blok C",
    "hvad var timeprisen for tømreren", "hvor dyrt er det at få en rådgiver med",
    "hvad er fsb's omsætning", "hvilket beløb får man tilbage", "hvor meget skal man betale i depositum",
    "hvad tager de for en time",
])
def test_questions_asking_for_a_price(question):
    assert asks_price(question)


@pytest.mark.parametrize("question", [
    "hvad er en målpris?", "hvor meget vægtede prisen i udbuddet", "hvordan konkurrerer man på pris",
    "hvor mange boliger er der", "hvornår kommer regningen", "hvor meget skal der bygges om året",
    "hvad er resultatet af evalueringen", "hvad betaler jeg for, når jeg flytter",
])
def test_questions_not_asking_for_a_price(question):
    assert not asks_price(question)


@pytest.mark.parametrize("sentence", [
    "Lejen er 450 kr. pr. døgn.", "Porteføljen er på omkring 3 mia. kr.", "Prisen vægtede 30 procent.",
    "Det koster kr. 250 at låne trailer.", "Besparelsen var 12 %.", "Rådgivningen er gratis for beboerne.",
    "Lejen stiger med tre millioner kroner i alt.",
])
def test_sentences_stating_a_sum(sentence):
    assert states_asked("hvad koster det?", [sentence])


@pytest.mark.parametrize("sentence", [
    "Forberedelserne begyndte i 2018.", "Der var to runder forhandlinger.", "Prisen aftales med entreprenøren.",
    "En stor procentdel af beboerne stemte ja.",
])
def test_sentences_without_a_sum(sentence):
    assert not states_asked("hvad koster det?", [sentence])


def test_names_are_capitalised_words_inside_a_sentence():
    assert names("hvilket energimærke har Solbakken? Og hvad med Ishøj") == ["solbakken", "ishøj"]
    assert names("Hvem står for DV planen og KPIer hos &os") == []


def test_a_failed_check_caps_a_confident_answer_at_partial_only():
    model = ConfidenceModel(weights={"coverage": 4.0}, bias=-2.0, threshold=0.7, partial_threshold=0.3)
    assert model.level({"coverage": 1.0}) == "confident"
    assert model.level({"coverage": 1.0, STATED: 0.0}) == "partial"
    assert model.level({"coverage": 1.0, NAMES_KNOWN: 0.0}) == "partial"
    assert model.level({"coverage": 1.0, STATED: 1.0, NAMES_KNOWN: 1.0}) == "confident"
    assert model.level({"coverage": 0.0, STATED: 0.0}) == "none"      # never raised, never lowered to none
    assert not model.confident({"coverage": 1.0, STATED: 0.0})
