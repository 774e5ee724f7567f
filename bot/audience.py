"""Who is asking, as a Viewer: what a channel or a person may see.

- A DM (or the bot's App Home) is one person: their partnerships from directory.yaml give
  ``partnership:<id>`` (plus network); a known person without partnerships is ``network``;
  anyone not in the directory is ``public``.
- A channel is everyone in it: ``VIDENSBANK_CHANNEL_AUDIENCES`` decides; an unmapped channel is
  ``public``, so partnership lessons are never posted where outsiders can read them.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from indexer import Viewer, load_directory

logger = logging.getLogger(__name__)


class AudienceResolver:
    def __init__(self, channel_audiences: dict[str, Viewer] | None = None,
                 directory_path: Path | None = None, directory=None):
        self.channel_audiences = dict(channel_audiences or {})
        self.directory_path = directory_path
        self._directory = directory
        self._directory_mtime: int | None = None
        self._lock = threading.Lock()

    def directory(self):
        """directory.yaml, re-read when the file changes; an unreadable file means nobody is known."""
        if self._directory is not None and self.directory_path is None:
            return self._directory
        path = self.directory_path
        try:
            mtime = path.stat().st_mtime_ns if path else None
        except OSError:
            mtime = None
        with self._lock:
            if self._directory is None or mtime != self._directory_mtime:
                self._directory = _load_directory(path)
                self._directory_mtime = mtime
            return self._directory

    def for_user(self, user_id: str | None) -> Viewer:
        directory = self.directory()
        if not user_id or directory is None:
            return Viewer.public()
        person = directory.person_by_slack_user(user_id)
        if person is None:
            return Viewer.public()
        return Viewer(network=True, partnerships=frozenset(person.partnerships))

    def for_channel(self, channel_id: str | None) -> Viewer:
        return self.channel_audiences.get(channel_id or "", Viewer.public())

    def for_conversation(self, channel_id: str | None, user_id: str | None,
                         channel_type: str | None = None) -> Viewer:
        """The viewer for an answer posted into this conversation."""
        if is_direct_message(channel_id, channel_type):
            return self.for_user(user_id)
        return self.for_channel(channel_id)

    def is_admin(self, user_id: str | None, admins: frozenset[str] = frozenset()) -> bool:
        if not user_id:
            return False
        if user_id in admins:
            return True
        directory = self.directory()
        person = directory.person_by_slack_user(user_id) if directory is not None else None
        return bool(person and getattr(person, "admin", False))


def may_read(readers: Viewer, searched_for: str | None) -> bool:
    """May everyone ``readers`` stands for read an answer searched at the level ``searched_for`` (a
    Viewer label)? An unknown or unreadable level may not be shown."""
    try:
        level = Viewer.parse(searched_for) if searched_for else None
    except ValueError:
        return False
    if level is None:
        return False
    return (readers.network or not level.network) and level.partnerships <= readers.partnerships


def is_direct_message(channel_id: str | None, channel_type: str | None = None) -> bool:
    """A one-to-one DM with the bot (not a group DM: several people read those)."""
    if channel_type:
        return channel_type == "im"
    return bool(channel_id and channel_id.startswith("D"))


def _load_directory(path: Path | None):
    if path is None:
        return None
    try:
        return load_directory(path)
    except (OSError, ValueError) as exc:
        logger.error("cannot read %s, every DM is answered as public until it is fixed: %s", path, exc)
        return None
