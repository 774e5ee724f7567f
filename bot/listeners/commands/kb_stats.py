"""/kb-stats [dage]: questions, confident share, 👍/👎 and the content gaps (admins only)."""

from __future__ import annotations

import datetime as dt

from slack_bolt import App

from bot.admin.command import admin_prelude
from bot.admin.messages import stats_text
from bot.state.usage import usage_stats

COMMAND = "/kb-stats"
DEFAULT_DAYS = 30
MAX_DAYS = 3650
USAGE = "Brug `/kb-stats` (de seneste 30 dage) eller fx `/kb-stats 7` for de seneste 7 dage."


def register(app: App) -> None:
    app.command(COMMAND)(handle_stats)


def parse_days(text: str | None) -> int | None:
    """'' → 30, '7' or '7 dage' → 7; None when it is not a number of days from 1 to 3650."""
    words = (text or "").strip().lower().split()
    if not words:
        return DEFAULT_DAYS
    if len(words) > 2 or (len(words) == 2 and words[1] not in ("dag", "dage", "d")):
        return None
    try:
        days = int(words[0])
    except ValueError:
        return None
    return days if 1 <= days <= MAX_DAYS else None


def handle_stats(ack, command, respond, client, context, logger):
    opened = admin_prelude(ack, command, respond, client, context, COMMAND)
    if opened is None:
        return
    deps, tell = opened
    days = parse_days(command.get("text"))
    if days is None:
        return tell(USAGE)
    state = deps.feedback.state
    with state.lock:
        stats = usage_stats(state.db.conn, days, dt.datetime.now(dt.timezone.utc))
    tell(stats_text(stats, deps.settings.retention_days))
