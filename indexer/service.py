"""The public search API: one loaded index and model, shared by the bot, the console and `ask`."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import uuid
from collections import OrderedDict

import numpy as np

from indexer.audience import Viewer
from indexer.config import IndexSettings
from indexer.errors import ModelUnavailable
from indexer.events.answers import answer_event_question_from_file
from indexer.index.current import CurrentIndex
from indexer.index.embedding import embedder_for
from indexer.index.snapshot import IndexSnapshot
from indexer.knowledge.events import events_path
from indexer.parameters import ConfidenceModel, FusionParams
from indexer.search.compose import compose_answer
from indexer.search.contract import Answer
from indexer.search.feedback import with_feedback
from indexer.search.generate.sources import top_sources
from indexer.search.generate.writer import AnswerWriter, worth_generating
from indexer.search.hybrid import SearchResult, search
from indexer.search.query import Lexicon, QueryOptions, analyse_query

log = logging.getLogger(__name__)

EMPTY_QUESTION = "Skriv et spørgsmål, så leder jeg i vidensbanken – fx «hvad er et strategisk partnerskab?»"
QUERY_CACHE_SIZE = 2048
MODEL_RETRY_SECONDS = 30.0          # first retry of a model that did not load; doubles up to the max
MODEL_RETRY_MAX_SECONDS = 600.0


class KnowledgeService:
    """Thread-safe: many threads may call ``ask`` at once; a rebuilt index is swapped in atomically.

    Each question uses one snapshot from start to end, so an answer is never mixed from two builds.
    With an endpoint configured (``settings.llm``), confident and partial answers are written by the model and
    checked against their passages (``indexer.search.generate``).
    """

    def __init__(self, settings: IndexSettings, embedder=None, clock=None,
                 fusion: FusionParams | None = None, confidence: ConfidenceModel | None = None,
                 model_retry_seconds: float = MODEL_RETRY_SECONDS, writer: AnswerWriter | None = None):
        self.settings = settings
        self.writer = writer or (AnswerWriter(settings.llm) if settings.llm.enabled else None)
        self.embedder = embedder if embedder is not None else embedder_for(settings)
        self.clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self._fusion = fusion
        self._confidence = confidence
        self._index = CurrentIndex(settings.index_dir, settings.model)
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()
        self.model_retry_seconds = model_retry_seconds
        self._model_problem: str | None = None
        self._model_lock = threading.Lock()

    # -- loading ---------------------------------------------------------------------------
    def snapshot(self) -> IndexSnapshot:
        return self._index.get()

    def warm_up(self) -> None:
        """Load the index and the model now (call in a background thread at start-up).

        A model that cannot load leaves the service answering with keyword search (see
        ``model_problem``); a missing or broken index raises.
        """
        Lexicon.of(self.snapshot().for_viewer(Viewer.public()).keyword).prepare()
        if self.writer is not None:
            self.writer.warm_up()
        try:
            self.embedder.warm_up()
        except ModelUnavailable as exc:
            self._model_failed(exc)
            return
        self._query_vector("opvarmning")

    @property
    def ready(self) -> bool:
        model_settled = bool(getattr(self.embedder, "loaded", True)) or self._model_problem is not None
        return self._index.loaded is not None and model_settled

    def reload(self, raise_errors: bool = False) -> bool:
        """Re-open the index if a rebuild swapped in a new one; True when something changed."""
        return self._index.reload(raise_errors=raise_errors)

    # -- the model -------------------------------------------------------------------------------
    @property
    def model_problem(self) -> str | None:
        """Why the embedding model is not loaded (answers then use keyword search only), or None."""
        return self._model_problem

    def _model_failed(self, exc: Exception) -> None:
        with self._model_lock:
            if self._model_problem is not None:
                return
            self._model_problem = str(exc)
        log.warning("the embedding model could not be loaded (%s); answering with keyword search only "
                    "and trying again in the background", exc)
        threading.Thread(target=self._retry_model, name="model-retry", daemon=True).start()

    def _retry_model(self) -> None:
        delay = self.model_retry_seconds
        while True:
            time.sleep(delay)
            try:
                self.embedder.warm_up()
            except Exception as exc:  # noqa: BLE001 - any failure: try again later
                log.info("the embedding model still cannot be loaded: %s", exc)
                delay = min(delay * 2, MODEL_RETRY_MAX_SECONDS)
                continue
            with self._model_lock:
                self._model_problem = None
            log.warning("the embedding model is loaded: answers use dense search again")
            return

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

    def _query_vector(self, text: str) -> np.ndarray | None:
        """The question's vector; None while the model is unavailable (keyword search only)."""
        with self._cache_lock:
            cached = self._query_cache.get(text)
            if cached is not None:
                self._query_cache.move_to_end(text)
                return cached
        if self._model_problem is not None:
            return None
        try:
            vector = self.embedder.encode([text], kind="query")[0]
        except ModelUnavailable as exc:
            self._model_failed(exc)
            return None
        with self._cache_lock:
            self._query_cache[text] = vector
            if len(self._query_cache) > QUERY_CACHE_SIZE:
                self._query_cache.popitem(last=False)
        return vector

    # -- questions -------------------------------------------------------------------------------
    def search(self, question: str, viewer: Viewer | None = None, k: int = 10, context: str | None = None,
               params: FusionParams | None = None, snapshot: IndexSnapshot | None = None,
               use_model: bool = True) -> SearchResult:
        """Hybrid search; ``use_model=False`` searches as the bot does while the model is missing."""
        viewer = viewer or Viewer.public()
        snap = (snapshot or self.snapshot()).for_viewer(viewer)    # statistics of what the viewer may see
        params = params or self._fusion_of(snap)
        query = analyse_query(question, snap.keyword, snap.synonyms, QueryOptions.of(params), context)
        vector = None
        wants_dense = params.weights().get("dense", 0) > 0
        if wants_dense and use_model:
            vector = self._query_vector(f"{context} {question}" if context else question)
        result = search(snap, vector, query, viewer, k=k, params=params, text=question)
        if params.feedback_passages and result.passage_hits:
            rows = [h.row for h in result.passage_hits[:params.feedback_passages]]
            texts = [p["text"] for p in snap.passages(rows).values()]
            expanded = with_feedback(query, texts, snap.keyword, params.feedback_terms, params.w_feedback)
            result = search(snap, vector, expanded, viewer, k=k, params=params, text=question)
            result.analysed = query
        result.dense_unavailable = wants_dense and vector is None
        return result

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
        snap = self.snapshot().for_viewer(viewer)
        result = self.search(question, viewer, k=max(k, 5), context=context, snapshot=snap)
        answer = compose_answer(question, result, snap, self._confidence_of(snap), k)
        if generate and self.writer is not None and worth_generating(answer):
            answer = self.writer.write(answer, top_sources(result, snap, k, answer), context)
        return answer

    # -- events ---------------------------------------------------------------------------------
    def _event_answer(self, question: str, viewer: Viewer, context: str | None) -> Answer | None:
        """Questions about dates and places of events are answered from events.yaml, not passages.

        An invalid events file is logged and the question goes to search instead.
        """
        return answer_event_question_from_file(question, events_path(self.settings.kb_dir), viewer, self.clock())
