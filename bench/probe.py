"""A fresh process that loads the search service, answers questions, and reports time and memory.

    python -m bench.probe --kb DIR --index DIR --model NAME --questions 20

Prints one JSON line: wall-clock time when the first answer was ready (compare with the
parent's spawn time for start-up), peak RSS and RSS after loading.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path


def peak_rss_mb() -> float:
    """This process's peak RSS. VmHWM, not ru_maxrss: ru_maxrss survives exec, so a child of a big
    parent would report the parent's size."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)   # KiB on Linux


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.probe")
    parser.add_argument("--kb", required=True)
    parser.add_argument("--index", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--questions", type=int, default=1)
    parser.add_argument("--seed", type=int, default=99)
    args = parser.parse_args(argv)

    from indexer.config import IndexSettings
    from indexer.service import KnowledgeService

    service = KnowledgeService(IndexSettings.from_env(args.kb, args.index, args.model))
    service.warm_up()
    first = service.ask("hvad er et strategisk partnerskab?")
    ready = time.time()

    import psutil

    rss_loaded = psutil.Process().memory_info().rss
    from bench.synthetic import questions

    for question in questions(max(0, args.questions - 1), args.seed):
        service.ask(question)
    print(json.dumps({
        "ready_at": ready,
        "answered": bool(first.answer),
        "rss_after_first_answer_mb": round(rss_loaded / 2**20, 1),
        "peak_rss_mb": peak_rss_mb(),
        "passages": service.snapshot().size,
    }))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
