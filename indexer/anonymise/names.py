"""Names not in the directory: found by the name lexicon and context, replaced by "Person A", "Person B"."""

from __future__ import annotations

import re

from indexer.anonymise.decisions import Mention, MentionDecisions, Token
from indexer.anonymise.edits import Edits, sentence_start
from indexer.anonymise.english import everyday_english
from indexer.anonymise.name_lexicon import MONTHS_WEEKDAYS, NAME_PARTICLES, NameLexicon, danish_dictionary, name_key
from indexer.anonymise.name_shapes import lower_case_names, shouted_names
from indexer.anonymise.pseudonyms import People, letter, person_letters
from indexer.anonymise.syntax import CLOSINGS, COMPANY_PARTS, CONTACT_WORDS, PRONOUNS, finite_verb

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_PARTICLES = NAME_PARTICLES
# A particle written onto the name it belongs to: "al-Zahra", "el-Masri", "abu-Bakr", "d'Angelo", "van-Dijk".
PARTICLE_PREFIX = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|an|ul|bin|ibn|bint|abu|ben|d|de|da|di|du|del|della|"
                             r"van|von|la|le|mc|mac|o)[-'’](?=[A-ZÆØÅ])")
_CAMEL = re.compile(r"[a-zæøå][A-ZÆØÅ]")
_ACRONYM_SUFFIX = re.compile(r"^[A-ZÆØÅ0-9]{2,}(?:['’-]|s$)")      # "KPI'er", "KAB-afdelingen", "KPIs"


