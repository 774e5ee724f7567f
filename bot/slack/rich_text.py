"""A message's rich_text blocks as Slack message text, for messages whose ``text`` is empty.

Slack's clients put what a person typed in ``blocks`` (rich_text) and also, usually, in ``text``; some
clients and integrations send the blocks alone. The result uses Slack's own markup (``<@U…>``,
``<!here>``, ``<url|label>``, escaped ``&<>``) so :func:`bot.slack.text.clean_question` reads it like
any other message.
"""

from __future__ import annotations

from bot.slack.text import escape

_BULLETS = {"bullet": "•", "ordered": None}


def blocks_text(blocks) -> str:
    """The text of every rich_text block in ``blocks`` (other blocks and unknown elements are skipped)."""
    parts = []
    for block in blocks if isinstance(blocks, list) else []:
        if isinstance(block, dict) and block.get("type") == "rich_text":
            parts += [_container(element) for element in _dicts(block.get("elements"))]
    return "\n".join(p for p in parts if p).strip()


def _dicts(items) -> list[dict]:
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _container(element: dict) -> str:
    kind = element.get("type")
    if kind == "rich_text_list":
        lines = []
        for n, item in enumerate(_dicts(element.get("elements")), start=1):
            mark = _BULLETS.get(element.get("style")) or f"{n}."
            lines.append(f"{mark} {_inline(item.get('elements'))}")
        return "\n".join(lines)
    if kind == "rich_text_quote":
        return "\n".join("&gt; " + line for line in _inline(element.get("elements")).split("\n"))
    return _inline(element.get("elements"))      # section, preformatted, and anything new with elements


def _inline(elements) -> str:
    return "".join(_element(e) for e in _dicts(elements))


def _element(element: dict) -> str:
    kind = element.get("type")
    if kind == "user" and element.get("user_id"):
        return f"<@{element['user_id']}>"
    if kind == "usergroup" and element.get("usergroup_id"):
        return f"<!subteam^{element['usergroup_id']}>"
    if kind == "broadcast" and element.get("range"):
        return f"<!{element['range']}>"
    if kind == "channel" and element.get("channel_id"):
        return f"<#{element['channel_id']}>"
    if kind == "link" and element.get("url"):
        label = element.get("text")
        return f"<{element['url']}|{escape(label)}>" if label else f"<{element['url']}>"
    if kind == "emoji":
        return _emoji(element)
    if kind == "date":
        return escape(str(element.get("fallback") or ""))
    return escape(str(element.get("text") or ""))


def _emoji(element: dict) -> str:
    try:
        return "".join(chr(int(code, 16)) for code in str(element.get("unicode") or "").split("-") if code)
    except (ValueError, OverflowError):      # not a code point: fall back to the name
        pass
    return f":{element['name']}:" if element.get("name") else ""
