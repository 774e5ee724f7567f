"""The thin entry point: build the Bolt app over a KnowledgeService and register every listener.

``build_bot`` wires settings, stores and thread pools; tests inject a WebClient pointed at a fake
Slack API, a fake service and inline executors. Nothing here loads the model.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Callable

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler

from bot.admin.gate import AdminGate
from bot.admin.reindex import Reindexer
from bot.admin.review import ReviewFlow
from bot.admin.save_thread import SaveThreadFlow
from bot.admin.uploads import UploadFlow, UploadStore
from bot.answers.answering import APOLOGY, Answerer
from bot.answers.feedback import FeedbackStore
from bot.answers.handoff_replies import HandoffReplies
from bot.answers.threads import ThreadMemory
from bot.audience import AudienceResolver
from bot.config import BotSettings
from bot.deps import CONTEXT_KEY, BotDeps
from bot.digest.data import load_digest_data
from bot.digest.scheduler import DigestScheduler, DigestStore
from bot.digest.sending import DigestSender
from bot.events.blocks import home_event_blocks
from bot.events.reminders import ReminderScheduler, ReminderStore
from bot.listeners import register_listeners
from bot.slack.retry import PatientRetryHandler
from bot.state.db import StateDB
from bot.state.deliveries import Deliveries
from bot.state.pseudonyms import load_or_create_key
from bot.state.retention import RetentionJob
from bot.worker import TrackingExecutor
from indexer import TZ, Event, cached_events, events_path

log = logging.getLogger(__name__)


class _SkipClientTokenWarning(logging.Filter):
    # Bolt reads SLACK_BOT_TOKEN itself and warns that our (identical) client wins; not news.
    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


bolt_logger = logging.getLogger("bot.bolt")
bolt_logger.addFilter(_SkipClientTokenWarning())


def make_web_client(settings: BotSettings, sleep: Callable[[float], object] = time.sleep) -> WebClient:
    """A WebClient that waits out rate limits and server errors (up to two minutes per call) and
    retries dropped connections."""
    kwargs = {"base_url": settings.api_url} if settings.api_url else {}
    return WebClient(token=settings.bot_token, **kwargs, retry_handlers=[
        ConnectionErrorRetryHandler(max_retry_count=2),
        PatientRetryHandler(sleep=sleep),
    ])


@dataclass
class Bot:
    app: App
    deps: BotDeps
    listener_executor: Executor
    retention: RetentionJob | None = None
    reminders: ReminderScheduler | None = None
    digest: DigestScheduler | None = None

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until every listener, answer and rebuild has finished (tests, shutdown)."""
        ok = True
        if isinstance(self.listener_executor, TrackingExecutor):
            ok = self.listener_executor.wait_idle(timeout)
        ok = self.deps.answers.wait_idle(timeout) and ok
        if self.deps.reindexer is not None:
            ok = self.deps.reindexer.wait_idle(timeout) and ok
        return ok

    def close(self) -> None:
        if self.retention is not None:
            self.retention.stop()
        if self.reminders is not None:
            self.reminders.stop()
        if self.digest is not None:
            self.digest.stop()
        self.listener_executor.shutdown(wait=True)
        self.deps.answers.shutdown(wait=True)
        if self.deps.reindexer is not None:
            self.deps.reindexer.shutdown()
        self.deps.feedback.state.close()


