"""`make eval`: answer and retrieval quality on the four corpora, every variant side by side.

Reads the index in VIDENSBANK_INDEX_DIR (default .index; `make eval` builds it with the real
model first), builds the other corpora's indexes beside it (``<index>-eval/operations``,
``<index>-eval/construction``, ``<index>-eval/residents``) when stale, and writes tests/eval/results.md:
first every headline figure for each corpus and part it has (tuning, sealed, sealed2, sealed3, sealed4),
then the channel and Danish-text tables for each corpus (main and operations: all questions and the
sealed2 part; construction: its sealed3 questions; residents: its sealed4 questions;
`python -m tests.eval.calibrate` reads no sealed part). It also
reports the generated-answer checks on hand-written answers (tests/eval/generation_checks.py) and,
with VIDENSBANK_LLM_URL and VIDENSBANK_LLM_MODEL set, generated vs extractive answers side by side
(tests/eval/generation.py).
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

from indexer.config import IndexSettings
from indexer.parameters import FusionParams
from tests.eval.calibrate import fusion_grid, retrieval_objective
from tests.eval.evaluation import (CORPORA, SEALED2, SEALED3, SEALED4, TUNE, event_accuracy, load_questions,
                                   open_service, run_method, score)
from tests.eval.generation import report as generation_report
from tests.eval.generation_checks import report as checks_report
from tests.eval.side_by_side import side_by_side

RESULTS = Path(__file__).parent / "results.md"


def best_rrf(service, questions) -> FusionParams:
    """The weighted RRF variant of the calibration grid that scores best on the tune half."""
    tune = [q for q in questions if q.split == TUNE]
    grid = [p for p in fusion_grid() if p.fusion == "rrf"]
    return max(grid, key=lambda p: retrieval_objective(run_method(service, tune, p)))


def methods(chosen: FusionParams, rrf: FusionParams) -> dict[str, FusionParams]:
    return {
        "bm25 words (Danish stemming + query handling)": replace(chosen, method="bm25"),
        "bm25 character 4-grams": replace(chosen, method="grams"),
        "dense": replace(chosen, method="dense"),
        "plain RRF k=60, bm25 words + dense": replace(chosen, fusion="rrf", k=60, w_bm25=1, w_grams=0, w_dense=1),
        f"weighted RRF, best on tune (k={rrf.k}, words {rrf.w_bm25} / grams {rrf.w_grams} / dense {rrf.w_dense})": rrf,
        (f"chosen: {chosen.fusion} fusion (words {chosen.w_bm25} / grams {chosen.w_grams} / "
         f"dense {chosen.w_dense})"): chosen,
    }


def ablations(chosen: FusionParams) -> dict[str, FusionParams]:
    """The chosen method without one Danish text feature at a time (before/after)."""
    return {
        "chosen": chosen,
        "− synonyms.yaml expansion": replace(chosen, synonyms=False),
        "− compounds (join/split)": replace(chosen, compounds=False),
        "− typo tolerance": replace(chosen, typos=False),
        "− æ/ø/å folding": replace(chosen, folding=False),
        "− words built on an unknown word (compounds, derivations)": replace(chosen, related=False),
        "+ pseudo-relevance feedback (3 passages; off: hurt MRR on the main tuning part)":
            replace(chosen, feedback_passages=3),
        "− character 4-gram channel": replace(chosen, w_grams=0.0),
        "− all query handling": replace(chosen, synonyms=False, compounds=False, typos=False, folding=False,
                                        related=False),
    }


def _channels(params: FusionParams) -> set[str]:
    return {c for c, w in params.weights().items() if w > 0}


def _table(service, subset, variants, model, chosen) -> tuple[list[str], list[tuple[str, dict]]]:
    """Abstention is judged only where the confidence model's signals exist (the chosen channels)."""
    lines = ["| method | recall@1 | recall@5 | MRR@10 | unanswerable declined | answerable none | "
             "answerable partial | abstention accuracy |", "|---|---|---|---|---|---|---|---|"]
    kinds = []
    for name, params in variants.items():
        m = score(run_method(service, subset, params), model)
        if _channels(params) == _channels(chosen):
            abstention = (f"{m.abstain_unanswerable:.2f} | {m.answerable_none:.2f} | {m.answerable_partial:.2f} | "
                          f"{m.abstention_accuracy:.3f}")
        else:
            abstention = "– | – | – | –"
        lines.append(f"| {name} | {m.recall1:.3f} | {m.recall5:.3f} | {m.mrr10:.3f} | {abstention} |")
        kinds.append((name, m.by_kind))
    return lines, kinds


