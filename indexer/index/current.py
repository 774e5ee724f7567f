"""The build the ``CURRENT`` pointer names, loaded once and swapped when a rebuild moves the pointer.

Questions never wait for a reload: a moved pointer is loaded on a background thread (or by an
explicit :meth:`CurrentIndex.reload` after a rebuild) while questions keep using the loaded build.
A build that fails to load is remembered and not tried again until the pointer moves on, so a
broken build costs one log line, not a stalled question every second.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from indexer.index import manifest as mf
from indexer.index.snapshot import IndexSnapshot

log = logging.getLogger(__name__)

RELOAD_CHECK_SECONDS = 1.0


class CurrentIndex:
    def __init__(self, index_dir: Path, model: str | None, check_seconds: float = RELOAD_CHECK_SECONDS):
        self.index_dir = Path(index_dir)
        self.model = model
        self.check_seconds = check_seconds
        self._snapshot: IndexSnapshot | None = None
        self._first_load = threading.Lock()      # only while nothing is loaded yet
        self._reload = threading.Lock()          # one reload at a time; questions never take it
        self._failed: tuple[str, Exception] | None = None   # (build id, why it did not load)
        self._last_check = 0.0
        self._reloading = False

    @property
    def loaded(self) -> IndexSnapshot | None:
        return self._snapshot

    def get(self) -> IndexSnapshot:
        """The loaded build; the first call loads it, later ones start a reload when the pointer moved."""
        snap = self._snapshot
        if snap is None:
            with self._first_load:
                if self._snapshot is None:
                    self._snapshot = self._load(self._pointer())
                return self._snapshot
        now = time.monotonic()
        if now - self._last_check > self.check_seconds:
            self._last_check = now
            if self._worth_loading(self._pointer()):
                self._reload_in_background()
        return snap

    def reload(self, raise_errors: bool = False) -> bool:
        """Load the build the pointer names if it is new; True when it was swapped in.

        A build that fails is logged and remembered; with ``raise_errors`` its error is raised too.
        """
        pointer = self._pointer()
        if not self._worth_loading(pointer):
            if raise_errors and self._failed and self._failed[0] == pointer:
                raise self._failed[1].with_traceback(None)
            return False
        with self._reload:
            if not self._worth_loading(pointer):
                return False
            try:
                fresh = self._load(pointer)
            except Exception as exc:
                if self._snapshot is None or raise_errors:
                    raise
                log.error("index build %s did not load (%s); still answering from build %s, and not "
                          "trying it again until CURRENT changes", pointer, exc, self._snapshot.build_id)
                return False
            self._snapshot = fresh   # one reference assignment: readers see old or new, never half
        log.info("switched to index build %s", fresh.build_id)
        return True

    # -- inside --------------------------------------------------------------------------------
    def _pointer(self) -> str | None:
        try:
            return (self.index_dir / mf.POINTER).read_text(encoding="utf-8").strip() or None
        except OSError:
            return None

    def _worth_loading(self, pointer: str | None) -> bool:
        if pointer is None:
            return False
        if self._snapshot is not None and self._snapshot.build_id == pointer:
            return False
        return not (self._failed and self._failed[0] == pointer)

    def _load(self, pointer: str | None) -> IndexSnapshot:
        if pointer is not None and self._failed and self._failed[0] == pointer:
            raise self._failed[1].with_traceback(None)
        try:
            snapshot = IndexSnapshot.load(self.index_dir, self.model)
        except Exception as exc:
            if pointer is not None:
                self._failed = (pointer, exc)
            raise
        self._failed = None
        return snapshot

    def _reload_in_background(self) -> None:
        if self._reloading:
            return
        self._reloading = True

        def run():
            try:
                self.reload()
            except Exception:
                log.exception("reloading the index failed")
            finally:
                self._reloading = False

        threading.Thread(target=run, name="index-reload", daemon=True).start()
