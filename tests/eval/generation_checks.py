"""How well the generated-answer checks tell faithful answers from flawed ones, without any model.

    python -m tests.eval.generation_checks      (also part of `make eval`)

``generation_checks.jsonl`` holds invented passages and hand-written answers to them, each marked
faithful or with its one flaw. Reported for all answers and for each half (the same stable split as
the questions: 'tune' may guide a change to the checks, 'sealed' never does): the share of faithful
answers that pass (the rest would be needless fallbacks) and the share of flawed ones caught.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

from indexer.search.generate.failures import GenerationFailed
from indexer.search.generate.grounding import check_answer

CHECKS = Path(__file__).parent / "generation_checks.jsonl"


def split_of(item_id: str) -> str:
    return "tune" if int(hashlib.sha256(item_id.encode()).hexdigest(), 16) % 2 == 0 else "sealed"


def verdict(item: dict) -> str:
    try:
        check_answer(item["answer"], {int(n): text for n, text in item["sources"].items()})
    except GenerationFailed as failed:
        return failed.reason
    return "ok"


def load(path: Path = CHECKS) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def report(items: list[dict] | None = None) -> list[str]:
    items = load() if items is None else items
    results = [(item, verdict(item)) for item in items]
    lines = ["## Generated-answer checks on hand-written answers", "",
             "`tests/eval/generation_checks.jsonl`: invented passages, answers written by hand, each faithful "
             "or with one flaw.", "",
             "| answers | faithful passed | flawed caught |", "|---|---|---|"]
    for name in ("all", "tune", "sealed"):
        subset = [(i, v) for i, v in results if name == "all" or split_of(i["id"]) == name]
        faithful = [v for i, v in subset if i["faithful"]]
        flawed = [v for i, v in subset if not i["faithful"]]
        lines.append(f"| {name} | {sum(v == 'ok' for v in faithful)}/{len(faithful)} | "
                     f"{sum(v != 'ok' for v in flawed)}/{len(flawed)} |")
    missed = Counter(i["flaw"] for i, v in results if not i["faithful"] and v == "ok")
    needless = Counter(v for i, v in results if i["faithful"] and v != "ok")
    lines += ["", "Flaws not caught: " + (", ".join(f"{f} {n}" for f, n in missed.most_common()) or "none") + ".",
              "Faithful answers refused, by reason: " +
              (", ".join(f"{r} {n}" for r, n in needless.most_common()) or "none") + ".", ""]
    return lines


if __name__ == "__main__":
    print("\n".join(report()))
    sys.exit(0)
