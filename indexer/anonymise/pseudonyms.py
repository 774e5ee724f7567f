"""One person, one pseudonym, all forms.

Once a person is found in a lesson (from the directory, a name position or the name stage), every
later form of any part of their name gets the same replacement: the surname alone ("Lindbergs
vurdering"), the first name alone, a hyphen part ("Grethes"), a genitive, capitals or lower case,
the name written without its accents ("Yilmaz" for "Yılmaz"), and initials ("AGL", "ZY"). A part
that is also a Danish word ("Storm", "Sand", "Bo") is replaced only where it reads as a name:
capitalised inside a sentence, in capitals, in a name position, or first in a sentence with a
person's verb after it ("Storm mente"); "efter stormen" and "Storm og regn" stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.anonymise.edits import Edits, sentence_start
from indexer.anonymise.name_lexicon import MONTHS_WEEKDAYS, NameLexicon, danish_dictionary, name_key
from indexer.anonymise.syntax import PERSON_VERBS, SPEECH_VERBS, finite_verb
from indexer.language.words import stop_words

_BRACKETED_INITIALS = re.compile(r"[ \t]*\(([A-ZÆØÅ]{2,4})\)")
_TOKEN = re.compile(r"(?<![\w@])[^\W\d_]+(?:-[^\W\d_]+)*(?:['’]s?)?")


@dataclass
class Pseudonym:
    nominative: str           # "Person A", "projektlederen hos bygherren"
    genitive: str             # "Person A's", "projektlederen hos bygherrens"
    keys: set[str] = field(default_factory=set)
    initials: set[str] = field(default_factory=set)
    dictated: bool = False    # found written in lower case ("sten mener"): lower-case forms may follow


class People:
    """The people found in one lesson, by the keys of their name parts."""

    def __init__(self, lexicon: NameLexicon):
        self.lex = lexicon
        self.by_key: dict[str, Pseudonym] = {}
        self.by_initials: dict[str, Pseudonym] = {}

    def register(self, words: list[str], nominative: str, genitive: str) -> None:
        parts = [w.strip(".") for w in words if len(w.strip(".")) > 1 and not w.isupper()]
        if not parts:
            return
        person = Pseudonym(nominative, genitive, dictated=any(w[:1].islower() for w in parts))
        for word in parts:
            pieces = [word, *word.split("-")] if "-" in word else [word]
            person.keys.update(name_key(p) for p in pieces if len(p) > 1)
        letters = [p[0] for w in words for p in w.strip(".").split("-") if p]
        if len(letters) >= 2:
            person.initials.add("".join(letters).upper())
            person.initials.add((letters[0] + letters[-1]).upper())
        for key in person.keys:
            self.by_key.setdefault(key, person)
        for initials in person.initials:
            self.by_initials.setdefault(initials, person)

    def initials_given(self, text: str, words: list[str], stop: int) -> None:
        """"Mohammed Al-Saadi (MA)": initials in brackets right after a name are that person's when they
        start with the first name's letter and end with a later part's ("(DAB)" after a name is no one's)."""
        m = _BRACKETED_INITIALS.match(text, stop)
        letters = [p[0].upper() for w in words for p in w.strip(".").split("-") if p]
        person = self.by_key.get(name_key(words[0].strip("."))) if words else None
        if m and person and len(letters) >= 2 and m.group(1)[0] == letters[0] and m.group(1)[-1] in letters[1:]:
            self.by_initials.setdefault(m.group(1), person)

    def register_initials(self, initials: str, nominative: str) -> Pseudonym:
        """A person known only by initials ("MBV"): every later "MBV" gets the same replacement."""
        person = Pseudonym(nominative, nominative + "'s", initials={initials})
        self.by_initials.setdefault(initials, person)
        return person

    def word_like(self, word: str) -> bool:
        """A part that is also an ordinary word: only replaced where it reads as a name."""
        return self.lex.is_dictionary_word(word) or word.casefold() in MONTHS_WEEKDAYS

    def replace_forms(self, edits: Edits, certain: list[tuple[int, int]]) -> None:
        """Every free form of a registered name part in ``edits.text`` gets that person's replacement."""
        if not self.by_key and not self.by_initials:
            return
        text = edits.text
        for m in _TOKEN.finditer(text):
            start, token = m.start(), m.group()
            base, genitive = _split_genitive(token)
            stop = start + len(token)
            person = self._person_of(base, fuzzy=False)
            if person is None and genitive is False and token.endswith("s") and len(token) >= 3 \
                    and not (len(token) == 3 and token.lower() in stop_words()):     # "Bos", "Ibs"; not "hos"
                person = self._person_of(token[:-1], fuzzy=False)
                if person is not None:
                    base, genitive = token[:-1], True
            if person is None:
                person = self._person_of(base)
            if person is None:
                short = base.isupper() and 2 <= len(base) <= 4
                person = self.by_initials.get(base) if short or base in self.by_initials else None   # "jkr:" too
                if person is None:
                    continue
            elif not self._reads_as_name(text, start, start + len(base), base, certain, person, genitive):
                continue
            if edits.free(start, stop):
                edits.add(start, stop, person.genitive if genitive else person.nominative, "name")

    def _person_of(self, word: str, fuzzy: bool = True) -> Pseudonym | None:
        if len(word) < 2 or (word.isupper() and len(word) <= 4 and name_key(word) not in self.by_key):
            return None
        person = self.by_key.get(name_key(word))
        if person is None and "-" in word:
            keys = [name_key(p) for p in word.split("-")]
            owners = {id(self.by_key[k]): self.by_key[k] for k in keys if k in self.by_key}
            if len(owners) == 1 and all(k in self.by_key for k in keys):
                person = next(iter(owners.values()))
        if person is None and fuzzy and word[:1].isupper() and word[1:].islower() and len(word) >= 5 \
                and not self.lex.is_dictionary_word(word):
            person = self._spelt_otherwise(name_key(word))
        return person

    def _spelt_otherwise(self, key: str) -> Pseudonym | None:
        """"Dmitro" of Dmytro, "Khaleel" of Khalil, "Mohammed" of Muhammad: one person spelt another way
        (the same first letter, one letter apart, two in a longer name), when only one person is that close."""
        limit = 1 if len(key) < 7 else 2
        owners = {id(p): p for k, p in self.by_key.items()
                  if len(k) >= 5 and k[0] == key[0] and abs(len(k) - len(key)) <= limit and _distance(k, key) <= limit}
        return next(iter(owners.values())) if len(owners) == 1 else None

    def _reads_as_name(self, text: str, start: int, end: int, word: str, certain: list[tuple[int, int]],
                       person: Pseudonym | None = None, genitive: bool = False) -> bool:
        if not self.word_like(word):
            return True
        if any(s <= start and end <= e for s, e in certain) or (word.isupper() and len(word) > 1):
            return True
        if person is not None and self._beside_own_name(text, start, end, person):
            return True       # "Gulsen Kaya" of Gülşen Kaya: a word-name right beside the rest of the name
        if not word[:1].isupper():
            return (not genitive and _acts_here(text, start, end)) or (
                bool(person and person.dictated) and _dictated_name_here(text, end, genitive))
        if not sentence_start(text, start):
            return True
        after = re.match(r"(?:['’]?s)?[ \t]*([,:]|[^\W\d_]+)", text[end:end + 30])
        if not after:
            return False
        nxt = after.group(1)
        if nxt == "og":     # "Birk og Bjerg går arealet igennem", not "Storm og regn"
            pair = re.match(r"[ \t]+og[ \t]+([^\W\d_]+)", text[end:end + 40])
            return bool(pair and pair.group(1)[:1].isupper() and self._person_of(pair.group(1)) is not None)
        return (nxt in (",", ":") or nxt.lower() in PERSON_VERBS or text[end:end + 1] in ("s", "'", "’")
                or (nxt.islower() and finite_verb(nxt, danish_dictionary())))      # "Bjerg åbnede mødet"

    def _beside_own_name(self, text: str, start: int, end: int, person: Pseudonym) -> bool:
        before = re.search(r"([^\W\d_]+)[ \t]+$", text[max(0, start - 30):start])
        after = re.match(r"[ \t]+([^\W\d_]+)", text[end:end + 30])
        return any(m and not self.word_like(m.group(1)) and self._person_of(m.group(1), fuzzy=False) is person
                   for m in (before, after))


def _acts_here(text: str, start: int, end: int) -> bool:
    """A person's verb right after a lower-case word-name: "lind skriver referatet" of Gitte Lind; not
    after an article ("en smed skal")."""
    after = _AFTER_LOWER.match(text, end)
    return (bool(after) and after.group(1) in SPEECH_VERBS | _MEETING_ACTS
            and not _ARTICLE_BEFORE.search(text, max(0, start - 12), start))


# What a person does in a meeting besides speaking: "skriver", "bestiller", "følger op".
_MEETING_ACTS = frozenset("skriver bestiller bestilte følger fulgte tjekker tjekkede ringer ringede sender sendte "
                          "laver lavede tager tog henter hentede".split())
_ARTICLE_BEFORE = re.compile(r"(?<![\w])(?:en|et|den|det|de|min|din|sin|vores|hans|hendes|deres|the|a|an)[ \t]+$")
_AFTER_LOWER = re.compile(r"(?:['’]?s)?[ \t]+([a-zæøå]+)(?:[ \t]+([\w]+))?")


def _dictated_name_here(text: str, end: int, genitive: bool) -> bool:
    """In notes dictated in lower case, a word-name of a person found there reads as that person where a
    person stands: before a person's verb ("sten mener"), before "fra" and where they come from ("sten fra
    enemærke", not "sten fra den gamle mur"), and as a genitive before a noun ("holms vurdering")."""
    after = _AFTER_LOWER.match(text, end)
    if not after:
        return False
    nxt, then = after.group(1), after.group(2) or ""
    if genitive:
        return nxt not in ("og", "eller", "i", "på", "til", "af", "for", "med")
    if nxt in PERSON_VERBS:
        return True
    return nxt in ("fra", "hos") and bool(then) and then.isalpha() and then not in ("den", "det", "de", "en", "et")


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (small words only)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _split_genitive(token: str) -> tuple[str, bool]:
    if token[-2:] in ("'s", "’s"):
        return token[:-2], True
    if token[-1:] in ("'", "’"):
        return token[:-1], True
    return token, False


def person_letters(mentions: list) -> dict[int, str]:
    """The same person gets the same letter: "Søren Bakkegaard" … "Bakkegaard" … "Søren".

    ``mentions`` are the name stage's (``names._Mention``): a decision, tokens and the name's key.
    """
    people = [m for m in mentions if m.decision == "person"]
    keys = {id(m): tuple(name_key(k) for k in m.key()) for m in people}     # "Zając" and "Zajac" are one
    full = {k for k in keys.values() if len(k) >= 2}
    identity: dict[int, tuple[str, ...]] = {}
    for m in people:
        key = keys[id(m)]
        if len(key) == 1:
            word = key[0]                # "Anne" of "Anne-Grethe Lindberg", "Soren" of "Søren"
            owners = {f for f in full if word in _parts(f) or word.rstrip("s") in _parts(f)}
            initials = [name_key(t.base[0]) for t in m.tokens if t.initial]
            if initials:
                owners = {f for f in owners if f[0][0] == initials[0][0]} or owners
        else:                            # "Bjerg Lund" of "Pia Bjerg Lund"
            owners = {f for f in full if len(f) > len(key) and f[-len(key):] == key}
        if len(owners) == 1:
            key = owners.pop()
        identity[id(m)] = key
    order: dict[tuple[str, ...], str] = {}
    for m in sorted(people, key=lambda m: m.start):
        order.setdefault(identity[id(m)], letter(len(order)))
    return {id(m): order[identity[id(m)]] for m in people}


def _parts(full: tuple[str, ...]) -> set[str]:
    return {name_key(p) for w in full for p in (w, *w.split("-"))}


def letter(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA"."""
    letters, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
