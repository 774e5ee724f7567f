"""Is a generated answer grounded in the passages it cites? Checked sentence by sentence.

- every sentence cites at least one ``[n]``, and every ``[n]`` is one of the passages sent;
- its facts – numbers and amounts (with their scale: "6 mia." is not "6 mio."), dates and month or
  weekday names, § references and proper names – appear in the passages it cites;
- most of its content words (Danish stems, or a part of a compound there) appear there too.
The answer as a whole must be Danish (``danish.py``). The first failure gives the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from indexer.language.sentences import split_sentences
from indexer.language.words import content_words, fold, stem
from indexer.search.generate.danish import is_danish
from indexer.search.generate.failures import (
    NOT_DANISH,
    UNCITED_SENTENCE,
    UNGROUNDED_FACT,
    UNGROUNDED_WORDS,
    UNKNOWN_CITATION,
    GenerationFailed,
)

MIN_WORD_SHARE = 0.6       # "most" content words of a sentence must be in its cited passages
MIN_PART = 4               # a stem this long may match inside a compound of the passage
CITATION = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_CITATIONS_AFTER_STOP = re.compile(r"([.!?])\s*((?:\[\d+(?:\s*[,;]\s*\d+)*\]\s*)+)")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_DATE = re.compile(r"(?<![\w.])(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[./-](\d{1,2})[./-](\d{2,4}))(?![\w])")
_NUMBER = re.compile(r"(?<![\w,.])(\d{1,3}(?:[.\u00a0\u202f ]\d{3})+|\d+)(?:,(\d+))?(?![\d])"
                     r"(?:\s*(mio|millioner|million|mia|milliarder|milliard|tusind|tusinde)\b\.?)?",
                     re.IGNORECASE)
_SECTION = re.compile(r"(?:§§?|paragraf(?:fen|ferne)?)\s*(\d+)", re.IGNORECASE)
_WORDS = re.compile(r"[^\W\d_]+")
_NAME = re.compile(r"&[a-zæøå]+|[A-ZÆØÅ][\w&'’-]*")
_SCALE = {"tusind": 1e3, "tusinde": 1e3, "mio": 1e6, "million": 1e6, "millioner": 1e6,
          "mia": 1e9, "milliard": 1e9, "milliarder": 1e9}
_NUMBER_WORDS = {"to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9, "ti": 10,
                 "elleve": 11, "tolv": 12, "tyve": 20, "halvanden": 1.5, "hundrede": 100}
_MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
           "oktober", "november", "december"]
_WEEKDAYS = {"mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"}
# Words a faithful answer uses about its sources, not about the topic.
_ABOUT_SOURCES = {"ifølge", "kilde", "kilden", "kilder", "kilderne", "fremgår", "nævnes", "nævner",
                  "beskrives", "beskriver", "skriver", "står", "erfaringen", "erfaringerne"}
_PRONOUNS = {"I", "De", "Dem", "Deres", "Jer", "Jeres"}


@dataclass(frozen=True)
class Sentence:
    text: str                 # without its citation markers
    cited: tuple[int, ...]


def split_answer(text: str) -> list[Sentence]:
    """Sentences with the [n] they cite; a citation written after the full stop counts for its sentence."""
    out: list[Sentence] = []
    for line in text.splitlines():
        line = _BULLET.sub("", line.replace("**", "").replace("__", ""))
        line = _CITATIONS_AFTER_STOP.sub(lambda m: f" {m.group(2).strip()}{m.group(1)} ", line)
        for raw in split_sentences(line):
            cited = tuple(int(n) for group in CITATION.findall(raw) for n in re.split(r"\s*[,;]\s*", group))
            plain = " ".join(CITATION.sub(" ", raw).split())
            if not re.search(r"\w", plain):         # citations on their own belong to the sentence before
                if out and cited:
                    out[-1] = Sentence(out[-1].text, out[-1].cited + cited)
                continue
            out.append(Sentence(plain, cited))
    return out


def check_answer(text: str, sources: dict[int, str]) -> None:
    """Raise GenerationFailed with the first reason the answer cannot be shown; ``sources`` maps n → text."""
    borrowed = frozenset(w.lower() for source in sources.values() for w in _WORDS.findall(source))
    if not is_danish(CITATION.sub(" ", text), borrowed):
        raise GenerationFailed(NOT_DANISH)
    sentences = split_answer(text)
    for sentence in sentences:
        if any(n not in sources for n in sentence.cited):
            raise GenerationFailed(UNKNOWN_CITATION)
        if not sentence.cited:
            raise GenerationFailed(UNCITED_SENTENCE)
        cited = [_passage(sources[n]) for n in dict.fromkeys(sentence.cited)]
        if not facts(sentence.text) <= frozenset().union(*(p.facts for p in cited)):
            raise GenerationFailed(UNGROUNDED_FACT)
        if word_share(sentence.text, cited) < MIN_WORD_SHARE:
            raise GenerationFailed(UNGROUNDED_WORDS)


def facts(text: str) -> set[str]:
    """What a sentence claims: numbers (as values), dates, month and weekday names, § numbers and
    proper names."""
    return _values(text) | {f"name:{n}" for n in names(text)}


def source_facts(text: str) -> set[str]:
    """The same for a passage, where every capitalised word counts (a name may open a sentence)."""
    return _values(text) | {f"name:{_name_key(w)}" for w in _NAME.findall(text)}


def _values(text: str) -> set[str]:
    found: set[str] = set()

    def section(m: re.Match) -> str:           # "§ 4" is a reference, not the number four
        found.add(f"§{int(m.group(1))}")
        return " "

    def date(m: re.Match) -> str:
        year, month, day = (m.group(1), m.group(2), m.group(3)) if m.group(1) else \
            (m.group(6), m.group(5), m.group(4))
        found.update({f"n{int(day)}", f"m{int(month)}", f"n{int(year) + (2000 if len(year) == 2 else 0)}"})
        return " "
    rest = _DATE.sub(date, _SECTION.sub(section, text))
    for m in _NUMBER.finditer(rest):
        whole = re.sub(r"[.\u00a0\u202f ]", "", m.group(1))
        value = float(f"{whole}.{m.group(2)}" if m.group(2) else whole)
        found.add(_value(value * _SCALE.get((m.group(3) or "").lower(), 1)))
    lowered = [w.lower() for w in re.findall(r"[^\W\d_]+", rest)]
    for i, word in enumerate(lowered):
        if word in _NUMBER_WORDS:
            scale = _SCALE.get(lowered[i + 1], 1) if i + 1 < len(lowered) else 1
            found.add(_value(_NUMBER_WORDS[word] * scale))
        elif word in _MONTHS:
            found.add(f"m{_MONTHS.index(word) + 1}")
        elif word in _WEEKDAYS:
            found.add(f"d{word}")
    return found


def names(text: str) -> set[str]:
    """Proper names: capitalised words inside a sentence, words in capitals, and "&os"-style names."""
    out: set[str] = set()
    for sentence in split_sentences(text):
        for m in _NAME.finditer(sentence):
            word = m.group(0)
            before = sentence[:m.start()].rstrip()
            opens = not before or before[-1] in ":«»\"“„(–-"
            if word in _PRONOUNS or (opens and not word.startswith("&") and not _is_acronym(word)):
                continue
            out.add(_name_key(word))
    return out


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _name_key(word: str) -> str:
    """Lower case, æ/ø/å folded, without a genitive s ("KAB's", "Landsbyggefondens" → their name)."""
    key = fold(word.lower()).rstrip("'’-")
    key = re.sub(r"['’]s$", "", key)
    return key[:-1] if key.endswith("s") and len(key) > 3 else key


def _value(value: float) -> str:
    return f"n{value:g}"


@dataclass(frozen=True)
class _Passage:
    facts: frozenset[str]
    stems: frozenset[str]      # content words and their stems
    folded: str                # content words, æ/ø/å folded, for parts of compounds


@lru_cache(maxsize=1024)
def _passage(text: str) -> _Passage:
    """A passage analysed once, however many sentences cite it (and answers: the top passages repeat)."""
    words = content_words(text)
    return _Passage(frozenset(source_facts(text)), frozenset({stem(w) for w in words} | set(words)),
                    " ".join(fold(w) for w in words))


def word_share(sentence: str, cited: list[_Passage]) -> float:
    """Share of the sentence's content words found in the cited passages (1.0 when it has none)."""
    words = [w for w in content_words(sentence) if not w.isdigit() and w not in _ABOUT_SOURCES
             and w not in _NUMBER_WORDS and w not in _MONTHS]
    if not words:
        return 1.0
    stems = frozenset().union(*(p.stems for p in cited))
    folded = " ".join(p.folded for p in cited)
    found = 0
    for word in words:
        root = stem(word)
        found += word in stems or root in stems or (len(root) >= MIN_PART and fold(root) in folded)
    return found / len(words)
