"""Slack text in and out: turn a message into a plain question, and make text safe to post.

Slack sends message text with ``&``, ``<`` and ``>`` escaped and with mentions and links as
``<…>`` tokens. A question is cleaned into plain text for the search; anything we post is
escaped again and has every broadcast or person mention neutralised, so the bot can never
ping @channel or a person just because a question contained it.
"""

from __future__ import annotations

import html
import re
import unicodedata

SECTION_LIMIT = 3000        # Slack: max characters in a section block's text
ZERO_WIDTH_SPACE = "\u200b"

_TOKEN = re.compile(r"<([^<>]*)>")                 # any Slack token in raw message text
_MENTION_TOKEN = re.compile(r"<([@!#][^<>]*)>")    # the ones that notify or point somewhere
_PLAIN_BROADCAST = re.compile(r"(?<![\w@])@(channel|here|everyone)\b", re.IGNORECASE)
_SPACES = re.compile(r"[ \t]+")
# Invisible format characters (zero-width spaces and joiners, bidi marks, BOM, soft hyphen): they
# hide inside pasted text and would make two equal questions differ.
_FORMAT_CHARS = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


def _token_to_text(match: re.Match) -> str:
    inner = match.group(1)
    target, _, label = inner.partition("|")
    if target.startswith("@") or target.startswith("!"):
        return ""                                   # users, @channel/@here/@everyone, user groups
    if target.startswith("#"):
        return "#" + label if label else ""         # channel reference: keep the name only
    return label or target                          # link: keep its label, else the URL


def clean_question(text: str | None) -> str:
    """Slack message text → plain question: mentions removed, links to labels, entities decoded,
    invisible format characters dropped and letters composed (a + combining ring → å)."""
    text = _TOKEN.sub(_token_to_text, text or "")
    text = unicodedata.normalize("NFC", _FORMAT_CHARS.sub("", html.unescape(text)))
    text = _PLAIN_BROADCAST.sub(r"\1", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.strip().splitlines()).strip()


def escape(text: str) -> str:
    """Escape the three characters Slack's formatting reserves."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def neutralise(text: str) -> str:
    """Plain text that is safe to post: no <@…>/<!…> mentions, no @channel/@here/@everyone pings."""
    text = _MENTION_TOKEN.sub(_token_to_text, text or "")
    text = _PLAIN_BROADCAST.sub("@" + ZERO_WIDTH_SPACE + r"\1", text)
    return "\n".join(_SPACES.sub(" ", line) for line in text.split("\n"))


def safe(text: str) -> str:
    """neutralise + escape: for any user- or content-derived text that goes into a message."""
    return escape(neutralise(text))


def literal(text: str) -> str:
    """Text shown exactly as written (a file name): escaped, so ``<!channel>`` is only characters."""
    return escape(_PLAIN_BROADCAST.sub("@" + ZERO_WIDTH_SPACE + r"\1", text or ""))


def safe_url(url: str | None) -> str | None:
    """Only http(s) links, with the characters that would break ``<url|label>`` encoded."""
    if not url or not re.match(r"^https?://", url.strip(), re.IGNORECASE):
        return None
    return url.strip().replace("|", "%7C").replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")


def link(url: str | None, label: str) -> str:
    """A mrkdwn link with a safe label; just the safe label when there is no usable url."""
    url = safe_url(url)
    label = safe(label)
    return f"<{url}|{label}>" if url else label


def truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:         # never cut an &amp; entity in half
        cut = cut[:amp]
    return cut.rstrip() + "…"


def split_text(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split escaped mrkdwn into pieces of at most ``limit`` characters.

    Prefers paragraph breaks, then line breaks, then sentence ends, then spaces; never cuts an
    ``&amp;`` entity or a ``<…>`` link in half.
    """
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit + 1]
        cut = -1
        for separator in ("\n\n", "\n", ". ", " "):
            at = window.rfind(separator, 0, limit)
            if at > limit // 3:
                cut = at + (1 if separator == ". " else 0)
                break
        if cut <= 0:
            cut = limit
        cut = _safe_cut(rest, cut)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def _safe_cut(text: str, cut: int) -> int:
    head = text[:cut]
    amp = head.rfind("&")
    if amp != -1 and ";" not in head[amp:] and cut - amp <= 6:
        cut = amp
    opened = text.rfind("<", 0, cut)
    if opened > text.rfind(">", 0, cut) and opened > 0:
        cut = opened
    return max(cut, 1)
