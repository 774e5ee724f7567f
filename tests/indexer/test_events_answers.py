"""Questions about dates and places answered from events, not from article passages."""

from __future__ import annotations

import datetime as dt

import pytest

from indexer.audience import Viewer
from indexer.events.answers import answer_event_question, answer_event_question_from_file, is_event_question
from indexer.knowledge.events import TZ, load_events
from tests.event_fixtures import NOW, SALON_EVALUERING_TBA, SALON_SKALA, write_events

EVENTS_YAML = "events:\n" + SALON_SKALA + SALON_EVALUERING_TBA + """\
  - id: salon-udbud
    title: "Salon: Udbudsfasen"
    kind: salon
    start: 2027-03-10T14:00:00
    end: 2027-03-10T16:00:00
    location: {name: "Kulturhuset Prøve"}
    audience: public
  - id: salon-aflyst
    title: "Salon: Beboerinddragelse"
    kind: salon
    start: 2027-05-10T14:00:00
    status: cancelled
    audience: public
  - id: udvikling-juni
    title: "Udviklingsmøde: opstartsfasen"
    kind: udviklingsmøde
    start: 2027-06-10T09:00:00
    end: 2027-06-10T15:00:00
    audience: partnership:fsb-hjem
  - id: følgegruppe-sep
    title: "Følgegruppemøde om rammevilkår"
    kind: følgegruppemøde
    start: 2027-09-01T13:00:00
    end: 2027-09-01T15:00:00
    online_url: https://example.org/online
    audience: network
"""


@pytest.fixture
def events(tmp_path):
    return load_events(write_events(tmp_path, EVENTS_YAML))


@pytest.mark.parametrize("question", [
    "hvornår er næste salon?",
    "Hvornår er der salon",
    "hvor foregår salonen?",
    "er der nogen arrangementer i juni?",
    "næste møde i følgegruppen",
    "hvordan tilmelder jeg mig salonen?",
    "hvilke saloner er der planlagt?",
    "Hvornår er det næste udviklingsmøde",
    "kommende arrangementer",
])
def test_event_questions_are_detected(question):
    assert is_event_question(question)


@pytest.mark.parametrize("question", [
    "hvad er en salon i partnerskabet?",
    "hvad blev drøftet på salonen om skala?",
    "hvilke erfaringer blev delt på salonen?",
    "hvor mange deltog i salonen?",
    "hvordan foregår en salon?",
    "hvad er erfaringerne med partnering i udbudsfasen?",
    "hvor stor skal et partnerskab være?",
    "hvornår blev partnerskaberne etableret?",
    "hvad er et strategisk partnerskab?",
])
def test_other_questions_go_to_search(question, events):
    assert not is_event_question(question)
    assert answer_event_question(question, events, Viewer.public(), NOW) is None


def test_next_salon_answer_cites_events_yaml(events):
    answer = answer_event_question("hvornår er næste salon?", events, Viewer.public(), NOW)
    assert answer.confident
    assert answer.answer.startswith(
        "Den næste salon er «Salon: Skala i partnerskaber» torsdag den 3. juni 2027 kl. 14.00–16.30 [1].")
    assert "Medborgerhuset Testby, Prøvevej 1, 2300 København S" in answer.answer
    assert "https://example.org/tilmeld-skala (senest torsdag den 27. maj 2027)" in answer.answer
    [citation] = answer.citations
    assert citation.doc_id == "events.yaml"
    assert citation.title == "Salon: Skala i partnerskaber"
    assert citation.section == "torsdag den 3. juni 2027 kl. 14.00–16.30"
    assert citation.url == "https://example.org/tilmeld-skala"
    assert citation.n == 1


def test_cancelled_salon_is_skipped_as_next(events):
    early = dt.datetime(2027, 5, 5, 9, 0, tzinfo=TZ)
    answer = answer_event_question("hvornår er næste salon?", events, Viewer.public(), early)
    assert "«Salon: Skala i partnerskaber»" in answer.answer


def test_where_question(events):
    answer = answer_event_question("hvor foregår salonen?", events, Viewer.public(), NOW)
    assert "Sted: Medborgerhuset Testby, Prøvevej 1, 2300 København S [1]." in answer.answer


def test_tba_when_no_dated_salon_is_left(events):
    later = dt.datetime(2027, 7, 1, tzinfo=TZ)
    answer = answer_event_question("hvornår er næste salon?", events, Viewer.public(), later)
    assert answer.answer.startswith("Datoen for den næste salon, «Salon: Evalueringsmodeller», er ikke "
                                    "fastlagt endnu: dato følger – forventes efteråret 2027 [1].")


