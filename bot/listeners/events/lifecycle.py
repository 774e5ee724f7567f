"""The app's own lifecycle, as Slack reports it: the token revoked, the app uninstalled, events
rate limited. Each is acknowledged (so Slack does not count failures) and logged for the operator."""

from __future__ import annotations

import datetime as dt
import logging

from slack_bolt import App, BoltResponse

log = logging.getLogger(__name__)


def register(app: App) -> None:
    app.event("tokens_revoked")(handle_tokens_revoked)
    app.event("app_uninstalled")(handle_app_uninstalled)
    app.middleware(acknowledge_rate_limit)


def handle_tokens_revoked(body, event, logger):
    revoked = (event.get("tokens") or {}).get("bot") or []
    log.warning("Slack revoked %d bot token(s) of workspace %s: the bot can no longer read or post. Reinstall "
                "the app and put its new token in SLACK_BOT_TOKEN", len(revoked), body.get("team_id"))


def handle_app_uninstalled(body, logger):
    log.warning("the app was uninstalled from workspace %s: nothing arrives from there until it is "
                "installed again", body.get("team_id"))


def acknowledge_rate_limit(body, next, logger):
    """app_rate_limited has no inner event, so no listener can match it: answered here."""
    if body.get("type") != "app_rate_limited":
        return next()
    minute = body.get("minute_rate_limited")
    since = (dt.datetime.fromtimestamp(minute, dt.timezone.utc).isoformat(timespec="minutes")
             if isinstance(minute, (int, float)) else "an unknown minute")
    log.warning("Slack is rate limiting this app's events in workspace %s since %s (over 30,000 events an "
                "hour): events of that time are not delivered", body.get("team_id"), since)
    return BoltResponse(status=200, body="")
