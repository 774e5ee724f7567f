"""The public search API: one loaded index and model, shared by the bot, the console and `ask`."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import uuid
from collections import OrderedDict
from pathlib import Path

import numpy as np

from indexer.audience import Viewer
from indexer.config import IndexSettings
from indexer.events.answers import answer_event_question_from_file
from indexer.index import manifest as mf
from indexer.index.embedding import get_embedder
from indexer.index.snapshot import IndexSnapshot
from indexer.knowledge.events import events_path
from indexer.parameters import ConfidenceModel, FusionParams
from indexer.search.compose import compose_answer
from indexer.search.contract import Answer
from indexer.search.generate.sources import top_sources
from indexer.search.generate.writer import AnswerWriter, worth_generating
from indexer.search.hybrid import SearchResult, search
from indexer.search.query import Lexicon, QueryOptions, analyse_query

log = logging.getLogger(__name__)

EMPTY_QUESTION = "Skriv et spørgsmål, så leder jeg i vidensbanken – fx «hvad er et strategisk partnerskab?»"
RELOAD_CHECK_SECONDS = 1.0
QUERY_CACHE_SIZE = 2048


class KnowledgeService:
    """Thread-safe: many threads may call ``ask`` at once; a rebuilt index is swapped in atomically.

    Each question uses one snapshot from start to end, so an answer is never mixed from two builds.
    With an endpoint configured (``settings.llm``), confident answers are written by the model and
    checked against their passages (``indexer.search.generate``).
    """

    def __init__(self, settings: IndexSettings, embedder=None, clock=None,
                 fusion: FusionParams | None = None, confidence: ConfidenceModel | None = None,
                 writer: AnswerWriter | None = None):
        self.settings = settings
        self.writer = writer or (AnswerWriter(settings.llm) if settings.llm.enabled else None)
        self.embedder = embedder if embedder is not None else get_embedder(settings.model)
        self.clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self._fusion = fusion
        self._confidence = confidence
        self._snapshot: IndexSnapshot | None = None
        self._load_lock = threading.Lock()
        self._last_check = 0.0
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()

    # -- loading ---------------------------------------------------------------------------
    def snapshot(self) -> IndexSnapshot:
        snap = self._snapshot
        if snap is None:
            with self._load_lock:
                if self._snapshot is None:
                    self._snapshot = IndexSnapshot.load(self.settings.index_dir, self.settings.model)
                snap = self._snapshot
        elif time.monotonic() - self._last_check > RELOAD_CHECK_SECONDS:
            self._last_check = time.monotonic()
            self.reload()
            snap = self._snapshot
        return snap

    def warm_up(self) -> None:
        """Load the index and the model now (call in a background thread at start-up)."""
        Lexicon.of(self.snapshot().keyword).prepare()
        self.embedder.warm_up()
        self._query_vector("opvarmning")
        if self.writer is not None:
            self.writer.warm_up()

    @property
    def ready(self) -> bool:
        return self._snapshot is not None and bool(getattr(self.embedder, "loaded", True))

    def reload(self) -> bool:
        """Re-open the index if a rebuild swapped in a new one; True when something changed."""
        try:
            pointer = (Path(self.settings.index_dir) / mf.POINTER).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return False
        current = self._snapshot
        if current is not None and current.build_id == pointer:
            return False
        with self._load_lock:
            if self._snapshot is not None and self._snapshot.build_id == pointer:
                return False
            try:
                fresh = IndexSnapshot.load(self.settings.index_dir, self.settings.model)
            except Exception:
                if self._snapshot is None:
                    raise
                log.exception("could not load the new index; still answering from build %s",
                              self._snapshot.build_id)
                return False
            self._snapshot = fresh  # one reference assignment: readers see old or new, never half
        log.info("switched to index build %s", fresh.build_id)
        return True

    # -- parameters --------------------------------------------------------------------------
    @property
    def fusion(self) -> FusionParams:
        return self._fusion_of(self.snapshot())

    @property
    def confidence(self) -> ConfidenceModel:
        return self._confidence_of(self.snapshot())

    def _fusion_of(self, snap: IndexSnapshot) -> FusionParams:
        """The fusion parameters saved with this build (one question never mixes two builds)."""
        if self._fusion is not None:
            return self._fusion
        params = snap.manifest.get("fusion")
        return FusionParams.from_dict(params) if params else FusionParams()

    def _confidence_of(self, snap: IndexSnapshot) -> ConfidenceModel:
        if self._confidence is not None:
            return self._confidence
        params = snap.manifest.get("confidence")
        return ConfidenceModel.from_dict(params) if params else ConfidenceModel.load()

    def _query_vector(self, text: str) -> np.ndarray:
        with self._cache_lock:
            cached = self._query_cache.get(text)
            if cached is not None:
                self._query_cache.move_to_end(text)
                return cached
        vector = self.embedder.encode([text], kind="query")[0]
        with self._cache_lock:
            self._query_cache[text] = vector
            if len(self._query_cache) > QUERY_CACHE_SIZE:
                self._query_cache.popitem(last=False)
        return vector

    # -- questions -------------------------------------------------------------------------------
    def search(self, question: str, viewer: Viewer | None = None, k: int = 10, context: str | None = None,
               params: FusionParams | None = None, snapshot: IndexSnapshot | None = None) -> SearchResult:
        snap = snapshot or self.snapshot()
        params = params or self._fusion_of(snap)
        query = analyse_query(question, snap.keyword, snap.synonyms, QueryOptions.of(params), context)
        vector = None
        if params.weights().get("dense", 0) > 0:
            vector = self._query_vector(f"{context} {question}" if context else question)
        return search(snap, vector, query, viewer or Viewer.public(), k=k, params=params, text=question)

    def ask(self, question: str, viewer: Viewer | None = None, k: int = 5,
            context: str | None = None, generate: bool = True) -> Answer:
        """Answer a Danish question for a viewer. ``context`` holds the thread's earlier questions;
        ``generate=False`` keeps the answer extractive even with an endpoint configured."""
        viewer = viewer or Viewer.public()
        question = " ".join((question or "").split())
        if not question:
            return Answer("", EMPTY_QUESTION, False, [], [], uuid.uuid4().hex[:12])
        event_answer = self._event_answer(question, viewer, context)
        if event_answer is not None:
            return event_answer
        snap = self.snapshot()
        result = self.search(question, viewer, k=max(k, 5), context=context, snapshot=snap)
        answer = compose_answer(question, result, snap, self._confidence_of(snap), k)
        if generate and self.writer is not None and worth_generating(answer):
            answer = self.writer.write(answer, top_sources(result, snap, k), context)
        return answer

    # -- events ---------------------------------------------------------------------------------
    def _event_answer(self, question: str, viewer: Viewer, context: str | None) -> Answer | None:
        """Questions about dates and places of events are answered from events.yaml, not passages.

        An invalid events file is logged and the question goes to search instead.
        """
        return answer_event_question_from_file(question, events_path(self.settings.kb_dir), viewer, self.clock())