def test_month_question_lists_events_the_viewer_may_see(events):
    public = answer_event_question("er der nogen arrangementer i juni?", events, Viewer.public(), NOW)
    assert public.answer.splitlines()[0] == "Kommende arrangementer i juni:"
    assert [c.title for c in public.citations] == ["Salon: Skala i partnerskaber"]
    member = answer_event_question("er der nogen arrangementer i juni?", events,
                                   Viewer.parse("partnership:fsb-hjem"), NOW)
    assert [c.title for c in member.citations] == ["Salon: Skala i partnerskaber", "Udviklingsmøde: opstartsfasen"]
    assert "[2]" in member.answer


def test_development_meeting_never_shown_to_public(events):
    for question in ("hvornår er det næste udviklingsmøde?", "kommende arrangementer", "hvilke møder er der i juni?"):
        answer = answer_event_question(question, events, Viewer.public(), NOW)
        assert answer is not None
        assert "Udviklingsmøde: opstartsfasen" not in answer.answer
        assert all("Udviklingsmøde" not in c.title for c in answer.citations)


def test_month_without_events_says_so_and_gives_the_next(events):
    answer = answer_event_question("er der salon i august?", events, Viewer.public(), NOW)
    assert answer.answer.startswith("Jeg kender ingen kommende saloner i august. Den næste salon er «Salon: Skala")


def test_follow_group_meeting_for_network_viewer(events):
    answer = answer_event_question("næste møde i følgegruppen", events, Viewer.parse("network"), NOW)
    assert answer.answer.startswith("Det næste møde i følgegruppen er «Følgegruppemøde om rammevilkår» "
                                    "onsdag den 1. september 2027 kl. 13.00–15.00 [1].")
    assert "https://example.org/online" in answer.answer
    public = answer_event_question("næste møde i følgegruppen", events, Viewer.public(), NOW)
    assert public.answer == "Der er ingen kommende møder i følgegruppen i kalenderen lige nu."
    assert public.citations == []


def test_named_past_event(events):
    answer = answer_event_question("hvornår var salonen om udbudsfasen?", events, Viewer.public(), NOW)
    assert answer.answer.startswith("«Salon: Udbudsfasen» var onsdag den 10. marts 2027 kl. 14.00–16.00 [1].")
    assert "Sted: Kulturhuset Prøve [1]." in answer.answer


def test_no_upcoming_salon_mentions_the_latest(events):
    answer = answer_event_question("hvornår er næste salon?", [e for e in events if e.id == "salon-udbud"],
                                   Viewer.public(), NOW)
    assert answer.answer == ("Der er ingen kommende saloner i kalenderen lige nu. Det seneste var "
                             "«Salon: Udbudsfasen» onsdag den 10. marts 2027 kl. 14.00–16.00 [1].")


def test_from_file_and_invalid_file(tmp_path):
    path = write_events(tmp_path, EVENTS_YAML)
    answer = answer_event_question_from_file("hvornår er næste salon?", path, None, NOW)
    assert answer.citations[0].path == str(path)
    path.write_text("events:\n  - {id: x, kind: nope}\n", encoding="utf-8")
    assert answer_event_question_from_file("hvornår er næste salon?", path, None, NOW) is None
    assert answer_event_question_from_file("hvornår er næste salon?", tmp_path / "none.yaml", None, NOW) \
        .answer == "Der er ingen kommende saloner i kalenderen lige nu."


def test_named_cancelled_event(events):
    answer = answer_event_question("er salonen om beboerinddragelse aflyst?", events, Viewer.public(), NOW)
    assert answer.answer == "«Salon: Beboerinddragelse» mandag den 10. maj 2027 kl. 14.00 er aflyst [1]."


def test_past_tense_lists_held_events_or_leaves_it_to_search(events):
    member = answer_event_question("hvornår blev udviklingsmøderne holdt?", events,
                                   Viewer.parse("partnership:fsb-hjem"), dt.datetime(2027, 8, 1, tzinfo=TZ))
    assert member.answer.splitlines()[0] == "Afholdte udviklingsmøder:"
    assert [c.title for c in member.citations] == ["Udviklingsmøde: opstartsfasen"]
    # Nothing the public may see was held: the articles answer instead.
    assert answer_event_question("hvornår blev udviklingsmøderne holdt?", events, Viewer.public(), NOW) is None


def test_content_question_about_a_meeting_in_a_month_goes_to_search(events):
    assert answer_event_question("hvad snakede følgegrupen om på mødet i juni", events, Viewer.public(), NOW) is None


def test_answer_has_an_id(events):
    assert answer_event_question("hvornår er næste salon?", events, Viewer.public(), NOW).answer_id