def _kind_table(kinds) -> list[str]:
    names = list(kinds[0][1])
    lines = ["| method | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    lines += [f"| {name} | " + " | ".join(f"{by_kind[k]:.2f}" for k in names) + " |" for name, by_kind in kinds]
    return lines


def _abstention(service, subset, chosen, model) -> list[str]:
    m = score(run_method(service, subset, chosen), model)
    partial = "none" if model.partial_threshold is None else f"{model.partial_threshold:.3f}"
    return [f"Levels at the operating point (confident ≥ {model.threshold:.3f}, partial ≥ {partial}): of the "
            f"questions not answered confidently, {m.abstention_precision:.2f} are unanswerable; of the unanswerable, "
            f"{m.abstain_unanswerable:.2f} are declined (partial or none); of the answerable, "
            f"{m.answerable_partial:.2f} are answered partial and {m.answerable_none:.2f} none."]


def _latency(service, questions, chosen) -> list[str]:
    """Per-question search time with the query embedding included (the embedding cache is bypassed)."""
    snap = service.snapshot()
    service.search("opvarmning", params=chosen, snapshot=snap)
    times = []
    for q in questions:
        service._query_cache.clear()
        start = time.perf_counter()
        service.search(q.question, context=q.context, params=chosen, snapshot=snap)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p50, p95 = times[len(times) // 2], times[int(0.95 * (len(times) - 1))]
    return [f"Search latency, query embedding included ({len(times)} questions): p50 {p50:.1f} ms, "
            f"p95 {p95:.1f} ms."]


def _corpus_tables(service, subset, chosen, rrf, model, title: str) -> list[str]:
    searchable = [q for q in subset if not q.is_event]
    lines = [f"## {title}", "", f"({sum(q.answerable for q in searchable)} answerable, "
             f"{sum(not q.answerable for q in searchable)} unanswerable)", ""]
    table, kinds = _table(service, subset, methods(chosen, rrf), model, chosen)
    lines += table + ["", "recall@5 by kind:", ""] + _kind_table(kinds) + [""]
    table, kinds = _table(service, subset, ablations(chosen), model, chosen)
    lines += ["Danish text handling, one feature removed (or added) at a time:", ""] + table
    lines += ["", "recall@5 by kind:", ""] + _kind_table(kinds) + [""]
    return lines + _abstention(service, subset, chosen, model) + [""]


def main() -> int:
    settings = IndexSettings.from_env()
    services = {name: open_service(corpus, settings) for name, corpus in CORPORA.items()}
    for service in services.values():
        service.warm_up()
    service = services["main"]
    questions = load_questions()
    model = service.confidence
    chosen = service.fusion
    rrf = best_rrf(service, questions)
    lines = [f"# Evaluation (model {settings.model})", "",
             "Parameters: `indexer/data/fusion.json` and `confidence.json`, fitted on the tuning parts of the main "
             "and operations corpora (pooled) by `python -m tests.eval.calibrate`; no sealed part (sealed, sealed2, "
             "sealed3, sealed4) is read there, and the construction and residents corpora have no tuning part.", "",
             "## Every figure side by side", ""]
    lines += side_by_side(services) + [""]
    lines += _corpus_tables(service, questions, chosen, rrf, model, "Main corpus: all questions")
    lines += _corpus_tables(service, [q for q in questions if q.split == SEALED2], chosen, rrf, model,
                            "Main corpus: sealed2 part (written last, never used for tuning)")
    ops = services["operations"]
    ops_questions = load_questions(CORPORA["operations"].questions)
    lines += _corpus_tables(ops, ops_questions, ops.fusion, rrf, ops.confidence,
                            "Second corpus (operations, energy renovation, tenant services): all questions")
    lines += _corpus_tables(ops, [q for q in ops_questions if q.split == SEALED2], ops.fusion, rrf, ops.confidence,
                            "Second corpus: sealed2 part (written last, never used for tuning)")
    built = services["construction"]
    built_questions = [q for q in load_questions(CORPORA["construction"].questions) if q.split == SEALED3]
    lines += _corpus_tables(built, built_questions, built.fusion, rrf, built.confidence,
                            "Third corpus (construction: building process and quality): sealed3, written blind, "
                            "never used for tuning")
    homes = services["residents"]
    homes_questions = [q for q in load_questions(CORPORA["residents"].questions) if q.split == SEALED4]
    lines += _corpus_tables(homes, homes_questions, homes.fusion, rrf, homes.confidence,
                            "Fourth corpus (residents: resident democracy and social housing life): sealed4, written "
                            "blind, never used for tuning")
    lines += ["(– : the confidence model is calibrated on the chosen channels; other channel sets are not judged.)",
              ""]
    lines += _latency(service, [q for q in questions if not q.is_event], chosen)
    hits, total = event_accuracy(service, questions)
    lines += ["", f"Event questions answered from events.yaml: {hits}/{total}",
              f"Confidence model: {model.as_dict()}", ""]
    lines += checks_report() + generation_report(service, questions, settings.llm)
    text = "\n".join(lines)
    print(text)
    RESULTS.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
