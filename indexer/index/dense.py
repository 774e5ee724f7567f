"""The dense channel: a FAISS inner-product index over normalised passage vectors.

Exact (IndexFlatIP) below a size threshold, HNSW above it; ids are passage row numbers.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np

from indexer.config import DEFAULT_HNSW_THRESHOLD

HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128
BULK_THREADS = os.cpu_count() or 1
_omp = threading.local()


def _use_threads(n: int) -> None:
    """FAISS's OpenMP threads for the calling thread: 1 to search one question, all cores to build.

    One query gains nothing from a second thread, and while another process uses a core the waiting
    made a 0.3 ms search at 10k passages take 10–20 ms on 2 cores (make bench).
    """
    if getattr(_omp, "n", None) != n:
        import faiss

        faiss.omp_set_num_threads(n)
        _omp.n = n


def choose_kind(n: int, requested: str = "auto", threshold: int = DEFAULT_HNSW_THRESHOLD) -> str:
    """``requested`` when it names a kind; for ``auto``, exact below ``threshold`` passages, HNSW above."""
    if requested in ("flat", "hnsw"):
        return requested
    return "hnsw" if n >= threshold else "flat"


class DenseIndex:
    SELECTOR_CACHE = 64

    def __init__(self, index, kind: str):
        self.index = index
        self.kind = kind
        # id(allowed_ids) → (allowed_ids, selector): the snapshot hands out one array per audience, so
        # the selector (a hash set of the ids) is built once, not per question (3.7 ms at 100k, make bench).
        self._selectors: dict[int, tuple[np.ndarray, object]] = {}
        self._selectors_lock = threading.Lock()
        if kind == "hnsw":
            self._set_ef(HNSW_EF_SEARCH)

    @staticmethod
    def kind_for(n: int, requested: str = "auto", threshold: int = DEFAULT_HNSW_THRESHOLD) -> str:
        return choose_kind(n, requested, threshold)

    def _set_ef(self, ef: int) -> None:
        import faiss

        faiss.downcast_index(self.index.index).hnsw.efSearch = ef

    @classmethod
    def build(cls, vectors: np.ndarray, kind: str = "auto") -> "DenseIndex":
        import faiss

        _use_threads(BULK_THREADS)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        n, dim = vectors.shape
        kind = choose_kind(n, kind)
        if kind == "hnsw":
            inner = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            inner.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        else:
            inner = faiss.IndexFlatIP(dim)
        index = faiss.IndexIDMap2(inner)
        if n:
            index.add_with_ids(vectors, np.arange(n, dtype=np.int64))
        return cls(index, kind)

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path, kind: str) -> "DenseIndex":
        import faiss

        return cls(faiss.read_index(str(path)), kind)

    @property
    def dimension(self) -> int:
        return int(self.index.d)

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    def _selector(self, allowed_ids: np.ndarray):
        import faiss

        key = id(allowed_ids)
        with self._selectors_lock:
            hit = self._selectors.get(key)
            if hit is not None and hit[0] is allowed_ids:
                return hit[1]
        selector = faiss.IDSelectorBatch(np.ascontiguousarray(allowed_ids, dtype=np.int64))
        with self._selectors_lock:
            if len(self._selectors) >= self.SELECTOR_CACHE:
                self._selectors.clear()
            # Holding the array keeps its id from being reused by another array while cached.
            self._selectors[key] = (allowed_ids, selector)
        return selector

    def search(self, query: np.ndarray, k: int, allowed_ids: np.ndarray | None = None):
        """Top-k (ids, scores) among allowed ids only: hidden passages never take part."""
        import faiss

        if self.size == 0 or k <= 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        _use_threads(1)
        query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        params = None
        if allowed_ids is not None:
            if len(allowed_ids) == 0:
                return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
            selector = self._selector(allowed_ids)
            params = (faiss.SearchParametersHNSW(sel=selector, efSearch=max(HNSW_EF_SEARCH, k))
                      if self.kind == "hnsw" else faiss.SearchParameters(sel=selector))
        scores, ids = self.index.search(query, min(k, self.size), params=params)
        keep = ids[0] >= 0
        return ids[0][keep], scores[0][keep]
