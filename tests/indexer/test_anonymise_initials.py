"""Initials that stand for people: in slots written short ("Delt.:", "Ref.:"), as the subject of a
person's act ("JKR orienterede", "JKR/SØ skriver", "TT og AB deltager"), after "ansv.", in brackets
closing a post-it, and right after the name they abbreviate ("Pia Lund (PL)"). Known abbreviations
and organisations stay.

Every person here is invented; the initials are made up.
"""

from __future__ import annotations

import re

import pytest

from indexer.anonymise.anonymiser import anonymise


def gone(word: str, text: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", text) is None


def test_a_minute_written_only_in_initials_keeps_none_of_them():
    text = ("Delt.: PKL, RØ, EV (rådgiveren). Ref.: RØ\n\n"
            "- PKL orienterede om fugtmålingerne i kælderen.\n"
            "- EV: vi skal have en ny måling, før vi beslutter.\n"
            "- RØ mente, at entreprenøren bør betale. EV enig.\n"
            "- PKL/EV skriver til leverandøren. Ny måling uge 12, RØ og EV deltager.")
    result = anonymise(text)
    assert all(gone(code, result.text) for code in ("PKL", "RØ", "EV")), result.text
    assert "fugtmålingerne i kælderen" in result.text and result.clean, result.text


@pytest.mark.parametrize("text, code", [
    ("Punkt 3: KJM foreslog en prøveopstilling på stedet.", "KJM"),
    ("- opdatér risikologgen, ansv. BVT", "BVT"),
    ("- for lang tilbudstid, 6 uger (GH)\n- godt samarbejde med driften (Lise)", "GH"),
    ("Referent: Nanna Friis (NF)\n\nNF gennemgik budgettet.", "NF"),
])
def test_initials_where_a_person_stands_are_replaced(text, code):
    result = anonymise(text)
    assert gone(code, result.text), result.text


@pytest.mark.parametrize("text", [
    "EU mener, at reglerne skal strammes.",
    "IT undersøger, om serveren kan flyttes.",
    "NB: husk nøglerne til fælleshuset.",
    "Kontrakten følger AB 18 med de sædvanlige fravigelser.",
])
def test_a_known_abbreviation_stays(text):
    assert anonymise(text).text == text


def test_an_organisation_in_brackets_after_a_name_is_not_taken_for_her_initials():
    result = anonymise("Tina Holmgaard (DAB) deltog. DAB har 12 afdelinger i området.")
    assert "DAB har 12 afdelinger" in result.text, result.text
