"""The public search API: one loaded index and model, shared by the bot, the console and `ask`.

STUB: the signatures are the contract; the implementation is being written.
"""

from __future__ import annotations

from indexer.answer_types import Answer
from indexer.audience import Viewer
from indexer.config import IndexSettings


class KnowledgeService:
    """Thread-safe: many threads may call ``ask`` at once; ``reload`` swaps the index atomically."""

    def __init__(self, settings: IndexSettings, embedder=None, clock=None):
        self.settings = settings

    def warm_up(self) -> None:
        """Load the index and the model now (call in a background thread at start-up)."""
        raise NotImplementedError

    @property
    def ready(self) -> bool:
        raise NotImplementedError

    def ask(self, question: str, viewer: Viewer | None = None, k: int = 5,
            context: str | None = None) -> Answer:
        """Answer a Danish question for a viewer. ``context`` is the earlier question in a thread."""
        raise NotImplementedError

    def reload(self) -> bool:
        """Re-open the index if a rebuild swapped in a new one; True when something changed."""
        raise NotImplementedError

    def status(self) -> dict:
        raise NotImplementedError
