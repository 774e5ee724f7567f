"""From a member's Danish question to weighted keyword terms.

Members type as they talk: "bygge partnerskabet", "fsbhjem", "stratetisk partnerskap",
"oekonomi", "SP". Each content word of the question becomes a ``Concept`` (its stem plus
alternatives), with the index's own vocabulary as the dictionary:

- æ/ø/å ↔ ae/oe/aa spellings and dropped accents are folded to one key;
- an unknown word one edit away from a known word is corrected (typo tolerance);
- words typed apart that the knowledge base writes as one are joined ("nøgle tal" → nøgletal,
  "renovering af energi" → energirenovering), and an unknown compound is split into known parts
  ("fsbhjem" → fsb + hjem);
- an unknown word finds the known words built on it: compounds it starts or ends ("skimmel" →
  skimmelsvamp, "aconto" → acontobeløb) and derivations ("efterses" → eftersyn), where the rest is a
  Danish word (wordfreq's list or the index's vocabulary) or a derivational ending;
- an abbreviation or loanword the knowledge base does not use is expanded with its group in
  knowledge_base/synonyms.yaml ("SP" → strategisk partnerskab).

Corrections and expansions weigh less than words that are found as typed.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from indexer.index.keyword import KeywordIndex
from indexer.knowledge.synonyms import Synonyms
from indexer.language.wordlist import danish_stems
from indexer.language.words import char_grams, content_words, fold, stem

MIN_TYPO_LENGTH = 5      # shorter words have too many neighbours one edit away
MIN_PART_LENGTH = 3
LINKING = ("s", "e")     # Danish compound joints: "udvikling-s-møde", "bygg-e-sag"
JOINED_WEIGHT = 2.0
MIN_RELATED_LENGTH = 5   # "bor" would find every "bor…"
MAX_RELATED = 3
# Endings that make a Danish noun or adjective of a verb stem: "efters-yn", "renover-ing", "inddrag-else".
DERIVATIONAL = ("e", "er", "else", "en", "hed", "ing", "ning", "isk", "lig", "yn", "ende")


@dataclass(frozen=True)
class QueryOptions:
    synonyms: bool = True
    compounds: bool = True
    typos: bool = True
    folding: bool = True
    related: bool = True
    w_synonym: float = 0.5
    w_typo: float = 0.8
    w_context: float = 0.7

    @classmethod
    def of(cls, params) -> "QueryOptions":
        """The query handling a build's fusion parameters switch on (indexer.parameters.FusionParams)."""
        return cls(synonyms=params.synonyms, compounds=params.compounds, typos=params.typos,
                   folding=params.folding, related=params.related, w_context=params.w_context)


@dataclass
class Concept:
    """One content word of the question and what else may stand for it in a passage."""

    word: str
    stem: str
    known: bool = True
    alternatives: list[tuple[str, ...]] = field(default_factory=list)   # each: stems that together match
    joined: str | None = None     # this word and the next, written as one known word

    def stems(self) -> set[str]:
        return {self.stem, *(t for alt in self.alternatives for t in alt)}


@dataclass
class Query:
    concepts: list[Concept]                # from the question itself
    terms: dict[str, float]                # weighted stems for the word channel, context included
    grams: dict[str, float]                # weighted character n-grams, context included
    context_concepts: list[Concept] = field(default_factory=list)   # the earlier question of a thread
    w_context: float = 0.7

    def weighted_concepts(self) -> list[tuple[float, Concept]]:
        """The concepts judged for coverage: a follow-up's own words weigh more than its thread's."""
        unique: dict[str, tuple[float, Concept]] = {}
        for weight, concepts in ((self.w_context, self.context_concepts), (1.0, self.concepts)):
            for c in concepts:
                unique[c.stem] = (weight, c)
        return list(unique.values())


