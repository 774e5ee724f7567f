"""Answers that answer: the right sentence first, with the context it needs, lists as lists, three levels.

A small invented knowledge base and the fake embedder; the confidence model is pinned so each test
decides the level it looks at.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from indexer.parameters import ConfidenceModel
from indexer.search.compose import NOT_CONFIDENT, PARTIAL_CAVEAT
from tests.indexer.answer_support import CONFIDENT, service_over

ARTICLES = {
    "nord.md": ("Boligpartnerskabet Nord", """
Boligpartnerskabet Nord blev etableret i 2022 af tre boligselskaber i Aalborg.

## Hvem er med i Boligpartnerskabet Nord?

Partnerskabet består af fire virksomheder:

- **Nordbo** – bygherre og ejer af afdelingerne
- **Hansen Byg** – entreprenør
- **Fjord Arkitekter** – arkitekt
- **Lindqvist Rådgivning** – ingeniør

Kredsen er lille og smidig.

## Tidsplan

Projekterne følger en fælles plan for hele porteføljen. Første renovering afsluttes i marts 2025.
"""),
    "husorden.md": ("Husorden", """
## Husdyr

Afdelingerne er forskellige. Der må holdes én hund pr. lejemål. Det kræver dog en skriftlig tilladelse
fra ejendomskontoret. Katte må ikke gå frit på trapperne.
"""),
    "fejl.md": ("Fejl i boligen", """
## Sådan melder du en fejl

Sådan melder man en fejl i boligen:

1. Åbn beboerappen.
2. Beskriv fejlen med et billede.
3. Vent på kvitteringen med sagsnummeret.
"""),
    "organisering.md": ("Organisering af samarbejdet", """
## Styregruppen

Styregruppen træffer de store beslutninger om retning og økonomi. Den mødes hvert kvartal.

## Koordinationsgruppen

Koordinationsgruppen står for den daglige drift af samarbejdet. Den fordeler opgaverne mellem parterne.

## Genhusning

Genhusning fylder mest for beboerne under en ombygning. Partnerskabet fremhæver tre ting:

- tidlig og ærlig besked
- en fast genhusningskonsulent
- en realistisk tidsplan

## Måling

En baseline er et udgangspunkt for målingen. Uden den kan tallene ikke vurderes. Der er tre måder at lave en baseline på:

- historiske data
- branchedata
- egne første projekter

## Depositum

Depositummet bruges til at dække istandsættelsen ved fraflytning. Resten betales tilbage inden for seks uger.
Et depositum svarer typisk til tre måneders husleje.
"""),
    "vaskeri.md": ("Fællesvaskeriet", """
Der står tolv vaskemaskiner i vaskehuset, og de bookes i beboerappen.
"""),
    "varme.md": ("Varmeregningen", """
## Lavere varmeregning efter efterisolering

