"""Danish words: tokens, stop words, stems, the æ/ø/å spelling key and character n-grams.

One analysis for everything that compares words: the keyword index, questions, synonyms and
sentence scoring. A change to what these functions return changes the tokens of an index, so
bump ``ANALYSER_VERSION`` (recorded in each build's manifest) when you make one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ANALYSER_VERSION = 3
GRAM = 4          # character n-gram length

# "&os" keeps its ampersand: without it the partnership's name is the stop word "os".
_TOKEN = re.compile(r"&?[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue"})


@lru_cache(maxsize=1)
def stemmer():
    import Stemmer

    return Stemmer.Stemmer("danish")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_DANISH

    # Question words and chat filler carry no topic: "hvad", "hvordan", "hvornår", "bare" …
    extra = {"hvad", "hvordan", "hvornår", "hvorfor", "hvilke", "hvilken", "hvilket", "hvem", "hvor",
             "kan", "man", "gør", "gøre", "får", "få", "findes", "nogen", "noget", "mon", "lige",
             "egentlig", "helt", "godt", "ok", "hej", "tak", "må", "skal", "bør", "vil", "os", "bare",
             "hos", "mens", "indtil"}
    return frozenset(STOPWORDS_DANISH) | extra


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def fold(word: str) -> str:
    """ASCII spelling key: "økonomi", "oekonomi" and "Økonomi" share one key (æ/ø/å ↔ ae/oe/aa)."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Lower-cased word tokens; hyphenated compounds also yield their parts."""
    out: list[str] = []
    for token in _TOKEN.findall(normalise(text)):
        if "-" in token:
            out.extend(p for p in token.split("-") if p)
        else:
            out.append(token)
    return out


def content_words(text: str) -> list[str]:
    """Words that carry topic: no stop words, no single letters."""
    stops = stop_words()
    return [w for w in words(text) if w not in stops and (len(w) > 1 or w.isdigit())]


def stem(word: str) -> str:
    return stemmer().stemWord(word)


def analyse(text: str) -> list[str]:
    """Text → stemmed tokens without stop words (the word channel's terms)."""
    return stemmer().stemWords(content_words(text))


def char_grams(text: str, n: int = GRAM) -> list[str]:
    """Character n-grams of the folded content words, with word boundaries marked: "#tag", "tag#"."""
    return grams_of(content_words(text), n)


def grams_of(content: list[str], n: int = GRAM) -> list[str]:
    out: list[str] = []
    for word in content:
        out.extend(_word_grams(word, n))
    return out


@lru_cache(maxsize=200_000)
def _word_grams(word: str, n: int) -> tuple[str, ...]:
    # Words repeat: folding each occurrence again was most of a reindex (make bench).
    padded = f"#{fold(word)}#"
    return tuple(padded[i:i + n] for i in range(max(1, len(padded) - n + 1)))
