"""/kb-reindex [fuld]: rebuild the index in the background, with progress in one message (admins only).

The status and the summary (which names lessons held back for review) go to the admin's DM with
the bot, never to a channel. While it runs, members keep getting answers from the current index.
"""

from __future__ import annotations

from slack_bolt import App

from bot.admin.messages import failure_text, reindex_done_text
from bot.answers.answering import APOLOGY
from bot.deps import deps_of
from indexer import build_index

COMMAND = "/kb-reindex"
FULL_WORDS = {"fuld", "fuldt", "full", "alt"}
USAGE = "Brug `/kb-reindex` (kun ændrede dokumenter) eller `/kb-reindex fuld` (alt beregnes forfra)."
STARTED_ELSEWHERE = "Jeg genindekserer – jeg skriver status i min DM til dig («Vidensbanken» under Apps)."


def register(app: App) -> None:
    app.command(COMMAND)(handle_reindex)


def handle_reindex(ack, command, respond, client, context, logger):
    ack()
    deps = deps_of(context)
    user, channel = command.get("user_id"), command.get("channel_id")

    def tell(text: str) -> None:
        respond(response_type="ephemeral", text=text)

    if not deps.admin.check(client, user, COMMAND, tell):
        return
    words = (command.get("text") or "").strip().lower().split()
    if words and not set(words) <= FULL_WORDS:
        return tell(USAGE)
    full = bool(words)
    reindexer = deps.reindexer
    title = "Genopbygger hele Vidensbanken" if full else "Genindekserer Vidensbanken"
    flight = reindexer.claim(user, "full" if full else "incremental", title)
    if flight is None:
        return tell(reindexer.busy_message(client))
    # The summary names held-back lessons: it goes to the admin's DM, never to a channel.
    in_dm = bool(channel) and channel.startswith("D")
    if not reindexer.post_status(client, flight, channel if in_dm else None, user):
        reindexer.release(flight)
        return tell(APOLOGY)
    if flight.channel != channel:
        tell(STARTED_ELSEWHERE)
    service = deps.service
    settings = service.settings

    def job(progress):
        return build_index(settings, embedder=service.embedder, full=full, progress=progress, wait=False)

    reindexer.start(client, flight, job,
                    on_success=lambda summary: reindex_done_text(summary, full=full),
                    on_failure=lambda exc: failure_text(exc, settings.kb_dir))
