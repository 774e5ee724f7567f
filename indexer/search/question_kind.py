"""What kind of answer a Danish question asks for, and whether a sentence contains one.

"hvor mange …", "hvad koster …" ask for a number; "hvornår …" for a time. Tempting questions
the knowledge base cannot answer ("hvad er timeprisen hos …") often match the right topic but
not the kind of answer: the best sentences found then hold no number or date at all.
"""

from __future__ import annotations

import re

NUMBER = "number"
TIME = "time"

_ASKS_NUMBER = re.compile(
    r"\bhvor (mange|meget|stor|stort|store|lang|langt|længe|høj|højt|ofte)\b|\bhvad (koster|tjener)\b"
    r"|\bprocent\b|\bhvilket beløb\b", re.IGNORECASE)
# "hvad er timeprisen …", "hvad var fsb's omsætning …": a definite amount is a number, "hvad er en målpris?" is not.
_ASKS_AMOUNT = re.compile(
    r"\bhvad (er|var) (\S+ )?(\w*prisen|\w*prisern[e]|huslejen|lønnen|\w*omsætningen|\w*resultatet|beløbet)\b"
    r"|\bhvad (er|var) \S+?'?s (\w*pris|husleje|løn|omsætning|\w*resultat)\b", re.IGNORECASE)
_ASKS_TIME = re.compile(r"\bhvornår\b|\bhvilken dato\b|\bhvilket år\b|\bfrist", re.IGNORECASE)

_NUMBER_WORDS = ("halvt|halv|et par|to|tre|fire|fem|seks|syv|otte|ni|ti|elleve|tolv|femten|tyve|tredive|fyrre|"
                 "halvtreds|hundrede|tusind|millioner|million|milliarder|milliard|mia|mio|halvdelen|dobbelt")
_HAS_NUMBER = re.compile(r"\d|\b(" + _NUMBER_WORDS + r")\b", re.IGNORECASE)
_TIME_WORDS = ("januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|"
               "foråret|efteråret|sommeren|vinteren|forår|efterår|dato")
_HAS_TIME = re.compile(r"\b(1[89]|20)\d\d\b|\b(" + _TIME_WORDS + r")\b|\buge \d", re.IGNORECASE)


def expected_answer(question: str) -> str | None:
    """NUMBER, TIME or None (any other kind of question)."""
    if _ASKS_TIME.search(question):
        return TIME
    if _ASKS_NUMBER.search(question) or _ASKS_AMOUNT.search(question):
        return NUMBER
    return None


def contains_answer(kind: str, text: str) -> bool:
    return bool((_HAS_TIME if kind == TIME else _HAS_NUMBER).search(text))
