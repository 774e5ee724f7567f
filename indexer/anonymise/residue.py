"""What a missed person leaves beside the people that were found: the fail-closed re-scan's net.

The anonymiser's own output is read again for traces it could not have left if it had understood the
text: a word right beside "Person A" that is no Danish or English word and no known place or
organisation ("Person E al-Zahra Person F", "Person A 1auridsen", "0le Person B"), and initials that
are no known abbreviation where people stand – in a list with a found person ("Person A/KJ", "Person B
og TT"), in brackets after one ("Person C (MA)"), or as a speaker label where found people speak too –
and a first name in lower case that is no Danish or English word ("… og gunhild kiggede med"). Each
holds the lesson back for an admin's review rather than letting a name through.
"""

from __future__ import annotations

import re

from indexer.anonymise.edits import Edits
from indexer.anonymise.english import english_word
from indexer.anonymise.initials import CAPS, known_abbreviation, known_dotted_abbreviation
from indexer.anonymise.name_lexicon import MONTHS_WEEKDAYS, NameLexicon, danish_dictionary
from indexer.anonymise.names import PARTICLE_PREFIX
from indexer.anonymise.syntax import COMPANY_PARTS, CONTACT_WORDS, finite_verb
from indexer.language.words import stop_words

# Particles of a name that are no Danish or English word ("de", "da", "der" are).
_PARTICLE_WORDS = frozenset("van von bin ibn bint abu al el ben ter ten dos della del".split())
# Forms of address in other languages stand beside a name and are no part of it: "Chị Lan", "Ông Minh",
# "Ayşe Hanım", "Pani Nowak", "Thiru Raman".
HONORIFICS = frozenset("ông bà anh chị em cô chú bác bey hanım hanim pan pani sheikh sayyid hajji haji "
                       "thiru tiru thirumathi selvi don doña señor señora herr frau mr mrs ms".split())
_LOWER = re.compile(r"(?<![\w@./'’-])[a-zæøå][a-zæøåéü]{3,}(?![\w@'’-]|\.\w)")
PLACEHOLDER = re.compile(r"Person [A-Z]{1,2}(?:['’]s)?(?![\w])")
_BEFORE = re.compile(r"(?<![\w'’.@/-])([^\W_][\w'’]*(?:-[^\W_][\w'’]*)*)(?:[ \t]+|-)$")
_AFTER = re.compile(r"(?:[ \t]+|-)([^\W_][\w'’]*(?:-[^\W_][\w'’]*)*)(?![\w@.]\w)")
_BRACKET_AFTER = re.compile(rf"[ \t]*\(({CAPS})\)")
_LISTED_AFTER = re.compile(rf"[ \t]*(?:,|/|\bog\b|&)[ \t]*({CAPS})(?![\w&-])")
_LISTED_BEFORE = re.compile(rf"(?<![\w&])({CAPS})[ \t]*(?:,|/|\bog\b|&)[ \t]*$")
_LABEL = re.compile(rf"(?m)^[ \t]*(?:[-*•][ \t]+)?({CAPS})[ \t]*:")
_PERSON_LABEL = re.compile(r"(?m)^[ \t]*(?:[-*•][ \t]+)?Person [A-Z]{1,2}[ \t]*:")


def residue(scan: Edits, lexicon: NameLexicon, allow: frozenset[str], written: str | None = None
            ) -> list[tuple[str, int]]:
    """Positions in ``scan.text`` (the anonymised text, placeholders shielded) that hold the lesson back.

    ``written`` is the same text before a scan's digits were read as letters (same positions), so a
    word the scan mangled ("1auridsen") is seen as it stands."""
    text, found = written if written is not None and len(written) == len(scan.text) else scan.text, []
    for m in PLACEHOLDER.finditer(text):
        before = _BEFORE.search(text, max(0, m.start() - 40), m.start())
        after = _AFTER.match(text, m.end())
        for word in (before, after):
            if word and scan.free(word.start(1), word.end(1)) and _stray(word.group(1), lexicon, allow):
                found.append(("name", word.start(1)))
        for pattern in (_BRACKET_AFTER, _LISTED_AFTER):
            code = pattern.match(text, m.end())
            if code and scan.free(code.start(1), code.end(1)) and not known_abbreviation(code.group(1), lexicon):
                found.append(("name", code.start(1)))
        code = _LISTED_BEFORE.search(text, max(0, m.start() - 12), m.start())
        if code and scan.free(code.start(1), code.end(1)) and not known_abbreviation(code.group(1), lexicon):
            found.append(("name", code.start(1)))
    for m in _LOWER.finditer(text):          # "… og kirsten fra afdelingen": a first name no verb gave away
        word = m.group()
        if scan.free(m.start(), m.end()) and _lower_first_name(word, lexicon):
            found.append(("name", m.start()))
    found += _traces(text, scan, lexicon, allow)
    if _PERSON_LABEL.search(text):
        for m in _LABEL.finditer(text):
            if scan.free(m.start(1), m.end(1)) and not known_abbreviation(m.group(1), lexicon):
                found.append(("name", m.start(1)))
    return found


