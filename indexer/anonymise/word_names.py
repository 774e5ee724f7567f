"""Where an ordinary word that is also a name ("Bjerg", "Birk", "Dal", "Vang") stands for a person.

The word lists cannot decide these: "Birk" is a tree and a surname. Danish syntax can (see
``syntax``). At the start of a sentence the word is a person when a person acts right after it
("Bjerg mente", "Holm fra ejendomskontoret gennemgik", "Mose og Krog aftaler", "Strands notat");
inside a sentence, where Danish writes an ordinary word in lower case, a capitalised one is a person
when the words around it say so ("ifølge Bjerg", "aftalt med Birk", "Derfor foreslog Dal"), a place
after a place preposition ("i Lund", "ved Vangen"), and otherwise unknown: the lesson is held back.
"""

from __future__ import annotations

import re

from indexer.anonymise.name_lexicon import NameLexicon, danish_dictionary, definite_form
from indexer.anonymise.syntax import (PERSON_ACTS, PERSON_PREPOSITIONS, PLACE_PREPOSITIONS, SPEECH_VERBS, TITLES,
                                      affiliation_after, apposition_after, finite_verb, word_before)

_NEXT_WORD = re.compile(r"[ \t]+([a-zæøå]+)")
_AFFILIATION = re.compile(r"[ \t]*(?:,[ \t]*)?(?:(?:fra|hos)[ \t]+(?:(?:den|det|de)[ \t]+[a-zæøå]+[ \t]+)?[\w&/.-]+"
                          r"(?:[ \t]+[A-ZÆØÅ][\w&/.-]*)?|\([^()\n]{1,40}\))"
                          r"[ \t]*,?[ \t]+([a-zæøå]+)")
# What only a person does or is, in more than one word: "gjorde opmærksom på", "tog ordet", "bød
# velkommen", "var fraværende", "er ikke enig".
_PERSON_PHRASE = re.compile(r"[ \t]*,?[ \t]+(?:(?:gjorde|gør)[ \t]+(?:opmærksom|rede)|(?:tog|tager)[ \t]+ordet|"
                            r"(?:bød|byder)[ \t]+velkommen|meldte[ \t]+afbud|(?:var|er)(?:[ \t]+ikke)?[ \t]+"
                            r"(?:til[ \t]+stede|fraværende|forhindret|enig|uenig))(?![\w])")
_FROM = re.compile(r"[ \t]*,?[ \t]*(?:fra|hos)[ \t]+(?:(?:den|det|de)[ \t]+[a-zæøå]+[ \t]+)?[\w&/.'’-]+"
                   r"(?:[ \t]+[A-ZÆØÅ][\w&/.-]*)?")
_PAIR_AFTER = re.compile(r"[ \t]+og[ \t]+([A-ZÆØÅ][a-zæøå]+)[ \t]+([a-zæøå]+)")
_LIST_AFTER = re.compile(r"[ \t]*,[ \t]*([A-ZÆØÅ][a-zæøå]+)(?:[ \t]*,[ \t]*[A-ZÆØÅ][a-zæøå]+)*[ \t]+og[ \t]+[A-ZÆØÅ]")
_PAIR_BEFORE = re.compile(r"([A-ZÆØÅ][a-zæøå]+)[ \t]+og[ \t]+$")


def acts_after(text: str, stop: int, lexicon: NameLexicon, affiliated: bool = False) -> bool:
    """"Bjerg mente", "Holm fra ejendomskontoret gennemgik", "Vang (KAB) spurgte", "Mose og Krog aftaler",
    "Krog, Dam og Bach deltog", "Fisker (fra driften) gjorde opmærksom på".

    ``affiliated``: only with an affiliation or a role between ("Fisker (maleren) bemærkede"), for a word
    that is first of all an ordinary word.
    """
    if affiliated:
        end = affiliation_after(text, stop) or (m.end() if (m := _FROM.match(text, stop)) else 0)
        nxt = _NEXT_WORD.match(text, end) if end else None
        return bool(end and ((nxt and nxt.group(1) in PERSON_ACTS) or _PERSON_PHRASE.match(text, end)))
    if _PERSON_PHRASE.match(text, stop) or apposition_after(text, stop):
        return True                        # "Holm, formand for bestyrelsen, bød velkommen"
    nxt = _NEXT_WORD.match(text, stop)
    if nxt and nxt.group(1) in PERSON_ACTS:
        return True
    affiliated = _AFFILIATION.match(text, stop)
    if affiliated and affiliated.group(1) in PERSON_ACTS:
        return True
    end = affiliation_after(text, stop)
    if end and _PERSON_PHRASE.match(text, end):
        return True
    pair = _PAIR_AFTER.match(text, stop)
    if pair and lexicon.is_name_like(pair.group(1)) and finite_verb(pair.group(2), danish_dictionary()):
        return True
    listed = _LIST_AFTER.match(text, stop)       # "Krog, Dam og Bach deltog"
    return bool(listed and lexicon.is_name_like(listed.group(1)))


def owns_something(text: str, start: int, stop: int) -> bool:
    """A genitive before a lower-case word: "Strands notat", "Dals liste" (not "Salonens omdrejningspunkt")."""
    base = text[start:stop].rstrip("s'’").lower()
    return bool(_NEXT_WORD.match(text, stop)) and not definite_form(base)


def person_inside(text: str, start: int, stop: int, lexicon: NameLexicon) -> bool:
    """Inside a sentence: "ifølge Bjerg", "med Birk", "foreslog Dal", "Bjerg mente", "Strand og Vang ser",
    "Krog (formand)"."""
    before = word_before(text, start)
    if before in TITLES or before in SPEECH_VERBS or before in PERSON_PREPOSITIONS or affiliation_after(text, stop):
        return True          # … or a role in brackets: "vi venter på Krog (formand)"
    if before and finite_verb(before, danish_dictionary()) and before not in PLACE_PREPOSITIONS:
        return True          # the subject after the verb: "Derfor foreslog Kjær", "Det mente Bjerg også"
    if acts_after(text, stop, lexicon):
        return True
    pair = _PAIR_BEFORE.search(text, max(0, start - 30), start)
    nxt = _NEXT_WORD.match(text, stop)
    return bool(pair and lexicon.is_name_like(pair.group(1)) and nxt
                and finite_verb(nxt.group(1), danish_dictionary()))


def place_before(text: str, start: int) -> bool:
    """"i Lund", "ved Vangen", "fra Holbæk": a place preposition right before."""
    return word_before(text, start) in PLACE_PREPOSITIONS
