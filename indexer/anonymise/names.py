"""Names not in the directory: found by the name lexicon and context, replaced by "Person A", "Person B"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.anonymise.edits import Edits, sentence_start
from indexer.anonymise.name_lexicon import (MONTHS_WEEKDAYS, SURNAME_ENDINGS, NameLexicon, danish_dictionary,
                                            danish_stemmer, name_key)
from indexer.anonymise.name_shapes import lower_case_names, shouted_names
from indexer.anonymise.pseudonyms import People, letter, person_letters
from indexer.anonymise.syntax import CONTACT_WORDS, FINITE_VERBS, SPEECH_VERBS, TITLES, finite_verb, word_before
from indexer.anonymise.word_names import acts_after, owns_something, person_inside, place_before

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_PARTICLES = frozenset("van von der den de da di du la le bin ibn al el ter ten dos das del della".split())
_SAFE_SUFFIXES = ("loven", "lovens", "ministeriet", "styrelsen", "fonden", "fondens", "kommune",
                  "kommunes", "foreningen", "selskab", "selskabet", "partnerskabet", "regionen")
_CAMEL = re.compile(r"[a-zæøå][A-ZÆØÅ]")
_ACRONYM_SUFFIX = re.compile(r"^[A-ZÆØÅ0-9]{2,}['’-]")      # "KPI'er", "KAB-afdelingen"
# "Boligselskabet Vestervang", "afdeling Tranehaven": the name of an organisation or an estate.
_ORG_BEFORE = re.compile(r"(?i)(?<![\w])(?:boligselskab(?:et)?|(?:andels)?boligforening(?:en)?|afdeling(?:en)?|"
                         r"bebyggelse(?:n)?|boligorganisation(?:en)?|kommune|brødrene|firmaet|virksomheden)[ \t]+$")
_WITH_PERSON = frozenset({"med", "hos", "ifølge", "v/"})
# The last word of a street's or an institution's name: "Dalgas Boulevard", "Holmens Kirke".
_PLACE_HEADS = frozenset("Allé Alle Boulevard Vej Gade Plads Torv Kanal Kirke Skole Kulturhus Station Center Centret "
                         "Hospital Bibliotek Hallen Havn Museum Bycenter Medborgerhus".split())
_AFTER_COLON = re.compile(r":[ \t]*[\"'“„«(*_]*$")


@dataclass
class _Token:
    start: int
    end: int            # end of the name part, without a genitive ending
    stop: int           # end including the genitive ending
    base: str           # the name without genitive
    genitive: bool
    initial: bool = False


@dataclass
class _Mention:
    tokens: list[_Token]
    decision: str       # "person" | "flag" | "keep"

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def stop(self) -> int:
        return self.tokens[-1].stop

    def key(self) -> tuple[str, ...]:
        return tuple(t.base.casefold() for t in self.tokens if not t.initial)


class _NameStage:
    def __init__(self, edits: Edits, lexicon: NameLexicon, allow: frozenset[str],
                 forced: list[tuple[int, int]] = ()):
        self.edits, self.text, self.lex, self.allow = edits, edits.text, lexicon, allow
        self.forced = sorted(forced)     # name positions: whatever stands here is a person
        self.known: set[str] = set()
        # A word that also stands in lower case in the same text is a word, not a name.
        self.lower_words = frozenset(re.findall(r"(?<![\w])[a-zæøåéü]+(?![\w])", self.text))

    # -- tokens ---------------------------------------------------------------------------------
    def tokens(self) -> list[_Token]:
        out = []
        for m in _WORD.finditer(self.text):
            start, word = m.start(), m.group()
            if (not word[0].isupper() and self.forced_at(start, m.end()) is None) or not self.edits.free(start, m.end()):
                continue
            if word.lower() in CONTACT_WORDS:
                continue
            if len(word) == 1:
                if self.text[m.end():m.end() + 1] == "." and word not in "I":
                    out.append(_Token(start, m.end() + 1, m.end() + 1, word, False, initial=True))
                continue
            parts = word.split("-")
            keep = 1
            while keep < len(parts) and parts[keep][:1].isupper():
                keep += 1
            word = "-".join(parts[:keep])
            if word.isupper() or _ACRONYM_SUFFIX.match(word) or (_CAMEL.search(word) and not re.match(r"(?:Mc|Mac|O['’]|De|Di|La|Van)", word)):
                continue
            end = start + len(word)
            out.append(self._genitive(start, end, word))
        return out

    def forced_at(self, start: int, end: int) -> int | None:
        """The index of the name position holding this span, if any."""
        for i, (s, e) in enumerate(self.forced):
            if s <= start and end <= e:
                return i
            if s >= end:
                break
        return None

    def _genitive(self, start: int, end: int, word: str) -> _Token:
        if word[-2:] in ("'s", "’s"):
            return _Token(start, end - 2, end, word[:-2], True)
        if self.text[end:end + 1] in ("'", "’") and not self.text[end + 1:end + 2].isalpha():
            return _Token(start, end, end + 1, word, True)
        followed_by_name = bool(re.match(r"[ \t]+[A-ZÆØÅÀ-Þ]", self.text[end:end + 3]))
        base = word[:-1]
        if word.casefold() in MONTHS_WEEKDAYS:     # "Marts" is not the genitive of "Mart"
            return _Token(start, end, end, word, False)
        place = base in self.lex.places or base.casefold() in self.allow
        if (word.endswith("s") and len(word) > 3 and (place or not followed_by_name)
                and not self._recognised(word) and self._recognised(base)):
            return _Token(start, end - 1, end, word[:-1], True)
        return _Token(start, end, end, word, False)

    def _recognised(self, word: str) -> bool:
        return (self.lex.is_listed_name(word) or self.lex.is_word_name(word) or word in self.lex.places
                or word.casefold() in self.allow or word.casefold() in self.known)

    # -- what a word is ------------------------------------------------------------------------
    def safe(self, t: _Token) -> bool:
        word, lower = t.base, t.base.casefold()
        return (lower in self.allow or word in self.lex.places or lower.endswith(_SAFE_SUFFIXES)
                or bool(_ORG_BEFORE.search(self.text, max(0, t.start - 30), t.start)))

    def place(self, t: _Token) -> bool:
        """A place by the dictionary or by its shape ("Tingbjerg", "Dalparken", "Vangedevej")."""
        return self.lex.is_known_place(t.base) or self.lex.is_place_shaped(t.base)

    def word_here(self, t: _Token) -> bool:
        """"Per måned", "Bo man": a first name that is also a word, and no verb follows as after a subject."""
        nxt = re.match(r"[ \t]+([a-zæøå]+)", self.text[t.stop:t.stop + 30])
        return (not t.genitive and self.lex.is_dictionary_word(t.base) and nxt is not None
                and nxt.group(1) != "og" and not finite_verb(nxt.group(1), danish_dictionary()))

    def strong(self, t: _Token) -> bool:
        word = t.base
        lower = word.lower()
        if word.casefold() in self.known or self.lex.is_listed_name(word) or self.lex.is_person_name(word):
            return True
        if lower.endswith("sen"):        # "Villadsen" is a name, "Opstartsfasen" a noun
            return self.patronymic(word)
        return len(word) >= 5 and lower.endswith(SURNAME_ENDINGS) and not self.lex.is_common(word, exact=True)

    def _danish_looking(self, word: str) -> bool:
        """Has a Danish ending the stemmer knows, Danish letters, or a known stem."""
        lower = word.lower()
        return (danish_stemmer().stemWord(lower) != lower or any(c in lower for c in "æøå")
                or lower.endswith(("vis", "lig", "ligt", "isk", "iske", "tion", "sion"))
                or self.lex.is_common(word))

    def patronymic(self, word: str) -> bool:
        if word in self.lex.last_names:
            return True
        m = re.fullmatch(r"(.+?)s?(?:sen|son)", word)
        return bool(m and (m.group(1) in self.lex.first_names or m.group(1) + "s" in self.lex.first_names))

    def cue(self, start: int, stop: int, speech_only: bool = False) -> bool:
        """Does the context say this is a person: "X sagde", "ifølge X", "X fra KAB", "X (KAB)"?"""
        before = re.search(r"([\w./]+)[ \t]*[,:]?[ \t]*$", self.text[max(0, start - 25):start])
        after = re.match(r"[ \t]*,?[ \t]*(\(?)([\w]+)?[ \t]*(\S)?", self.text[stop:stop + 40])
        if before and before.group(1).lower() in TITLES | SPEECH_VERBS:
            return True
        if speech_only:
            return bool(after and (after.group(2) or "").lower() in SPEECH_VERBS and not after.group(1))
        if not after:
            return False
        paren, word, nxt = after.group(1), after.group(2) or "", after.group(3) or ""
        if word.lower() in SPEECH_VERBS and not paren:
            return True
        if word.lower() in ("fra", "hos") and not paren:
            pos = stop + after.start(3) if nxt else -1
            noun = re.match(r"[ \t]*,?[ \t]*(?:fra|hos)[ \t]+([a-zæøå]+)", self.text[stop:stop + 40], re.IGNORECASE)
            definite = bool(noun and noun.group(1).endswith(("en", "ens", "et", "ets", "erne", "ernes")))
            return nxt[:1].isupper() or definite or (pos >= 0 and not self.edits.free(pos, pos + 1))
        if word.lower() == "og" and not paren:     # "Vinter og Storm tager en runde"
            pair = re.match(r"[ \t]*og[ \t]+([A-ZÆØÅ][a-zæøå]+)", self.text[stop:stop + 40])
            return bool(pair and self.lex.is_listed_name(pair.group(1)))
        if not (paren and word):
            return False
        pos = stop + after.start(2)
        return word.isupper() or not self.edits.free(pos, pos + 1)   # "X (KAB)" or "X (bygherren)"

    def pair_cue(self, stop: int) -> bool:
        """"Vinter og Storm tager en runde": joined to a name, and the two do something."""
        pair = re.match(r"[ \t]+og[ \t]+([A-ZÆØÅ][a-zæøå]+)[ \t]+([a-zæøå]+)", self.text[stop:stop + 50])
        return bool(pair and self.lex.is_listed_name(pair.group(1)) and pair.group(2) in PERSON_VERBS)

    # -- decisions -----------------------------------------------------------------------------
    def mentions(self) -> list[_Mention]:
        tokens, runs, current = self.tokens(), [], []
        for tok in tokens:
            if current and self._joins(current[-1], tok):
                current.append(tok)
            else:
                if current:
                    runs.append(current)
                current = [tok]
        if current:
            runs.append(current)
        mentions = []
        split_runs = []
        for run in runs:     # a name position is a mention of its own
            group: list[_Token] = []
            for tok in run:
                if group and self.forced_at(group[-1].start, group[-1].end) != self.forced_at(tok.start, tok.end):
                    split_runs.append(group)
                    group = []
                group.append(tok)
            if group:
                split_runs.append(group)
        for run in split_runs:
            if self.forced_at(run[0].start, run[0].end) is not None:
                if any(not t.initial for t in run):
                    mentions.append(_Mention(run, "person"))
                continue
            segment: list[_Token] = []
            for tok in run + [None]:
                # A town after a first name is a surname ("Mette Jordan"); the allowlist always wins.
                surname_place = (tok is not None and segment and tok.base in self.lex.places
                                 and segment[-1].base in self.lex.first_names
                                 and tok.base.casefold() not in self.allow)
                if tok is None or (not tok.initial and self.safe(tok) and not surname_place):
                    if segment:
                        mentions.extend(self._decide(segment))
                    segment = []
                else:
                    segment.append(tok)
        self.known |= {t.base.casefold() for m in mentions if m.decision == "person"
                       for t in m.tokens if not t.initial}
        for m in mentions:   # a name seen once is a name everywhere in the text
            if m.decision != "person" and all(t.base.casefold() in self.known for t in m.tokens if not t.initial):
                if any(not t.initial for t in m.tokens):
                    m.decision = "person"
        return mentions

    def _joins(self, prev: _Token, tok: _Token) -> bool:
        gap = self.text[prev.stop:tok.start]
        if prev.stop != prev.end:        # a genitive ends a name
            return False
        if gap in (" ", "\t", "") and (prev.initial or gap):
            return True
        words = gap.split()
        return len(words) == 1 and words[0] in _PARTICLES and gap == f" {words[0]} "

    def _decide(self, seg: list[_Token]) -> list[_Mention]:
        while seg and seg[-1].initial:
            seg = seg[:-1]
        if not seg or all(t.initial for t in seg):
            return []
        after_colon = bool(_AFTER_COLON.search(self.text, max(0, seg[0].start - 8), seg[0].start))
        at_start = after_colon or sentence_start(self.text, seg[0].start)
        if at_start and len(seg) > 1:
            first = seg[0]
            after_first = first.base in self.lex.first_names    # "Kim Solbakken": a place after a first name
            rest_strong = any(self.strong(t) or self.lex.is_word_name(t.base) or (after_first and self.place(t))
                              for t in seg[1:])
            listed = self.lex.is_listed_name(first.base) or self.lex.is_word_name(first.base)
            if ((self.lex.is_common(first.base, exact=True) and not (listed and rest_strong))
                    or (_looks_like_noun(first.base, broad=True) and not listed)):
                return [_Mention([first], "keep")] + self._decide_mid(seg[1:])
        if len(seg) == 1 and at_start:
            tok = seg[0]
            if tok.base.casefold() in MONTHS_WEEKDAYS:
                return self._decide_mid(seg)
            listed = (self.lex.is_listed_name(tok.base) or self.patronymic(tok.base)
                      or self.lex.is_person_name(tok.base))
            if self.lex.is_word_name(tok.base) and (
                    self.cue(tok.start, tok.stop, speech_only=True) or acts_after(self.text, tok.stop, self.lex)
                    or (tok.genitive and owns_something(self.text, tok.start, tok.stop))):
                return [_Mention(seg, "person")]              # "Sten skrev", "Dals liste", not "Sten og grus"
            if self.place(tok) and not (self.cue(tok.start, tok.stop, speech_only=True)
                                        or acts_after(self.text, tok.stop, self.lex)):
                return [_Mention(seg, "keep")]                # "Dalparken er …", not "Solbakken fra KAB mente"
            if (listed and self.cue(tok.start, tok.stop)) or self.pair_cue(tok.stop):
                return [_Mention(seg, "person")]              # "Storm fra driftsafdelingen", "Vinter og Storm tager"
            if self.lex.is_common(tok.base, exact=True) or (not listed and _looks_like_noun(tok.base, broad=True)):
                decision = "person" if tok.base.casefold() in self.known else "keep"
                return [_Mention(seg, decision)]
            if self.cue(tok.start, tok.stop):
                return [_Mention(seg, "person")]
            common = self.lex.is_common(tok.base) and not tok.base.lower().endswith(SURNAME_ENDINGS)
            if listed and (self.lex.is_person_name(tok.base) or not common):
                compound = re.match(r"-[a-zæøå]", self.text[tok.stop:tok.stop + 2])   # "Kick-off"
                return [_Mention(seg, "keep" if compound or self.word_here(tok) else "person")]
            after = re.match(r"[ \t]+([a-zæøå]+)", self.text[tok.stop:tok.stop + 20])
            if ((after_colon or (after and after.group(1) in FINITE_VERBS))
                    and not self._danish_looking(tok.base) and tok.base.lower() not in self.lower_words):
                return [_Mention(seg, "flag")]    # "Referent: Zdeněk" / "Ingrida havde": ask
            return [_Mention(seg, "keep")]
        return self._decide_mid(seg)

    def _decide_mid(self, seg: list[_Token]) -> list[_Mention]:
        if not seg or all(t.initial for t in seg):
            return []
        names = [t for t in seg if not t.initial]
        if len(names) == 1 and len(seg) == 1:
            tok = seg[0]
            if tok.base.casefold() in MONTHS_WEEKDAYS:
                return [_Mention(seg, "person" if self.cue(tok.start, tok.stop, speech_only=True) else "keep")]
            named = self.lex.is_listed_name(tok.base) or tok.base.casefold() in self.known
            if not named and (self.place(tok) or (self.lex.is_person_name(tok.base) and place_before(
                    self.text, tok.start))) and not self.cue(tok.start, tok.stop, speech_only=True):
                # "på Vestegnen" (no "-nen" surname), "fra Realdania"; "talte med Solbakken" may be a person
                return [_Mention(seg, "flag" if word_before(self.text, tok.start) in _WITH_PERSON else "keep")]
            if self.strong(tok):
                return [_Mention(seg, "person")]
            if self.lex.is_word_name(tok.base):     # a capitalised "Birk" inside a sentence
                if person_inside(self.text, tok.start, tok.stop, self.lex) or (
                        tok.genitive and owns_something(self.text, tok.start, tok.stop)):
                    return [_Mention(seg, "person")]
                if place_before(self.text, tok.start) or tok.base.lower() in self.lower_words:
                    return [_Mention(seg, "keep")]
                return [_Mention(seg, "flag")]
            if self.place(tok):
                return [_Mention(seg, "person")]       # a place-shaped word a person's verb follows
            if self.lex.is_common(tok.base) or _looks_like_noun(tok.base) or tok.base.lower() in self.lower_words:
                return [_Mention(seg, "keep")]
            return [_Mention(seg, "person" if self.cue(tok.start, tok.stop) else "flag")]
        if names[-1].base in _PLACE_HEADS and len(names) > 1:      # "Dalgas Boulevard", "Valby Kulturhus"
            return [_Mention(seg, "keep")]
        if any(self.strong(t) for t in names) or self.cue(seg[0].start, seg[-1].stop):
            return [_Mention(seg, "person")]
        common = [self.lex.is_common(t.base) for t in names]
        if not any(common):
            return [_Mention(seg, "person")]
        placed = all(c or self.place(t) for c, t in zip(common, names))     # "Valby Kulturhus"
        return [_Mention(seg, "keep" if placed else "flag")]


def _looks_like_noun(word: str, broad: bool = False) -> bool:
    """A definite Danish noun ("Tilbudsgiverne", "Projektet"; broadly also "Beboerformanden")."""
    lower = word.lower()
    if not re.fullmatch(r"[a-zæøå]+", lower):      # "Erzsébet" is no Danish noun
        return False
    return (len(word) >= 7 and lower.endswith(("erne", "ene", "rne", "ningen", "heden", "else", "et",
                                               "ssen", "ionen", "skabet", "eren"))
            or (broad and len(word) >= 8 and lower.endswith("en")))


_LEADING_PARTICLES = re.compile(r"(?<=[a-zæøå,] )((?:(?:van|von|der|de|di|da|du|la|le|al|el|bin|ibn|ter|ten) ){1,2})$")
def replace_names(edits: Edits, lexicon: NameLexicon, allow: frozenset[str],
                  forced: list[tuple[int, int]] = (), people=None, initials: list[tuple[int, int]] = ()) -> None:
    """Replace names not in the directory; each person found is registered in ``people`` (pseudonyms.People).

    ``initials`` are spans that stand where a name stands ("MBV:", "Referent: MBV"): the person whose
    name they abbreviate, when one was found, or a person of their own.
    """
    people = people if people is not None else People(lexicon)
    shouted = shouted_names(edits, lexicon)
    for start, end in shouted:
        edits.add(start, end, None, None)
    forced = [*forced, *lower_case_names(edits, lexicon)]
    mentions = _NameStage(edits, lexicon, allow, forced).mentions()
    letters = person_letters(mentions)
    for start, end in shouted:   # unshield, then replace: each gets a letter of its own
        edits.taken[start:end] = bytes(end - start)
        edits.spans.remove((start, end, None))
    used = len(set(letters.values()))
    for i, (start, end) in enumerate(shouted):
        edits.add(start, end, f"Person {letter(used + i)}", "name")
        people.register(edits.text[start:end].split(), f"Person {letter(used + i)}", f"Person {letter(used + i)}'s")
    for m in sorted((m for m in mentions if m.decision == "person"), key=lambda m: -len(m.key())):
        people.register([edits.text[t.start:t.end] for t in m.tokens], f"Person {letters[id(m)]}",
                        f"Person {letters[id(m)]}'s")
    used += len(shouted)
    for start, end in initials:
        word = edits.text[start:end]
        person = people.by_initials.get(word)
        if person is None:
            person = people.register_initials(word, f"Person {letter(used)}")
            used += 1
        edits.add(start, end, person.nominative, "name")
    for m in mentions:
        if m.decision == "person":
            placeholder = f"Person {letters[id(m)]}"
            particles = _LEADING_PARTICLES.search(edits.text, max(0, m.start - 12), m.start)  # "med van der Berg"
            start = particles.start(1) if particles and edits.free(particles.start(1), m.start) else m.start
            edits.add(start, m.stop, placeholder + ("'s" if m.tokens[-1].genitive else ""), "name")


def detect_names(scan: Edits, lexicon: NameLexicon, allow: frozenset[str]) -> list[tuple[str, int]]:
    found = [("name", start) for start, _ in shouted_names(scan, lexicon)]
    found += [("name", start) for start, _ in lower_case_names(scan, lexicon)]
    found += [("name", m.start()) for m in _HANDLE.finditer(scan.text) if scan.free(m.start(), m.end())]
    return found + [("name", m.start) for m in _NameStage(scan, lexicon, allow).mentions()
                    if m.decision != "keep"]


_HANDLE = re.compile(r"(?<![\w&])@[A-Za-zæøåÆØÅ][\w.-]{2,}")
