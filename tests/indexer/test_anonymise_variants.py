"""Property tests: CPR and phone numbers in the shapes people and word processors write them, and one
person, one pseudonym, in every later form of their name.

Every person and number here is invented.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from indexer.anonymise.anonymiser import anonymise
from indexer.anonymise.name_lexicon import name_lexicon
from indexer.knowledge.directory import Directory

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# What Word and pasted web pages put between digits: non-breaking hyphens, zero-width spaces,
# no-break spaces, en dashes, minus signs.
HYPHENS = ["-", "\u2011", "\u2010", "\u2013", "\u2212", "\ufe63"]
INVISIBLE = ["", "\u200b", "\u200c", "\u2060", "\ufeff", "\u00ad"]
SPACES = [" ", "\u00a0", "\u202f"]
CPR_CUES = ["", "CPR ", "cpr.nr.", "CPR-nr. ", "cpr: ", "personnummer ", "Cpr.nr: "]
SENTENCES = ["{v}", "Beboeren ({v}) skal genhuses i stueplan.", "På listen stod {v} ved en fejl.",
             "Kontakt: {v}, mobil", "{v} er slettet fra regnearket."]


def digits_of(text: str) -> str:
    return re.sub(r"\D", "", text)


def gone(digits: str, text: str) -> bool:
    """The digits are nowhere in the text, whatever stands between them."""
    return digits not in digits_of(text)


def sprinkle(draw, digits: str) -> str:
    """Invisible characters dropped between some digits, the way pasted text carries them."""
    out = []
    for d in digits:
        out.append(d)
        out.append(draw(st.sampled_from(INVISIBLE)) if draw(st.booleans()) else "")
    return "".join(out).rstrip("".join(INVISIBLE)) or digits


@st.composite
def cpr_numbers(draw) -> tuple[str, str]:
    day = draw(st.dates())
    serial = draw(st.integers(0, 9999))
    d, m, y, s = f"{day:%d}", f"{day:%m}", f"{day:%y}", f"{serial:04d}"
    shape = draw(st.sampled_from([
        "{d}{m}{y}{h}{s}", "{d}{m}{y}{s}", "{d}{m}{y}/{s}", "{d}.{m}.{y}{h}{s}", "{d}{m}{sp}{y}{sp}{s}",
        "{d}{m}{y}{sp}{s}", "{d}{m}{y}{sp}{h}{sp}{s}"]))
    value = shape.format(d=d, m=m, y=y, s=s, h=draw(st.sampled_from(HYPHENS)), sp=draw(st.sampled_from(SPACES)))
    return draw(st.sampled_from(CPR_CUES)) + sprinkle(draw, value), d + m + y + s


@st.composite
def phone_numbers(draw) -> tuple[str, str]:
    digits = draw(st.text("0123456789", min_size=8, max_size=8).filter(lambda t: t[0] in "2345678936"))
    pairs = [digits[i:i + 2] for i in range(0, 8, 2)]
    sep = draw(st.sampled_from([*SPACES, *HYPHENS[:3], "."]))
    body = draw(st.sampled_from([digits, sep.join(pairs), f"{digits[:4]}{sep}{digits[4:]}"]))
    prefix = draw(st.sampled_from(["", "+45 ", "+45", "0045 ", "(+45) ", "tlf. ", "tlf.", "mobil: ", "Tlf ",
                                   "ring på ", "tlf. +45 "]))
    if not prefix and re.fullmatch(r"(?:19|20)\d\d.(?:19|20)\d\d", body):      # "2019-2021" is a year range
        assume(False)
    return prefix + sprinkle(draw, body), digits


@FAST
@given(cpr=cpr_numbers(), sentence=st.sampled_from(SENTENCES))
@example(cpr=("cpr.nr.010100 - 0000", "0101000000"), sentence="{v}")      # spaces around the dash
def test_property_cpr_numbers_in_every_shape_are_replaced(cpr, sentence):
    written, digits = cpr
    result = anonymise(sentence.format(v=written))
    assert gone(digits, result.text), result.text
    assert "[cpr-nummer]" in result.text or "[telefonnummer]" in result.text


@FAST
@given(phone=phone_numbers(), sentence=st.sampled_from(SENTENCES))
@example(phone=("tlf. 22 - 33 - 44 - 55", "22334455"), sentence="{v}")
def test_property_phone_numbers_in_every_shape_are_replaced_or_hold_the_lesson_back(phone, sentence):
    written, digits = phone
    result = anonymise(sentence.format(v=written))
    assert gone(digits, result.text) or not result.clean, result.text
    assert gone(digits, result.text), result.text


# -- one person, one pseudonym, all forms -----------------------------------------------------------------
FIRST = ["Anne-Grethe", "Zeynep", "Łukasz", "Søren", "Kirsten", "Bjarke", "Malene", "Preben", "Ayesha", "Torsten"]
LAST = ["Lindberg", "Yılmaz", "Wiśniewski", "Bakkegaard", "Damgaard", "Lykke", "Fisker", "Lundgaard", "Rahman",
        "Overgaard"]
OPENINGS = ["{full} fra Boligselskabet Vestervang holdt oplæg om udbud.", "Deltagere: {full}, Bo Sand",
            "Oplæg ved {full}.", "Ifølge {full} holdt tidsplanen."]
LATER = ["{form} mente, at dialogen sparede tid.", "Det var {form} vurdering, at prisen var høj.",
         "Spørgsmålet gik til {form} bagefter.", "{form}: enig.", "Vi aftalte, at {form} sender slides rundt."]


def _plain(word: str) -> str:
    return (word.replace("ø", "o").replace("Ø", "O").replace("ı", "i").replace("Ł", "L").replace("ł", "l")
            .replace("ś", "s").replace("å", "a").replace("æ", "ae"))


@st.composite
def later_forms(draw, first: str, last: str) -> str:
    part = draw(st.sampled_from([first, last, *first.split("-"), *last.split("-")]))
    forms = [part, part.upper(), _plain(part)]
    if not name_lexicon().is_dictionary_word(part):     # "lykke" in lower case is the Danish word
        forms.append(part.lower())
    form = draw(st.sampled_from(forms))
    return form + draw(st.sampled_from(["", "s", "'s"]))


@FAST
@given(data=st.data(), first=st.sampled_from(FIRST), last=st.sampled_from(LAST),
       opening=st.sampled_from(OPENINGS))
def test_property_every_later_form_of_a_found_name_gets_the_same_pseudonym(data, first, last, opening):
    full = f"{first} {last}"
    forms = [data.draw(later_forms(first, last)) for _ in range(3)]
    later = [data.draw(st.sampled_from(LATER)).format(form=form) for form in forms]
    text = "\n".join([opening.format(full=full), *later])
    result = anonymise(text, Directory.empty())
    for part in {*first.split("-"), *last.split("-"), first, last}:
        flags = 0 if name_lexicon().is_dictionary_word(part) else re.IGNORECASE
        for variant in {part, _plain(part), part.upper()}:
            assert re.search(rf"(?<!\w){re.escape(variant)}(?!\w)", result.text, flags) is None, result.text
    opening_line, *later_lines = result.text.split("\n")
    person = re.search(r"Person [A-Z]+", opening_line).group()
    for line in later_lines:
        assert re.findall(r"Person [A-Z]+", line) == [person], result.text
