"""Scanned minutes (words broken at a line end, letters read as digits), numbers that are no phone
numbers, and addresses that are no one's home.

Every person, number and address here is invented.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.anonymise.anonymiser import anonymise

FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def gone(word: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is None


# -- a word broken by a hyphen at the end of a scanned line ------------------------------------------

@pytest.mark.parametrize("text, pieces", [
    ("Prisen på vinduer er ikke afklaret. Hal-\nvorsen spurgte, om der er tilbud.", ["Hal", "vorsen"]),
    ("Til stede: Henrik Mølgaard, Agnieszka Przy-\nbylska (kasserer)", ["Przy", "bylska"]),
    ("Deltog: Signe Tho-\nmasen og Karl Ibsen\n\nTho-\nmasen viste tegningerne.", ["Tho", "masen"]),
])
def test_a_name_hyphenated_at_a_line_end_is_found_as_one_word(text, pieces):
    result = anonymise(text)
    assert result.clean, result.findings
    for piece in pieces:
        assert gone(piece, result.text), result.text


def test_a_word_broken_at_a_line_end_stays_as_the_scan_wrote_it_when_it_is_no_name():
    text = "Der er kommet 46 svar. Flest øns-\nker lyse fronter, og byggeudvalget bak-\nker op."
    result = anonymise(text)
    assert result.text == text and result.clean


def test_a_hyphen_before_a_capital_on_the_next_line_is_a_double_name_not_a_broken_word():
    result = anonymise("Referent: Lise Holm-\nKragh")
    assert gone("Kragh", result.text) and gone("Lise", result.text), result.text


# -- letters a scan reads in place of digits, after a cue ----------------------------------------------

@pytest.mark.parametrize("text, digits", [
    ("Referent: K. Olsen, tlf. 4l 63 20 18", "41632018"),
    ("Ring gerne på 3O 71 88 24 efter kl. 16.", "30718824"),
    ("Mobil: 6I 08 52 97", "61085297"),
    ("Mit cpr-nr. er 0 9 1 1 5 8-3 4 7 O, hvis I skal bruge det.", "0911583470"),
])
def test_a_phone_or_cpr_number_with_letters_read_for_digits_is_replaced(text, digits):
    result = anonymise(text)
    left = re.sub(r"\D", "", result.text.replace("l", "1").replace("I", "1").replace("O", "0").replace("o", "0"))
    assert digits not in left, result.text


@FAST
@given(digits=st.text("0123456789", min_size=8, max_size=8).filter(lambda d: d[0] in "2345678"),
       swaps=st.lists(st.integers(1, 7), max_size=2, unique=True),
       cue=st.sampled_from(["tlf. ", "Tlf ", "mobil ", "ring på "]))
def test_property_up_to_two_misread_digits_after_a_phone_cue_are_still_a_phone_number(digits, swaps, cue):
    chars = list(digits)
    for i in swaps:
        chars[i] = {"1": "l", "0": "O"}.get(chars[i], chars[i])
    written = " ".join("".join(chars[i:i + 2]) for i in range(0, 8, 2))
    result = anonymise(f"Kontakt viceværten, {cue}{written}, hvis døren driller.")
    assert "[telefonnummer]" in result.text and written not in result.text, result.text


def test_words_after_a_phone_cue_are_not_read_as_digits():
    text = "Spørg på tlf. om loo-ordningen i blok 2."
    assert anonymise(text).text == text


def test_a_cpr_number_with_a_four_digit_year_after_a_cue_is_replaced_whole():
    result = anonymise("Personnummer 03.09.1952-1184 står på den gamle liste.")
    assert result.text == "Personnummer [cpr-nummer] står på den gamle liste.", result.text


# -- a number a cue says is no phone number ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Leverandørens CVR-nr. 31 56 72 09 er rettet i aftalen.",
    "Faktura 50028814 er sendt til godkendelse.",
    "Sagen (LBF-sag 2020-0917) er godkendt.",
    "Journalnr. 2021-3345 skal stå på alle bilag.",
    "Vi fik sagsnr. 2019-4410 fra kommunen.",
    "Møde-id: 512 330 871 22",
])
def test_a_reference_number_stays_and_holds_nothing_back(text):
    result = anonymise(text)
    assert result.text == text and result.clean, (result.text, result.findings)


def test_a_phone_number_beside_a_reference_number_is_still_replaced():
    result = anonymise("Faktura 50028814 – spørgsmål til bogholderiet på tlf. 43 21 87 65.")
    assert result.text == "Faktura 50028814 – spørgsmål til bogholderiet på tlf. [telefonnummer]."


# -- addresses: a home is masked, a public place may stay ----------------------------------------------

@pytest.mark.parametrize("text", [
    "Mødet holdes i Bøgeparken 4 (beboerhuset), 2650 Hvidovre.",
    "Adresse for byggepladsen: Tjørnevej 2, 2605 Brøndby.",
    "Sted: Ejendomskontoret, Mosevænget 1",
])
def test_the_address_of_a_public_place_stays(text):
    result = anonymise(text)
    assert result.text == text and result.clean, result.text


@pytest.mark.parametrize("text, address", [
    ("Hun bor ved siden af fælleshuset, Mosevænget 7.", "Mosevænget 7"),          # someone lives there
    ("Svar sendes til Mosevænget 7, 2650 Hvidovre.", "Mosevænget 7"),             # nothing says public
    ("Brevet kom fra Bøgeløkken 11, 1. tv., og handler om genhusning.", "Bøgeløkken 11"),   # a flat: a home
])
def test_any_other_address_is_masked(text, address):
    result = anonymise(text)
    assert address not in result.text and "[adresse]" in result.text, result.text


def test_a_flat_written_by_stairway_and_floor_is_how_minutes_write_a_resident_and_stays():
    text = "Beboeren i opgang 4, 3. th. har klaget over træk. Blok 2, st. tv. er tom."
    result = anonymise(text)
    assert result.text == text and result.clean, result.findings


# -- digits a scan read for the letters of a name ------------------------------------------------------

@pytest.mark.parametrize("text, pieces", [
    ("Deltagere: 8irthe Kofoed, 0luf Brandt (OB)\n\nOB fremlagde regnskabet.", ["8irthe", "0luf", "OB", "Kofoed"]),
    ("Ny kontaktperson er Søren Ha1lund. Ha1lund overtager 1. marts.", ["Ha1lund", "Søren"]),
    ("Ansøger: Oksana Kova1enko, født i Lviv. Kova1enko bor i opgang 4.", ["Kova1enko", "Oksana"]),
    ("Deltog: Jamal E1-Sayed og Nour A1-Khatib fra tolkebureauet.", ["E1", "Sayed", "A1", "Khatib"]),
])
def test_a_name_with_digits_a_scan_read_for_letters_is_found(text, pieces):
    result = anonymise(text)
    assert all(gone(p, result.text) for p in pieces), result.text
    assert result.clean, result.findings


def test_a_code_or_unit_with_digits_stays_as_the_scan_wrote_it():
    text = "Opfø1gning: tegningerne i A3, 40 m2 tag og CO2-regnskab til Eventue1t. Kode Xk7pQ2."
    result = anonymise(text)
    assert result.text == text and result.clean, result.text


@pytest.mark.parametrize("text", [
    "Byggeregnskabet for afd. 42 (sag nr. 2019-1172) afleveres i juni.",
    "- el-tavle mangler mærkning, målernr. 48 22 19 07",
    "Genhusningsboligerne har lejemålsnumrene 3381-0014 til 3381-0029.",
    "| Fakturanr. | Beløb |\n|---|---|\n| 77120455 | 12.400,00 |\n| 2022-00812 | 950,00 |",
])
def test_a_number_a_cue_or_its_column_calls_a_reference_stays(text):
    result = anonymise(text)
    assert result.text == text and result.clean, result.text


def test_a_cpr_number_after_a_note_in_brackets_is_replaced():
    result = anonymise("CPR (min far): 120538-2O71")
    assert "2O71" not in result.text and "120538" not in result.text, result.text


def test_a_phone_number_a_scan_read_letters_into_is_replaced_without_a_cue():
    result = anonymise("Kontakt Gunnar på 2O 44 17 92 om nøglerne. Kl. 1O.3O mødes vi.")
    assert "2O 44" not in result.text and "1O.3O" in result.text, result.text
