"""Which sentences of a passage answer the question best: shared by answers and the confidence model."""

from __future__ import annotations

import copy

from indexer.language.sentences import passage_units
from indexer.language.words import analyse, stem, stop_words, words
from indexer.search.query import Query
from indexer.search.question_kind import answers_type

SECTION_SEPARATOR = " › "
INTRO_SECTION = "Indledning"
LONG_SENTENCE_WORDS = 40
ANSWER_KIND_BONUS = 0.25
HEADING_SHARE = 0.75    # a question word found only in the section heading or the title
HEADING_STOP_WEIGHT = 0.5   # "Hvem er med i &os?": the small words of a heading count, but less


def _holds(stems: set[str], concept) -> bool:
    return concept.stem in stems or any(alt and set(alt) <= stems for alt in concept.alternatives)


def _rarity(vocabulary, concept) -> float:
    """The concept's idf; a word the index does not know weighs as its correction or expansion does
    ("stratetisk" as strategisk), not as the rarest word of all: no sentence can hold it as typed."""
    if concept.stem in vocabulary.document_frequency or not concept.alternatives:
        return vocabulary.idf(concept.stem)
    return max(max(vocabulary.idf(t) for t in alt) for alt in concept.alternatives if alt)


class SentenceScorer:
    """How much of the question a sentence answers: its found words weighted by rarity (idf).

    With ``prefer`` (a question type from indexer.search.question_kind), a relevant sentence holding that
    kind of answer – a number for "hvor mange", a date for "hvornår", names for "hvem", a rule for
    "må man" – ranks higher.
    """

    def __init__(self, query: Query, keyword, prefer: str | None = None):
        self.concepts = [(w * _rarity(keyword.words, c), c) for w, c in query.weighted_concepts()]
        self.total = sum(w for w, _ in self.concepts) or 1.0
        self.prefer = prefer
        self.covered: frozenset[int] = frozenset()

    def without(self, covered: frozenset[int]) -> "SentenceScorer":
        """The same scorer, counting only the concepts not in ``covered``."""
        other = copy.copy(self)
        other.covered = frozenset(covered)
        return other

    def share(self, sentence: str, context: set[str] | None = None) -> float:
        """Weighted share of the question found in the sentence; words found only in ``context`` (the
        stems of its section heading and the article's title, which say what the sentence is about)
        count HEADING_SHARE. Concepts the answer already states (``covered``) do not count."""
        stems = set(analyse(sentence))
        found = 0.0
        for i, (weight, concept) in enumerate(self.concepts):
            if i in self.covered:
                continue
            if _holds(stems, concept):
                found += weight
            elif context and _holds(context, concept):
                found += HEADING_SHARE * weight
        return found / self.total

    def found(self, sentence: str) -> frozenset[int]:
        """The question's concepts (by position) that the sentence states."""
        stems = set(analyse(sentence))
        return frozenset(i for i, (_, concept) in enumerate(self.concepts) if _holds(stems, concept))

    def score(self, sentence: str, item: bool = False, share: float | None = None) -> float:
        share = self.share(sentence) if share is None else share
        if share > 0 and self.prefer and answers_type(self.prefer, sentence, item):
            share += ANSWER_KIND_BONUS
        # Long sentences find more words by chance; a small penalty keeps answers readable.
        return share - 0.005 * max(0, len(sentence.split()) - LONG_SENTENCE_WORDS)


def best_sentences(text: str, scorer: SentenceScorer, limit: int) -> list[str]:
    """The passage's sentences (or list items) that answer most of the question, in passage order."""
    units = passage_units(text)
    if not units:
        return []
    scores = [scorer.score(u.text, u.item) for u in units]
    ranked = sorted(range(len(units)), key=lambda i: (-scores[i], i))
    chosen = [i for i in ranked[:limit] if scores[i] > 0] or ranked[:1]
    return [units[i].text for i in sorted(chosen)]


def heading_match(section: str, question: str, query: Query | None) -> float:
    """Share of a section's own heading (its last level) that the question says, weighted: content words
    count whole, found by stem, correction or expansion; small words ("hvem", "med", "ikke") count
    HEADING_STOP_WEIGHT, found as written. "Hvem er med i &os?" names "hvilke firmaer er med i &os"."""
    heading = section.split(SECTION_SEPARATOR)[-1].strip() if section else ""
    if not heading or heading == INTRO_SECTION:
        return 0.0
    asked_words = set(words(question))
    asked_stems = set(analyse(question))
    if query is not None:
        for _, concept in query.weighted_concepts():
            asked_stems |= concept.stems()
    stops = stop_words()
    total = found = 0.0
    for word in words(heading):
        small = word in stops
        weight = HEADING_STOP_WEIGHT if small else 1.0
        total += weight
        if word in asked_words or (not small and stem(word) in asked_stems):
            found += weight
    return found / total if total else 0.0
