"""The Danish keyword channels: BM25 over stemmed words and BM25 over character 4-grams.

Words: lower-cased, Danish stop words removed, PyStemmer's Danish stemmer. Character 4-grams of
the folded words (æ→ae, ø→oe, å→aa) catch what stemming cannot: compounds written apart or
joined ("energirenovering" ↔ "renovering af energi"), typos and odd spellings. Titles and
section headings weigh more than body text in both.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

# Everything that changes the tokens in an index: a build made with other values is stale.
KEYWORD_PARAMS = {"analyser": 3, "title_weight": 3, "section_weight": 2, "gram": 4, "k1": 1.6, "b": 0.3}
GRAMS_FOLDER = "grams"

# "&os" keeps its ampersand: without it the partnership's name is the stop word "os".
_TOKEN = re.compile(r"&?[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue"})


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("danish")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_DANISH

    # Question words and chat filler carry no topic: "hvad", "hvordan", "hvornår", "bare" …
    extra = {"hvad", "hvordan", "hvornår", "hvorfor", "hvilke", "hvilken", "hvilket", "hvem", "hvor",
             "kan", "man", "gør", "gøre", "får", "få", "findes", "nogen", "noget", "mon", "lige",
             "egentlig", "helt", "godt", "ok", "hej", "tak", "må", "skal", "bør", "vil", "os", "bare",
             "hos", "mens", "indtil"}
    return frozenset(STOPWORDS_DANISH) | extra


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def fold(word: str) -> str:
    """ASCII spelling key: "økonomi", "oekonomi" and "Økonomi" share one key (æ/ø/å ↔ ae/oe/aa)."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Lower-cased word tokens; hyphenated compounds also yield their parts."""
    out: list[str] = []
    for token in _TOKEN.findall(normalise(text)):
        if "-" in token:
            out.extend(p for p in token.split("-") if p)
        else:
            out.append(token)
    return out


def content_words(text: str) -> list[str]:
    """Words that carry topic: no stop words, no single letters."""
    stops = stop_words()
    return [w for w in words(text) if w not in stops and (len(w) > 1 or w.isdigit())]


def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def analyse(text: str) -> list[str]:
    """Text → stemmed tokens without stop words (the word channel's terms)."""
    return _stemmer().stemWords(content_words(text))


def char_grams(text: str, n: int = KEYWORD_PARAMS["gram"]) -> list[str]:
    """Character n-grams of the folded content words, with word boundaries marked: "#tag", "tag#"."""
    out: list[str] = []
    for word in content_words(text):
        out.extend(_word_grams(word, n))
    return out


@lru_cache(maxsize=200_000)
def _word_grams(word: str, n: int) -> tuple[str, ...]:
    # Words repeat: folding each occurrence again was most of a reindex (make bench).
    padded = f"#{fold(word)}#"
    return tuple(padded[i:i + n] for i in range(max(1, len(padded) - n + 1)))


def _fielded(fields, analyser) -> list[str]:
    """Tokens of (title, section, text), the title and section repeated to weigh more."""
    if isinstance(fields, str):
        return analyser(fields)
    title, section, text = fields
    return (analyser(title) * KEYWORD_PARAMS["title_weight"]
            + analyser(section) * KEYWORD_PARAMS["section_weight"] + analyser(text))


class _Channel:
    """One bm25s index and its vocabulary."""

    def __init__(self, retriever, n_docs: int):
        self.retriever = retriever
        self.n_docs = n_docs
        self.vocabulary: dict[str, int] = retriever.vocab_dict

    @classmethod
    def build(cls, token_lists: list[list[str]]) -> "_Channel":
        import bm25s

        # bm25s logs every index build at DEBUG on its own handler; admins only need our summary.
        logging.getLogger("bm25s").setLevel(logging.WARNING)
        retriever = bm25s.BM25(k1=KEYWORD_PARAMS["k1"], b=KEYWORD_PARAMS["b"])
        retriever.index([tokens or ["∅"] for tokens in token_lists], show_progress=False)
        return cls(retriever, len(token_lists))

    @classmethod
    def load(cls, folder: Path, n_docs: int) -> "_Channel":
        import bm25s

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
        return float(np.log(1 + (self.n_docs - df + 0.5) / (df + 0.5)))


class KeywordIndex:
    """Both keyword channels of one build, stored in the build's ``keyword/`` folder."""

    def __init__(self, words_channel: _Channel, grams_channel: _Channel | None, n_docs: int):
        self.words = words_channel
        self.grams = grams_channel
        self.n_docs = n_docs
        self.vocabulary = words_channel.vocabulary
        self._lexicon = None     # indexer.query.Lexicon, built on first use

    @classmethod
    def build(cls, passages: list) -> "KeywordIndex":
        """``passages``: (title, section, text) per passage, or plain strings."""
        word_tokens = [_fielded(p, analyse) for p in passages]
        gram_tokens = [_fielded(p, char_grams) for p in passages]
        return cls(_Channel.build(word_tokens), _Channel.build(gram_tokens), len(passages))

    def save(self, folder: Path) -> None:
        folder = Path(folder)
        self.words.retriever.save(str(folder))
        if self.grams is not None:
            (folder / GRAMS_FOLDER).mkdir(exist_ok=True)
            self.grams.retriever.save(str(folder / GRAMS_FOLDER))

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
