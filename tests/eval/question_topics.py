"""How well ``indexer.language.topics.group_questions`` puts the same question in one topic.

``python -m tests.eval.question_topics`` scores grouping on the tune and the sealed half of
``question_topics.jsonl`` (hand-labelled topics, written before the grouping code): pairwise
precision/recall/F1 (is each pair of questions together exactly when they share a topic?) and
B-cubed F1. It also sweeps the threshold and the similarity used (rarity-weighted or not), *on the tune half only*; the
sealed half is scored once with the shipped settings.
"""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

from indexer.language import topics as topic_module
from indexer.language.topics import DEFAULT_THRESHOLD, _weighted_dice, group_questions

DATA = Path(__file__).with_name("question_topics.jsonl")


def load(split: str) -> tuple[list[str], list[str]]:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r["split"] == split]
    return [r["question"] for r in rows], [r["topic"] for r in rows]


def scores(labels: list[str], groups: list[list[int]]) -> dict[str, float]:
    predicted = {i: g for g, members in enumerate(groups) for i in members}
    tp = fp = fn = 0
    for i, j in itertools.combinations(range(len(labels)), 2):
        same_true, same_pred = labels[i] == labels[j], predicted[i] == predicted[j]
        tp += same_true and same_pred
        fp += same_pred and not same_true
        fn += same_true and not same_pred
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    b_p = b_r = 0.0
    for i in range(len(labels)):
        cluster = {j for j in range(len(labels)) if predicted[j] == predicted[i]}
        truth = {j for j in range(len(labels)) if labels[j] == labels[i]}
        b_p += len(cluster & truth) / len(cluster)
        b_r += len(cluster & truth) / len(truth)
    b_p, b_r = b_p / len(labels), b_r / len(labels)
    return {"pair_precision": precision, "pair_recall": recall, "pair_f1": f1,
            "bcubed_f1": 2 * b_p * b_r / (b_p + b_r), "topics": len(groups), "true_topics": len(set(labels))}


def _grouped(questions: list[str], threshold: float, similarity=None, seeds: int = 5) -> list[list[list[int]]]:
    """Groupings for several question orders (the log gives them most asked first, so order varies)."""
    original = topic_module._Similarity
    if similarity is not None:
        topic_module._Similarity = similarity
    try:
        out = []
        for seed in range(seeds):
            order = list(range(len(questions)))
            random.Random(seed).shuffle(order)
            groups = group_questions([questions[i] for i in order], threshold)
            out.append([[order[m] for m in g.members] for g in groups])
        return out
    finally:
        topic_module._Similarity = original


def mean_scores(labels, groupings) -> dict[str, float]:
    all_scores = [scores(labels, g) for g in groupings]
    return {k: sum(s[k] for s in all_scores) / len(all_scores) for k in all_scores[0]}


class _StemsOnly(topic_module._Similarity):
    def __call__(self, a, b):
        return _weighted_dice(a.stems, b.stems, self.stem_weight)


class _GramsOnly(topic_module._Similarity):
    def __call__(self, a, b):
        return _weighted_dice(a.grams, b.grams, self.gram_weight)


class _Unweighted(topic_module._Similarity):
    def __call__(self, a, b):
        ones = {x: 1.0 for x in (*a.stems, *b.stems, *a.grams, *b.grams)}
        return max(_weighted_dice(a.stems, b.stems, ones), _weighted_dice(a.grams, b.grams, ones))


SIMILARITIES = {
    "max(stems, grams)": None,
    "stems only": _StemsOnly,
    "grams only": _GramsOnly,
    "unweighted max": _Unweighted,
}


def main() -> None:
    tune_q, tune_l = load("tune")
    sealed_q, sealed_l = load("sealed")
    print(f"tune: {len(tune_q)} questions, {len(set(tune_l))} topics; "
          f"sealed: {len(sealed_q)} questions, {len(set(sealed_l))} topics")
    print("\nSweep on the tune half (mean of 5 question orders):")
    print(f"{'similarity':<20} {'thr':>5} {'pair P':>7} {'pair R':>7} {'pair F1':>8} {'B3 F1':>7} {'topics':>7}")
    for name, similarity in SIMILARITIES.items():
        for threshold in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7):
            s = mean_scores(tune_l, _grouped(tune_q, threshold, similarity))
            print(f"{name:<20} {threshold:>5.2f} {s['pair_precision']:>7.3f} {s['pair_recall']:>7.3f} "
                  f"{s['pair_f1']:>8.3f} {s['bcubed_f1']:>7.3f} {s['topics']:>7.1f}")
    print(f"\nShipped settings (max(stems, grams), threshold {DEFAULT_THRESHOLD}):")
    for split, questions, labels in (("tune", tune_q, tune_l), ("sealed", sealed_q, sealed_l)):
        s = mean_scores(labels, _grouped(questions, DEFAULT_THRESHOLD))
        print(f"  {split:<7} pair P {s['pair_precision']:.3f}  R {s['pair_recall']:.3f}  "
              f"F1 {s['pair_f1']:.3f}  B3 F1 {s['bcubed_f1']:.3f}  topics {s['topics']:.1f} "
              f"(true {s['true_topics']})")


if __name__ == "__main__":
    main()
