"""The Danish keyword channels: BM25 over stemmed words and BM25 over character 4-grams.

Words: lower-cased, Danish stop words removed, PyStemmer's Danish stemmer. Character 4-grams of
the folded words (æ→ae, ø→oe, å→aa) catch what stemming cannot: compounds written apart or
joined ("energirenovering" ↔ "renovering af energi"), typos and odd spellings. Titles and
section headings weigh more than body text in both.
"""

from __future__ import annotations

import logging
from functools import cached_property
from pathlib import Path

import numpy as np

from indexer.index.term_counts import NPY_LOAD_LOCK, TermCounts, bm25_retriever
from indexer.language.words import ANALYSER_VERSION, GRAM, content_words, grams_of, stemmer

log = logging.getLogger(__name__)

# Everything that changes the tokens in an index: a build made with other values is stale.
KEYWORD_PARAMS = {"analyser": ANALYSER_VERSION, "title_weight": 3, "section_weight": 2, "gram": GRAM,
                  "k1": 1.6, "b": 0.3}
GRAMS_FOLDER = "grams"
COUNTS_FILE = "counts.npz"


def passage_tokens(fields: tuple[str, str, str]) -> tuple[list[str], list[str]]:
    """(word tokens, n-gram tokens) of a passage's (title, section, text).

    Title and section are repeated to weigh more; content words are found once for both channels.
    """
    word_tokens: list[str] = []
    gram_tokens: list[str] = []
    weights = (KEYWORD_PARAMS["title_weight"], KEYWORD_PARAMS["section_weight"], 1)
    danish = stemmer()
    for text, weight in zip(fields, weights):
        content = content_words(text)
        word_tokens.extend(danish.stemWords(content) * weight)
        gram_tokens.extend(grams_of(content) * weight)
    return word_tokens, gram_tokens


def count_passages(passages: list, after: tuple[TermCounts, TermCounts] | None = None
                   ) -> tuple[TermCounts, TermCounts]:
    """Term counts of both channels, as rows appended to ``after``'s when given."""
    tokens = [passage_tokens(p) for p in passages]
    words_base, grams_base = after or (TermCounts.empty(), TermCounts.empty())
    return (words_base.extended([t[0] for t in tokens]), grams_base.extended([t[1] for t in tokens]))


def load_counts(folder: Path) -> tuple[TermCounts, TermCounts] | None:
    """The term counts a build saved, or None for a build made before they were kept."""
    folder = Path(folder)
    paths = (folder / COUNTS_FILE, folder / GRAMS_FOLDER / COUNTS_FILE)
    if not all(p.is_file() for p in paths):
        return None
    return TermCounts.load(paths[0]), TermCounts.load(paths[1])


class _Channel:
    """One bm25s index and its vocabulary."""

    counts: TermCounts | None = None    # set when built; a loaded one has none (see load_counts)

    def __init__(self, retriever, n_docs: int, n_counted: int | None = None):
        self.retriever = retriever
        self.n_docs = n_docs                  # one score per passage of the build
        self.n_counted = n_docs if n_counted is None else n_counted   # passages the statistics count
        self.vocabulary: dict[str, int] = retriever.vocab_dict

    @classmethod
    def from_counts(cls, counts: TermCounts) -> "_Channel":
        counts = counts.compacted()
        channel = cls(bm25_retriever(counts, KEYWORD_PARAMS["k1"], KEYWORD_PARAMS["b"]), counts.rows)
        channel.counts = counts
        return channel

    @classmethod
    def visible_part(cls, counts: TermCounts, rows: np.ndarray) -> "_Channel":
        """Statistics and vocabulary of the given passages only (see term_counts.bm25_retriever)."""
        return cls(bm25_retriever(counts, KEYWORD_PARAMS["k1"], KEYWORD_PARAMS["b"], rows), counts.rows, len(rows))

    @classmethod
    def load(cls, folder: Path, n_docs: int) -> "_Channel":
        import bm25s

        with NPY_LOAD_LOCK:
            return cls(bm25s.BM25.load(str(folder)), n_docs)

    def scores(self, weighted: dict[str, float]) -> np.ndarray:
        total = np.zeros(self.n_docs, dtype=np.float32)
        by_weight: dict[float, list[str]] = {}
        for term, weight in weighted.items():
            if weight > 0 and term in self.vocabulary:
                by_weight.setdefault(weight, []).append(term)
        for weight, group in by_weight.items():
            total += weight * np.asarray(self.retriever.get_scores(group), dtype=np.float32)
        return total

    @cached_property
    def _postings(self) -> tuple[np.ndarray, np.ndarray]:
        return np.asarray(self.retriever.scores["indptr"]), np.asarray(self.retriever.scores["indices"])

    def rows_with(self, term: str) -> np.ndarray:
        """Passage rows that contain ``term``."""
        i = self.vocabulary.get(term)
        if i is None:
            return np.empty(0, dtype=np.int64)
        indptr, indices = self._postings
        return indices[indptr[i]:indptr[i + 1]]

    @cached_property
    def document_frequency(self) -> dict[str, int]:
        indptr, _ = self._postings
        counts = np.diff(indptr)
        return {term: int(counts[i]) for term, i in self.vocabulary.items() if i < len(counts)}

    def idf(self, term: str) -> float:
        """BM25's idf; a term the index has never seen gets the highest idf."""
        df = self.document_frequency.get(term, 0)
        return float(np.log(1 + (self.n_counted - df + 0.5) / (df + 0.5)))


