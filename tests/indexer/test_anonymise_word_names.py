"""Surnames and first names that are also Danish words, initials, and the places that must survive.

A reader of the anonymised lesson should find no trace of "Krog" the person, and every trace of
"efter stormen", "i dalen" and "Dalparken". Every person here is invented.
"""

from __future__ import annotations

import re

import pytest

from indexer.anonymise.anonymiser import anonymise


def gone(word: str, text: str) -> bool:
    """The name is gone as written (the ordinary word may stay in lower case elsewhere)."""
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is None


# --- a person acts: the word is a name ---------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("Krog mente, at tidsplanen var for stram.", "Krog"),                   # a verb only a person does
    ("Ravn fra driften fortalte om de nye containere.", "Ravn"),            # … after an affiliation
    ("Ifølge Bonde er budgettet overskredet.", "Bonde"),                    # a preposition that takes a person
    ("Vi aftalte med Ravn, at tegningerne sendes fredag.", "Ravn"),
    ("Derfor spurgte Mose, om der var penge i puljen.", "Mose"),            # the subject after the verb
    ("Det var Dam ikke enig i.", "Dam"),
    ("Strands notat blev godkendt uden ændringer.", "Strands"),             # a genitive that owns something
    ("Mose og Krog aftaler en ny dato.", "Mose"),                            # two names that act together
    ("Krog, Dam og Bach deltog fra driften.", "Krog"),                      # a list of names
    ("Kontakt Krog på 22 33 44 55 ved spørgsmål.", "Krog"),
    ("- krog siger ok til skurvognene", "krog"),                             # lower case, a person speaks
    ("- tal med ravn om nøglerne", "ravn"),                                  # lower case, a person is spoken to
    ("- lærke har styr på beboerbrevet", "lærke"),                           # lower case, a first name acts
])
def test_a_word_that_is_also_a_name_is_replaced_where_a_person_acts(text, name):
    result = anonymise(text)
    assert gone(name, result.text) and result.clean, result.text


def test_once_a_word_is_a_name_its_later_forms_follow_even_at_a_sentence_start():
    result = anonymise("Deltagere: Karina Dam, Ole Ravn\n\nDam åbnede mødet. Dams pointe var klar. "
                       "Ravn og Dam går arealet igennem.")
    assert result.text == ("Deltagere: Person A, Person B\n\nPerson A åbnede mødet. Person A's pointe var klar. "
                           "Person B og Person A går arealet igennem.")


@pytest.mark.parametrize("text", [
    "Krog: Vi mangler beslag.\nRavn: De kommer torsdag.\nKrog: Godt.",      # a dialogue of speaker labels
    "Lise Krog (KAB): Vi er klar.\nPeter Ravn (driften): Også vi.",         # a role in brackets
    "[10:02] Mads Krog: er porten åben?\n[10:04] Lise Ravn: ja",            # a chat log
    "| Opgave | Hvem |\n|---|---|\n| Tegninger | Krog |\n| Nøgler | Ravn |",  # a name column
    "Til stede: Krog, Ravn og Dam (driften)",
])
def test_words_that_are_also_names_in_name_positions_are_replaced(text):
    result = anonymise(text)
    for name in ("Krog", "Ravn", "Dam"):
        assert gone(name, result.text), result.text


def test_a_first_name_that_is_a_word_in_an_attendee_line_is_the_persons_first_name():
    result = anonymise("Deltagere: Vibe Hansen, Ask Nielsen\n\nAsk viste planen.")
    assert result.text == "Deltagere: Person A, Person B\n\nPerson B viste planen."


# --- initials where a name stands ----------------------------------------------------------------

def test_initials_as_speaker_labels_and_in_role_slots_become_one_person_each():
    result = anonymise("Referent: JKL\n\nHB: Vi har brugt budgettet.\nJKL: Det ved jeg.\nHB: Fint.\n\n"
                       "JKL sender referatet.")
    assert result.text == ("Referent: Person A\n\nPerson B: Vi har brugt budgettet.\nPerson A: Det ved jeg.\n"
                           "Person B: Fint.\n\nPerson A sender referatet.")


def test_initials_of_a_person_found_by_name_get_that_persons_pseudonym():
    result = anonymise("| Emne | Hvem |\n|---|---|\n| Nøgletal | KB |\n\nKB = Kasper Brandt.")
    assert result.text == "| Emne | Hvem |\n|---|---|\n| Nøgletal | Person A |\n\nPerson A = Person A."


def test_initials_in_lower_case_in_brackets_are_replaced_but_abbreviations_stay():
    result = anonymise("noter (jb)\n\n- tjek tegninger (mh)\n- ca. 20 stk. i opgang 3 (st), se (evt) bilag")
    assert result.text == ("noter (Person A)\n\n- tjek tegninger (Person B)\n"
                           "- ca. 20 stk. i opgang 3 (st), se (evt) bilag")


