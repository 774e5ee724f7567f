"""/kb-stats [dage]: questions, confident share, 👍/👎 and the content gaps (admins only).

The chart of questions per week (the weekly digest's) follows in the admin's DM with the bot:
an ephemeral answer cannot carry a file, and a file in the channel would be seen by everyone.
"""

from __future__ import annotations

import datetime as dt
import logging

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.admin.command import admin_prelude
from bot.admin.messages import stats_text
from bot.digest.chart import CHART_TITLE, chart_filename, weekly_chart_png
from bot.digest.data import weekly_counts
from bot.state.usage import usage_stats

log = logging.getLogger(__name__)

COMMAND = "/kb-stats"
DEFAULT_DAYS = 30
MAX_DAYS = 3650
USAGE = "Brug `/kb-stats` (de seneste 30 dage) eller fx `/kb-stats 7` for de seneste 7 dage."
CHART_SENT = "📈 Grafen over spørgsmål pr. uge (de seneste 12 uger) er sendt til dig i min DM."
CHART_FAILED = "Grafen over spørgsmål pr. uge kunne ikke sendes lige nu. Prøv igen om lidt."


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
    deps.answers.submit(send_chart, deps, client, command.get("user_id"), tell)


def send_chart(deps, client, user: str, tell) -> None:
    state = deps.feedback.state
    with state.lock:
        weeks = weekly_counts(state.db.conn, deps.clock())
    try:
        png = weekly_chart_png(weeks)
        dm = client.conversations_open(users=user)["channel"]["id"]
        client.files_upload_v2(channel=dm, file=png, filename=chart_filename(weeks), title=CHART_TITLE)
    except (SlackApiError, OSError) as exc:
        log.warning("could not send the /kb-stats chart to %s: %s", user, exc)
        return tell(CHART_FAILED)
    tell(CHART_SENT)
