"""The bot's own SQLite database: one connection factory and the shared, locked connection.

Its tables are defined in :mod:`bot.state.schema` only. One connection (WAL) is shared by the
bot's threads, guarded by ``StateDB.lock``; the command line opens its own read-only one.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import sqlite_utils

from bot.state.schema import migrate
from indexer import VidensbankError

MEMORY = ":memory:"


class StateDatabaseNotFound(VidensbankError):
    def __init__(self, path):
        super().__init__(
            f"No bot state database at {path}: it is created when the bot runs. Set "
            "VIDENSBANK_STATE_DB or --state-db to the bot's state.db (default <index dir>/state.db).")


def connect(path: str | Path, read_only: bool = False) -> sqlite3.Connection:
    """A connection to the state database: read-only ones need an existing file."""
    path = str(path)
    if read_only:
        if not Path(path).is_file():
            raise StateDatabaseNotFound(path)
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    if path != MEMORY:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, check_same_thread=False, timeout=10)
    if path != MEMORY:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")   # WAL-safe; a crash loses at most the last votes
    return conn


class StateDB:
    """The migrated database plus the lock every reader and writer takes."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self.db = sqlite_utils.Database(connect(self.path))
        self.lock = threading.RLock()
        migrate(self.db)

    def salt(self) -> str:
        with self.lock:
            return self.db["meta"].get("user_salt")["value"]

    def close(self) -> None:
        with self.lock:
            self.db.conn.close()
