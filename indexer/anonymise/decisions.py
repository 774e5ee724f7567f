"""What a run of capitalised words is: a person, an ordinary word or place, or doubt ("flag").

``names`` finds the runs (tokens joined into mentions); the methods here decide each one from the name
lists, the Danish dictionary and the words around it: speech verbs and titles ("X sagde", "ifølge X"),
an affiliation ("X fra KAB", "X (KAB)"), a sentence start, a place's shape. A "flag" holds the lesson back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.anonymise.edits import sentence_start
from indexer.anonymise.english import (english_person_after, english_phrase_here, english_place, english_term_here,
                                       english_words_here)
from indexer.anonymise.name_lexicon import (MONTHS_WEEKDAYS, NAME_PARTICLES, SURNAME_ENDINGS, danish_dictionary,
                                            danish_stemmer)
from indexer.anonymise.syntax import (BODIES, FINITE_VERBS, PERSON_VERBS, ROLE_ENDINGS, SPEECH_VERBS, TITLES,
                                      affiliation_after, apposition_after, finite_verb, firm_of_two, word_before)
from indexer.anonymise.word_names import acts_after, owns_something, person_inside, place_before

_SAFE_SUFFIXES = ("loven", "lovens", "ministeriet", "styrelsen", "fonden", "fondens", "kommune",
                  "kommunes", "foreningen", "selskab", "selskabet", "partnerskabet", "regionen")
# "Boligselskabet Vestervang", "afdeling Tranehaven": the name of an organisation or an estate.
_ORG_BEFORE = re.compile(r"(?i)(?<![\w])(?:boligselskab(?:et)?|(?:andels)?boligforening(?:en)?|afdeling(?:en)?|"
                         r"bebyggelse(?:n)?|boligorganisation(?:en)?|kommune|brødrene|brdr\.|firmaet|virksomheden)[ \t]+$")
_ORG_FORMS = frozenset({"Brdr"})          # "Brdr. Lykke Tømmerhandel"
_WITH_PERSON = frozenset({"med", "hos", "ifølge", "v/"})
# The last word of a street's or an institution's name: "Dalgas Boulevard", "Holmens Kirke".
_PLACE_HEADS = frozenset("Allé Alle Boulevard Vej Gade Plads Torv Kanal Kirke Skole Kulturhus Station Center Centret "
                         "Hospital Bibliotek Hallen Havn Museum Bycenter Medborgerhus Hus Huset Hotel Teater Kollegium".split())
_AFTER_COLON = re.compile(r":[ \t]*[\"'“„«(*_]*$")
_COMPASS = frozenset("Nord Syd Øst Vest Nordvest Nordøst Sydvest Sydøst Midt Centrum".split())
# A company's form after its name: "Storm & Co.", "Hansen Byg ApS", "Lund & Søn A/S".
_COMPANY_AFTER = re.compile(r"(?:[ \t]+[A-ZÆØÅ][\w-]*)*[ \t]*(?:&[ \t]*(?:Co|Søn|Sønner|Partners?|Sons)\b"
                            r"|,?[ \t]*(?:ApS|A/S|I/S|K/S|P/S|IVS|GmbH|Ltd|Inc|AB|AS|Oy)(?![\w/]))")
_ITEM = r"[A-ZÆØÅ][\w'’-]*(?:[ \t]+[A-ZÆØÅ][\w'’-]*)*"
_LIST_LEFT = re.compile(rf"((?:{_ITEM}[ \t]*(?:,|og|eller)[ \t]*)+)$")
_LIST_RIGHT = re.compile(rf"(?:[ \t]*(?:,|og|eller)[ \t]*{_ITEM})+")
# How the names of estates and places end: "Birkebo", "Skovgårdsparken", "Tranehaven", "Lyngtoften".
_PLACE_TAILS = ("bo", "by", "park", "parken", "gård", "gården", "gaard", "gaarden", "have", "haven", "hus", "huset",
                "vang", "vangen", "vænge", "vænget", "lund", "lunden", "høj", "højen", "toft", "toften", "sted",
                "ager", "agre", "bakke", "bakken", "dal", "dalen", "mark", "marken", "hjem", "hjemmet", "tofte",
                "holm", "holmen", "strand", "stranden", "skov", "skoven", "parkvej", "kvarter", "kvarteret")
# A role is no one's name: "Projektleder hos KAB præsenterede", "Beboerrådgiveren (fra KAB) sagde".
_ROLE_NOUNS = ROLE_ENDINGS
_WEEKDAY_SHORT = frozenset("Mon Tue Wed Thu Fri Sat Sun Man Tir Ons Tor Fre Lør Søn".split())
_DATE_AFTER = re.compile(r"\.?,?[ \t]+\d{1,2}(?:[ \t.]+[A-Za-zæøå]{3}|[./-]\d{1,2})")
_ACRONYM_AFTER = re.compile(r"[ \t]*\(([A-ZÆØÅ]{2,6})\)")
_ESTATE_AFTER = re.compile(r"[ \t]*(?:,[ \t]*|\()(?:afdeling|afd\.)[ \t]*(?:nr\.?[ \t]*)?\d")
# A name before "fra": "Mette fra Lejerbo", "Ewa Dąbrowska (…) fra Lejerbo"; the word after is where she is from.
_PERSON_FROM = re.compile(r"(?:[A-ZÆØÅ][\w'’-]+|\)|Person [A-Z]+)[ \t]+(?:fra|hos)[ \t]+$")


@dataclass
class Token:
    start: int
    end: int            # end of the name part, without a genitive ending
    stop: int           # end including the genitive ending
    base: str           # the name without genitive
    genitive: bool
    initial: bool = False
    compound: bool = False      # the head of a compound with a lower-case word: "Facebook-gruppe"


@dataclass
class Mention:
    tokens: list[Token]
    decision: str       # "person" | "flag" | "keep"

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def stop(self) -> int:
        return self.tokens[-1].stop

    def key(self) -> tuple[str, ...]:
        return tuple(t.base.casefold() for t in self.tokens if not t.initial)


class MentionDecisions:
    """Decisions of the name stage (``names._NameStage``), which gives ``text``, ``edits``, ``lex``,
    ``allow``, ``known`` and ``lower_words``."""

    # -- what a word is ------------------------------------------------------------------------
    def safe(self, t: Token) -> bool:
        word, lower = t.base, t.base.casefold()
        if _ORG_BEFORE.search(self.text, max(0, t.start - 30), t.start) or word in _ORG_FORMS:
            self.context_kept.add(lower)      # "Boligselskabet Lærkehøj": "Styregruppe Lærkehøj" too
            return True
        return lower in self.allow or word in self.lex.places or lower.endswith(_SAFE_SUFFIXES) or self._compass(t)

    def _compass(self, t: Token) -> bool:
        """"Egeløkken Nord", "Albertslund Syd": a compass word after a place is part of its name."""
        before = re.search(r"([A-ZÆØÅ][\w-]+)[ \t]+$", self.text[max(0, t.start - 40):t.start])
        return bool(t.base in _COMPASS and before and self._placename(before.group(1)))

    def _placename(self, word: str) -> bool:
        return (word.casefold() in self.allow or word in self.lex.places or self.lex.is_known_place(word)
                or self.lex.is_place_shaped(word))

    # -- ordinary words, places and organisations by what stands around them ------------------------
    def kept_by_context(self, seg: list[Token], at_start: bool) -> bool:
        """English words on an English line, a company ("Storm & Co."), a compound's head
        ("Facebook-gruppe"), a place in a list of places ("København, Madrid, Paris"), an organisation
        after a person ("Mette fra Lejerbo")."""
        words = [t.base for t in seg if not t.initial]
        if english_words_here(self.text, words, seg[0].start, seg[-1].end, at_start, self.lex.is_first_name):
            return True
        if _COMPANY_AFTER.match(self.text, seg[-1].stop) or self._spells_its_acronym(seg) or firm_of_two(
                self.text, seg[0].start, seg[-1].stop, words, self.lex.is_first_name):
            return True
        if not self.cue(seg[0].start, seg[-1].stop, speech_only=True) and english_term_here(
                self.text, words, seg[0].start, seg[-1].stop, self.lex.is_first_name, self.lex.is_name_like):
            return True
        if len(words) > 1 and words[0].lower().endswith(BODIES) and not any(map(self.lex.is_first_name, words[1:])):
            return True                   # "Byggeudvalget Kildemarken", "Afdelingsbestyrelsen Tranehøj"
        if len(words) != 1 or len(seg) != 1:
            return False
        tok, listed = seg[0], self.lex.is_listed_name(words[0]) or self.lex.is_word_name(words[0])
        if not listed and not tok.genitive and not at_start and self._estate_or_place_here(tok):
            self.context_kept.add(tok.base.casefold())
            return True
        if tok.compound and not listed:
            return True
        if tok.base in _WEEKDAY_SHORT and _DATE_AFTER.match(self.text, tok.stop):
            return True                                   # "On Tue, 9 Mar 2021", "Fre 12/3" – not "Tue sagde"
        if at_start and not tok.genitive and english_phrase_here(self.text, tok.base, tok.stop):
            return True                                   # "Best practice fra Storbritannien"
        if self.text[tok.stop:tok.stop + 1] == "." and self.lex.abbreviates(tok.base):   # "kolonnen Bem."
            return True
        if self._in_list_of_places(tok, listed):
            self.context_kept.add(tok.base.casefold())
            return True
        if not listed and not tok.genitive and _PERSON_FROM.search(self.text, max(0, tok.start - 40), tok.start):
            self.context_kept.add(tok.base.casefold())
            return True
        return False

    def _spells_its_acronym(self, seg: list[Token]) -> bool:
        """"Foreningen af Rådgivende Ingeniører (FRI)": ordinary words whose initials the acronym after them
        spells are an organisation's name (a person's initials after a name are the name's: "(BL)")."""
        m = _ACRONYM_AFTER.match(self.text, seg[-1].stop)
        if not m:
            return False
        words = [t.base for t in seg if not t.initial]
        if any(self.lex.is_name_like(w) or not self.lex.is_common_form(w) for w in words):
            return False
        line = self.text[self.text.rfind("\n", 0, seg[0].start) + 1:seg[-1].stop]
        capitals = "".join(w[0] for w in re.findall(r"[A-ZÆØÅ][\w-]*", line)).upper()
        return len(m.group(1)) >= 2 and capitals.endswith(m.group(1))

    def _estate_or_place_here(self, tok: Token) -> bool:
        """"afdelingsmøde i Birkebo, afdeling 27", "være i Skovgårdsparken kl 11": an unlisted word with an
        estate's number after it, or right after "i" and ending like an estate or a place ("-bo", "-parken",
        "-gården", "-vænget"), is a place (people are "hos" or "med" someone; "i Qorvexa" still asks)."""
        if _ESTATE_AFTER.match(self.text, tok.stop):
            return True
        lower = tok.base.lower()
        return (word_before(self.text, tok.start) == "i" and lower.endswith(_PLACE_TAILS)
                and len(lower) >= 6 and not self.cue(tok.start, tok.stop))

    def _in_list_of_places(self, tok: Token, listed: bool) -> bool:
        if tok.base in self.lex.first_names or (listed and not self.lex.is_dictionary_place(tok.base)):
            return False
        left = _LIST_LEFT.search(self.text, max(0, tok.start - 120), tok.start)
        right = _LIST_RIGHT.match(self.text, tok.stop)
        others = re.findall(r"[A-ZÆØÅ][\w'’-]*", (left.group(1) if left else "") + (right.group() if right else ""))
        places = sum((self._placename(w) or w.casefold().endswith(_SAFE_SUFFIXES)) and not self.lex.is_listed_name(w)
                     for w in others)     # "Boligselskabet Sjælland, Lejerbo og …"
        return places >= (2 if listed else 1)       # "København, Madrid, Paris" – not "København, Lindholm"

    def place(self, t: Token) -> bool:
        """A place by the dictionary or by its shape ("Tingbjerg", "Dalparken", "Vangedevej")."""
        return self.lex.is_known_place(t.base) or self.lex.is_place_shaped(t.base)

    def word_here(self, t: Token) -> bool:
        """"Per måned", "Bo man": a first name that is also a word, and no verb follows as after a subject."""
        nxt = re.match(r"[ \t]+([a-zæøå]+)", self.text[t.stop:t.stop + 30])
        return (not t.genitive and self.lex.is_dictionary_word(t.base) and nxt is not None
                and nxt.group(1) != "og" and not finite_verb(nxt.group(1), danish_dictionary()))

    def strong(self, t: Token) -> bool:
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
        if (before and before.group(1).lower() in TITLES | SPEECH_VERBS) or apposition_after(self.text, stop):
            return True                  # "formand X", "X, formand for …"
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
            definite = bool(noun and len(noun.group(1)) > 3       # "fra driften", not "fra den gamle mur"
                            and noun.group(1).endswith(("en", "ens", "et", "ets", "erne", "ernes")))
            if re.match(r"[ \t]*,?[ \t]*(?:fra|hos)[ \t]+[^\n:]{1,40}:[ \t]*(?:\n|$)", self.text[stop:stop + 50]):
                return False                     # a heading: "Kort fra styregruppen:"
            return nxt[:1].isupper() or definite or (pos >= 0 and not self.edits.free(pos, pos + 1))
        if word.lower() == "og" and not paren:     # "Vinter og Storm tager en runde"
            pair = re.match(r"[ \t]*og[ \t]+([A-ZÆØÅ][a-zæøå]+)", self.text[stop:stop + 40])
            return bool(pair and self.lex.is_listed_name(pair.group(1)))
        if not (paren and word):
            return False
        pos = stop + after.start(2)
        return (word.isupper() or not self.edits.free(pos, pos + 1)     # "X (KAB)" or "X (bygherren)"
                or affiliation_after(self.text, stop))                   # "X (fra driften)", "X (maleren)"

    def pair_cue(self, stop: int) -> bool:
        """"Vinter og Storm tager en runde": joined to a name, and the two do something."""
        pair = re.match(r"[ \t]+og[ \t]+([A-ZÆØÅ][a-zæøå]+)[ \t]+([a-zæøå]+)", self.text[stop:stop + 50])
        return bool(pair and self.lex.is_listed_name(pair.group(1)) and pair.group(2) in PERSON_VERBS)

    def _decide(self, seg: list[Token]) -> list[Mention]:
        trailing: list[Token] = []
        while seg and seg[-1].initial:
            trailing.insert(0, seg[-1])
            seg = seg[:-1]
        if not seg or all(t.initial for t in seg):
            return []
        mentions = self._decide_run(seg)
        if trailing and mentions and mentions[-1].decision == "person" and mentions[-1].tokens[-1] is seg[-1]:
            mentions[-1].tokens.extend(trailing)          # "Rasmus V.": the initial of his surname
        return mentions

    def _decide_run(self, seg: list[Token]) -> list[Mention]:
        after_colon = bool(_AFTER_COLON.search(self.text, max(0, seg[0].start - 8), seg[0].start))
        at_start = after_colon or sentence_start(self.text, seg[0].start)
        if self.kept_by_context(seg, at_start):
            return [Mention(seg, "keep")]
        if self.lex.is_name_like(seg[-1].base) and english_person_after(self.text, seg[-1].base, seg[-1].stop):
            return [Mention(seg, "person")]              # "Mark to send the drawings", "Will said"
        if at_start and len(seg) > 1:
            first = seg[0]
            after_first = first.base in self.lex.first_names    # "Kim Solbakken": a place after a first name
            rest_strong = any(self.strong(t) or self.lex.is_word_name(t.base) or (after_first and self.place(t))
                              for t in seg[1:])
            listed = self.lex.is_listed_name(first.base) or self.lex.is_word_name(first.base)
            particle = first.base.lower() in NAME_PARTICLES and rest_strong       # "Von der Heide", "Al Hassan"
            # "Vind Thygesen spurgte": a word before a surname whose bearer acts is a first name, not a title
            named_subject = (rest_strong and len(seg) == 2 and acts_after(self.text, seg[-1].stop, self.lex)
                             and not first.base.lower().endswith(_ROLE_NOUNS) and first.base.lower() not in TITLES)
            if not (particle or named_subject) and (
                    (self.lex.is_common(first.base, exact=True) and not (listed and rest_strong))
                    or (not listed and (_looks_like_noun(first.base, broad=True)       # "Inviter Gitte"
                                        or self.lex.is_common(first.base)))):
                return [Mention([first], "keep")] + self._decide_mid(seg[1:])
        if len(seg) == 1 and at_start:
            tok = seg[0]
            if tok.base.casefold() in MONTHS_WEEKDAYS:
                return self._decide_mid(seg)
            listed = (self.lex.is_listed_name(tok.base) or self.patronymic(tok.base)
                      or self.lex.is_person_name(tok.base))
            if (self.lex.is_word_name(tok.base) or self.strong(tok)) and (
                    self.cue(tok.start, tok.stop, speech_only=True) or acts_after(self.text, tok.stop, self.lex)
                    or (tok.genitive and owns_something(self.text, tok.start, tok.stop))):
                return [Mention(seg, "person")]     # "Sten skrev", "Dals liste", "Dalsgaards indtryk", not "Sten og grus"
            if self.place(tok) and not (self.cue(tok.start, tok.stop, speech_only=True)
                                        or acts_after(self.text, tok.stop, self.lex)):
                return [Mention(seg, "keep")]                # "Dalparken er …", not "Solbakken fra KAB mente"
            if (listed and self.cue(tok.start, tok.stop)) or self.pair_cue(tok.stop):
                return [Mention(seg, "person")]              # "Storm fra driftsafdelingen", "Vinter og Storm tager"
            if (self.lex.is_common(tok.base, exact=True) and not tok.base.lower().endswith(_ROLE_NOUNS)
                    and acts_after(self.text, tok.stop, self.lex, affiliated=True)):
                return [Mention(seg, "person")]              # "Fisker (fra genhusningen) gjorde opmærksom på"
            if self.lex.is_common(tok.base, exact=True) or (not listed and _looks_like_noun(tok.base, broad=True)):
                decision = "person" if tok.base.casefold() in self.known else "keep"
                return [Mention(seg, decision)]
            if not listed and self.lex.is_common_form(tok.base) and not self.cue(tok.start, tok.stop, speech_only=True):
                return [Mention(seg, "keep")]                # "Arbejdsark fra mødet", "Projektsekretariatet:"
            if self.cue(tok.start, tok.stop):
                return [Mention(seg, "person")]
            common = self.lex.is_common(tok.base) and not tok.base.lower().endswith(SURNAME_ENDINGS)
            if listed and (self.lex.is_person_name(tok.base) or not common):
                compound = re.match(r"-[a-zæøå]", self.text[tok.stop:tok.stop + 2])   # "Kick-off"
                return [Mention(seg, "keep" if compound or self.word_here(tok) else "person")]
            after = re.match(r"[ \t]+([a-zæøå]+)", self.text[tok.stop:tok.stop + 20])
            if ((after_colon or (after and after.group(1) in FINITE_VERBS))
                    and not self._danish_looking(tok.base) and tok.base.lower() not in self.lower_words):
                return [Mention(seg, "flag")]    # "Referent: Zdeněk" / "Ingrida havde": ask
            return [Mention(seg, "keep")]
        return self._decide_mid(seg)

    def _decide_mid(self, seg: list[Token]) -> list[Mention]:
        if not seg or all(t.initial for t in seg):
            return []
        if self.kept_by_context(seg, at_start=False):
            return [Mention(seg, "keep")]
        last = seg[-1].base
        plural = last.lower()[:-2] if last.lower().endswith("erne") else last.lower()[:-3]    # "arbejdsgiver|ne"
        if (len(seg) > 1 and len(last) >= 8 and last.lower().endswith(("erne", "ene")) and self.lex.is_common_form(plural)
                and not any(self.lex.is_name_like(t.base) for t in seg)):
            return [Mention(seg, "keep")]       # "Tekniq Arbejdsgiverne": a name in the definite plural is a body's
        if len(seg) > 1 and self.lex.is_noun_shaped(seg[-1].base) and not self.lex.is_name_like(seg[-1].base):
            return self._decide_mid(seg[:-1]) + [Mention([seg[-1]], "keep")]    # "Zieliński Byggerådgivning"
        names = [t for t in seg if not t.initial]
        if len(names) == 1 and len(seg) == 1:
            tok = seg[0]
            if tok.base.casefold() in MONTHS_WEEKDAYS:
                return [Mention(seg, "person" if self.cue(tok.start, tok.stop, speech_only=True) else "keep")]
            named = self.lex.is_listed_name(tok.base) or tok.base.casefold() in self.known
            if not named and place_before(self.text, tok.start) and self.lex.is_street_shaped(tok.base):
                return [Mention(seg, "keep")]            # "En beboer fra Hjortholmvej spurgte": no one is "-vej"
            if not named and (self.place(tok) or (self.lex.is_person_name(tok.base) and place_before(
                    self.text, tok.start))) and not self.cue(tok.start, tok.stop, speech_only=True):
                # "på Vestegnen" (no "-nen" surname), "fra Realdania"; "talte med Solbakken" may be a person
                return [Mention(seg, "flag" if word_before(self.text, tok.start) in _WITH_PERSON else "keep")]
            if self.strong(tok):
                return [Mention(seg, "person")]
            if self.lex.is_word_name(tok.base):     # a capitalised "Birk" inside a sentence
                if person_inside(self.text, tok.start, tok.stop, self.lex) or (
                        tok.genitive and owns_something(self.text, tok.start, tok.stop)):
                    return [Mention(seg, "person")]
                if place_before(self.text, tok.start) or tok.base.lower() in self.lower_words:
                    return [Mention(seg, "keep")]
                return [Mention(seg, "flag")]
            if self.place(tok):
                return [Mention(seg, "person")]       # a place-shaped word a person's verb follows
            if (self.lex.is_common(tok.base) or _looks_like_noun(tok.base) or tok.base.lower() in self.lower_words
                    or (self.lex.is_common_form(tok.base) and not self.cue(tok.start, tok.stop))):    # "gennem Ruten"
                return [Mention(seg, "keep")]
            if self.cue(tok.start, tok.stop):
                return [Mention(seg, "person")]
            return [Mention(seg, "keep" if english_place(self.text, tok.base, tok.start) else "flag")]   # "from … Sweden"
        # "Dalgas Boulevard", "Valby Kulturhus", "Bygningskulturens Hus" – not "Tina Hus"
        if names[-1].base in _PLACE_HEADS and len(names) > 1 and not self.lex.is_first_name(names[0].base):
            return [Mention(seg, "keep")]
        if any(self.strong(t) for t in names) or self.cue(seg[0].start, seg[-1].stop):
            return [Mention(seg, "person")]
        common = [self.lex.is_common(t.base) for t in names]
        if not any(common):
            return [Mention(seg, "person")]
        placed = all(c or self.place(t) or (self.lex.is_common_form(t.base) and not self.lex.is_name_like(t.base))
                     for c, t in zip(common, names))     # "Valby Kulturhus", "Danske Arkitektvirksomheder"
        return [Mention(seg, "keep" if placed else "flag")]


def _looks_like_noun(word: str, broad: bool = False) -> bool:
    """A definite Danish noun ("Tilbudsgiverne", "Projektet"; broadly also "Beboerformanden")."""
    lower = word.lower()
    if not re.fullmatch(r"[a-zæøå]+", lower):      # "Erzsébet" is no Danish noun
        return False
    return (len(word) >= 7 and lower.endswith(("erne", "ene", "rne", "ningen", "heden", "else", "et",
                                               "ssen", "ionen", "skabet", "eren"))
            or (broad and len(word) >= 8 and lower.endswith("en")))

