"""The headline table of `make eval`: every figure for each corpus and split it has (tuning, sealed, sealed2,
sealed3, sealed4) side by side."""

from __future__ import annotations

from tests.eval.answer_quality import answer_figures
from tests.eval.evaluation import CORPORA, SPLIT_LABELS, load_questions, run_method, score

TARGETS = {
    "recall@5": "≥ 0.95", "MRR@10": "≥ 0.90", "unanswerable declined (partial or none)": "≥ 0.80",
    "answerable wrongly none": "≤ 0.05", "answerable partial": "≤ 0.15", "answer nugget recall": "≥ 0.75",
    "answer − lead baseline": "≥ 0.10", "dangling starts": "≤ 0.02",
}


def columns(services: dict) -> list[tuple[str, object, list]]:
    """(label, service, questions) for each corpus and split it has questions in (the construction
    corpus has only its sealed3 column, the residents corpus only its sealed4 one, the older corpora
    neither)."""
    out = []
    for name, service in services.items():
        questions = load_questions(CORPORA[name].questions)
        for split, split_label in SPLIT_LABELS.items():
            part = [q for q in questions if q.split == split and not q.is_event]
            if part:
                out.append((f"{name} {split_label}", service, part))
    return out


def side_by_side(services: dict) -> list[str]:
    cols = columns(services)
    rows: dict[str, list[str]] = {}
    for _, service, questions in cols:
        m = score(run_method(service, questions, service.fusion), service.confidence)
        a = answer_figures(service, questions)
        values = {
            "questions (answerable / unanswerable)": f"{m.n_answerable} / {m.n_unanswerable}",
            "recall@5": f"{m.recall5:.3f}", "MRR@10": f"{m.mrr10:.3f}",
            "unanswerable declined (partial or none)": f"{m.abstain_unanswerable:.2f}",
            "answerable wrongly none": f"{m.answerable_none:.2f}",
            "answerable partial": f"{m.answerable_partial:.2f}",
            "answer nugget recall": f"{a.nugget_answer:.2f}",
            "lead baseline nugget recall": f"{a.nugget_lead:.2f}",
            "answer − lead baseline": f"{a.nugget_answer - a.nugget_lead:+.2f}",
            "all cited passages nugget recall": f"{a.nugget_cited:.2f}",
            "first sentence states a nugget": f"{a.first_states:.2f}",
            "dangling starts": f"{a.dangling:.3f}",
            "words in a confident answer (mean)": f"{a.words:.0f}",
        }
        for key, value in values.items():
            rows.setdefault(key, []).append(value)
    header = " | ".join(label for label, _, _ in cols)
    lines = [f"| | {header} | target (sealed parts, second to fourth corpora) |",
             "|---|" + "---|" * (len(cols) + 1)]
    lines += [f"| {key} | " + " | ".join(values) + f" | {TARGETS.get(key, '')} |" for key, values in rows.items()]
    return lines


def main() -> int:
    from indexer.config import IndexSettings
    from tests.eval.evaluation import open_service

    settings = IndexSettings.from_env()
    services = {name: open_service(corpus, settings) for name, corpus in CORPORA.items()}
    for service in services.values():
        service.warm_up()
    print("\n".join(side_by_side(services)))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
