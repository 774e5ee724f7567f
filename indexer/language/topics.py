"""Questions about the same thing, grouped: near-duplicates and rewordings end up in one topic.

Each question becomes two sets: the stems of its content words and the character 4-grams of
those words (folded æ/ø/å, so typos and spellings still overlap). Both are weighted by how rare
they are among the questions grouped together and any ``reference`` questions (e.g. the whole
question log; ``log(1 + n/df)``), so a word nearly every question uses ("partnerskab") ties
little together. Two questions are similar by the larger of
the two weighted overlaps (Dice). Questions join a topic greedily, most asked first, when their
mean similarity to the topic's questions reaches the threshold. Weighting, linkage and threshold
were chosen on the tune half of ``tests/eval/question_topics.jsonl``
(``python -m tests.eval.question_topics`` reports the sealed half beside it).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from indexer.language.words import content_words, grams_of, stemmer

DEFAULT_THRESHOLD = 0.40


@dataclass
class QuestionTopic:
    """Questions grouped as one topic; ``members`` are indexes into the list given."""

    members: list[int] = field(default_factory=list)

    @property
    def lead(self) -> int:
        """The index of the question that opened the topic (the most asked, given sorted input)."""
        return self.members[0]


@dataclass(frozen=True)
class _Shape:
    stems: frozenset[str]
    grams: frozenset[str]

    @property
    def empty(self) -> bool:
        return not (self.stems or self.grams)


def _shape(text: str) -> _Shape:
    content = content_words(text)
    return _Shape(frozenset(stemmer().stemWords(content)), frozenset(grams_of(content)))


def _weighted_dice(a: frozenset[str], b: frozenset[str], weight: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    shared = sum(weight[x] for x in a & b)
    return 2 * shared / (sum(weight[x] for x in a) + sum(weight[x] for x in b))


class _Similarity:
    def __init__(self, shapes: list[_Shape]):
        n = len(shapes)
        stem_df = Counter(s for shape in shapes for s in shape.stems)
        gram_df = Counter(g for shape in shapes for g in shape.grams)
        self.stem_weight = {s: math.log(1 + n / df) for s, df in stem_df.items()}
        self.gram_weight = {g: math.log(1 + n / df) for g, df in gram_df.items()}

    def __call__(self, a: _Shape, b: _Shape) -> float:
        return max(_weighted_dice(a.stems, b.stems, self.stem_weight),
                   _weighted_dice(a.grams, b.grams, self.gram_weight))


def group_questions(questions: list[str], threshold: float = DEFAULT_THRESHOLD,
                    reference: list[str] | None = None) -> list[QuestionTopic]:
    """Topics over ``questions`` in the order they open; give the most asked questions first.

    A question joins the topic it is most similar to (mean over the topic's questions) when
    that similarity reaches ``threshold``; otherwise it opens a new topic. A question without
    content words (only stop words) stays alone. ``reference`` questions only weigh words: a
    few questions alone cannot tell which words are common.
    """
    shapes = [_shape(q) for q in questions]
    similarity = _Similarity(shapes + [_shape(q) for q in reference or []])
    topics: list[QuestionTopic] = []
    for i, shape in enumerate(shapes):
        best, best_score = None, threshold
        if not shape.empty:
            for topic in topics:
                score = sum(similarity(shape, shapes[j]) for j in topic.members) / len(topic.members)
                if score >= best_score:
                    best, best_score = topic, score
        if best is None:
            topics.append(QuestionTopic([i]))
        else:
            best.members.append(i)
    return topics
