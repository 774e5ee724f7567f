"""Who may run admin actions (reindex, add files, status, stats): checked on the server every time.

An admin is a Slack user id in ``VIDENSBANK_ADMINS``, a person marked ``admin: true`` in
directory.yaml, or a member of the user group ``VIDENSBANK_ADMIN_GROUP`` (read with
usergroups.users.list and cached for a minute). Every refusal is logged with user id and action.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Callable

from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

GROUP_CACHE_SECONDS = 60.0
REFUSAL = ("Beklager, det er kun Vidensbankens administratorer, der kan {what}. "
           "Kontakt projektteamet, hvis du mener, du skal have adgang.")


def refusal(what: str) -> str:
    return REFUSAL.format(what=what)


class AdminGate:
    def __init__(self, admins: frozenset[str], audiences, group: str | None = None,
                 clock: Callable[[], float] = time.monotonic, cache_seconds: float = GROUP_CACHE_SECONDS):
        self.admins = admins
        self.audiences = audiences          # bot.audience.AudienceResolver (admin: true in directory.yaml)
        self.group = group
        self._clock = clock
        self._cache_seconds = cache_seconds
        self._members: frozenset[str] = frozenset()
        self._fetched_at: float | None = None
        self._lock = threading.Lock()

    def is_admin(self, client, user_id: str | None) -> bool:
        if not user_id:
            return False
        if self.audiences.is_admin(user_id, self.admins):
            return True
        return bool(self.group) and user_id in self.group_members(client)

    def all_admins(self, client) -> list[str]:
        """Every admin's user id: the setting, directory.yaml's ``admin: true`` and the user group."""
        directory = self.audiences.directory()
        listed = {p.slack_user_id for p in getattr(directory, "people", ())
                  if getattr(p, "admin", False) and p.slack_user_id}
        group = self.group_members(client) if self.group else frozenset()
        return sorted(set(self.admins) | listed | group)

    def group_members(self, client) -> frozenset[str]:
        with self._lock:
            fresh = self._fetched_at is not None and self._clock() - self._fetched_at < self._cache_seconds
            if fresh:
                return self._members
            try:
                response = client.usergroups_users_list(usergroup=self.group)
                self._members = frozenset(response.get("users") or [])
            except SlackApiError as exc:
                # Fail closed: nobody is an admin through the group until Slack answers again.
                log.error("cannot read admin user group %s (%s); is the usergroups:read scope granted?",
                          self.group, exc.response.get("error"))
                self._members = frozenset()
            self._fetched_at = self._clock()
            return self._members

    def check(self, client, user_id: str | None, action: str, tell: Callable[[str], None],
              what: str | None = None) -> bool:
        """True for an admin; otherwise log the attempt, tell the person politely, and return False.

        ``action`` is logged (e.g. "/kb-reindex"); ``what`` is the Danish "kan …" phrase shown.
        """
        if self.is_admin(client, user_id):
            log.info("admin action %s by %s", action, user_id)
            return True
        log.warning("refused admin action %s for user %s (not an admin)", action, user_id)
        tell(refusal(what or f"bruge {action}"))
        return False