def _stray(word: str, lexicon: NameLexicon, allow: frozenset[str]) -> bool:
    """A word beside a found person that reads as part of a name: no word, place or organisation."""
    plain = word.rstrip("'’").removesuffix("'s").removesuffix("’s")
    lower = plain.casefold()
    if plain.isupper() and len(plain) <= 4:
        return False              # initials and acronyms are judged where they stand (above)
    if (lower in allow or lower in stop_words() or lower in CONTACT_WORDS or lower in MONTHS_WEEKDAYS
            or lower in HONORIFICS):
        return False
    if plain in COMPANY_PARTS or plain in ("Person",) or plain.isdigit() or re.fullmatch(r"[\d\W]+", plain):
        return False
    letters = re.sub(r"\d", "", plain)
    if len(letters) < 2:
        return False
    if any(c.isdigit() for c in plain):
        return True               # "1auridsen", "0le" beside a person: a name the scan mangled
    if lower in _PARTICLE_WORDS:  # "Al Person A", "Person B van": a particle of the name
        return True
    if plain[:1].islower():       # "Person E al-Zahra"
        return bool(PARTICLE_PREFIX.match(plain)) or lower in _PARTICLE_WORDS
    if lexicon.is_known_place(plain) or lexicon.is_place_shaped(plain):
        return False
    parts = [p for p in lower.split("-") if p]
    if all(_a_word(p, lexicon) for p in parts):
        return lexicon.is_listed_name(plain) and not lexicon.is_common(plain, exact=True) and plain[:1].isupper()
    return True


def _a_word(lower: str, lexicon: NameLexicon) -> bool:
    """An ordinary Danish or English word, also inflected ("låser", "fremlagde", "slides")."""
    from wordfreq import zipf_frequency

    return (lexicon.is_common(lower) or lexicon.is_dictionary_word(lower) or lexicon.is_common_form(lower)
            or finite_verb(lower, danish_dictionary()) or english_word(lower)
            or (lower.endswith("r") and lower[:-1] in danish_dictionary()) or zipf_frequency(lower, "da") >= 3.0)


def _lower_first_name(word: str, lexicon: NameLexicon) -> bool:
    """A first name in lower case that is no Danish or English word ("kirsten", "yasmin"; not "line", "mark")."""
    from wordfreq import zipf_frequency

    name = word[:1].upper() + word[1:]
    return (lexicon.is_first_name(name) and word not in stop_words() and zipf_frequency(word, "en") < 3.0
            and not (lexicon.is_dictionary_word(word) or lexicon.is_common_form(word) or english_word(word)
                     or finite_verb(word, danish_dictionary())))


# A scan's digit between the letters of a capitalised word ("Ha1kjær", "Me1nyk"): a name the scan mangled,
# unless the word read with letters is an ordinary word ("Ti1bud").
_MANGLED = re.compile(r"(?<![\w])[A-ZÆØÅ][a-zæøå]+[0158][a-zæøå]+(?![\w])")
_AS_LETTERS = str.maketrans("0158", "olsb")
# An initial and a word: "E. Vindelbo" is someone, whatever the word.
_INITIAL_AND_WORD = re.compile(r"(?<![\w.])(?<!Person )[A-ZÆØÅ]\.[ \t]?([A-ZÆØÅ][a-zæøåéü]{2,})(?![\w.])")
_DOTTED_LOWER = re.compile(r"(?<![\w.])(?:[a-zæøå]\.){2,3}(?![\w])")


def _traces(text: str, scan: Edits, lexicon: NameLexicon, allow: frozenset[str]) -> list[tuple[str, int]]:
    """Traces of a person the name stage missed that need no found person beside them: a word a scan
    mangled, an initial before a surname, a place right after a found person ("Person A Hadsund"), and
    lower-case dotted initials on a line with a found person ("Person A og h.j.")."""
    found = []
    for m in _MANGLED.finditer(text):
        read = m.group().lower().translate(_AS_LETTERS)
        if scan.free(m.start(), m.end()) and not _a_word(read, lexicon) and read not in allow:
            found.append(("name", m.start()))
    for m in _INITIAL_AND_WORD.finditer(text):
        word = m.group(1)
        heading = not text[text.rfind("\n", 0, m.start()) + 1:m.start()].strip(" \t#*-")     # "A. Projektbeskrivelse"
        if not heading and scan.free(m.start(1), m.end(1)) and not _a_listed_word(word.lower(), lexicon) \
                and not lexicon.is_noun_shaped(word) and word.lower() not in allow \
                and not PLACEHOLDER.match(text, m.start(1)) and not re.match(r"[ \t]+(?:ApS|A/S|I/S)", text[m.end(1):]):
            found.append(("name", m.start(1)))
    for m in PLACEHOLDER.finditer(text):
        after = re.match(r"[ \t]+([A-ZÆØÅ][a-zæøå]+)(?![\w])", text[m.end():m.end() + 40])
        if after and scan.free(m.end() + after.start(1), m.end() + after.end(1)) \
                and lexicon.is_known_place(after.group(1)) and after.group(1).lower() not in allow \
                and not lexicon.is_dictionary_word(after.group(1)):
            found.append(("name", m.end() + after.start(1)))
    for m in _DOTTED_LOWER.finditer(text):
        end = text.find("\n", m.end())
        line = text[text.rfind("\n", 0, m.start()) + 1:end if end >= 0 else len(text)]
        if scan.free(m.start(), m.end()) and not known_dotted_abbreviation(m.group()) and PLACEHOLDER.search(line):
            found.append(("name", m.start()))
    return found


def _a_listed_word(lower: str, lexicon: NameLexicon) -> bool:
    """A word of the dictionaries themselves, not a compound that could be one ("vindelbo" is no word)."""
    from wordfreq import zipf_frequency

    return (lexicon.is_dictionary_word(lower) or lexicon.is_common(lower, exact=True) or english_word(lower)
            or finite_verb(lower, danish_dictionary()) or zipf_frequency(lower, "da") >= 3.0)
