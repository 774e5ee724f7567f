"""Phone numbers spoken in words: a dictated note or a transcript writes "toogtyve otteogfyrre nitten
femoghalvfjerds" for 22 48 19 75.

A run of Danish number words that adds up to the eight digits of a phone number is one – after a phone
cue ("nummer", "tlf", "ring på", "mobil") always, and without one when it is four two-digit numbers in
a row, the way people read a phone number aloud. The whole run is masked.
"""

from __future__ import annotations

import re

_UNITS = ("nul", "en", "et", "én", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni")
_TEENS = ("ti", "elleve", "tolv", "tretten", "fjorten", "femten", "seksten", "sytten", "atten", "nitten")
_TENS = ("tyve", "tredive", "tredve", "fyrre", "fyrretyve", "halvtreds", "halvtredsindstyve", "tres",
         "tresindstyve", "halvfjerds", "halvfjerdsindstyve", "firs", "firsindstyve", "halvfems",
         "halvfemsindstyve")
_COMPOUND_UNITS = ("en", "et", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni")


def _alternatives(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_TWO_DIGITS = rf"(?:(?:{_alternatives(_COMPOUND_UNITS)})og(?:{_alternatives(_TENS)})|{_alternatives(_TENS + _TEENS)})"
_NUMBER_WORD = rf"(?:{_TWO_DIGITS}|{_alternatives(_UNITS)})"
_GAP = r"(?:[ \t]*[,\-–][ \t]*|[ \t]+)"
_RUN = re.compile(rf"(?i)(?<![\w])(?:{_NUMBER_WORD}){_GAP}(?:{_NUMBER_WORD}{_GAP}){{2,7}}{_NUMBER_WORD}(?![\w])")
_TWO = re.compile(rf"(?i){_TWO_DIGITS}")
_CUE = re.compile(r"(?i)(?<![\w])(?:nummer|nummeret|nr|tlf|telefon(?:nummer|nummeret)?|mobil(?:nummer|nummeret)?|"
                  r"mobilen|ring(?:e|er)?(?:[ \t]+(?:til|på))?|sms)[.:]?[ \t]*(?:er|på|:)?[ \t]*$")


def _digits(word: str) -> int:
    return 2 if _TWO.fullmatch(word) else 1


def spoken_phone_numbers(text: str) -> list[tuple[int, int]]:
    """Spans of number words that read as a phone number."""
    found = []
    for m in _RUN.finditer(text):
        words = re.findall(r"[^\W\d_]+", m.group())
        digits = sum(_digits(w) for w in words)
        cue = _CUE.search(text, max(0, m.start() - 30), m.start())
        in_pairs = len(words) == 4 and all(_digits(w) == 2 for w in words)
        if digits == 8 and (cue or in_pairs):
            found.append((m.start(), m.end()))
    return found
