"""The Danish keyword index: bm25s over stemmed tokens without Danish stop words."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np

_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("danish")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_DANISH

    # Question words carry no topic: "hvad", "hvordan", "hvornår" …
    extra = {"hvad", "hvordan", "hvornår", "hvorfor", "hvilke", "hvilken", "hvilket", "hvem", "hvor",
             "kan", "man", "gør", "gøre", "får", "få", "findes", "nogen", "noget", "mon", "lige",
             "egentlig", "helt", "godt", "ok", "hej", "tak", "må", "skal", "bør", "vil", "os"}
    return frozenset(STOPWORDS_DANISH) | extra


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def words(text: str) -> list[str]:
    """Lower-cased word tokens; hyphenated compounds also yield their parts."""
    out: list[str] = []
    for token in _TOKEN.findall(normalise(text)):
        if "-" in token:
            out.extend(p for p in token.split("-") if p)
        else:
            out.append(token)
    return out


def analyse(text: str) -> list[str]:
    """Text → stemmed tokens without stop words (the keyword channel's terms)."""
    stops = stop_words()
    kept = [w for w in words(text) if w not in stops and (len(w) > 1 or w.isdigit())]
    return _stemmer().stemWords(kept)


class KeywordIndex:
    def __init__(self, retriever, n_docs: int):
        self._retriever = retriever
        self.n_docs = n_docs
        self.vocabulary = retriever.vocab_dict

    @classmethod
    def build(cls, texts: list[str]) -> "KeywordIndex":
        import bm25s

        retriever = bm25s.BM25(k1=1.2, b=0.75)
        tokens = [analyse(t) or ["∅"] for t in texts]
        retriever.index(tokens, show_progress=False)
        return cls(retriever, len(texts))

    def save(self, folder: Path) -> None:
        self._retriever.save(str(folder))

    @classmethod
    def load(cls, folder: Path, n_docs: int) -> "KeywordIndex":
        import bm25s

        return cls(bm25s.BM25.load(str(folder)), n_docs)

    def scores(self, terms: list[str]) -> np.ndarray:
        """BM25 score of every passage for already analysed terms (unknown terms ignored)."""
        known = [t for t in terms if t in self.vocabulary]
        if not known or self.n_docs == 0:
            return np.zeros(self.n_docs, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)
