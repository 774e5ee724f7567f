"""Term frequencies per passage, and the BM25 matrix bm25s searches, computed from them with numpy.

A build keeps each keyword channel's counts next to its bm25s index, so the next build takes the
rows of unchanged documents as they are and tokenises only what changed. The matrix is the one
``bm25s.BM25(method="lucene").index(tokens)`` makes (tests/test_term_counts.py checks it score for
score); computing it here takes milliseconds where bm25s's Python loops took about a second per
channel at 10,000 passages (make bench).
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# numpy reads a .npy header with ast.literal_eval, and CPython 3.11's AST builder keeps its recursion
# depth per interpreter, not per thread: two threads loading at once can fail with "AST constructor
# recursion depth mismatch" (python/cpython#106905). Every .npy/.npz load of an index takes this lock.
NPY_LOAD_LOCK = threading.Lock()

EMPTY = "∅"          # a passage without tokens still needs a row; bm25s cannot index an empty list


@dataclass
class TermCounts:
    """Rows are passages: ``terms[indptr[i]:indptr[i+1]]`` occur ``counts[…]`` times in passage i."""

    vocabulary: list[str]
    indptr: np.ndarray      # int64, rows + 1
    terms: np.ndarray       # int32, index into vocabulary
    counts: np.ndarray      # int32

    @property
    def rows(self) -> int:
        return len(self.indptr) - 1

    @classmethod
    def empty(cls) -> "TermCounts":
        return cls([], np.zeros(1, np.int64), np.zeros(0, np.int32), np.zeros(0, np.int32))

    @classmethod
    def from_tokens(cls, token_lists: list[list[str]], vocabulary: list[str] | None = None) -> "TermCounts":
        """Count tokens per passage; new terms are appended to (a copy of) ``vocabulary``."""
        vocabulary = list(vocabulary or [])
        ids = {term: i for i, term in enumerate(vocabulary)}
        indptr = np.zeros(len(token_lists) + 1, np.int64)
        terms: list[int] = []
        counts: list[int] = []
        for row, tokens in enumerate(token_lists):
            for term, n in Counter(tokens or [EMPTY]).items():
                i = ids.get(term)
                if i is None:
                    i = ids[term] = len(vocabulary)
                    vocabulary.append(term)
                terms.append(i)
                counts.append(n)
            indptr[row + 1] = len(terms)
        return cls(vocabulary, indptr, np.asarray(terms, np.int32), np.asarray(counts, np.int32))

    def take(self, rows: np.ndarray) -> "TermCounts":
        """The given rows, in the given order (same vocabulary)."""
        rows = np.asarray(rows, np.int64)
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        lengths = ends - starts
        indptr = np.zeros(len(rows) + 1, np.int64)
        np.cumsum(lengths, out=indptr[1:])
        # Position k of the result reads entry starts[row] + (k - indptr[row]) of this matrix.
        gather = np.arange(indptr[-1], dtype=np.int64) + np.repeat(starts - indptr[:-1], lengths)
        return TermCounts(self.vocabulary, indptr, self.terms[gather], self.counts[gather])

    def extended(self, token_lists: list[list[str]]) -> "TermCounts":
        """These rows followed by rows counted from ``token_lists`` (the vocabulary grows as needed)."""
        new = TermCounts.from_tokens(token_lists, self.vocabulary)
        return TermCounts(new.vocabulary, np.concatenate([self.indptr, new.indptr[1:] + self.indptr[-1]]),
                          np.concatenate([self.terms, new.terms]), np.concatenate([self.counts, new.counts]))

    def compacted(self) -> "TermCounts":
        """Only the terms that occur (a term of a removed document leaves the vocabulary)."""
        used = np.flatnonzero(np.bincount(self.terms, minlength=len(self.vocabulary)))
        if len(used) == len(self.vocabulary):
            return self
        renumber = np.full(len(self.vocabulary), -1, np.int64)
        renumber[used] = np.arange(len(used))
        return TermCounts([self.vocabulary[i] for i in used], self.indptr,
                          renumber[self.terms].astype(np.int32), self.counts)

    def save(self, path: Path) -> None:
        with open(path, "wb") as handle:    # np.savez would add ".npz" to a name without it
            np.savez(handle, indptr=self.indptr, terms=self.terms, counts=self.counts,
                     vocabulary=np.asarray(self.vocabulary, dtype=str))

    @classmethod
    def load(cls, path: Path) -> "TermCounts":
        with NPY_LOAD_LOCK, np.load(path, allow_pickle=False) as data:
            return cls(data["vocabulary"].tolist(), data["indptr"].astype(np.int64),
                       data["terms"].astype(np.int32), data["counts"].astype(np.int32))


def bm25_retriever(counts: TermCounts, k1: float, b: float, visible: np.ndarray | None = None):
    """A ``bm25s.BM25`` (Lucene variant) over compacted counts, without bm25s's tokenising loops.

    With ``visible`` (passage rows), the statistics – number of passages, document frequencies,
    average length, vocabulary – come from those rows alone, score for score what an index of only
    those passages gives, while the scores keep one slot per passage (the others score 0): a passage
    a viewer may not see changes nothing they get.
    """
    import bm25s
    from scipy import sparse

    n_all = counts.rows
    rows_of = None
    if visible is not None:
        rows_of = np.asarray(visible, np.int64)
        counts = counts.take(rows_of).compacted()
    if len(counts.vocabulary) and not np.bincount(counts.terms, minlength=len(counts.vocabulary)).all():
        raise ValueError("bm25_retriever needs compacted counts")
    n_docs, n_vocab = counts.rows, len(counts.vocabulary)
    rows = np.repeat(np.arange(n_docs, dtype=np.int64), np.diff(counts.indptr))
    doc_length = np.bincount(rows, weights=counts.counts, minlength=n_docs)    # tokens, repeats included
    df = np.bincount(counts.terms, minlength=n_vocab)
    idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
    tf = counts.counts.astype(np.float32)
    avg = doc_length.mean() if n_docs else 1.0
    norm = (k1 * ((1 - b) + b * doc_length[rows] / avg)).astype(np.float32)
    scores = idf[counts.terms] * (tf / (norm + tf))
    indptr = counts.indptr
    if rows_of is not None:        # back to one row per passage of the build; hidden rows stay empty
        lengths = np.zeros(n_all, np.int64)
        lengths[rows_of] = np.diff(counts.indptr)
        indptr = np.zeros(n_all + 1, np.int64)
        np.cumsum(lengths, out=indptr[1:])
    # Column-major (one slice of passages per term, passages ascending): bm25s's layout. scipy's
    # CSR → CSC is a counting sort in C, 0.5 s where a stable argsort took 1.3 s at 20 M entries.
    matrix = sparse.csr_matrix((scores.astype(np.float32), counts.terms, indptr),
                               shape=(n_all, n_vocab)).tocsc()
    retriever = bm25s.BM25(k1=k1, b=b)
    retriever.scores = {"data": matrix.data.astype(np.float32, copy=False),
                        "indices": matrix.indices.astype(np.int32, copy=False),
                        "indptr": matrix.indptr.astype(np.int64, copy=False), "num_docs": n_all}
    vocab = {term: i for i, term in enumerate(counts.vocabulary)}
    vocab.setdefault("", n_vocab)   # bm25s's own empty token
    retriever.vocab_dict = vocab
    retriever.unique_token_ids_set = set(vocab.values())
    retriever.nonoccurrence_array = None
    return retriever
