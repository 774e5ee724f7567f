"""/kb-status: the index's build, model, contents, last reindex and lessons waiting for review (admins)."""

from __future__ import annotations

from slack_bolt import App

from bot.admin.command import admin_prelude
from bot.admin.messages import awaiting_approval, code, status_text
from bot.answers.answering import APOLOGY
from indexer import VidensbankError, index_status, review_list

COMMAND = "/kb-status"
NO_INDEX = ("Der er endnu ikke bygget et indeks. Kør `/kb-reindex` (eller `python -m indexer build`). "
            "Detaljer: {detail}")


def register(app: App) -> None:
    app.command(COMMAND)(handle_status)


def handle_status(ack, command, respond, client, context, logger):
    opened = admin_prelude(ack, command, respond, client, context, COMMAND)
    if opened is None:
        return
    deps, tell = opened
    settings = deps.service.settings
    try:
        info = index_status(settings)
        rows = review_list(settings)
        review = sorted({r["doc_id"] for r in rows})
        awaiting = awaiting_approval(rows)
    except VidensbankError as exc:
        return tell(NO_INDEX.format(detail=code(str(exc))))
    except Exception:
        logger.exception("/kb-status failed")
        return tell(APOLOGY)
    tell(status_text(info, deps.reindexer.last_run(), review, getattr(deps.service, "model_problem", None),
                     awaiting))