def test_note_markers_and_topic_labels_in_capitals_are_not_initials():
    text = "NB: husk nøglerne.\nPS: kaffe i skuret.\n\nKPI: tilfredshed over 4.\nIKT: ny platform i 2022."
    assert anonymise(text).text == text


# --- what must survive ---------------------------------------------------------------------------

SURVIVORS = [
    "Efter stormen lå der grene overalt. I dalen står vandet.",
    "Ask og elm vokser langs åen. Birk og el plantes langs den nye sti.",
    "Sol og vind slider på facaden. Frost sprængte rørene i kælderen.",
    "Storm og regn har skyllet grus ud på stierne. Sten for sten blev muren bygget op igen.",
    "Per måned koster det 2.000 kr.",
    "Status: grøn\nØkonomi: under budget\nAftale: vi fortsætter",
    "Mødet holdes i Valby, og vi besøger Tingbjerg og Brønshøj bagefter.",
    "Beboerne i Holmegården og Birkelunden klager over støj fra Vangedevej.",
    "Vi holdt mødet i Vestegnens fælleshus og kørte bagefter til Dalparken. Vi bor på Vestegnen.",
    "Vi mødtes på Dalgas Boulevard og gik forbi Holmens Kirke til Valby Kulturhus.",
    "Arbejdet udføres af Brødrene Dahl og Sikker Vagt A/S.",
    "Salonen var udskudt. Salonens omdrejningspunkt var skala.",
    "Beboer: Tlf. (dagtid) 22 33 44 55 i dag.",
    "Næste møde holdes på Tingvej. Redskaberne lånes fra Vangeleddets legeplads.",
]


@pytest.mark.parametrize("text", SURVIVORS)
def test_ordinary_words_places_and_organisations_that_look_like_names_survive(text):
    result = anonymise(text)
    assert re.sub(r"\[telefonnummer\]", "22 33 44 55", result.text) == text
    assert result.clean


def test_a_date_of_birth_is_replaced():
    result = anonymise("Beboeren (f. 12.04.1950) skal genhuses. Hendes mand er født den 3. maj 1948.")
    assert result.text == "Beboeren (f. [fødselsdato]) skal genhuses. Hendes mand er født den [fødselsdato]."
    assert result.replaced == {"birthdate": 2}


def test_a_phone_number_after_ring_is_replaced_in_any_grouping():
    assert anonymise("Ring 22 334 455 i dag.").text == "Ring [telefonnummer] i dag."


def test_a_capitalised_word_name_inside_a_sentence_with_nothing_around_it_holds_the_lesson_back():
    # Danish writes an ordinary word in lower case inside a sentence: "Birk" here may be a person.
    result = anonymise("Plantningen blev lavet, og Birk var også med i projektet.")
    assert [f.kind for f in result.findings] == ["name"]


@pytest.mark.parametrize("text, name", [
    ("Tak for i dag.\n\nBedste hilsner\nKirsten Dyrholm\nformand", "Dyrholm"),
    ("From: Ulla Mose\nTo: Per Vad\n\nHej", "Mose"),
    ("| Lejemål | Beboer |\n|---|---|\n| 3 | Kaj Nørby |", "Nørby"),
])
def test_closings_english_mail_headers_and_a_residents_column_are_name_positions(text, name):
    result = anonymise(text)
    assert gone(name, result.text) and result.clean, result.text


def test_a_place_shaped_word_after_med_may_be_a_person_and_holds_the_lesson_back():
    result = anonymise("Vi talte med Solbakken i går.")        # a Norwegian surname has the shape of a place
    assert [f.kind for f in result.findings] == ["name"]


@pytest.mark.parametrize("text", ["Kim Solbakken var der. Solbakken fra KAB mente, at det var dyrt.",
                                  "Vi mødte Mette Dalparken i går, og Dalparken sagde ja."])
def test_a_place_shaped_word_after_a_first_name_is_a_surname_in_every_later_form(text):
    result = anonymise(text)
    assert gone("Solbakken", result.text) and gone("Dalparken", result.text) and result.clean, result.text


def test_an_unknown_word_joined_to_a_listed_name_before_a_verb_is_decided_without_an_error():
    result = anonymise("Mødet sluttede. Qwzyx og Jensen tager en runde i kælderen.")
    assert gone("Jensen", result.text), result.text


@pytest.mark.parametrize("text", ["Aftalt m. Storm at han ringer i morgen.", "Aftalt iflg. mail, jf. Storm at han ringer."])
def test_a_word_name_after_an_abbreviation_is_inside_the_sentence(text):
    # "m." and "jf." end in a full stop but end no sentence, so "Storm" is read as a person there.
    assert gone("Storm", anonymise(text).text)
