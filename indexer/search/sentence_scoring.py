"""Which sentences of a passage answer the question best: shared by answers and the confidence model."""

from __future__ import annotations

import copy

from indexer.language.sentences import passage_units
from indexer.language.words import analyse
from indexer.search.query import Query
from indexer.search.question_kind import answers_type

LONG_SENTENCE_WORDS = 40
ANSWER_KIND_BONUS = 0.25
HEADING_SHARE = 0.75    # a question word found only in the section heading or the title


def _holds(stems: set[str], concept) -> bool:
    return concept.stem in stems or any(alt and set(alt) <= stems for alt in concept.alternatives)


class SentenceScorer:
    """How much of the question a sentence answers: its found words weighted by rarity (idf).

    With ``prefer`` (a question type from indexer.search.question_kind), a relevant sentence holding that
    kind of answer – a number for "hvor mange", a date for "hvornår", names for "hvem", a rule for
    "må man" – ranks higher.
    """

    def __init__(self, query: Query, keyword, prefer: str | None = None):
        words = keyword.words
        self.concepts = [(w * words.idf(c.stem), c) for w, c in query.weighted_concepts()]
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
