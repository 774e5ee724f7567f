"""The messages sent to the model: the Danish rules, then the passages and the question as one JSON
object, so a question can never pass for an instruction (its text is a quoted JSON string).

The prompt text lives in ``indexer/data/answer_prompt.md`` (sections ``## system``, ``## partial``,
``## user``). Slack mentions, user-group pings and channel references are removed from the question
and the thread's earlier questions before they are sent.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from indexer.search.contract import Citation

PROMPT_FILE = Path(__file__).resolve().parents[2] / "data" / "answer_prompt.md"
# The JSON keys the prompt text explains; tests check that the text names each of them.
SOURCES_KEY, QUESTION_KEY, EARLIER_KEY = "kilder", "spørgsmål", "tidligere_spørgsmål"
_SLACK_TOKEN = re.compile(r"<[@#!][^<>]*>")
_MENTION = re.compile(r"(?<![\w&])[@#][\w.-]+")


@lru_cache(maxsize=1)
def prompt_parts() -> dict[str, str]:
    parts: dict[str, str] = {}
    for block in re.split(r"^## ", PROMPT_FILE.read_text(encoding="utf-8"), flags=re.MULTILINE):
        name, _, body = block.partition("\n")
        if name.strip():
            parts[name.strip()] = body.strip()
    return parts


def without_mentions(text: str) -> str:
    """Question text without @person, @channel, <@U…> or #channel references."""
    text = _MENTION.sub(" ", _SLACK_TOKEN.sub(" ", text or ""))
    return " ".join(text.split())


def build_messages(question: str, sources: list[Citation], context: str | None = None,
                   partial: bool = False) -> list[dict]:
    """Chat messages for one answer; source ``i`` in the list is number ``i + 1`` in the prompt."""
    parts = prompt_parts()
    system = parts["system"] + ("\n\n" + parts["partial"] if partial else "")
    payload: dict = {SOURCES_KEY: [{"nummer": i, "titel": c.title, "afsnit": c.section, "tekst": c.text}
                                   for i, c in enumerate(sources, start=1)]}
    earlier = [q for q in (without_mentions(line) for line in (context or "").splitlines()) if q]
    if earlier:
        payload[EARLIER_KEY] = earlier
    payload[QUESTION_KEY] = without_mentions(question)
    user = parts["user"] + "\n\n" + json.dumps(payload, ensure_ascii=False, indent=1)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]