Det betyder, at varmeregningen for en familie falder med en tredjedel, når facaden er efterisoleret.
"""),
}
PARTIAL = replace(ConfidenceModel(), threshold=1.01, partial_threshold=0.0)


@pytest.fixture
def service(tmp_path, fake_embedder):
    return service_over(ARTICLES, tmp_path, fake_embedder)


def _quoted(answer) -> list[tuple[str, int]]:
    """(quoted text, citation number) for every cited sentence or item of the answer."""
    out = []
    for line in answer.answer.split("\n"):
        for text, n in re.findall(r"(.+?)\s\[(\d+)\]", line):
            out.append((text.strip().lstrip("• ").removeprefix(" "), int(n)))
    return out


def test_who_question_lists_every_member_as_a_cited_bullet(service):
    answer = service.ask("hvem er med i Boligpartnerskabet Nord?")
    assert answer.level == "confident"
    bullets = [line for line in answer.answer.split("\n") if line.startswith("• ")]
    assert [b.split(" – ")[0] for b in bullets] == ["• Nordbo", "• Hansen Byg", "• Fjord Arkitekter",
                                                     "• Lindqvist Rådgivning"]
    assert all(b.endswith("[1]") for b in bullets)
    assert answer.answer.startswith("Partnerskabet består af fire virksomheder:")


def test_numbered_steps_stay_numbered_and_in_order(service):
    answer = service.ask("hvordan melder jeg en fejl?")
    lines = answer.answer.split("\n")
    steps = [line for line in lines if re.match(r"\d\. ", line)]
    assert steps == ["1. Åbn beboerappen. [1]", "2. Beskriv fejlen med et billede. [1]",
                     "3. Vent på kvitteringen med sagsnummeret. [1]"]


def test_when_question_leads_with_the_date(service):
    answer = service.ask("hvornår er den første renovering færdig?")
    assert answer.answer.startswith("Første renovering afsluttes i marts 2025. [1]")


def test_a_sentence_that_points_back_keeps_the_sentence_before_it(service):
    answer = service.ask("kræver det tilladelse at have en hund?")
    assert "Der må holdes én hund pr. lejemål. [1] Det kræver dog en skriftlig tilladelse" in answer.answer
    assert not answer.answer.startswith("Det ")


def test_a_sentence_with_nothing_before_it_gets_its_heading(service):
    answer = service.ask("hvor meget falder varmeregningen?")
    assert answer.answer.startswith("_Lavere varmeregning efter efterisolering_ — Det betyder, at varmeregningen")


def test_an_introduction_sentence_with_nothing_before_it_gets_the_title(service):
    answer = service.ask("hvor mange vaskemaskiner står der i vaskehuset?")
    assert answer.answer.startswith("_Fællesvaskeriet_ — Der står tolv vaskemaskiner i vaskehuset")


def test_a_question_about_two_things_is_answered_from_both_sections_each_cited(service):
    answer = service.ask("hvem træffer de store beslutninger, og hvem står for den daglige drift?")
    quoted = dict(_quoted(answer))
    sections = {c.n: c.section for c in answer.citations}
    big = quoted["Styregruppen træffer de store beslutninger om retning og økonomi."]
    daily = quoted["Koordinationsgruppen står for den daglige drift af samarbejdet."]
    assert (sections[big], sections[daily]) == ("Styregruppen", "Koordinationsgruppen")
    assert {c.doc_id for c in answer.citations} == {"articles/organisering.md"}


def test_the_sentence_after_the_answering_one_carries_the_statement_on(service):
    answer = service.ask("hvad bruges depositummet til?")
    assert answer.answer.startswith("Depositummet bruges til at dække istandsættelsen ved fraflytning. [1] "
                                    "Resten betales tilbage inden for seks uger. [1]")


def test_a_list_the_answering_sentence_leads_into_comes_whole(service):
    answer = service.ask("hvad fylder mest for beboerne under en ombygning?")
    assert answer.answer.startswith("Genhusning fylder mest for beboerne under en ombygning. [1] "
                                    "Partnerskabet fremhæver tre ting:\n")
    assert [line for line in answer.answer.split("\n") if line.startswith("• ")] == [
        "• tidlig og ærlig besked [1]", "• en fast genhusningskonsulent [1]", "• en realistisk tidsplan [1]"]


def test_a_further_sentence_leading_into_a_list_brings_the_list(service):
    answer = service.ask("hvad er en baseline?")
    assert answer.answer.startswith("En baseline er et udgangspunkt for målingen. [1]")
    assert "Der er tre måder at lave en baseline på:\n• historiske data [1]\n• branchedata [1]\n" \
           "• egne første projekter [1]" in answer.answer


def test_every_quote_is_the_knowledge_bases_own_text_and_cited(service):
    for question in ("hvem er med i Boligpartnerskabet Nord?", "må man have hund?", "hvordan melder jeg en fejl?"):
        answer = service.ask(question)
        texts = {c.n: c.text for c in answer.citations}
        quoted = _quoted(answer)
        assert quoted
        for text, n in quoted:
            text = re.sub(r"^_[^_]+_ — ", "", text)
            assert n in texts and text in texts[n], (question, text)
        assert len(re.findall(r"\w+", answer.answer)) <= 160


def test_partial_answer_shows_the_nearest_passage_under_a_danish_caveat(service):
    service._confidence = PARTIAL
    answer = service.ask("må man have hund?")
    assert answer.level == "partial" and answer.confident is False
    assert answer.answer.startswith(PARTIAL_CAVEAT + "\n")
    assert "én hund pr. lejemål" in answer.answer and answer.citations
    data = answer.to_json()
    assert data["confident"] is False and data["level"] == "partial"


def test_none_answer_says_so_and_lists_the_nearest(service):
    service._confidence = replace(ConfidenceModel(), threshold=1.01, partial_threshold=1.01)
    answer = service.ask("må man have hund?")
    assert answer.level == "none" and not answer.confident
    assert answer.answer.startswith(NOT_CONFIDENT)


def test_nothing_related_is_level_none_with_the_calibrated_model(service):
    service._confidence = ConfidenceModel.load()
    answer = service.ask("hvad koster en parkeringsplads i kælderen?")
    assert answer.level == "none" and answer.to_json()["level"] == "none"
