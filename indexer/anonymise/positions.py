"""Name positions: places in minutes where a word is a person whatever else it could be.

Speaker labels ("Bo: Vi skal spare.", "Kim: enig."), attendee and role slots ("Deltagere: …",
"Referent: …", "Mødeleder: …", "Afbud: …", "Fra:/Til:/Cc:" of a pasted e-mail), greetings and
signatures ("Hej Martin", "Mvh" and the line after it, "/Christopher"), name columns of tables
("Ansvarlig", "Navn", "Ejer"), contact lines (a name beside a phone number or an e-mail) and
"spørg lotte", "ring til morten". A word in the name lists that stands here is a name even when it
is also a Danish word ("Bo", "Kim", "Sten"); here a lower-case name is a name too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.anonymise.english import english_term_here
from indexer.anonymise.initials import (NOTE_MARKERS, initials_in_prose, known_abbreviation, lower_case_initials,
                                       rare_initials)
from indexer.anonymise.name_lexicon import MONTHS_WEEKDAYS, NAME_PARTICLES, NameLexicon
from indexer.anonymise.syntax import BODIES, CONTACT_WORDS, SPEECH_VERBS, affiliation_after
from indexer.language.words import stop_words

_WORD = r"[^\W\d_][\w'’.\-]*"
# A line, and what may stand before a name on it: quote marks, a bullet, a chat log's time ("[07:12]").
_LINE_START = (r"(?m)^[ \t]*(?:>[ \t]*)*(?:\[?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\]?[ \t]+)?"
               r"(?:[-*•+][ \t]+|\d{1,2}[.)][ \t]+)?(?:\*\*|__)?")
_SLOTS = (r"deltagere|deltager|deltog|delt\.|til stede|tilstede|tilst\.|fremmødte|mødedeltagere|referent|ref\.|"
          r"referat ved|referat|mødeleder|ordstyrer|"
          r"afbud fra|afbud|fraværende|kontaktpersoner|kontaktperson|kontakt|ansvarlige?|ansv\.|tovholdere?|"
          r"facilitator|gæster|gæst|oplægsholdere?|fra|til|cc|bcc|from|to|vagt|skrevet af|navn|deltagerliste|"
          r"(?:referat|notat|noter)[ \t]+(?:skrevet|taget|ført)[ \t]+af|mødet[ \t]+ledet[ \t]+af")
_SLOT = re.compile(_LINE_START + rf"(?i:{_SLOTS})(?:\*\*|__)?[ \t]*:[ \t]*(?:\*\*|__)?(?P<items>[^\n]+)")
# A slot as a heading with the people in a bulleted list under it: "Deltagere:\n- Anne Holm\n- Bo".
_SLOT_HEADING = re.compile(r"(?im)^[ \t]*(?:#{1,4}[ \t]*)?(?:\*\*|__)?(?:deltagere|deltager|til stede|tilstede|afbud|"
                           r"fraværende|deltagerliste|mødedeltagere|fremmødte|gæster|kontaktpersoner|delt\.)"
                           r"(?:\*\*|__)?[ \t]*:?[ \t]*(?:\*\*|__)?[ \t]*\n(?P<list>(?:[ \t]*[-*•+][ \t]+[^\n]+(?:\n|$))+)")
_BULLET = re.compile(r"(?m)^[ \t]*[-*•+][ \t]+(?P<items>[^\n]+)")
_VED = re.compile(r"(?i)(?<![\w])(?:indledning|oplæg|velkomst|introduktion|præsentation|referat|oplæg)[ \t]+"
                  r"ved[ \t]+(?P<items>[^\n.:;]+)")
_LABEL = re.compile(_LINE_START + rf"(?P<label>{_WORD}(?:[ \t]+{_WORD}){{0,3}})(?:[ \t]*\([^()\n]{{1,40}}\))?"
                    r"(?:\*\*|__)?[ \t]*:(?=[ \t]*\S)")
_INITIALS = re.compile(r"[A-ZÆØÅ]{2,4}")
_PIECE_INITIALS = re.compile(r"[ \t]*([A-ZÆØÅ]{2,4}|[a-zæøå]{2,3})[ \t]*\.?[ \t]*")
# A slot that is unmistakable also after a sentence on the same line: "Mødet startede 9. Til stede: BHJ, LT."
_SLOT_INLINE = re.compile(r"(?<=[.!?])[ \t]+(?i:deltagere|til stede|tilstede|referent|afbud fra|afbud|fraværende|"
                          r"mødeleder|ordstyrer|delt\.|ref\.)[ \t]*:[ \t]*(?P<items>[^\n]+)")
_LOWER_INITIALS = re.compile(r"(?:\(|(?<=[A-ZÆØÅ\w])/)([a-zæøå]{2,3})(?=\)|/)")      # "(tk)", "(HB/kbj)"
_NOTE_MARKERS = NOTE_MARKERS
_GREETING = re.compile(r"(?im)^[ \t>]*(?:hej|hejsa|kære|hi|hello|dear|goddag)[ \t]+(?P<items>[^\n,!.:]+)")
_CLOSING = (r"(?:med venlig hilsen|med venlige hilsner|venlig hilsen|venlige hilsner|mange hilsner|"
            r"(?:de )?bedste hilsn?e?r|kærlig hilsen|hilsen|mvh|vh|bh|kh|best regards|kind regards|regards)")
_SIGN_OFF = re.compile(rf"(?im)^[ \t>]*{_CLOSING}[ \t,.!]*\n[ \t>]*\n?[ \t>]*(?P<items>[^\n]+)")
_SIGN_INLINE = re.compile(r"(?im)^[ \t>]*(?:mvh|vh|hilsen|kh|bh)[ \t,.]+(?P<items>[^\n]+)$")
_SLASH = re.compile(r"(?m)(?:^|[ \t])/(?P<items>[A-ZÆØÅ][^\W\d_]+(?:[ \t]+[A-ZÆØÅ][^\W\d_]+)?)[ \t]*$")
_CUE = re.compile(r"(?i)(?<![\w])(?:spørg|spurgt|spurgte|ring til|ringe til|ringet til|skriv til|skrive til|tal med|"
                  r"tal m\.|snak med|snak m\.|sammen med|kontakt|kontakte|hils|hils på|cc|v/|att\.?)[ \t]+(?P<items>[^\W\d_][\w\-]*(?:[ \t]+[^\W\d_][\w\-]*)?)")
_NAME_HEADERS = {"navn", "name", "ansvarlig", "ansv.", "ansvarlige", "ejer", "deltager", "deltagere", "hvem",
                 "kontakt", "kontaktperson", "tovholder", "person", "initialer", "beboer", "lejer", "ansvar",
                 "sagsbehandler", "afsender", "modtager", "udføres af", "udført af", "hvem?", "init.", "who", "owner"}
_ITEM_SPLIT = re.compile(r"[ \t]*(?:,|;|:|\||/|\bog\b|\band\b|&|\+|(?<=[^\W\d_]{2})\.[ \t]+(?=[A-ZÆØÅ]))[ \t]*")
_BRACKETED = re.compile(r"\(([^()\n]*)\)|<[^<>\n]*>|\[[^\[\]\n]*\]")
_ITEM_WORD = re.compile(r"[^\W\d_][\w'’\-]*\.?")
_LOWER_PAIR = re.compile(r"(?<![\w@./-])(?P<a>[a-zæøåéöü][a-zæøåéöü\-]{1,})[ \t]+og[ \t]+(?P<b>[a-zæøåéöü][a-zæøåéöü\-]{1,})"
                         r"(?=[ \t]+(?P<verb>[a-zæøå]+))")
_LINE_START_LOWER = re.compile(r"(?m)^[ \t]*(?:[-*•+][ \t]+)?(?P<a>[a-zæøåéöü][a-zæøåéöü\-]{1,})[ \t]+(?P<verb>[a-zæøå]+)")
# "Familien Bjerg", "fam hersi": a family's name.
_FAMILY = re.compile(r"(?i)(?<![\w])(?:fam\.?|familien|familie)[ \t]+(?P<name>[^\W\d_][\w'’\-]*)")
# A lower-case word and the word after it, anywhere: "… sammen med rasmus fra ncc", "rasmus mener at …".
_LOWER_WORD = re.compile(r"(?<![\w@./'’-])(?P<a>[a-zæøåéöü][a-zæøåéöü\-]+)(?P<initial>[ \t]+[a-zæøå](?:\.|(?=[ \t]+[a-zæøå(])))?"
                         r"(?=[ \t]+(?P<next>[a-zæøå]+|\())")
# A chat handle "minh.tran", "@anna.berg": a first name and a surname joined by a dot.
_HANDLE_NAME = re.compile(r"(?<![\w./-])(?P<a>[a-zæøå]{3,})(?:\.(?P<b>[a-zæøå]{1,})|_(?P<c>[a-zæøå]+))(?![\w@]|\.\w)")
# A lower-case word after a word that takes a person: "snakket med bjarne", "ring tilbage til yusuf".
_PERSON_PREP_LOWER = re.compile(r"(?<![\w])(?:med|til|hos|fra|ifølge|v/)[ \t]+(?P<a>[a-zæøåéöü][a-zæøåéöü\-]+)"
                                r"(?P<initial>[ \t]+[a-zæøå]\.)?")
# A nickname in quotes inside a name: Kristoffer "Kris" Ravnkilde.
_NICKNAME = re.compile(r"(?P<first>[A-ZÆØÅ][^\W\d_]+)[ \t]+[\"“„'‘][A-ZÆØÅ][^\W\d_]*[\"”'’][ \t]+[A-ZÆØÅ][^\W\d_-]+(?:-[A-ZÆØÅ][^\W\d_]+)?")
_CONTACT_LINE = re.compile(r"(?m)^[^\n]*(?:@[\w-]+\.|\d{2}[ .\-]?\d{2}[ .\-]?\d{2}[ .\-]?\d{2})[^\n]*$")
_VERBS = frozenset(
    "mener mente siger sagde tager tog tjekker tjekkede kan skal vil har havde er var sender sendte ringer "
    "ringede skriver skrev foreslår foreslog spørger spurgte undersøger undersøgte booker følger fulgte "
    "melder laver lavede sørger kommer kom går gik tror troede ved vidste".split())


@dataclass(frozen=True)
class NamePosition:
    start: int
    end: int
    certain: bool = True      # False: a capitalised word that may be a name here (the name stage decides)
    initials: bool = False    # "MBV" as a speaker label, "Referent: MBV", "| KB |" in a name column


class _Finder:
    def __init__(self, text: str, lexicon: NameLexicon):
        self.text, self.lex = text, lexicon
        self.found: list[NamePosition] = []

    def listed(self, word: str) -> bool:
        forms = (_cap(word), _cap(word).rstrip("s"))
        return any(self.lex.is_listed_name(w) or self.lex.is_person_name(w) for w in forms)

    def first_name(self, word: str) -> bool:
        if "-" in word.strip("-"):        # "anne-marie", "jens-ole": every part a first name
            return all(self.first_name(p) for p in word.split("-") if p)
        return _cap(word) in self.lex.first_names or self.lex.folded_first(_cap(word))

    def add(self, start: int, end: int, certain: bool = True, initials: bool = False) -> None:
        if start < end:
            self.found.append(NamePosition(start, end, certain, initials))

    # -- items of a slot: "Bo Sand (KAB), Kim, lotte og undertegnede (Torsten Bech)" ---------------
    def items(self, start: int, items: str, need_listed: bool = False) -> None:
        pieces: list[tuple[int, str, bool]] = []
        for m in _BRACKETED.finditer(items):
            if m.group(1) is not None:
                pieces.append((start + m.start(1), m.group(1), False))
        plain = _BRACKETED.sub(lambda m: " " * len(m.group()), items)
        pos = 0
        for part in _ITEM_SPLIT.split(plain):
            at = plain.find(part, pos)
            pos = at + len(part)
            pieces.append((start + at, part, not need_listed))
        for offset, piece, initials in pieces:
            code = _PIECE_INITIALS.fullmatch(piece) if initials else None
            if code and (code.group(1) not in _NOTE_MARKERS if code.group(1).isupper()
                         else self._lower_initials(code.group(1))):        # "Til stede: BHJ, ØKN.", "jkr, mha"
                self.add(offset + code.start(1), offset + code.end(1), initials=True)
            else:
                self._item(offset, piece, need_listed)

    def _lower_initials(self, word: str) -> bool:
        return (not self.first_name(word) and not self.lex.is_dictionary_word(word) and word not in stop_words()
                and rare_initials(word) and not known_abbreviation(word.upper(), self.lex))     # "Til: fsb" is no one

    def _item(self, start: int, item: str, need_listed: bool) -> None:
        words = list(_ITEM_WORD.finditer(item))
        run: list[re.Match] = []
        initial: list[re.Match] = []          # "M. Wiśniewska": the initial belongs to the name after it
        for k, m in enumerate(words):
            word = m.group().rstrip(".") if len(m.group()) > 2 else m.group()
            if run and word in NAME_PARTICLES and k + 1 < len(words) and words[k + 1].group()[:1].isupper():
                continue                      # "Ursula von Stein", "Ana da Silva"
            if re.fullmatch(r"[A-ZÆØÅa-zæøå]\.", word):
                if run:                       # "Maria K.": the initial of her surname; "Anne K. Holm": a middle one
                    run.append(m)
                    if k + 1 < len(words) and words[k + 1].group()[:1].isupper() and self._name_word(
                            words[k + 1].group().rstrip("."), True):
                        continue
                    break
                initial = [m]
                continue
            if self._name_word(word, bool(run)):
                run = (initial if not run else []) + run + [m]
                if m.group().endswith(".") and len(m.group()) > 2:
                    break             # "Til stede: Ib Krogh. Bos forslag …": a sentence ends the name
            elif run:
                break
            elif word[:1].isupper() and not self.listed(word) and self.lex.is_common(word):
                if word.lower().endswith(BODIES):
                    break         # a body and its estate: "Til: Byggeudvalget Kildemarken" is no one
                continue          # a title before the name: "Beboerrådgiveren Marianne Juhl"
            else:
                break
        if not run:
            return
        names = [m.group().rstrip(".") for m in run if not re.fullmatch(r"[A-ZÆØÅa-zæøå]\.", m.group())]
        if need_listed and not any(self.listed(w) and (len(names) > 1 or not self.lex.is_common(w, exact=True))
                                   for w in names):
            return            # "Ring til mig på …" is no name beside a number; "Asger Holt, 28 39 …" is
        self.add(start + run[0].start(), start + run[-1].end() - (1 if run[-1].group().endswith(".")
                                                                    and len(run[-1].group()) > 2 else 0))

    def _name_word(self, word: str, in_run: bool) -> bool:
        if word.isupper() and len(word) > 1:      # "KAB", "AM": organisations and initials are not decided here
            return False
        if word.lower() in stop_words() or word.lower().rstrip(".:") in CONTACT_WORDS:   # "tal med ravn om"
            return False
        if word.casefold() in MONTHS_WEEKDAYS:
            return False
        if word[:1].isupper():
            named = self.listed(word) or self.lex.is_word_name(word)
            # after a first name a town is a surname ("Navn: Torben Hadsund"); "Til: Projektsekretariatet" is no one
            surname = in_run and (self.lex.is_dictionary_word(word) or self.lex.is_known_place(word))
            if not named and self.lex.is_common_form(word):
                return surname
            return named or not self.lex.is_common(word) or surname
        return self.listed(word) and (not self.lex.is_dictionary_word(word) or self.first_name(word))

    # -- the positions ---------------------------------------------------------------------------
    def run(self) -> list[NamePosition]:
        text = self.text
        for pattern in (_SLOT, _SLOT_INLINE, _VED, _GREETING, _SIGN_OFF, _SIGN_INLINE, _SLASH):
            for m in pattern.finditer(text):
                self.items(m.start("items"), m.group("items"))
        for m in _SLOT_HEADING.finditer(text):
            for item in _BULLET.finditer(text, m.start("list"), m.end("list")):
                self.items(item.start("items"), item.group("items"))
        for m in _CUE.finditer(text):
            self.items(m.start("items"), m.group("items"), need_listed=True)
            word = re.match(r"[^\W\d_]+", m.group("items"))
            if word and self.lex.is_word_name(word.group()):      # "snak med bjerg": a person is spoken to
                self.add(m.start("items"), m.start("items") + word.end())
        self.labels()
        self.tables()
        for m in _CONTACT_LINE.finditer(text):
            line = m.group()
            cut = re.search(r"[\w.+-]+@|\(?\+?\d{2}", line)
            head = line[:cut.start()] if cut else line
            self.items(m.start(), head, need_listed=True)
        self.lower_case()
        self.families_handles_nicknames()
        for start, end in [*initials_in_prose(text, self.lex), *lower_case_initials(text, self.lex)]:
            self.add(start, end, initials=True)
        for m in _LOWER_INITIALS.finditer(text):      # "noter (tk)", "- tjek tegninger (jb)"
            if rare_initials(m.group(1)) and not self.lex.is_dictionary_word(m.group(1)):
                self.add(m.start(1), m.end(1), initials=True)
        return self.found

    def labels(self) -> None:
        """"Bo: Vi skal spare.": a speaker label whose first word is a name.

        A label that is an ordinary word and also a name ("Dal:", "Storm:") or initials ("MBV:") is a
        speaker only in a dialogue: when at least two lines of the text start with such labels (and, for
        initials, one of them speaks twice, named speakers speak too, or they are named in a slot).
        """
        speakers, maybe = 0, []
        for m in _LABEL.finditer(self.text):
            label = m.group("label")
            words = label.split()
            first = words[0].rstrip(".")
            if re.fullmatch(rf"(?i:{_SLOTS})", label) or (len(words) > 1 and english_term_here(
                    self.text, words, m.start("label"), m.end("label"), self.first_name, self.listed)):
                continue              # "Lessons Learned Register:" is a topic
            if first.isupper():
                if len(words) == 1 and _INITIALS.fullmatch(first) and first not in _NOTE_MARKERS:
                    maybe.append((m.start("label"), m.end("label"), True))
                continue
            if not all(w[:1].isupper() for w in words):
                if len(words) == 1 and re.fullmatch(r"[a-zæøå]{2,3}", first) and self._lower_initials(first):
                    maybe.append((m.start("label"), m.end("label"), True))      # "jkr: vi mangler tegninger"
                    continue
                if not (len(words) == 1 and self.first_name(first)):
                    continue
            common_surname = self.lex.is_dictionary_word(first) and not self.first_name(first)
            if self.listed(first) and not common_surname:
                self.add(m.start("label"), m.end("label"))
                speakers += 1
            elif first[:1].isupper() and all(self.lex.is_name_like(w.rstrip(".")) for w in words):
                maybe.append((m.start("label"), m.end("label"), False))
        if speakers + len(maybe) < 2:
            return
        # Initials are speakers in a dialogue: one of them speaks twice, named speakers speak too, or
        # they are named in a slot. Topic labels in capitals ("KPI:", "IKT:") each stand once.
        seen = [self.text[s:e] for s, e, initials in maybe if initials]
        slotted = {self.text[p.start:p.end] for p in self.found if p.initials}
        dialogue = speakers > 0 or any(seen.count(w) >= 2 for w in seen)
        for start, end, initials in maybe:
            if not initials or dialogue or self.text[start:end] in slotted:
                self.add(start, end, initials=initials)

    def tables(self) -> None:
        """Cells of a name column: "| Ansvarlig |" … "| Helle Bruun |"."""
        lines = self.text.split("\n")
        offsets, pos = [], 0
        for line in lines:
            offsets.append(pos)
            pos += len(line) + 1
        columns: set[int] = set()
        for i, line in enumerate(lines):
            if not line.strip().startswith("|"):
                columns = set()
                continue
            cells = line.strip().strip("|").split("|")
            if i + 1 < len(lines) and re.fullmatch(r"\s*\|?(?:\s*:?-{2,}:?\s*\|?)+\s*", lines[i + 1]):
                columns = {k for k, c in enumerate(cells) if c.strip().lower().rstrip(":") in _NAME_HEADERS}
                continue
            if not columns or re.fullmatch(r"[\s|:\-]+", line):
                continue
            cell_start = offsets[i] + line.index("|") + 1
            for k, cell in enumerate(cells):
                if k in columns:
                    self.items(cell_start, cell)
                cell_start += len(cell) + 1

    def lower_case(self) -> None:
        """"lotte og jesper tager den", "- jesper mener …": lower-case first names doing something."""
        for m in _LOWER_PAIR.finditer(self.text):
            a, b = m.group("a"), m.group("b")
            if self.first_name(a) and self.first_name(b) and (
                    not self.lex.is_dictionary_word(a) or not self.lex.is_dictionary_word(b)):
                self.add(m.start("a"), m.end("a"))
                self.add(m.start("b"), m.end("b"))
        for m in _LINE_START_LOWER.finditer(self.text):
            a, verb = m.group("a"), m.group("verb")
            if ((self.first_name(a) and verb in _VERBS)                          # "- lærke har styr på"
                    or (self.lex.is_word_name(a) and verb in SPEECH_VERBS)):      # "- holm siger ok"
                self.add(m.start("a"), m.end("a"))
            elif (verb in _VERBS or verb in SPEECH_VERBS) and _unknown_word(a, self.lex):
                self.add(m.start("a"), m.end("a"))                                 # "- hodan ringede kl 7.40"
        for m in _LOWER_WORD.finditer(self.text):
            a, nxt = m.group("a"), m.group("next")
            if not self.first_name(a) or a in stop_words():
                continue
            end = m.end("a")
            if affiliation_after(self.text, end):                                  # "sten (maleren) kan"
                self.add(m.start("a"), end)
            elif m.group("initial") and ((m.group("initial").endswith(".") and not self.lex.is_dictionary_word(a))
                                         or affiliation_after(self.text, m.end("initial"))
                                         or nxt in _VERBS or nxt in SPEECH_VERBS):   # "mette k. tager", "lise m har"
                self.add(m.start("a"), m.end("initial"))
            elif nxt in SPEECH_VERBS or (not self.lex.is_dictionary_word(a) and (nxt in _VERBS or nxt == "fra")):
                self.add(m.start("a"), end)                    # "line siger at", "rasmus fra ncc", "rasmus har"
        for m in _PERSON_PREP_LOWER.finditer(self.text):       # "snakket med bjarne", "til yusuf", "med jensen"
            a = m.group("a")
            if (self.first_name(a) or _lower_surname(a, self.lex)) and not self.lex.is_dictionary_word(a) \
                    and a not in stop_words():
                self.add(m.start("a"), m.end())

    def families_handles_nicknames(self) -> None:
        """"Familien Bjerg", "fam hersi"; a chat handle "minh.tran"; Kristoffer "Kris" Ravnkilde."""
        for m in _FAMILY.finditer(self.text):
            name = m.group("name")
            if name.lower() in stop_words():
                continue
            if name[:1].isupper() or not (self.lex.is_common_form(name) or self.lex.is_dictionary_word(name)):
                self.add(m.start("name"), m.end("name"))
        for m in _HANDLE_NAME.finditer(self.text):
            a, b = m.group("a"), m.group("b") or m.group("c")
            if (self.first_name(a) or (m.group("b") and self.first_name(b))) \
                    and not self.lex.is_dictionary_word(self.text[m.start():m.end()]):
                self.add(m.start(), m.end())
        for m in _NICKNAME.finditer(self.text):
            if self.first_name(m.group("first")):
                self.add(m.start(), m.end())


def _unknown_word(word: str, lexicon: NameLexicon) -> bool:
    """A lower-case word that is no Danish or English word ("hodan"): in notes before a verb, a name."""
    from wordfreq import zipf_frequency

    return (len(word) >= 3 and bool(re.search(r"[aeiouyæøå]", word)) and bool(re.search(r"[^aeiouyæøå]", word))
            and not lexicon.is_common_form(word) and word not in stop_words()
            and zipf_frequency(word, "da") < 2.5 and zipf_frequency(word, "en") < 3.0)


def _lower_surname(word: str, lexicon: NameLexicon) -> bool:
    """A surname of the lists in lower case that no dictionary knows as a word ("jensen", "kowalski")."""
    from wordfreq import zipf_frequency

    return (len(word) >= 5 and word.isalpha() and lexicon.is_listed_name(_cap(word))
            and not lexicon.is_dictionary_word(word)
            and (word.endswith(("sen", "søn")) or (zipf_frequency(word, "en") < 3.0 and not lexicon.is_common_form(word))))


def _cap(word: str) -> str:
    return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))


def name_positions(text: str, lexicon: NameLexicon) -> list[NamePosition]:
    """Spans of ``text`` that are names by where they stand, in text order."""
    found = sorted(set(_Finder(text, lexicon).run()), key=lambda p: (p.start, -p.end))
    kept: list[NamePosition] = []
    for p in found:           # "peter" inside "peter.n": the longer position is the name
        if not any(k.start <= p.start and p.end <= k.end and (k.start, k.end) != (p.start, p.end) for k in kept[-4:]):
            kept.append(p)
    return sorted(kept, key=lambda p: (p.start, p.end))
