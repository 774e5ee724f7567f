"""Reading what a submitted modal carries, whatever Slack or an older version of the bot put there."""

from __future__ import annotations

import json


def view_metadata(view: dict | None) -> dict:
    """The modal's private_metadata as a dict; {} when it is empty, not JSON or not a JSON object."""
    raw = (view or {}).get("private_metadata") or ""
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
