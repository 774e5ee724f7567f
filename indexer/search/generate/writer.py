"""One generated answer: what may be sent, the call, the checks – and the extractive answer on any failure.

Only passages the endpoint may see (VIDENSBANK_LLM_MAX_AUDIENCE) are sent; when the extractive
answer cites one it may not see, the answer stays extractive. The member sees the model's text only
when every check passes; otherwise the extractive answer goes out at once with the reason set, and
the reason – never the text – is logged.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from dataclasses import dataclass

from indexer.config import LLMSettings
from indexer.search.compose import PARTIAL_CAVEAT
from indexer.search.contract import CONFIDENT, PARTIAL, Answer
from indexer.search.generate import danish
from indexer.search.generate.client import ChatClient
from indexer.search.generate.failures import CONFIDENTIAL, ENDPOINT, ERROR, GenerationFailed
from indexer.search.generate.grounding import CITATION, check_answer
from indexer.search.generate.prompt import build_messages
from indexer.search.generate.sources import Source

log = logging.getLogger(__name__)


def worth_generating(answer: Answer) -> bool:
    """Confident answers, and partial ones (the best passages with a caveat); never "none"."""
    return answer.level in (CONFIDENT, PARTIAL)


@dataclass(frozen=True)
class Attempt:
    answer: Answer
    call_seconds: float = 0.0      # waiting for the endpoint, retries included
    seconds: float = 0.0           # the whole step


class AnswerWriter:
    def __init__(self, settings: LLMSettings, client: ChatClient | None = None):
        self.settings = settings
        self.client = client or ChatClient(settings)

    def warm_up(self) -> None:
        danish.warm_up()

    def write(self, answer: Answer, sources: list[Source], context: str | None = None) -> Answer:
        """The generated answer, or ``answer`` itself with ``fallback`` saying why not."""
        return self.attempt(answer, sources, context).answer

    def attempt(self, answer: Answer, sources: list[Source], context: str | None = None) -> Attempt:
        start = time.perf_counter()
        call = 0.0
        try:
            sendable = [s for s in sources if self.settings.may_send(s.audience)]
            allowed = {s.citation.passage_id for s in sendable}
            if any(c.passage_id not in allowed for c in answer.citations):
                raise GenerationFailed(CONFIDENTIAL)
            messages = build_messages(answer.question, [s.citation for s in sendable], context,
                                      partial=answer.level == PARTIAL)
            called = time.perf_counter()
            try:
                text = self.client.complete(messages)
            finally:
                call = time.perf_counter() - called
            check_answer(text, {n: _source_text(s) for n, s in enumerate(sendable, start=1)})
            written = _renumbered(answer, text, sendable)
        except GenerationFailed as failed:
            level = logging.WARNING if failed.reason in ENDPOINT else logging.INFO
            log.log(level, "generated answer %s fell back to the extractive one: %s", answer.answer_id, failed)
            written = dataclasses.replace(answer, generated=False, fallback=failed.reason)
        except Exception as exc:     # a bug here must never cost the member the extractive answer
            log.error("generated answer %s failed unexpectedly (%s); extractive answer sent",
                      answer.answer_id, type(exc).__name__)
            written = dataclasses.replace(answer, generated=False, fallback=ERROR)
        else:
            log.info("generated answer %s in %.2f s", answer.answer_id, call)
        return Attempt(written, call, time.perf_counter() - start)


def _source_text(source: Source) -> str:
    c = source.citation
    return f"{c.title}. {c.section}. {c.text}"


def _renumbered(answer: Answer, text: str, sendable: list[Source]) -> Answer:
    """Only the cited passages become citations, numbered in the order the answer first cites them."""
    order: dict[int, int] = {}
    for group in CITATION.findall(text):
        for n in re.split(r"\s*[,;]\s*", group):
            order.setdefault(int(n), len(order) + 1)

    def marker(match: re.Match) -> str:
        cited = dict.fromkeys(order[int(n)] for n in re.split(r"\s*[,;]\s*", match.group(1)))
        return "".join(f"[{n}]" for n in cited)

    citations = [dataclasses.replace(sendable[old - 1].citation, n=new) for old, new in order.items()]
    written = CITATION.sub(marker, text).strip()
    if answer.level == PARTIAL:             # the member is told it is not a sure answer, as without a model
        written = f"{PARTIAL_CAVEAT}\n{written}"
    return dataclasses.replace(answer, answer=written, citations=citations, generated=True, fallback=None)
