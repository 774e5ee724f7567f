"""`make eval`: recall@1, recall@5, MRR@10 and abstention for BM25, dense and hybrid, side by side.

Reads the index in VIDENSBANK_INDEX_DIR (default .index; `make eval` builds it with the real
model first) and writes tests/eval/results.md.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from indexer.config import IndexSettings
from indexer.service import KnowledgeService
from indexer.search import FusionParams, load_fusion_params
from tests.eval.evaluation import event_accuracy, load_questions, run_method, score

RESULTS = Path(__file__).parent / "results.md"


def methods() -> dict[str, FusionParams]:
    chosen = load_fusion_params()
    return {
        "bm25 (Danish stemming)": FusionParams(method="bm25"),
        "dense": FusionParams(method="dense"),
        "hybrid, plain RRF k=60": FusionParams(method="hybrid", k=60, w_bm25=1.0, w_dense=1.0),
        f"hybrid, chosen (k={chosen.k}, w_bm25={chosen.w_bm25}, w_dense={chosen.w_dense})": chosen,
    }


def main() -> int:
    settings = IndexSettings.from_env()
    service = KnowledgeService(settings)
    service.warm_up()
    questions = load_questions()
    model = service.confidence
    lines = [f"# Retrieval evaluation ({len(questions)} questions, model {settings.model})", ""]
    for split in ("all", "test"):
        subset = questions if split == "all" else [q for q in questions if q.split == "test"]
        lines += [f"## {'All questions' if split == 'all' else 'Held-back half (not used for tuning)'}", "",
                  "| method | recall@1 | recall@5 | MRR@10 | unanswerable → not confident | "
                  "answerable wrongly not confident | abstention accuracy | ms/question |",
                  "|---|---|---|---|---|---|---|---|"]
        kinds_rows = []
        for name, params in methods().items():
            start = time.perf_counter()
            outcomes = run_method(service, subset, params)
            ms = (time.perf_counter() - start) * 1000 / max(1, len(outcomes))
            m = score(outcomes, model)
            lines.append(f"| {name} | {m.recall1:.3f} | {m.recall5:.3f} | {m.mrr10:.3f} | "
                         f"{m.abstain_unanswerable:.2f} | {m.wrongly_abstained:.2f} | "
                         f"{m.abstention_accuracy:.3f} | {ms:.1f} |")
            kinds_rows.append((name, m.by_kind))
        lines += ["", f"({m.n_answerable} answerable, {m.n_unanswerable} unanswerable)", "",
                  "recall@5 by kind:", "",
                  "| method | " + " | ".join(kinds_rows[0][1]) + " |",
                  "|---|" + "---|" * len(kinds_rows[0][1])]
        for name, by_kind in kinds_rows:
            lines.append(f"| {name} | " + " | ".join(f"{v:.2f}" for v in by_kind.values()) + " |")
        lines.append("")
    hits, total = event_accuracy(service, questions)
    lines.append(f"Event questions answered from events.yaml: {hits}/{total}")
    lines.append(f"Confidence model: {model.as_dict()}")
    text = "\n".join(lines)
    print(text)
    RESULTS.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
