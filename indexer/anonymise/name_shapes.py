"""Names in capitals ("SØREN BAKKEGAARD") and in lower case ("søren bakkegaard", a dictated "Preben
hvidkjær"): a first name and a surname."""

from __future__ import annotations

import re

from indexer.anonymise.edits import Edits
from indexer.anonymise.name_lexicon import NAME_PARTICLES, SURNAME_ENDINGS, NameLexicon, danish_dictionary
from indexer.anonymise.syntax import finite_verb

_CAPS_PAIR = re.compile(r"(?<![\w&])([A-ZÆØÅÉ]{2,}(?:-[A-ZÆØÅÉ]{2,})?)[ \t]+([A-ZÆØÅÉ]{2,}(?:-[A-ZÆØÅÉ]{2,})?)"
                        r"(?:[ \t]+([A-ZÆØÅÉ]{2,}(?:-[A-ZÆØÅÉ]{2,})?))?(?![\w&])")
_LOWER_PAIR = re.compile(r"(?<![\w@./-])([A-ZÆØÅa-zæøåé][a-zæøåé]{1,})(?=[ \t]+([a-zæøåé]{3,}(?:-[a-zæøåé]{3,})?)(?![\w@]))")


def shouted_names(scan: Edits, lexicon: NameLexicon) -> list[tuple[int, int]]:
    """"SØREN BAKKEGAARD": a first name and a surname in capitals."""
    found = []
    for m in _CAPS_PAIR.finditer(scan.text):
        words = ["-".join(p.capitalize() for p in w.split("-")) for w in m.groups() if w]
        if (words[0] in lexicon.first_names and not lexicon.is_common(words[0], exact=True)
                and any(lexicon.is_listed_name(w) or w.lower().endswith(SURNAME_ENDINGS) for w in words[1:])
                and scan.free(m.start(), m.end())):
            found.append((m.start(), m.end()))
    return found


def lower_case_names(scan: Edits, lexicon: NameLexicon) -> list[tuple[int, int]]:
    """"søren bakkegaard" written in lower case: a first name and a surname."""
    found = []
    for m in _LOWER_PAIR.finditer(scan.text):
        first, last = m.group(1).capitalize(), "-".join(p.capitalize() for p in m.group(2).split("-"))
        listed = ((lexicon.is_listed_name(last) or lexicon.is_word_name(last) or last.lower().endswith(SURNAME_ENDINGS))
                  and (not lexicon.is_common(last) or lexicon.is_word_name(last)))    # "lars holm", "jens sand"
        if (first in lexicon.first_names and not lexicon.is_common(first)
                and ((m.group(1).islower() and listed) or _no_word(m.group(2), lexicon))    # "Preben hvidkjær"
                and not finite_verb(m.group(2), danish_dictionary())   # "line siger"
                and scan.free(m.start(), m.end(2))):
            found.append((m.start(), m.end(2)))
    return found


def _no_word(word: str, lexicon: NameLexicon) -> bool:
    """A lower-case word no Danish or English word list knows ("hvidkjær"): after a first name, a surname."""
    from wordfreq import zipf_frequency

    name = word[:1].upper() + word[1:]
    return (len(word) >= 4 and "-" not in word and word not in NAME_PARTICLES and not lexicon.is_dictionary_word(word) and not lexicon.is_common_form(word)
            and zipf_frequency(word, "en") < 2.5
            and (zipf_frequency(word, "da") < 2.0 or lexicon.is_known_place(name) or lexicon.is_listed_name(name)))
