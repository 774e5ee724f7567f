"""What every listener needs (service, stores, pools), handed to handlers through Bolt's context.

A global middleware puts one :class:`BotDeps` into ``context["vidensbank"]``, so each surface's
``register(app)`` stays a plain function and handlers get it with ``deps_of(context)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

from bot.admin.gate import AdminGate
from bot.admin.reindex import Reindexer
from bot.admin.review import ReviewFlow
from bot.admin.save_thread import SaveThreadFlow
from bot.admin.uploads import UploadFlow
from bot.answers.answering import Answerer
from bot.answers.feedback import FeedbackStore
from bot.answers.handoff_replies import HandoffReplies
from bot.answers.threads import ThreadMemory
from bot.audience import AudienceResolver
from bot.config import BotSettings
from bot.state.deliveries import Deliveries
from bot.worker import TrackingExecutor
from indexer import Event, Viewer

CONTEXT_KEY = "vidensbank"


@dataclass
class BotDeps:
    settings: BotSettings
    service: Any                             # indexer.KnowledgeService or a test double
    audiences: AudienceResolver
    feedback: FeedbackStore
    threads: ThreadMemory
    deliveries: Deliveries                   # Slack events already taken (retries, restarts)
    answers: TrackingExecutor                # slow work (searching) runs here, after the ack
    answerer: Answerer
    events: Callable[[], list[Event]]        # the knowledge base's events.yaml, re-read when it changes
    clock: Callable[[], dt.datetime]         # now, in Europe/Copenhagen
    # Extra App Home sections, each called with the viewer; e.g. upcoming salons.
    home_sections: list[Callable[[Viewer], list[dict]]] = field(default_factory=list)
    # Admin surfaces: who is an admin, single-flight rebuilds, uploaded articles.
    admin: AdminGate | None = None
    reindexer: Reindexer | None = None
    uploads: UploadFlow | None = None
    reviews: ReviewFlow | None = None        # held-back lessons: /kb-review, App Home, the modal
    handoffs: HandoffReplies | None = None   # replies in hand-off threads, told to the asker
    save_thread: SaveThreadFlow | None = None  # «Gem i vidensbanken»: a thread becomes an article


def deps_of(context) -> BotDeps:
    return context[CONTEXT_KEY]