class KeywordIndex:
    """Both keyword channels of one build, stored in the build's ``keyword/`` folder."""

    def __init__(self, words_channel: _Channel, grams_channel: _Channel | None, n_docs: int):
        self.words = words_channel
        self.grams = grams_channel
        self.n_docs = n_docs
        self.vocabulary = words_channel.vocabulary
        self._lexicon = None     # indexer.search.query.Lexicon, built on first use

    @classmethod
    def from_counts(cls, words_counts: TermCounts, grams_counts: TermCounts) -> "KeywordIndex":
        return cls(_Channel.from_counts(words_counts), _Channel.from_counts(grams_counts), words_counts.rows)

    def save(self, folder: Path) -> None:
        """bm25s's files, plus the term counts the next build reuses for unchanged documents."""
        folder = Path(folder)
        self.words.retriever.save(str(folder))
        self.words.counts.save(folder / COUNTS_FILE)
        (folder / GRAMS_FOLDER).mkdir(exist_ok=True)
        self.grams.retriever.save(str(folder / GRAMS_FOLDER))
        self.grams.counts.save(folder / GRAMS_FOLDER / COUNTS_FILE)

    @classmethod
    def load(cls, folder: Path, n_docs: int) -> "KeywordIndex":
        folder = Path(folder)
        grams = None
        if (folder / GRAMS_FOLDER).is_dir():
            grams = _Channel.load(folder / GRAMS_FOLDER, n_docs)
        else:
            log.warning("index in %s has no character n-gram channel; rebuild it with: python -m indexer "
                        "build --full", folder)
        return cls(_Channel.load(folder, n_docs), grams, n_docs)

    def visible_part(self, counts: tuple[TermCounts, TermCounts], rows: np.ndarray) -> "KeywordIndex":
        """This index as seen by someone who may see only ``rows``: its BM25 statistics and its
        vocabulary (what typo, compound and synonym expansion look words up in) come from those
        passages alone, so a word found only in a hidden lesson changes nothing they get."""
        words, grams = counts
        return KeywordIndex(_Channel.visible_part(words, rows),
                            _Channel.visible_part(grams, rows) if self.grams is not None else None, self.n_docs)

    def __contains__(self, term: str) -> bool:
        return term in self.vocabulary

    @property
    def document_frequency(self) -> dict[str, int]:
        return self.words.document_frequency

    def scores(self, terms: list[str] | dict[str, float]) -> np.ndarray:
        """Word-channel BM25 of every passage for analysed terms, optionally weighted."""
        if self.n_docs == 0:
            return np.zeros(0, dtype=np.float32)
        if isinstance(terms, dict):
            return self.words.scores(terms)
        counts: dict[str, float] = {}
        for t in terms:   # a repeated term counts once per occurrence, as in a plain BM25 query
            counts[t] = counts.get(t, 0.0) + 1.0
        return self.words.scores(counts)

    def gram_scores(self, grams: dict[str, float]) -> np.ndarray:
        """Character n-gram BM25 of every passage (zeros when the index has no n-gram channel)."""
        if self.grams is None or self.n_docs == 0:
            return np.zeros(self.n_docs, dtype=np.float32)
        return self.grams.scores(grams)
