"""The bot's own SQLite database: one connection factory and the shared, locked connection.

Its tables are defined in :mod:`bot.state.schema` only. One connection (WAL) is shared by the
bot's threads, guarded by ``StateDB.lock``; the command line opens its own read-only one.
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
import threading
from pathlib import Path

import sqlite_utils

from bot.state.pseudonyms import Pseudonyms, default_key_file, key_check, load_or_create_key
from bot.state.schema import migrate
from indexer import VidensbankError

log = logging.getLogger(__name__)

MEMORY = ":memory:"


class StateDatabaseNotFound(VidensbankError):
    def __init__(self, path):
        super().__init__(
            f"No bot state database at {path}: it is created when the bot runs. Set "
            "VIDENSBANK_STATE_DB or --state-db to the bot's state.db (default <index dir>/state.db).")


class StateDatabaseUnavailable(VidensbankError):
    def __init__(self, path, reason):
        super().__init__(
            f"Cannot open the bot state database {path}: {reason}. If another bot process is running on "
            "it, stop that one first; if the file is damaged, move it aside (a new one is created, "
            "feedback and statistics in the old file are kept there).")


def connect(path: str | Path, read_only: bool = False, timeout: float = 10) -> sqlite3.Connection:
    """A connection to the state database: read-only ones need an existing file."""
    path = str(path)
    if read_only:
        if not Path(path).is_file():
            raise StateDatabaseNotFound(path)
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    if path != MEMORY:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, check_same_thread=False, timeout=timeout)
    if path != MEMORY:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")   # WAL-safe; a crash loses at most the last votes
    return conn


class StateDB:
    """The migrated database, the lock every reader and writer takes, and the pseudonyms.

    ``key`` is the hash key (see :mod:`bot.state.pseudonyms`); without one it is read from, or
    created in, ``key_file`` (default: ``hash.key`` beside the database).
    """

    def __init__(self, path: str | Path, key: bytes | None = None, key_file: Path | None = None,
                 timeout: float = 10):
        self.path = str(path)
        if key is None:
            key = secrets.token_bytes(32) if self.path == MEMORY else \
                load_or_create_key(None, key_file or default_key_file(self.path))
        self.lock = threading.RLock()
        try:
            self.db = sqlite_utils.Database(connect(self.path, timeout=timeout))
            migrate(self.db, key)
        except sqlite3.DatabaseError as exc:     # locked past the timeout, or not a database at all
            raise StateDatabaseUnavailable(self.path, exc) from None
        self.pseudonyms = Pseudonyms(key, self.salt())
        self._check_key(key)

    def salt(self) -> str:
        with self.lock:
            return self.db["meta"].get("user_salt")["value"]

    def _check_key(self, key: bytes) -> None:
        """Remember the key's fingerprint; a different key makes earlier pseudonyms unfindable."""
        check = key_check(key)
        with self.lock, self.db.conn:
            row = self.db.execute("select value from meta where key = 'key_check'").fetchone()
            if row is None or row[0] != check:
                self.db.execute("insert or replace into meta (key, value) values ('key_check', ?)", [check])
        if row is not None and row[0] != check:
            log.error("state.db was pseudonymised with another hash key: earlier votes, hand-offs and "
                      "threads can no longer be matched to a person (forget-user will not find them). "
                      "Restore the earlier key (VIDENSBANK_HASH_KEY or its file) if you still have it.")

    def close(self) -> None:
        with self.lock:
            self.db.conn.close()
