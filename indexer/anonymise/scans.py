"""Digits a scan read for letters in a word: "0le" is Ole, "Me1nyk" Melnyk, "A1-Saadi" Al-Saadi.

OCR reads a capital O as 0, an l or I as 1, an S as 5 and a B as 8. A word of letters with one or
two such digits in it that reads as a name or an ordinary word once they are letters again is read
that way (the output keeps what the scan wrote where nothing is replaced); codes and units with
digits ("A4", "CO2", "m2", "B12") read as nothing and stay as they are. A digit between two letters of a
capitalised word ("Me1nyk") is a letter even when the word is in no list.
"""

from __future__ import annotations

import itertools
import re

from indexer.anonymise.name_lexicon import NameLexicon
from indexer.anonymise.normalise import Normalised

_LETTERS_FOR = {"0": "Oo", "1": "lIL", "5": "Ss", "8": "B"}
_ORDINAL_ENDINGS = ("ende", "te", "de", "ste", "nde")
_MIXED = re.compile(r"(?<![\w])(?=\w*[^\W\d_]\w*[^\W\d_])(?=\w*[0158])[^\W_]{3,}(?![\w])")
# "A1-Saadi", "e1-Masri": the particle of an Arabic name with a 1 for its l.
_PARTICLE = re.compile(r"(?<![\w])([AaEe])1(?=-[A-ZÆØÅ])")


def read_scan_digits(norm: Normalised, lexicon: NameLexicon) -> Normalised:
    """``norm`` with the digits of a scanned word read as the letters they stand for (same length)."""
    text = norm.text
    if not any(c in text for c in "0158"):
        return norm
    chars = list(text)
    for m in _PARTICLE.finditer(text):
        chars[m.start() + 1] = "l"
    for m in _MIXED.finditer(text):
        word = _as_letters(m.group(), lexicon)
        if word:
            chars[m.start():m.end()] = word
    repaired = "".join(chars)
    return norm if repaired == text else Normalised(repaired, norm.to_raw)


def _as_letters(word: str, lexicon: NameLexicon) -> str | None:
    digits = [i for i, c in enumerate(word) if c.isdigit()]
    if len(digits) > 2 or any(word[i] not in _LETTERS_FOR for i in digits) or len(word) - len(digits) < 2:
        return None
    options = [_LETTERS_FOR[word[i]] for i in digits]
    for letters in itertools.product(*options):
        chars = list(word)
        for i, letter in zip(digits, letters):
            chars[i] = letter if i == 0 or not word[i - 1].islower() else letter.lower()
        candidate = "".join(chars)
        if not _plain_case(candidate):
            continue
        if lexicon.is_listed_name(candidate) or lexicon.is_dictionary_word(candidate) and candidate.islower():
            return candidate
        if candidate[:1].isupper() and (lexicon.is_dictionary_word(candidate) or lexicon.is_listed_name(candidate)):
            return candidate
    if digits == [0] and word[0] in "058" and re.fullmatch(r"[a-zæøåéöü]{3,}", word[1:]) \
            and re.search(r"[aeiouyæøå]", word[1:]) and not word[1:].endswith(_ORDINAL_ENDINGS):
        return _LETTERS_FOR[word[0]][0] + word[1:]          # "0luf Brandt": a first name no list has
    inside = len(digits) == 1 and all(0 < i < len(word) - 1 and word[i - 1].isalpha() and word[i + 1].islower() for i in digits)
    if inside and _plain_case(word.replace("0", "o").replace("1", "l").replace("5", "s").replace("8", "b")):
        return "".join(_LETTERS_FOR[c][0].lower() if c.isdigit() else c for c in word)   # "Me1nyk": a name no list has
    return None


def _plain_case(word: str) -> bool:
    """"Ole", "ole", "OLE", "Melnyk" – not "OlE" or "lAuridsen"."""
    return word.islower() or word.isupper() or (word[:1].isupper() and word[1:].islower())
