"""Numbers in odd shapes (dashes, line breaks, words), numbers that are an organisation's or a reference,
streets named after people and where estates lie, and a body's mailbox.

Every person, number, street and address here is invented.
"""

from __future__ import annotations

import re

import pytest

from indexer.anonymise.anonymiser import anonymise


def digits_gone(digits: str, text: str) -> bool:
    return digits not in re.sub(r"\D", "", text)


# -- phone and CPR numbers in shapes people type or say ----------------------------------------------

@pytest.mark.parametrize("text, digits", [
    ("Lejer i 3. sal, mobil 41–27–93–58, vil gerne ringes op.", "41279358"),
    ("Han kan fanges på 29—64—10—37 efter kl. 16.", "29641037"),
    ("Kontakt: Åse Nymark 31–08–77–42", "31087742"),
    ("Hendes tlf. er 26 71\n48 90 (kun formiddag).", "26714890"),
    ("Sms'en kom fra 53/18/62/07 i går.", "53186207"),
])
def test_a_phone_number_with_dashes_or_a_line_break_between_its_groups_is_replaced(text, digits):
    result = anonymise(text)
    assert digits_gone(digits, result.text) and "[telefonnummer]" in result.text, result.text


@pytest.mark.parametrize("text, digits", [
    ("Det korrekte personnummer er 230561-\n1458 – administrationen retter det.", "2305611458"),
    ("CPR: 071184 –\n  3392 (fra ansøgningen)", "0711843392"),
    ("personnummer 300972\n5516 står på blanketten", "3009725516"),
])
def test_a_cpr_number_split_at_a_line_break_is_replaced_whole(text, digits):
    result = anonymise(text)
    assert digits_gone(digits[-4:], result.text) and "[cpr-nummer]" in result.text, result.text


@pytest.mark.parametrize("text, words", [
    ("hun har nummer enogtredive femten syvogfyrre tooghalvfems punktum", "enogtredive"),
    ("ring på fire to nul otte seks syv tre et hvis der er problemer", "fire to nul"),
    ("han sagde niogtyve atten fireogtres elleve og så lagde han på", "niogtyve atten"),
])
def test_a_phone_number_spoken_in_words_is_replaced(text, words):
    result = anonymise(text)
    assert words not in result.text and "[telefonnummer]" in result.text, result.text


def test_number_words_that_are_no_phone_number_stay():
    text = "vi var tre eller fire mand og to lejligheder blev gennemgået på femten minutter"
    assert anonymise(text).text == text


# -- numbers a cue or the text calls something else --------------------------------------------------

@pytest.mark.parametrize("text", [
    "Tilbudsnr. 190822-0143 er godkendt; ordrebekræftelse 190830-0077 kom i dag.",
    "Den gamle måler er pillet ned, ny måler 36 71 05 28 sidder i kælderen.",
    "Skader meldes til døgnvagten: 33 14 62 90 (hele døgnet).",
    "Hun ringede fra 4488 2301, som er boligorganisationens hovednummer.",
    "| Lejemål | Navn |\n|---|---|\n| 0614-0022 | [udeladt] |",
    "Lejemål\tBoliger\tBemærkning\n0614-0022\t3\tny køkkenplan",
])
def test_a_number_the_text_says_is_a_reference_or_an_organisations_line_stays(text):
    result = anonymise(text)
    assert result.text == text and result.clean, (result.text, result.findings)


def test_a_round_the_clock_number_after_a_personal_phone_cue_is_still_masked():
    result = anonymise("Vagthavende tømrer Bent, tlf. 27 45 88 10 (døgnet rundt).")
    assert digits_gone("27458810", result.text)


# -- streets named after people, stretches of streets and where estates lie ---------------------------

@pytest.mark.parametrize("text", [
    "Facaderne mod Marie Louises Vej bevares, og Poul Ankers Plads får ny belægning.",
    "Skt. Pouls Gade og Dronning Ingrids Allé lukkes i to uger.",
    "Afdelingen ligger på Niels Ebbesens Vej 3-41 og H.C. Lumbyes Gade.",
    "| Afdeling | Beliggenhed | Boliger |\n|---|---|---|\n| Lærkehøj | Kong Valdemars Vej 9 | 88 |",
])
def test_a_street_named_after_a_person_or_where_an_estate_lies_stays(text):
    result = anonymise(text)
    assert result.text == text and result.clean, (result.text, result.findings)


def test_a_home_on_a_street_named_after_a_person_is_still_masked_and_the_person_found():
    result = anonymise("Jonna Kvistgaard bor på Frederik Hegels Vej 12, 1. tv., og Jonna Kvistgaard spurgte.")
    assert "Hegels Vej 12" not in result.text and "Kvistgaard" not in result.text, result.text


# -- a body's mailbox and name -----------------------------------------------------------------------

def test_a_mailbox_of_ordinary_words_is_a_bodys_and_stays():
    text = "Til: Afdelingsbestyrelsen Kildemarken <afdelingsbestyrelse.kildemarken@example.dk>"
    result = anonymise(text)
    assert result.text == text and result.clean, result.text


@pytest.mark.parametrize("mail", ["gunnar.lykke@example.dk", "holm@example.dk", "post@example.dk"])
def test_a_mailbox_with_a_name_in_it_is_masked(mail):
    assert mail not in anonymise(f"Skriv til {mail} inden fredag.").text


@pytest.mark.parametrize("text, digits", [
    ("Ring til Henrik på 27 45 88 10 (hele døgnet), ellers vagten.", "27458810"),
    ("Fælles døgnvagt: 35 12 09 44 – men Henrik har 27 45 88 10 (hele døgnet).", "27458810"),
    ("Lones mobil 31 22 40 86, ellers boligselskabets hovednummer 44 10 20 30.", "31224086"),
])
def test_a_number_beside_a_person_or_before_another_number_is_not_the_organisations_line(text, digits):
    assert digits_gone(digits, anonymise(text).text)
