"""Articles from Slack: fetch an admin's file, convert it, preview it, and add it on "Tilføj".

The file is read with files.info (its size is checked before anything is downloaded) and
fetched from ``url_private`` with the bot token. The converted article waits in the state
database (``pending_uploads``) until it is added, cancelled or expires; nothing is written to the
knowledge base before "Tilføj", and a failed add leaves nothing behind (``indexer.knowledge.articles``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Callable

from slack_sdk.errors import SlackApiError

from bot.admin.messages import failure_text
from bot.admin.upload_blocks import (
    ALREADY,
    DOWNLOAD_FAILED,
    EXPIRED,
    GONE,
    NOT_YOURS,
    PERSONAL_ARTICLE,
    added_text,
    cancelled_text,
    preview_message,
    problem_text,
)
from bot.answers.answering import APOLOGY
from bot.slack.text import literal
from bot.state.db import StateDB
from indexer import (
    MAX_BYTES,
    TOO_LARGE,
    ArticleError,
    ConversionError,
    Converted,
    InvalidAudience,
    InvalidDirectory,
    NewArticle,
    Viewer,
    add_article,
    check_new_article,
    check_size,
    convert_isolated,
    file_kind,
    load_directory,
    prepare_article,
    scan_upload,
)

log = logging.getLogger(__name__)

EXPIRES_AFTER = dt.timedelta(hours=24)
DOWNLOAD_TIMEOUT = 30
MAX_FILES_PER_MESSAGE = 5
Tell = Callable[[str], None]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


class DownloadFailed(Exception):
    pass


class UploadStore:
    """Pending uploads in the state database; a claim moves one from pending to adding exactly once."""

    def __init__(self, state: StateDB, clock: Callable[[], dt.datetime] = _utc_now):
        self.state, self.db, self.clock = state, state.db, clock

    def create(self, user: str, file_name: str, article: NewArticle) -> dict:
        now = self.clock()
        row = {"id": uuid.uuid4().hex[:16], "created_at": _iso(now), "expires_at": _iso(now + EXPIRES_AFTER),
               "user_id": user, "file_name": file_name, "title": article.title,
               "article": json.dumps(dataclasses.asdict(article), ensure_ascii=False), "status": "pending"}
        with self.state.lock, self.db.conn:
            self.db["pending_uploads"].insert(row)
        return row

    def set_message(self, upload_id: str, channel: str | None, ts: str | None) -> None:
        with self.state.lock, self.db.conn:
            self.db.execute("update pending_uploads set channel = ?, message_ts = ? where id = ?",
                            [channel, ts, upload_id])

    def get(self, upload_id: str) -> dict | None:
        with self.state.lock:
            rows = list(self.db.query("select * from pending_uploads where id = ?", [upload_id]))
        return rows[0] if rows else None

    def claim(self, upload_id: str, user: str, to: str = "adding") -> tuple[dict | None, str | None]:
        """(row, None) when this call moved it out of pending; (None, Danish reason) otherwise."""
        row = self.get(upload_id)
        if row is None:
            return None, GONE
        if row["user_id"] != user:
            return None, NOT_YOURS
        if row["status"] != "pending":
            return None, ALREADY.get(row["status"], EXPIRED if row["status"] == "expired" else GONE)
        if row["expires_at"] < _iso(self.clock()):
            self.finish(upload_id, "expired")
            return None, EXPIRED
        with self.state.lock, self.db.conn:
            moved = self.db.execute("update pending_uploads set status = ? where id = ? and status = 'pending'",
                                    [to, upload_id]).rowcount
        return (row, None) if moved else (None, ALREADY["adding"])

    def update_article(self, upload_id: str, article: NewArticle) -> None:
        """The admin's choices in the preview (audience, article or lesson), while it is pending."""
        with self.state.lock, self.db.conn:
            self.db.execute("update pending_uploads set article = ?, title = ? where id = ? and status = 'pending'",
                            [json.dumps(dataclasses.asdict(article), ensure_ascii=False), article.title, upload_id])

    def finish(self, upload_id: str, status: str) -> None:
        """Final status; the article text is dropped, it is in the knowledge base or not wanted."""
        with self.state.lock, self.db.conn:
            self.db.execute("update pending_uploads set status = ?, article = null where id = ?",
                            [status, upload_id])

    def expire(self, forget_after_days: int | None = None) -> int:
        """Mark old previews expired (dropping their text); forget rows older than the retention."""
        now = self.clock()
        with self.state.lock, self.db.conn:
            count = self.db.execute("update pending_uploads set status = 'expired', article = null "
                                    "where status = 'pending' and expires_at < ?", [_iso(now)]).rowcount
            if forget_after_days:
                cutoff = _iso(now - dt.timedelta(days=forget_after_days))
                count += self.db.execute("delete from pending_uploads where created_at < ?", [cutoff]).rowcount
        return count


