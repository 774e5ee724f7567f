"""Danish words from wordfreq's Danish list (stems), to tell a compound's parts from chance letter runs.

The list is language, not knowledge-base content: it never says what a hidden document holds.
Loaded once, lazily (about 0.2 s); without wordfreq installed it is empty and callers fall back to
the index's own vocabulary.
"""

from __future__ import annotations

from functools import lru_cache

from indexer.language.words import stemmer

LIST_SIZE = 50_000
MIN_LENGTH = 3


@lru_cache(maxsize=1)
def danish_stems() -> frozenset[str]:
    try:
        import wordfreq
    except ImportError:
        return frozenset()
    words = [w for w in wordfreq.top_n_list("da", LIST_SIZE) if w.isalpha() and len(w) >= MIN_LENGTH]
    return frozenset(stemmer().stemWords(words)) | frozenset(words)
