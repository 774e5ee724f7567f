"""Full-build throughput against raw `model.encode` speed of exactly the passages the build embedded.

Build and raw runs alternate in one process (same loaded model, same moment), so background load
on the machine hits both sides alike; the ratio is median raw time / median build time.
"""

from __future__ import annotations

import math
import random
import time
from pathlib import Path
from typing import Callable

from bench.measure import median
from indexer.config import IndexSettings
from indexer.index.build import EMBED_CHUNK, build_index


class RecordingEmbedder:
    """Passes texts through to the real embedder and remembers which texts the build embedded."""

    def __init__(self, inner):
        self.inner = inner
        self.name = inner.name
        self.profile = inner.profile
        self.texts: list[str] = []

    @property
    def loaded(self) -> bool:
        return getattr(self.inner, "loaded", True)

    def warm_up(self) -> None:
        self.inner.warm_up()

    def encode(self, texts: list[str], kind: str = "passage", show_progress: bool = False):
        self.texts.extend(texts)
        return self.inner.encode(texts, kind=kind)


def raw_encoder(embedder) -> Callable[[list[str]], object]:
    """`model.encode` of the loaded SentenceTransformer with the embedder's settings, no wrapper."""
    model = getattr(embedder, "_model", None)     # the SentenceTransformer, loaded by warm_up()
    if model is None:                       # the fake embedder in the smoke test has no model
        return lambda texts: embedder.encode(texts, kind="passage")
    prefix = embedder.profile.passage_prefix
    return lambda texts: model.encode([prefix + t for t in texts], batch_size=embedder.batch_size,
                                      normalize_embeddings=True, convert_to_numpy=True,
                                      show_progress_bar=False)


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def measure_build_throughput(settings: IndexSettings, embedder, runs: int, raw_sample: int | None = None,
                             seed: int = 5) -> dict:
    """`runs` full builds alternating with raw encodes of the same passages.

    With raw_sample, raw speed is measured on a seeded random sample of that many passages, in
    pieces between the build's embedding batches (for the big knowledge base, where encoding
    everything twice would not fit in the benchmark's time).
    """
    embedder.warm_up()
    raw = raw_encoder(embedder)
    build_times, raw_rates, summary, texts = [], [], None, []
    for run in range(runs):
        recorder = RecordingEmbedder(embedder)
        if raw_sample is None:
            # Run 0 builds first (to learn the texts); later runs alternate which side goes first.
            raw_first = run % 2 == 1
            raw_seconds = timed(raw, texts) if raw_first else 0.0
            summary = build_index(settings, embedder=recorder, full=True)
            if run == 0:
                texts = recorder.texts
            elif recorder.texts != texts:
                raise AssertionError("two full builds embedded different texts")
            if not raw_first:
                raw_seconds = timed(raw, texts)
            raw_rates.append(len(texts) / raw_seconds)
        else:
            # A long build sees the machine's load change, so raw pieces run between its embedding
            # batches (from the progress callback); their time is taken out of the build's.
            texts = _passage_texts(settings)
            sample = random.Random(seed + run).sample(texts, min(raw_sample, len(texts)))
            calls = math.ceil(len(texts) / EMBED_CHUNK) + 1
            size = math.ceil(len(sample) / calls)
            pieces = [sample[i:i + size] for i in range(0, len(sample), size)]
            inside = [0.0]

            def interleave(stage: str, done: int, total: int) -> None:
                if stage == "embed" and pieces:
                    inside[0] += timed(raw, pieces.pop())

            summary = build_index(settings, embedder=recorder, full=True, progress=interleave)
            after = sum(timed(raw, piece) for piece in pieces)
            raw_rates.append(len(sample) / (inside[0] + after))
            summary.seconds -= inside[0]
            summary.embed_seconds -= inside[0]
            if sorted(recorder.texts) != sorted(texts):
                raise AssertionError("the build embedded other texts than the knowledge base's passages")
        build_times.append(summary.seconds)
    passages = summary.passages
    build_rate = passages / median(build_times)
    raw_rate = median(raw_rates)
    return {
        "passages": passages,
        "runs": runs,
        "build_seconds": round(median(build_times), 2),
        "embed_seconds_in_build": round(summary.embed_seconds, 2),
        "build_passages_per_s": round(build_rate, 2),
        "raw_passages_per_s": round(raw_rate, 2),
        "raw_measured_on": len(texts) if raw_sample is None else min(raw_sample, len(texts)),
        "ratio": round(build_rate / raw_rate, 3),
    }


def _passage_texts(settings: IndexSettings) -> list[str]:
    """The texts a build embeds for a knowledge base without lessons (what the chunker produces)."""
    from indexer.index.chunking import chunk_document
    from indexer.knowledge.documents import load_knowledge_base

    docs = load_knowledge_base(Path(settings.kb_dir)).documents
    if any(d.kind == "lesson" for d in docs):
        raise ValueError("sampling passages needs a knowledge base without lessons (they are anonymised first)")
    return [p.embed_text for d in docs for p in chunk_document(d.doc_id, d.display_title, d.body)]