class UploadFlow:
    def __init__(self, service, store: UploadStore, reindexer, bot_token: str | None,
                 convert: Callable[[str, bytes], object] = convert_isolated):
        self.service = service
        self.store = store
        self.reindexer = reindexer
        self.bot_token = bot_token
        # In a child process with time and memory limits: one bad file never takes the bot down.
        self.convert = convert

    # -- receiving a file -------------------------------------------------------------------------
    def receive(self, client, user: str, file_id: str, reply_channel: str, tell: Tell) -> bool:
        """Fetch, convert and preview one file (True when the preview is posted).

        Problems are told in Danish with ``tell``; nothing is written to the knowledge base.
        """
        name = file_id
        try:
            info = client.files_info(file=file_id)["file"]
            name = info.get("name") or info.get("title") or file_id
            file_kind(name)
            check_size(name, info.get("size"))
            converted = self.convert(name, self.download(info))
            # The network by default: public only when the admin chooses it in the preview.
            article = prepare_article(converted, authors=[self.author_name(client, user)], audience="network")
            check_new_article(self.service.settings.kb_dir, article)
        except ConversionError as exc:
            log.info("upload %s from %s refused: %s", name, user, exc)
            tell(problem_text(exc.reason, name, str(exc)))
            return False
        except ArticleError as exc:
            tell(problem_text(exc.reason, name, exc.existing or str(exc)))
            return False
        except (SlackApiError, DownloadFailed) as exc:
            log.warning("cannot fetch upload %s: %s", file_id, exc)
            tell(DOWNLOAD_FAILED.format(name=literal(name)))
            return False
        except Exception:
            log.exception("upload %s from %s failed", file_id, user)
            tell(APOLOGY)
            return False
        row = self.store.create(user, name, article)
        posted = client.chat_postMessage(channel=reply_channel, unfurl_links=False, **self.preview(row["id"], article, name,
                                                                                                 row["expires_at"]))
        self.store.set_message(row["id"], posted.get("channel") or reply_channel, posted.get("ts"))
        log.info("upload %s from %s waits for confirmation as %s", name, user, row["id"])
        return True

    def preview(self, upload_id: str, article: NewArticle, file_name: str, expires_at: str) -> dict:
        """The preview message; what the anonymiser finds is shown to the uploading admin only (a DM)."""
        settings = self.service.settings
        try:
            partnerships = [(p.id, p.name) for p in load_directory(settings.kb_dir / "directory.yaml").partnerships]
        except InvalidDirectory:
            partnerships = []
        converted = Converted(article.title, article.body, file_name)
        return preview_message(upload_id, article, converted, file_name, expires_at, scan_upload(settings, article),
                               partnerships)

    def choose(self, client, user: str, upload_id: str, what: str, value: str, channel: str, ts: str,
               tell: Tell) -> None:
        """The admin picked an audience or article/lesson in the preview: remember it, show the new preview."""
        row = self.store.get(upload_id)
        if row is None or row["article"] is None:
            return tell(GONE)
        if row["user_id"] != user:
            return tell(NOT_YOURS)
        if row["status"] != "pending" or row["expires_at"] < _iso(self.store.clock()):
            return tell(ALREADY.get(row["status"], EXPIRED))
        article = NewArticle(**json.loads(row["article"]))
        try:
            if what == "audience":
                Viewer.parse(value)
                article.audience = value
            elif value in ("article", "lesson"):
                article.kind = value
        except InvalidAudience:
            return tell(GONE)
        self.store.update_article(upload_id, article)
        client.chat_update(channel=channel, ts=ts, **self.preview(upload_id, article, row["file_name"],
                                                                   row["expires_at"]))

    def download(self, info: dict) -> bytes:
        url = info.get("url_private_download") or info.get("url_private")
        if not url:
            raise DownloadFailed("files.info gave no url_private")
        url = urllib.parse.quote(url, safe=":/?&=%#+,;@~")     # Slack encodes names; be safe anyway
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {self.bot_token}"})
        try:
            with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT) as response:
                kind = response.headers.get("Content-Type", "")
                data = response.read(MAX_BYTES + 1)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise DownloadFailed(str(exc)) from None
        if len(data) > MAX_BYTES:
            raise ConversionError(TOO_LARGE, f"{info.get('name')} is larger than {MAX_BYTES} bytes")
        if "text/html" in kind and not str(info.get("name", "")).lower().endswith((".html", ".htm")):
            # Slack answers a request without access with its login page, not an error.
            raise DownloadFailed("got an HTML page instead of the file (missing files:read scope?)")
        return data

    def author_name(self, client, user: str) -> str:
        try:
            person = client.users_info(user=user).get("user") or {}
        except SlackApiError as exc:
            log.info("no name for %s: %s", user, exc.response.get("error"))
            return user
        profile = person.get("profile") or {}
        return person.get("real_name") or profile.get("real_name") or profile.get("display_name") or user

    # -- the buttons ------------------------------------------------------------------------------------
    def confirm(self, client, user: str, upload_id: str, channel: str, ts: str, tell: Tell) -> None:
        row = self.store.get(upload_id)
        title = row["title"] if row else "artiklen"
        if row and row["article"] and row["user_id"] == user and row["status"] == "pending":
            pending = NewArticle(**json.loads(row["article"]))
            if pending.kind == "article" and scan_upload(self.service.settings, pending).personal:
                return tell(PERSONAL_ARTICLE)     # held: as a lesson it is anonymised, as an article it is not
        flight = self.reindexer.claim(user, "add", f"Tilføjer «{title}» og genindekserer")
        if flight is None:
            return tell(self.reindexer.busy_message(client))
        row, problem = self.store.claim(upload_id, user)
        if row is None:
            self.reindexer.release(flight)
            return tell(problem)
        article = NewArticle(**json.loads(row["article"]))
        settings = self.service.settings
        self.reindexer.use_message(flight, channel, ts)
        self.reindexer.show_progress(client, flight)

        def job(progress):
            return add_article(settings, article, embedder=self.service.embedder, progress=progress, wait=False)

        def on_failure(exc: Exception) -> str:
            if isinstance(exc, ArticleError):
                return "❌ " + problem_text(exc.reason, row["file_name"], exc.existing or str(exc))
            return failure_text(exc, settings.kb_dir, heading=f"«{article.title}» blev ikke tilføjet.")

        self.reindexer.start(client, flight, job,
                             on_success=lambda result: added_text(article.title, result.doc_id, result.summary),
                             on_failure=on_failure,
                             after=lambda ok: self.store.finish(upload_id, "added" if ok else "failed"))

    def cancel(self, client, user: str, upload_id: str, channel: str, ts: str, tell: Tell) -> None:
        row, problem = self.store.claim(upload_id, user, to="cancelled")
        if row is None:
            return tell(problem)
        self.store.finish(upload_id, "cancelled")
        text = cancelled_text(row["title"])
        client.chat_update(channel=channel, ts=ts, text=text,
                           blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": text}}])