def build_bot(settings: BotSettings, service, client: WebClient | None = None, *,
              listener_executor: Executor | None = None, answers: TrackingExecutor | None = None,
              state: StateDB | None = None, audiences: AudienceResolver | None = None,
              clock: Callable[[], dt.datetime] | None = None) -> Bot:
    """The app and everything its listeners need; ``clock`` fixes "now" (tests)."""
    client = client or make_web_client(settings)
    clock = clock or (lambda: dt.datetime.now(TZ))
    events_file = events_path(settings.kb_dir)

    def events() -> list[Event]:
        return cached_events(events_file)

    state = state or StateDB(settings.state_db, key=load_or_create_key(settings.hash_key, settings.key_file))
    feedback, threads, deliveries = FeedbackStore(state), ThreadMemory(state), Deliveries(state)
    answers = answers or TrackingExecutor(settings.workers, "answer")
    listener_executor = listener_executor or TrackingExecutor(10, "listener")
    audiences = audiences or AudienceResolver(settings.channel_audiences, settings.directory_path)
    reindexer = Reindexer(service, state, progress_seconds=settings.progress_seconds)
    upload_store = UploadStore(state)
    admin = AdminGate(settings.admins, audiences, settings.admin_group)
    handoffs = HandoffReplies(state, feedback)
    deps = BotDeps(
        settings=settings, service=service, audiences=audiences,
        feedback=feedback, threads=threads, deliveries=deliveries, answers=answers,
        answerer=Answerer(service, feedback, threads, k=settings.k,
                          handoff_enabled=bool(settings.handoff_channel), deliveries=deliveries),
        events=events, clock=clock,
        home_sections=[lambda viewer: home_event_blocks(viewer, clock(), events)],
        admin=admin,
        reindexer=reindexer,
        uploads=UploadFlow(service, upload_store, reindexer, settings.bot_token),
        reviews=ReviewFlow(service, admin, reindexer),
        handoffs=handoffs,
        save_thread=SaveThreadFlow(service, reindexer, audiences, handoffs, clock),
    )
    retention = RetentionJob(state, settings.retention_days, upload_store, deliveries=deliveries)
    retention.start()
    reminders = None
    if settings.announce_channel:
        # Only salons everyone in the channel may see; an unmapped channel is public.
        reminders = ReminderScheduler(client, settings.announce_channel, ReminderStore(state), events,
                                      clock=clock, viewer=audiences.for_channel(settings.announce_channel))
        reminders.start()
        log.info("salon reminders go to %s", settings.announce_channel)
    digest = None
    if settings.digest_enabled:
        digest = DigestScheduler(digest_sender(client, settings, audiences, deps.admin, state),
                                 DigestStore(state), clock=clock)
        digest.start()
    else:
        log.info("the weekly digest is off (VIDENSBANK_DIGEST=off)")
    app = App(
        name="vidensbanken", client=client, logger=bolt_logger, signing_secret=settings.signing_secret or "",
        token_verification_enabled=False,     # the CLI checks the token with one clear message
        listener_executor=listener_executor, process_before_response=False,
    )

    @app.middleware
    def attach_deps(context, next):
        context[CONTEXT_KEY] = deps
        next()

    @app.error
    def handle_error(error, body, context, logger):
        logger.error("unhandled error while handling a %s request", body.get("type"), exc_info=error)
        respond = context.respond if context.response_url else None     # events have no response_url
        if respond is not None:
            try:
                respond(response_type="ephemeral", replace_original=False, text=APOLOGY)
            except Exception:
                logger.exception("could not send the apology")

    register_listeners(app)
    return Bot(app=app, deps=deps, listener_executor=listener_executor, retention=retention,
               reminders=reminders, digest=digest)


def digest_sender(client, settings: BotSettings, audiences: AudienceResolver, admin: AdminGate,
                  state: StateDB) -> DigestSender:
    """The weekly digest over the bot's own state database."""
    def load(now: dt.datetime, days: int):
        with state.lock:
            return load_digest_data(state.db.conn, now, days)

    return DigestSender(client, settings, audiences, admin, load)


def warm_up_in_background(service) -> threading.Thread:
    """Load index and model while Slack is already being acknowledged; failures are logged."""
    def run():
        try:
            service.warm_up()
            log.info("index and model loaded")
        except Exception as exc:
            log.error("could not load the index, questions will get an apology until fixed: %s", exc)

    thread = threading.Thread(target=run, name="warm-up", daemon=True)
    thread.start()
    return thread
