"""Who gets the digest, and posting it: the digest channel (what it may read) or each admin's DM.

With ``VIDENSBANK_DIGEST_CHANNEL`` the channel gets the digest for its audience (unmapped channels
are public) and every admin gets, in a DM, what the channel may not read (questions from DMs,
/spørg and partnership channels, articles of a higher audience). Without it, every admin gets the
whole digest. The chart (questions per week) is uploaded with files_upload_v2 after the text.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Callable

from slack_sdk.errors import SlackApiError

from bot.digest.chart import CHART_TITLE, chart_filename, weekly_chart_png
from bot.digest.data import DigestData
from bot.digest.render import digest_message
from bot.digest.report import Digest, admin_scope, admin_supplement, build_digest, channel_scope
from indexer import list_articles

log = logging.getLogger(__name__)


@dataclass
class Delivery:
    target: str                  # a channel id, or an admin's user id (their DM)
    digest: Digest | None        # None: nothing for this target this time
    chart: bool = False


class NoRecipients(Exception):
    """Neither a digest channel nor any admin is configured."""


class DigestSender:
    def __init__(self, client, settings, audiences, admin_gate, load: Callable[[dt.datetime, int], DigestData]):
        self.client = client
        self.settings = settings             # bot.config.BotSettings
        self.audiences = audiences           # bot.audience.AudienceResolver
        self.admin_gate = admin_gate         # bot.admin.gate.AdminGate
        self.load = load                     # (now, days) → DigestData
        self._chart: tuple[int, bytes] | None = None

    def targets(self) -> list[str]:
        channel = self.settings.digest_channel
        admins = self.admin_gate.all_admins(self.client)
        return ([channel] if channel else []) + admins

    def deliveries(self, now: dt.datetime, days: int) -> list[Delivery]:
        data = self.load(now, days)
        articles = list_articles(self.settings.kb_dir)
        admins = self.admin_gate.all_admins(self.client)
        channel = self.settings.digest_channel
        if not channel and not admins:
            raise NoRecipients("no digest channel and no admins")

        def build(scope) -> Digest:
            return build_digest(data, articles, scope, stale_months=self.settings.stale_months,
                                permalink=self._permalink)

        if not channel:
            digest = build(admin_scope())
            return [Delivery(admin, digest, chart=True) for admin in admins]
        viewer = self.audiences.for_channel(channel)
        supplement = build(admin_supplement(viewer))
        return [Delivery(channel, build(channel_scope(viewer)), chart=True),
                *(Delivery(admin, None if supplement.empty else supplement) for admin in admins)]

    def deliver(self, delivery: Delivery) -> str | None:
        """Post one digest (and its chart); returns the message ts. Raises SlackApiError on failure."""
        digest = delivery.digest
        channel = delivery.target
        if channel[:1] in "UW":          # a person: their DM with the bot (files need the DM's id)
            channel = self.client.conversations_open(users=channel)["channel"]["id"]
        posted = self.client.chat_postMessage(channel=channel, unfurl_links=False, unfurl_media=False,
                                              **digest_message(digest, self.settings.retention_days))
        if delivery.chart and digest.weeks:
            try:
                self.client.files_upload_v2(channel=channel, file=self.chart(digest), title=CHART_TITLE,
                                            filename=chart_filename(digest.weeks))
            except (SlackApiError, OSError) as exc:
                # The text went out; a missing chart is not worth sending the digest twice.
                log.warning("digest chart not uploaded to %s: %s", channel, exc)
        log.info("digest posted to %s", delivery.target)
        return posted.get("ts")

    def chart(self, digest: Digest) -> bytes:
        key = hash(tuple(digest.weeks))
        if self._chart is None or self._chart[0] != key:
            self._chart = (key, weekly_chart_png(digest.weeks))
        return self._chart[1]

    def send_all(self, now: dt.datetime, days: int) -> list[str]:
        """Post every digest now, without claiming anything (``python -m bot digest --post``)."""
        sent = []
        for delivery in self.deliveries(now, days):
            if delivery.digest is not None:
                self.deliver(delivery)
                sent.append(delivery.target)
        return sent

    def _permalink(self, channel: str, ts: str) -> str | None:
        if self.client is None:
            return None
        try:
            return self.client.chat_getPermalink(channel=channel, message_ts=ts).get("permalink")
        except SlackApiError as exc:
            log.info("no permalink for %s/%s: %s", channel, ts, exc.response.get("error"))
            return None
