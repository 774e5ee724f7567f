"""Who may see what: audience levels public < network < partnership:<name>."""

from __future__ import annotations

import re
from dataclasses import dataclass

PUBLIC = "public"
NETWORK = "network"
PARTNERSHIP_PREFIX = "partnership:"
_PARTNERSHIP_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class InvalidAudience(ValueError):
    """An audience string that is not public, network or partnership:<name>."""


def validate_audience(value: str) -> str:
    """Return the canonical form of a document audience, or raise InvalidAudience."""
    value = (value or "").strip().lower()
    if value in (PUBLIC, NETWORK):
        return value
    if value.startswith(PARTNERSHIP_PREFIX) and _PARTNERSHIP_NAME.match(value[len(PARTNERSHIP_PREFIX):]):
        return value
    raise InvalidAudience(
        f"audience {value!r} is not one of 'public', 'network' or 'partnership:<name>' "
        "(lower-case letters, digits and hyphens, e.g. partnership:fsb-hjem)"
    )


@dataclass(frozen=True)
class Viewer:
    """The set of audiences a person (or channel) may see."""

    network: bool = False
    partnerships: frozenset[str] = frozenset()

    @classmethod
    def public(cls) -> "Viewer":
        return cls()

    @classmethod
    def everything(cls, partnerships: frozenset[str] | set[str] = frozenset()) -> "Viewer":
        return cls(network=True, partnerships=frozenset(partnerships))

    @classmethod
    def parse(cls, value: str | None) -> "Viewer":
        """Parse 'public', 'network' or 'partnership:a,partnership:b' (comma-separated)."""
        if not value:
            return cls.public()
        network = False
        partnerships: set[str] = set()
        for part in value.split(","):
            level = validate_audience(part)
            if level == NETWORK:
                network = True
            elif level.startswith(PARTNERSHIP_PREFIX):
                network = True
                partnerships.add(level[len(PARTNERSHIP_PREFIX):])
        return cls(network=network, partnerships=frozenset(partnerships))

    def allows(self, audience: str) -> bool:
        if audience == PUBLIC:
            return True
        if audience == NETWORK:
            return self.network
        if audience.startswith(PARTNERSHIP_PREFIX):
            return audience[len(PARTNERSHIP_PREFIX):] in self.partnerships
        return False

    def label(self) -> str:
        if self.partnerships:
            return ",".join(sorted(PARTNERSHIP_PREFIX + p for p in self.partnerships))
        return NETWORK if self.network else PUBLIC
