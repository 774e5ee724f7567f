"""Pseudonyms for people and threads: keyed hashes whose key is kept outside state.db.

A vote, a 👎 reason or a hand-off is stored with a pseudonym of the member, never the Slack user id:
HMAC-SHA256 with a secret key over the database's salted hash of the id. The salt is in state.db,
the key is not (``VIDENSBANK_HASH_KEY``, or a file with 0600 rights created on first start), so a
copy of the database alone cannot be matched against the workspace's list of users. Threads the
bot answered are remembered by a keyed hash of channel and thread, so no channel id sits next to a
question. ``python -m bot forget-user`` finds one person's rows with the same key.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import stat
from pathlib import Path

log = logging.getLogger(__name__)

MIN_KEY_CHARS = 32
KEY_FILE_NAME = "hash.key"


class HashKeyProblem(RuntimeError):
    """The key cannot be read or made; the message says what to do."""


def default_key_file(state_db: str | Path) -> Path:
    """Beside state.db unless VIDENSBANK_HASH_KEY_FILE says otherwise."""
    return Path(state_db).parent / KEY_FILE_NAME


def load_or_create_key(key: str | None, path: Path) -> bytes:
    """The key from the environment, else from ``path`` (created with 0600 rights when missing)."""
    if key:
        if len(key) < MIN_KEY_CHARS:
            raise HashKeyProblem(f"VIDENSBANK_HASH_KEY must be at least {MIN_KEY_CHARS} characters "
                                 "(e.g. the output of: python -c 'import secrets; print(secrets.token_hex(32))')")
        return key.encode("utf-8")
    path = Path(path)
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:             # another process made it a moment ago
        return _read_key(path)
    except OSError as exc:
        raise HashKeyProblem(f"cannot create the hash key {path} ({exc.strerror}); set "
                             "VIDENSBANK_HASH_KEY_FILE to a writable place or VIDENSBANK_HASH_KEY") from None
    with os.fdopen(handle, "w", encoding="ascii") as out:
        out.write(secrets.token_hex(32) + "\n")
    log.warning("created a new hash key for pseudonyms in %s: keep it with the bot (without it, "
                "forget-user cannot find earlier votes) and back it up apart from state.db", path)
    return _read_key(path)


def _read_key(path: Path) -> bytes:
    text = path.read_text(encoding="ascii").strip()
    if len(text) < MIN_KEY_CHARS:
        raise HashKeyProblem(f"the hash key in {path} is empty or shorter than {MIN_KEY_CHARS} characters; "
                             "restore it from a backup, or delete the file to start a new key")
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning("the hash key %s can be read by other users; run: chmod 600 %s", path, path)
    return text.encode("ascii")


def salted_hash(salt: str, user_id: str) -> str:
    """The database's own hash of a user id: the inner layer (and all there was before the key)."""
    return hmac.new(salt.encode(), user_id.encode(), hashlib.sha256).hexdigest()[:32]


def key_check(key: bytes) -> str:
    """A fingerprint stored in state.db to notice a changed key (it reveals nothing about the key)."""
    return hmac.new(key, b"vidensbanken key check", hashlib.sha256).hexdigest()[:16]


class Pseudonyms:
    def __init__(self, key: bytes, salt: str):
        self._key = key
        self._salt = salt

    def _mac(self, *parts: str) -> str:
        return hmac.new(self._key, "\0".join(parts).encode(), hashlib.sha256).hexdigest()[:32]

    def user(self, user_id: str) -> str:
        return self.of_salted(salted_hash(self._salt, user_id))

    def of_salted(self, salted: str) -> str:
        """A pseudonym from the salted hash older databases stored (see the m1601 migration)."""
        return self._mac("user", salted)

    def thread(self, channel_id: str, thread_ts: str) -> str:
        return self._mac("thread", channel_id, thread_ts)

    def delivery(self, key: str) -> str:
        return self._mac("delivery", key)
