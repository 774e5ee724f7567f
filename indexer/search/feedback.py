"""Pseudo-relevance feedback: words the best passages share, added to the question's word terms.

Members ask in their own words ("må jeg bore søndag?"); the passage that answers uses others
("boremaskiner … weekenden"). The first search usually finds a passage near the answer; the rarer
words of the best few passages then pull in their neighbours. Statistics come only from the
KeywordIndex passed in, and only the word channel's terms change: coverage and confidence are
judged on the question's own words.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from indexer.language.words import analyse
from indexer.search.query import Query


def with_feedback(query: Query, texts: list[str], keyword, n_terms: int, weight: float) -> Query:
    """``query`` with up to ``n_terms`` words of ``texts`` (the best passages) added at most ``weight``."""
    own = set(query.terms)
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(analyse(text)) - own)
    if not counts:
        return query
    scored = {t: n * keyword.words.idf(t) for t, n in counts.items() if n > 1 or len(texts) == 1}
    top = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:n_terms]
    if not top:
        return query
    best = top[0][1]
    terms = dict(query.terms)
    for term, s in top:
        terms[term] = max(terms.get(term, 0.0), weight * s / best)
    return replace(query, terms=terms)
