"""How far an answer reaches: a section whose heading names the question joins it, though its sentences share
no word with the question; the best passage reads on in its own order while the answer is short.

Invented articles and the fake embedder; the confidence model is pinned to answer confidently.
"""

from __future__ import annotations

import pytest

from indexer.search.sentence_scoring import heading_match
from tests.indexer.answer_support import service_over

ARTICLES = {
    "maaling.md": ("Måling af samarbejdet", """
Hvordan ved en boligorganisation, om et samarbejde virker? Bestyrelsen vil gerne have et klart svar.
Alligevel er det svært at bevise.

## Hvorfor det er svært at måle

- Ingen to byggesager ligner hinanden.
- Gevinsterne viser sig først efter flere år.
- Ingen ved, hvad den anden løsning havde kostet.

## Nøgletal

Parterne følger fem nøgletal om økonomi, tid og kvalitet. Tallene gennemgås hvert halve år.
"""),
    "vaskeri.md": ("Fællesvaskeriet", """
Der står tolv vaskemaskiner i vaskehuset, og de bookes i beboerappen.
"""),
    "omfang.md": ("Hvor stort skal det være?", """
## Mindste omfang

Netværket har talt om, hvor lille en portefølje et fast samarbejde kan bære. Er den mindre, kan
enkeltudbud være bedre. Ingen ville sætte et præcist tal, men tre tommelfingerregler gik igen:

- nok sager til at holde det samme hold samlet i flere år
- et par hundrede millioner kroner om året
- sager, der ligner hinanden

## Åbningstider

Vaskehuset er åbent hele døgnet. Om natten skal yderdøren dog holdes lukket.
"""),
}


@pytest.fixture
def service(tmp_path, fake_embedder):
    return service_over(ARTICLES, tmp_path, fake_embedder)


def test_the_section_named_by_its_heading_answers_the_why(service):
    answer = service.ask("hvorfor er det så svært at bevise, at et samarbejde virker?")
    assert "svært at bevise." in answer.answer
    assert "• Ingen to byggesager ligner hinanden. [2]" in answer.answer
    assert "• Ingen ved, hvad den anden løsning havde kostet. [2]" in answer.answer
    assert answer.citations[1].section == "Hvorfor det er svært at måle"


def test_a_heading_that_names_nothing_asked_stays_out(service):
    answer = service.ask("hvorfor er det så svært at bevise, at et samarbejde virker?")
    assert "nøgletal" not in answer.answer.lower()


def test_heading_match_counts_small_words_less_and_finds_content_words_by_stem():
    asked = "hvilke firmaer er med i partnerskabet?"
    assert heading_match("Om os › Hvem er med i partnerskabet?", asked, None) > 0.5
    assert heading_match("Hvem er med i partnerskabet?", "hvor stor er porteføljen?", None) < 0.5
    assert heading_match("Indledning", asked, None) == 0.0


def test_the_best_passage_reads_on_to_the_list_that_answers(service):
    answer = service.ask("hvor lille en portefølje kan et fast samarbejde bære?")
    assert answer.answer.startswith("Netværket har talt om, hvor lille en portefølje et fast samarbejde kan bære. [1]")
    assert "• et par hundrede millioner kroner om året [1]" in answer.answer
    assert len(answer.answer.split()) <= 120


def test_a_further_source_brings_the_sentence_that_carries_its_statement_on(service):
    answer = service.ask("hvor lille en portefølje kan et fast samarbejde bære, og hvornår er vaskehuset åbent?")
    assert answer.citations[0].section == "Mindste omfang"
    n = next(c.n for c in answer.citations if c.section == "Åbningstider")
    assert f"Vaskehuset er åbent hele døgnet. [{n}] Om natten skal yderdøren dog holdes lukket. [{n}]" in answer.answer