class Lexicon:
    """The word channel's vocabulary as a dictionary: spelling keys and one-edit neighbours."""

    def __init__(self, index: KeywordIndex):
        self.df = index.document_frequency
        self.by_fold: dict[str, str] = {}
        for term, _ in sorted(self.df.items(), key=lambda kv: (-kv[1], kv[0])):
            self.by_fold.setdefault(fold(term), term)
        self._deletes: dict[str, list[str]] | None = None
        self._starts: list[str] | None = None
        self._ends: list[str] | None = None

    @classmethod
    def of(cls, index: KeywordIndex) -> "Lexicon":
        """One lexicon per loaded index, built on first use."""
        if index._lexicon is None:
            index._lexicon = cls(index)
        return index._lexicon

    def __contains__(self, term: str) -> bool:
        return term in self.df

    def folded(self, term: str) -> str | None:
        """The known spelling of ``term`` ("oekonomi" → økonomi), if it differs."""
        found = self.by_fold.get(fold(term))
        return found if found != term else None

    def prepare(self) -> None:
        """Build the typo and word-part indexes now rather than on the first question that needs them."""
        self._delete_index()
        self._part_index()
        danish_stems()

    def _delete_index(self) -> dict[str, list[str]]:
        if self._deletes is None:
            deletes: dict[str, list[str]] = {}
            for key, term in self.by_fold.items():
                if len(key) >= MIN_TYPO_LENGTH - 1:
                    for variant in {key} | _deletions(key):
                        deletes.setdefault(variant, []).append(term)
            self._deletes = deletes
        return self._deletes

    def nearest(self, term: str) -> str | None:
        """The most frequent known term one edit (insert, delete, substitute, swap) away."""
        key = fold(term)
        if len(term) < MIN_TYPO_LENGTH or term.isdigit():   # "2024" is no typo for "2021"
            return None
        index = self._delete_index()
        candidates = {c for variant in {key} | _deletions(key) for c in index.get(variant, ())}
        close = [c for c in candidates if c != term and fold(c)[:1] == key[:1]   # first letters rarely slip
                 and _within_one_edit(key, fold(c))]
        return max(close, key=lambda c: (self.df.get(c, 0), c)) if close else None

    def split(self, word: str) -> tuple[str, str] | None:
        """Two known stems that make up ``word`` ("fsbhjem" → fsb + hjem), the most even split first."""
        best, best_key = None, None
        for i in range(MIN_PART_LENGTH, len(word) - MIN_PART_LENGTH + 1):
            head, tail = word[:i], word[i:]
            tail_stem = stem(tail)
            if tail_stem not in self:
                continue
            for h in (head, *(head[:-1] for joint in LINKING if head.endswith(joint))):
                if len(h) < MIN_PART_LENGTH:
                    continue
                head_stem = h if h in self else stem(h)
                if head_stem in self:
                    key = (min(len(h), len(tail)), self.df[head_stem] + self.df[tail_stem])
                    if best_key is None or key > best_key:
                        best, best_key = (head_stem, tail_stem), key
        return best

    def _part_index(self) -> tuple[list[str], list[str]]:
        if self._starts is None:
            self._ends = sorted(t[::-1] for t in self.df)
            self._starts = sorted(self.df)
        return self._starts, self._ends

    def _is_word(self, part: str) -> bool:
        if len(part) < MIN_PART_LENGTH:
            return False
        words = danish_stems()
        return any(p in self.df or p in words for p in (part, *(part[1:] for j in LINKING if part.startswith(j))))

    def related(self, term: str) -> list[str]:
        """Known words built on an unknown ``term``: compounds it starts or ends, and its derivations."""
        if len(term) < MIN_RELATED_LENGTH or not term.isalpha():
            return []
        starts, ends = self._part_index()
        found = set()
        for t in starts[bisect_left(starts, term):]:
            if not t.startswith(term):
                break
            rest = t[len(term):]
            if rest and (rest in DERIVATIONAL or self._is_word(rest)):
                found.add(t)
        reversed_term = term[::-1]
        for r in ends[bisect_left(ends, reversed_term):]:
            if not r.startswith(reversed_term):
                break
            head = r[len(reversed_term):][::-1]
            if head and any(self._is_word(h) for h in (head, *(head[:-1] for j in LINKING if head.endswith(j)))):
                found.add(r[::-1])
        return sorted(found, key=lambda t: (-self.df[t], t))[:MAX_RELATED]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


