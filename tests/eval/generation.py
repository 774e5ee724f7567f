"""Generated vs extractive answers on the eval questions, side by side (part of `make eval`).

Runs only with an endpoint configured (VIDENSBANK_LLM_URL, VIDENSBANK_LLM_MODEL). For every
searchable question whose answer is worth generating it asks twice – extractive and generated – and
reports, for all questions and the sealed parts (sealed and sealed2):
- generated: the share the model wrote, and why the others fell back;
- grounding-failure rate: the share of attempts whose text failed a check (for the extractive
  answers the same checks run over their quoted sentences: a baseline that should be ~0);
- nugget recall: where a question record carries ``"nuggets"`` (short facts a good answer states),
  the share of them found in the answer shown (a nugget counts when all its content words, by
  Danish stem, and all its numbers, dates and names are in the answer).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from indexer.language.words import content_words, stem
from indexer.search.generate.failures import GROUNDING, GenerationFailed
from indexer.search.generate.grounding import check_answer, facts, source_facts
from indexer.search.generate.writer import worth_generating
from tests.eval.evaluation import QUESTIONS, SEALED, SEALED2, Question, viewer_for


@dataclass
class Side:
    answers: int = 0
    generated: int = 0
    grounding_failures: int = 0
    fallbacks: Counter = field(default_factory=Counter)
    nuggets_found: float = 0.0            # sum over questions of (found / nuggets)
    with_nuggets: int = 0

    def rate(self, n: int) -> str:
        return f"{n / self.answers:.2f}" if self.answers else "–"

    @property
    def nugget_recall(self) -> str:
        return f"{self.nuggets_found / self.with_nuggets:.2f}" if self.with_nuggets else "–"


def load_nuggets(path: Path = QUESTIONS) -> dict[str, list[str]]:
    """Question id → its nuggets (questions without them are left out)."""
    out = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            if item.get("nuggets"):
                out[item["id"]] = list(item["nuggets"])
    return out


def nugget_found(nugget: str, answer: str) -> bool:
    stems = {stem(w) for w in content_words(answer)}
    return {stem(w) for w in content_words(nugget)} <= stems and facts(nugget) <= source_facts(answer)


def extractive_grounded(answer) -> bool:
    try:
        check_answer(answer.answer, {c.n: f"{c.title}. {c.section}. {c.text}" for c in answer.citations})
    except GenerationFailed:
        return False
    return True


def compare(service, questions: list[Question], nuggets: dict[str, list[str]]) -> tuple[Side, Side]:
    extractive, generated = Side(), Side()
    for q in questions:
        if q.is_event:
            continue
        plain = service.ask(q.question, viewer_for(q), context=q.context, generate=False)
        if not worth_generating(plain):
            continue
        written = service.ask(q.question, viewer_for(q), context=q.context)
        for side, answer in ((extractive, plain), (generated, written)):
            side.answers += 1
            side.generated += answer.generated
            if answer.fallback:
                side.fallbacks[answer.fallback] += 1
            wanted = nuggets.get(q.id)
            if wanted:
                side.with_nuggets += 1
                side.nuggets_found += sum(nugget_found(n, answer.answer) for n in wanted) / len(wanted)
        extractive.grounding_failures += not extractive_grounded(plain)
        generated.grounding_failures += written.fallback in GROUNDING
    return extractive, generated


def report(service, questions: list[Question], llm, nuggets: dict[str, list[str]] | None = None) -> list[str]:
    lines = ["## Generated vs extractive answers", ""]
    if not llm.enabled:
        return lines + ["No endpoint configured (VIDENSBANK_LLM_URL, VIDENSBANK_LLM_MODEL): skipped.", ""]
    nuggets = load_nuggets() if nuggets is None else nuggets
    lines += [f"Endpoint model `{llm.model}`, timeout {llm.timeout:g} s, passages up to `{llm.max_audience}`. "
              "Questions whose answer is worth generating (confident), each asked both ways.", ""]
    for name, subset in (("all questions", questions),
                         ("sealed parts", [q for q in questions if q.split in (SEALED, SEALED2)])):
        extractive, generated = compare(service, subset, nuggets)
        lines += [f"{name.capitalize()} ({generated.answers} answers, {generated.with_nuggets} with nuggets):", "",
                  "| answers | written by the model | grounding-failure rate | nugget recall | fallback reasons |",
                  "|---|---|---|---|---|"]
        for label, side in (("extractive", extractive), ("generated", generated)):
            reasons = ", ".join(f"{r} {n}" for r, n in side.fallbacks.most_common()) or "–"
            lines.append(f"| {label} | {side.rate(side.generated)} | {side.rate(side.grounding_failures)} | "
                         f"{side.nugget_recall} | {reasons} |")
        lines.append("")
    return lines