class _NameStage(MentionDecisions):
    def __init__(self, edits: Edits, lexicon: NameLexicon, allow: frozenset[str],
                 forced: list[tuple[int, int]] = ()):
        self.edits, self.text, self.lex, self.allow = edits, edits.text, lexicon, allow
        self.forced = sorted(forced)     # name positions: whatever stands here is a person
        self.known: set[str] = set()
        # A word that also stands in lower case in the same text is a word, not a name.
        self.lower_words = frozenset(re.findall(r"(?<![\w])[a-zæøåéü]+(?![\w])", self.text))
        self.closings = [(m.start(), m.end()) for m in CLOSINGS.finditer(self.text)]     # "Best regards"
        self.context_kept: set[str] = set()     # words context showed to be a place or organisation

    # -- tokens ---------------------------------------------------------------------------------
    def tokens(self) -> list[Token]:
        out = []
        for m in _WORD.finditer(self.text):
            start, word = m.start(), m.group()
            forced = self.forced_at(start, m.end()) is not None
            lower_particle = bool(PARTICLE_PREFIX.match(word))       # "Fatima al-Zahra Haddad"
            if not self.edits.free(start, m.end()) or (not word[0].isupper() and not forced and not lower_particle):
                continue
            if word.lower() in CONTACT_WORDS or self._no_name_here(start, m.end(), word, forced):
                continue
            if len(word) == 1:
                if self.text[m.end():m.end() + 1] == "." and word not in "I":
                    out.append(Token(start, m.end() + 1, m.end() + 1, word, False, initial=True))
                elif forced:                  # "sofie_k": a letter inside a name position
                    out.append(Token(start, m.end(), m.end(), word, False, initial=True))
                continue
            parts = word.split("-")
            keep = len(parts) if forced else 1        # "anne-marie" in a name position is one name
            while keep < len(parts) and parts[keep][:1].isupper():
                keep += 1
            word = "-".join(parts[:keep])
            if word.isupper() or _ACRONYM_SUFFIX.match(word) or (_CAMEL.search(word) and not re.match(r"(?:Mc|Mac|O['’]|De|Di|La|Van)", word)):
                continue
            end = start + len(word)
            token = self._genitive(start, end, word)
            token.compound = keep < len(parts)       # "Facebook-gruppe", "Genhusnings-konsulenten"
            out.append(token)
        return out

    def _no_name_here(self, start: int, end: int, word: str, forced: bool) -> bool:
        """A code glued to digits ("Xk7pQ2"), a closing ("Best regards"), "& Co.", a pronoun first in a sentence."""
        if self.text[start - 1:start].isdigit() or self.text[end:end + 1].isdigit():
            return True
        if any(s <= start and end <= e for s, e in self.closings):
            return True
        if word in COMPANY_PARTS and re.search(r"&[ \t]*$", self.text[max(0, start - 3):start]):
            return True
        if forced or not sentence_start(self.text, start):
            return False
        nxt = re.match(r"[ \t]+([^\W\d_]+)", self.text[end:end + 30])
        if nxt and nxt.group(1)[:1].isupper():          # "Hans Holm", "Han Li"
            return False
        if word == "Hans":                                # "Hans forslag", not "Hans sagde"
            return bool(nxt) and not finite_verb(nxt.group(1), danish_dictionary())
        return word.lower() in PRONOUNS

    def forced_at(self, start: int, end: int) -> int | None:
        """The index of the name position holding this span, if any."""
        for i, (s, e) in enumerate(self.forced):
            if s <= start and end <= e:
                return i
            if s >= end:
                break
        return None

    def _genitive(self, start: int, end: int, word: str) -> Token:
        if word[-2:] in ("'s", "’s"):
            return Token(start, end - 2, end, word[:-2], True)
        if (self.text[end:end + 1] in ("'", "’") and not self.text[end + 1:end + 2].isalpha()
                and not self._quoted(start)):         # "'Rikke Dahl-Bo';" closes a quote
            return Token(start, end, end + 1, word, True)
        followed_by_name = bool(re.match(r"[ \t]+[A-ZÆØÅÀ-Þ]", self.text[end:end + 3]))
        base = word[:-1]
        if word.casefold() in MONTHS_WEEKDAYS:     # "Marts" is not the genitive of "Mart"
            return Token(start, end, end, word, False)
        place = base in self.lex.places or base.casefold() in self.allow
        short_word = (len(word) == 3 and _everyday(word)) or everyday_english(word)   # "Hos", "This"; not "Bos"
        if (word.endswith("s") and len(word) >= 3 and not short_word and (place or not followed_by_name)
                and (not self._recognised(word) or (len(word) == 3 and base in self.lex.first_names))   # "Bos" of Bo
                and self._recognised(base)):
            return Token(start, end - 1, end, word[:-1], True)
        return Token(start, end, end, word, False)

    def _quoted(self, start: int) -> bool:
        window = self.text[max(0, start - 80):start]
        line = window[window.rfind("\n") + 1:]
        return bool(re.search(r"(?:^|[\s(;,:])['‘][^'’\n]*$", line))

    def _recognised(self, word: str) -> bool:
        return (self.lex.is_listed_name(word) or self.lex.is_word_name(word) or word in self.lex.places
                or word.casefold() in self.allow or word.casefold() in self.known
                or (len(word) > 5 and word.lower().endswith(("gaard", "gård", "strup", "kjær"))))   # "Dalsgaards"

    # -- decisions -----------------------------------------------------------------------------
    def mentions(self) -> list[Mention]:
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
            group: list[Token] = []
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
                    mentions.append(Mention(run, "person"))
                continue
            segment: list[Token] = []
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
            elif m.decision == "flag" and m.key() and all(k in self.context_kept for k in m.key()):
                m.decision = "keep"       # "Lejerbo har …" where "Dąbrowska fra Lejerbo" showed an organisation
        return mentions

    def _joins(self, prev: Token, tok: Token) -> bool:
        gap = self.text[prev.stop:tok.start]
        if prev.stop != prev.end:        # a genitive ends a name
            return False
        held = self.forced_at(prev.start, prev.end)
        if held is not None and held == self.forced_at(tok.start, tok.end) and re.fullmatch(r"[ \t._\"“”„'‘’]+", gap):
            return True                  # one name position: "minh.tran", "sofie_k", Kristoffer "Kris" Ravnkilde
        if gap in (" ", "\t", "") and (prev.initial or gap):
            return True
        words = gap.split()          # "Piet van der Berg", "Omar bin Said"
        return 1 <= len(words) <= 2 and all(w in _PARTICLES for w in words) and gap == f" {' '.join(words)} "


_LEADING_PARTICLES = re.compile(r"(?<=[a-zæøå,] )((?:(?:van|von|der|de|di|da|du|la|le|al|el|bin|ibn|bint|abu|ben|ter|ten) ){1,2})$")
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
        words = [edits.text[t.start:t.end] for t in m.tokens]
        people.register(words, f"Person {letters[id(m)]}", f"Person {letters[id(m)]}'s")
        people.initials_given(edits.text, words, m.stop)
    used += len(shouted)
    for start, end in initials:
        word = edits.text[start:end]
        person = people.by_initials.get(word) or people.by_key.get(name_key(word))    # "ANNE mente" of Anne Lind
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


def _everyday(word: str) -> bool:
    """A short word Danish uses every day ("hos", "ros"), not the genitive of a short name ("Bos", "Ibs")."""
    from wordfreq import zipf_frequency

    from indexer.language.words import stop_words

    return word.lower() in stop_words() or zipf_frequency(word.lower(), "da") >= 4.0


_HANDLE = re.compile(r"(?<![\w&])@[A-Za-zæøåÆØÅ][\w.-]{2,}")
