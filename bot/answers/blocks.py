"""Block Kit for answers: the answer text, numbered sources, 👍/👎 and, when unsure, a way on.

Three levels (``Answer.level``): a confident answer; a partial one – the nearest passages under the
indexer's Danish caveat, with "Spørg netværket" offered first; none – the nearest articles only.

Every piece of text that comes from a question or the knowledge base goes through
:func:`bot.slack.text.safe` (mentions neutralised, ``&<>`` escaped). Slack's limits are kept
here: no section text over 3,000 characters, no message over 50 blocks.
"""

from __future__ import annotations

from bot.slack.text import SECTION_LIMIT, escape, link, safe, split_text, truncate
from indexer import Answer, Citation, NearestDocument

MAX_BLOCKS = 50
FALLBACK_LIMIT = 300

ACTION_VOTE_UP = "feedback_up"
ACTION_VOTE_DOWN = "feedback_down"
ACTION_HANDOFF = "handoff"
ACTION_SHARE = "share_answer"

NOT_CONFIDENT = "Jeg fandt ikke et sikkert svar"
PARTIAL_HANDOFF = ("*Er det ikke svar nok?* Send spørgsmålet videre til netværket, "
                   "så en af de andre medlemmer kan svare.")
GENERATED_NOTE = "Formuleret af en sprogmodel ud fra kilderne nedenfor"


def citation_label(citation: Citation) -> str:
    """"Title — Section", or just the title when the passage sits before the first heading."""
    if citation.section and citation.section != citation.title:
        return f"{citation.title} — {citation.section}"
    return citation.title


def _sections(text: str) -> list[dict]:
    return [{"type": "section", "text": {"type": "mrkdwn", "text": piece}}
            for piece in split_text(text, SECTION_LIMIT)]


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    button = {"type": "button", "text": {"type": "plain_text", "text": text, "emoji": True},
              "action_id": action_id, "value": value}
    if style:
        button["style"] = style
    return button


def _sources(citations: list[Citation]) -> list[dict]:
    lines = [f"{c.n}. {link(c.url, citation_label(c))}" for c in citations]
    return _sections("*Kilder*\n" + "\n".join(lines))


def _nearest_lines(nearest: list[NearestDocument]) -> list[str]:
    return [f"• {link(d.url, d.title)}" for d in nearest]


def _nearest_from_citations(citations: list[Citation]) -> list[NearestDocument]:
    seen: dict[str, NearestDocument] = {}
    for c in citations:
        seen.setdefault(c.doc_id, NearestDocument(doc_id=c.doc_id, title=c.title, url=c.url))
    return list(seen.values())


def render_answer_blocks(answer: Answer, *, show_question: bool = False, shareable: bool = False,
                         handoff: bool = True, shared_by: str | None = None) -> list[dict]:
    """All blocks for one answer, in order; use :func:`split_messages` to post more than 50.

    ``show_question`` repeats the question (for /spørg and shared answers, which are not in a
    thread under it); ``shareable`` adds "Del i kanalen"; ``handoff`` allows "Spørg netværket".
    """
    blocks: list[dict] = []
    answer_id = answer.answer_id
    if show_question or shared_by:
        parts = []
        if shared_by:
            parts.append(f"Delt af <@{escape(shared_by)}>")
        if show_question:
            parts.append(f"Spørgsmål: _{truncate(safe(answer.question), 2800)}_")
        blocks.append({"type": "context",
                       "elements": [{"type": "mrkdwn", "text": " · ".join(parts)}]})

    buttons = [_button("👍 Brugbart", ACTION_VOTE_UP, answer_id),
               _button("👎 Ikke brugbart", ACTION_VOTE_DOWN, answer_id)]
    if answer.confident:
        blocks += _sections(safe(answer.answer) or "(tomt svar)")
        if answer.generated:
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": f"✍️ {GENERATED_NOTE}"}]})
        if answer.citations:
            blocks += _sources(answer.citations)
    elif answer.level == "partial":
        blocks += _sections(f":thinking_face: {safe(answer.answer)}")
        if answer.citations:
            blocks += _sources(answer.citations)
        if handoff:
            blocks += _sections(PARTIAL_HANDOFF)
            buttons.insert(0, _button("Spørg netværket", ACTION_HANDOFF, answer_id, style="primary"))
    else:
        blocks += _sections(f":mag: *{NOT_CONFIDENT}* på dit spørgsmål i Vidensbanken.")
        nearest = answer.nearest or _nearest_from_citations(answer.citations)
        if nearest:
            blocks += _sections("Måske kan disse artikler hjælpe:\n" + "\n".join(_nearest_lines(nearest)))
        if handoff:
            blocks += _sections("Du kan sende spørgsmålet videre til netværket, "
                                "så en af de andre medlemmer kan svare.")
            buttons.insert(0, _button("Spørg netværket", ACTION_HANDOFF, answer_id, style="primary"))
    if shareable:
        buttons.append(_button("Del i kanalen", ACTION_SHARE, answer_id))
    blocks.append({"type": "actions", "block_id": f"answer_actions:{answer_id}"[:255],
                   "elements": buttons})
    return blocks


def answer_fallback_text(answer: Answer) -> str:
    """The notification text: short, plain, safe."""
    if answer.level == "partial":
        return truncate(safe(answer.answer.replace("\n", " ")), FALLBACK_LIMIT)
    if not answer.confident:
        return truncate(f"{NOT_CONFIDENT}: {safe(answer.question)}", FALLBACK_LIMIT)
    return truncate(safe(answer.answer), FALLBACK_LIMIT) or "Svar fra Vidensbanken"


def split_messages(blocks: list[dict], limit: int = MAX_BLOCKS) -> list[list[dict]]:
    """Chunks of at most ``limit`` blocks, in order (the actions block stays last)."""
    return [blocks[i:i + limit] for i in range(0, len(blocks), limit)] or [[]]


def render_answer_messages(answer: Answer, **options) -> list[dict]:
    """Ready-to-post messages: ``[{"text": ..., "blocks": [...]}, ...]``, each within Slack's limits."""
    chunks = split_messages(render_answer_blocks(answer, **options))
    text = answer_fallback_text(answer)
    return [{"text": text if i == 0 else "(fortsat)", "blocks": chunk}
            for i, chunk in enumerate(chunks)]


def text_blocks(text: str) -> list[dict]:
    """One section with plain (escaped) text: apologies and short replies."""
    return [{"type": "section", "text": {"type": "mrkdwn", "text": escape(text)}}]


def handoff_message(question: str, asker: str, permalink: str | None) -> dict:
    """The post in the hand-off channel: who asks, the question (quoted, safe), where it came from."""
    quoted = "\n".join("&gt; " + line for line in safe(question).splitlines() or [""])
    where = (link(permalink, "Se spørgsmålet og Vidensbankens svar") if permalink
             else "Stillet privat til Vidensbanken (/spørg).")
    text = f"<@{escape(asker)}> spørger netværket – Vidensbanken fandt ikke et sikkert svar:"
    return {
        "text": truncate(f"Spørgsmål til netværket: {safe(question)}", FALLBACK_LIMIT),
        "blocks": [
            *_sections(f"{text}\n{truncate(quoted, SECTION_LIMIT - len(text) - 1)}"),
            {"type": "context", "elements": [{"type": "mrkdwn", "text": where}]},
        ],
    }
