"""Fresh processes: start-up to the first answer, and peak memory while answering (bench.probe)."""

from __future__ import annotations

from bench.measure import median, run_probe
from indexer.config import IndexSettings


def _probe_args(settings: IndexSettings, questions: int) -> list[str]:
    return ["--kb", str(settings.kb_dir), "--index", str(settings.index_dir), "--model", settings.model,
            "--questions", str(questions)]


def measure_startup(settings: IndexSettings, runs: int) -> dict:
    """Process start → service built, warmed up and one question answered; median of `runs`."""
    seconds = []
    for _ in range(runs):
        report, spawned = run_probe(_probe_args(settings, 1))
        if not report["answered"]:
            raise RuntimeError("the start-up probe got an empty answer")
        seconds.append(report["ready_at"] - spawned)
    return {"runs": runs, "seconds": round(median(seconds), 2), "max_seconds": round(max(seconds), 2),
            "passages": report["passages"]}


def measure_memory(settings: IndexSettings, questions: int) -> dict:
    """Peak RSS of a process holding the index and the model while it answers `questions` questions."""
    report, _ = run_probe(_probe_args(settings, questions))
    return {"passages": report["passages"], "questions": questions, "peak_rss_mb": report["peak_rss_mb"],
            "rss_after_first_answer_mb": report["rss_after_first_answer_mb"]}