def _concepts(text: str, lexicon: Lexicon, options: QueryOptions) -> list[Concept]:
    cwords = content_words(text)
    concepts = []
    for word in cwords:
        s = stem(word)
        concept = Concept(word, s, known=s in lexicon)
        if not concept.known:
            fixed = (lexicon.folded(s) or lexicon.folded(word)) if options.folding else None
            if fixed is None and options.typos:
                fixed = lexicon.nearest(s)
            if fixed:
                concept.alternatives.append((fixed,))
            else:
                if options.related:
                    concept.alternatives.extend((t,) for t in lexicon.related(s))
                if options.compounds:
                    parts = lexicon.split(word)
                    if parts:
                        concept.alternatives.append(parts)
        concepts.append(concept)
    if options.compounds:
        for a, b, ca, cb in zip(cwords, cwords[1:], concepts, concepts[1:]):
            # "nøgle tal" → nøgletal; "renovering af energi" → energirenovering
            for joined in (a + b, a + "s" + b, stem(b) + a, stem(b) + "s" + a):
                js = stem(joined)
                if js in lexicon:
                    ca.alternatives.append((js,))
                    cb.alternatives.append((js,))
                    ca.joined = js
                    break
    return concepts


def _weigh(concepts: list[Concept], options: QueryOptions, scale: float, terms: dict[str, float]) -> None:
    def add(term: str, weight: float) -> None:
        terms[term] = max(terms.get(term, 0.0), weight * scale)

    for c in concepts:
        add(c.stem, 1.0)
        for alt in c.alternatives:
            for term in alt:
                # A correction stands in for an unknown word.
                add(term, options.w_typo if not c.known and len(alt) == 1 else 1.0)
        if c.joined:
            add(c.joined, JOINED_WEIGHT)   # one word standing for two typed words


def _expand_synonyms(concepts: list[Concept], synonyms: Synonyms, lexicon: Lexicon, options: QueryOptions,
                     terms: dict[str, float]) -> None:
    present = set().union(*(c.stems() for c in concepts)) if concepts else set()
    for matched, other in synonyms.expansions(present):
        # Only words the knowledge base does not use are expanded: "SP", "tender", "contractor".
        # Expanding words it does use only adds noise (measured in tests/eval).
        if all(t in lexicon for t in matched):
            continue
        for term in other:
            terms[term] = max(terms.get(term, 0.0), options.w_synonym)
        for c in concepts:
            if c.stem in matched:
                c.alternatives.append(other)


def _grams(text: str, scale: float, grams: dict[str, float]) -> None:
    for g in char_grams(text):
        grams[g] = grams.get(g, 0.0) + scale


def analyse_query(question: str, index: KeywordIndex, synonyms: Synonyms | None = None,
                  options: QueryOptions = QueryOptions(), context: str | None = None) -> Query:
    """The question (and, for a follow-up, the thread's first question) as weighted terms."""
    lexicon = Lexicon.of(index)
    concepts = _concepts(question, lexicon, options)
    context_concepts = _concepts(context, lexicon, options) if context else []
    terms: dict[str, float] = {}
    _weigh(concepts, options, 1.0, terms)
    _weigh(context_concepts, options, options.w_context, terms)
    if options.synonyms and synonyms is not None and synonyms.groups:
        _expand_synonyms(concepts, synonyms, lexicon, options, terms)
    grams: dict[str, float] = {}
    _grams(question, 1.0, grams)
    if context:
        _grams(context, options.w_context, grams)
    return Query(concepts, terms, grams, context_concepts, options.w_context)
