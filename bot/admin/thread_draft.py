"""A Slack thread as a draft Q&A article: the question as the title, the answers as the text.

Nobody is named in the draft: a mention or a reply by a person in the directory becomes their
role ("projektlederen hos bygherren"), anyone else's mention becomes "et medlem af netværket",
and the text then goes through the same anonymiser as the lessons (other names → "Person A",
phone numbers and e-mails → placeholders). No Slack user id survives. The admin edits the draft
before anything is written.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from slack_sdk.errors import SlackApiError

from bot.slack.text import clean_question
from indexer import anonymise_free_text, person_role

MAX_TITLE = 150
MAX_BODY = 3000                  # Slack: the most a plain_text_input can hold
MAX_MESSAGES = 1000
ANSWERS_HEADING = "## Svar fra netværket"
UNKNOWN_MEMBER = "et medlem af netværket"
HANDOFF_PREFIX = "Spørgsmål til netværket: "
REPLY_SUBTYPES = {None, "thread_broadcast", "file_share"}

_USER_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_SPECIAL_MENTION = re.compile(r"<![^>]*>")
_CHANNEL = re.compile(r"<#[A-Z0-9]+(?:\|([^>]*))?>")
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]*))?>")
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_STRIKE = re.compile(r"(?<![\w~])~(?=\S)([^~\n]+?)(?<=\S)~(?![\w~])")
_BULLET = re.compile(r"^[ \t]*[•◦▪]\s*", re.MULTILINE)
# A Slack user id written out (not as a mention) is refused on save, like a mention.
SLACK_USER_ID = re.compile(r"<@[A-Z0-9]+|\b[UW][A-Z0-9]{8,}\b")


class ThreadUnreadable(Exception):
    """conversations.replies failed; ``error`` is Slack's error code."""

    def __init__(self, error: str):
        self.error = error
        super().__init__(error)


@dataclass
class ThreadDraft:
    title: str
    body: str
    replies: int                 # answers taken into the text
    findings: int                # places the anonymiser still finds personal-looking
    truncated: bool              # the text was cut to fit Slack's input field


def read_thread(client, channel: str, thread_ts: str) -> list[dict]:
    """Every message of the thread, first message first (conversations.replies, paged)."""
    messages: list[dict] = []
    cursor = None
    while len(messages) < MAX_MESSAGES:
        try:
            response = client.conversations_replies(channel=channel, ts=thread_ts, limit=200,
                                                    **({"cursor": cursor} if cursor else {}))
        except SlackApiError as exc:
            raise ThreadUnreadable(exc.response.get("error") or "unknown_error") from None
        messages.extend(response.get("messages") or [])
        cursor = (response.get("response_metadata") or {}).get("next_cursor")
        if not response.get("has_more") or not cursor:
            break
    if not messages:
        raise ThreadUnreadable("thread_not_found")
    return messages


def slack_to_markdown(text: str | None, role_of) -> str:
    """Slack message text → Markdown without anyone's user id: mentions become roles."""
    def mention(match: re.Match) -> str:
        return role_of(match.group(1)) or UNKNOWN_MEMBER

    text = _USER_MENTION.sub(mention, text or "")
    text = _SPECIAL_MENTION.sub("", text)
    text = _CHANNEL.sub(lambda m: f"#{m.group(1)}" if m.group(1) else "", text)
    text = _LINK.sub(lambda m: f"[{m.group(2)}]({m.group(1)})" if m.group(2) else m.group(1), text)
    text = html.unescape(text)
    text = _BOLD.sub(r"**\1**", text)
    text = _STRIKE.sub(r"~~\1~~", text)
    text = _BULLET.sub("- ", text)
    return "\n".join(line.rstrip() for line in text.strip().splitlines()).strip()


def _is_reply(message: dict, bot_user_id: str | None) -> bool:
    if message.get("subtype") not in REPLY_SUBTYPES or message.get("bot_id") or message.get("app_id"):
        return False
    return bool(message.get("user")) and message.get("user") != bot_user_id and bool(
        (message.get("text") or "").strip())


def _question_of(root: dict, handoff_question: str | None) -> str:
    if handoff_question:
        return handoff_question
    if root.get("subtype") == "tombstone":
        return ""
    text = clean_question(root.get("text"))
    return text.removeprefix(HANDOFF_PREFIX) if root.get("bot_id") else text


def _title_of(question: str) -> str:
    first = " ".join(question.split())
    match = re.match(r"(.+?[?.!])(\s|$)", first)
    if match and len(match.group(1)) >= 15:
        first = match.group(1)
    if len(first) > MAX_TITLE:
        first = first[:MAX_TITLE - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return first[:1].upper() + first[1:]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def draft_article(messages: list[dict], *, kb_dir: Path, directory, bot_user_id: str | None = None,
                  handoff_question: str | None = None) -> ThreadDraft:
    """The draft for a thread (its messages as conversations.replies gives them)."""
    def role_of(user_id: str) -> str | None:
        return person_role(directory, user_id) if directory is not None else None

    root, rest = messages[0], messages[1:]
    question = slack_to_markdown(_question_of(root, handoff_question), role_of)
    paragraphs = []
    for message in rest:
        if not _is_reply(message, bot_user_id):
            continue
        text = slack_to_markdown(message.get("text"), role_of)
        if not text:
            continue
        who = role_of(message["user"])
        paragraphs.append(f"**{_capitalised(who)}:** {text}" if who else text)
    title = anonymise_free_text(_title_of(question), kb_dir, directory)
    parts = []
    if question and " ".join(question.split()) != _title_of(question).rstrip("…"):
        parts.append(f"Spørgsmålet lød: «{' '.join(question.split())}»")
    if paragraphs:
        parts.append(ANSWERS_HEADING + "\n\n" + "\n\n".join(paragraphs))
    body = anonymise_free_text("\n\n".join(parts), kb_dir, directory) if parts else None
    text, truncated = _fit(body.text if body else "")
    return ThreadDraft(title=title.text.strip(), body=text, replies=len(paragraphs),
                       findings=len(title.findings) + (len(body.findings) if body else 0),
                       truncated=truncated)


def _fit(body: str) -> tuple[str, bool]:
    if len(body) <= MAX_BODY:
        return body, False
    cut = body[:MAX_BODY]
    at = cut.rfind("\n\n")
    return (cut[:at] if at > MAX_BODY // 2 else cut.rsplit(" ", 1)[0]).rstrip(), True
