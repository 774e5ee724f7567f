"""Per-question search latency over the eval questions, query embedding included.

    python -m tests.eval.latency [--rounds 3] [--ask]

Uses only ``KnowledgeService.search`` (or ``ask`` with --ask: search, confidence and answer text)
and empties the query-vector cache before every question, so each search embeds its question as a
fresh Slack question would. Prints one JSON line with p50/p95 in milliseconds per round and their
medians.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

from indexer.config import IndexSettings
from indexer.service import KnowledgeService
from tests.eval.evaluation import load_questions


def percentile(sorted_values: list[float], q: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(round(q * (len(sorted_values) - 1))))]


def measure(service: KnowledgeService, questions, rounds: int, ask: bool = False) -> dict:
    snap = service.snapshot()
    service.ask("opvarmning")   # first-use costs (lexicon, caches) are not per question
    p50s, p95s = [], []
    for _ in range(rounds):
        times = []
        for q in questions:
            service._query_cache.clear()
            start = time.perf_counter()
            if ask:
                service.ask(q.question, context=q.context)
            else:
                service.search(q.question, context=q.context, snapshot=snap)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p50s.append(percentile(times, 0.50))
        p95s.append(percentile(times, 0.95))
    return {"what": "ask" if ask else "search", "questions": len(questions), "rounds": rounds, "p50_ms": [round(v, 2) for v in p50s],
            "p95_ms": [round(v, 2) for v in p95s], "median_p50_ms": round(statistics.median(p50s), 2),
            "median_p95_ms": round(statistics.median(p95s), 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ask", action="store_true", help="time ask() instead of search()")
    args = parser.parse_args(argv)
    service = KnowledgeService(IndexSettings.from_env())
    service.warm_up()
    questions = [q for q in load_questions() if not q.is_event]
    print(json.dumps(measure(service, questions, args.rounds, args.ask)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
