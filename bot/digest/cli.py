"""`python -m bot digest`: the weekly digest on the command line, printed or posted to Slack.

A click command, added to the ``python -m bot`` group in :mod:`bot.cli`. It reads the bot's
state database read-only; ``--post`` sends to the same recipients as the Monday digest but
claims nothing, so the scheduled digest still goes out.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import click
from slack_sdk.errors import SlackApiError

from bot.config import BotSettings, InvalidSetting, default_state_db
from bot.digest.chart import weekly_chart_png
from bot.digest.data import load_digest_data
from bot.digest.render import digest_text
from bot.digest.report import admin_scope, build_digest
from bot.state.db import connect
from indexer import TZ, IndexSettings, friendly_errors, index_options, list_articles

_PERIOD = re.compile(r"^\s*(\d+)\s*([dw]?)\s*$", re.IGNORECASE)
MAX_DAYS = 3650


def parse_since(text: str) -> int:
    """'7d' → 7, '2w' → 14, '30' → 30 days."""
    match = _PERIOD.match(text or "")
    days = int(match.group(1)) * (7 if match.group(2).lower() == "w" else 1) if match else 0
    if not 1 <= days <= MAX_DAYS:
        raise click.BadParameter(f"{text!r} is not a period like 7d, 2w or 30 (1 to {MAX_DAYS} days)",
                                 param_hint="--since")
    return days


def _now(text: str | None) -> dt.datetime:
    if not text:
        return dt.datetime.now(TZ)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a date-time like 2027-01-18T08:00",
                                 param_hint="--now") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=TZ)


@click.command("digest")
@index_options
@click.option("--since", "since_text", default="7d", show_default=True, metavar="PERIOD",
              help="How far back: 7d, 2w or a number of days.")
@click.option("--print", "mode", flag_value="print", default=True,
              help="Print the digest as text, with every question (the admins' version). The default.")
@click.option("--post", "mode", flag_value="post",
              help="Post it to VIDENSBANK_DIGEST_CHANNEL (and the admins' supplement) or the admins' DMs.")
@click.option("--chart", "chart_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the chart (questions per week, last 12 weeks) as a PNG file.")
@click.option("--state-db", "state_db", type=click.Path(path_type=Path), envvar="VIDENSBANK_STATE_DB",
              default=None, help="The bot's state database (default: <index dir>/state.db).")
@click.option("--now", "now_text", default=None, metavar="YYYY-MM-DDTHH:MM",
              help="Pretend it is this time (Europe/Copenhagen), e.g. to read last week's digest again.")
@friendly_errors
def digest(settings: IndexSettings, since_text: str, mode: str, chart_file: Path | None, state_db: Path | None,
           now_text: str | None):
    """The curators' digest: questions asked, share answered confidently, topics without a good
    answer, 👎 reasons, hand-offs waiting, articles cited most and never, old articles still cited.

    Example: python -m bot digest --since 7d --print
    """
    days, now = parse_since(since_text), _now(now_text)
    try:
        bot_settings = BotSettings.from_env(index_dir=settings.index_dir, kb_dir=settings.kb_dir)
    except InvalidSetting as exc:
        raise click.ClickException(str(exc)) from None
    conn = connect(state_db or default_state_db(settings.index_dir), read_only=True)
    try:
        data = load_digest_data(conn, now, days)
    finally:
        conn.close()
    if chart_file is not None:
        chart_file.write_bytes(weekly_chart_png(data.weeks))
    if mode == "post":
        _post(bot_settings, data, days, now)
        return
    result = build_digest(data, list_articles(settings.kb_dir), admin_scope(),
                          stale_months=bot_settings.stale_months)
    click.echo(digest_text(result, bot_settings.retention_days))
    if chart_file is not None:
        click.echo(f"\nChart written to {chart_file}", err=True)


def _post(settings: BotSettings, data, days: int, now: dt.datetime) -> None:
    from bot.admin.gate import AdminGate
    from bot.app import make_web_client
    from bot.audience import AudienceResolver
    from bot.digest.sending import DigestSender, NoRecipients

    if not settings.bot_token:
        raise click.ClickException("SLACK_BOT_TOKEN is not set: --post needs the bot token (xoxb-…); "
                                   "use --print to read the digest without Slack.")
    client = make_web_client(settings)
    audiences = AudienceResolver(settings.channel_audiences, settings.directory_path)
    admin = AdminGate(settings.admins, audiences, settings.admin_group)
    sender = DigestSender(client, settings, audiences, admin, load=lambda _now, _days: data)
    try:
        sent = sender.send_all(now, days)
    except NoRecipients:
        raise click.ClickException("Nobody to send the digest to: set VIDENSBANK_DIGEST_CHANNEL or "
                                   "VIDENSBANK_ADMINS (or mark admins in directory.yaml).") from None
    except SlackApiError as exc:
        raise click.ClickException(f"Slack refused the digest ({exc.response.get('error')}); is the bot "
                                   "invited to the digest channel and the token current?") from None
    click.echo(f"Digest posted to: {', '.join(sent) if sent else 'nobody (nothing to send)'}")
