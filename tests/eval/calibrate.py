"""Fit the retrieval parameters on the tuning parts of the evaluation corpora, pooled.

    python -m tests.eval.calibrate            # writes indexer/data/fusion.json and confidence.json

1. Fusion: every weighting in ``fusion_grid()`` is scored on the pooled tuning questions (MRR@10 +
   recall@5 of the answerable ones); the best one wins.
2. Confidence: a logistic regression (plain numpy, Newton steps, L2 on standardised signals) over
   the signals of ``indexer.search.confidence`` says whether a question is answerable; the L2 strength
   is the one with the lowest cross-validated log-loss. Two thresholds, both judged on
   cross-validated probabilities so they are not flattered by fitting and scoring on the same
   questions: ``threshold`` (confident) is the highest one that leaves at most
   ``MAX_NOT_CONFIDENT`` of the answerable questions below it; ``partial_threshold`` the highest
   one that leaves at most ``MAX_NONE`` of them below it (those are answered "none").
3. Keyword-only answers (the model cannot load): ``dense_when_missing``, the dense signal assumed
   then, is chosen on the same tuning questions (see ``dense_when_missing``).

Only the ``tune`` questions are read here (``tuning_questions``): no sealed, sealed2, sealed3 or
sealed4 question of any corpus, and the construction (all sealed3) and residents (all sealed4)
corpora not at all. Rebuild afterwards (`make eval` does), because each build carries the parameters
it was calibrated with.
"""

from __future__ import annotations

import itertools
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from indexer.parameters import CONFIDENCE_FILE, FUSION_FILE, ConfidenceModel, FusionParams
from indexer.search.compose import answer_signals
from indexer.search.confidence import FEATURES
from tests.eval.evaluation import (CORPORA, TUNE, Outcome, Question, load_questions, open_service, run_method, score,
                                   viewer_for)

MAX_NOT_CONFIDENT = 0.12     # answerable answered "partial" or "none"; the goal is ≤ 15 % partial
MAX_NONE = 0.02              # answerable answered "none"; the goal is ≤ 5 %: a margin for unseen questions
L2 = 1.0
L2_CHOICES = (0.3, 1.0, 3.0, 10.0)
FOLDS = 10
KEYWORD_QUANTILES = (10, 25, 40, 50)
REPEATS = 5


def fusion_grid() -> list[FusionParams]:
    base = FusionParams()
    grid = []
    for w_bm25, w_grams, w_dense in itertools.product((0.5, 1.0), (0.0, 0.5, 1.0), (0.0, 0.1, 0.2, 0.3, 0.5)):
        if w_bm25 or w_grams:
            grid.append(replace(base, fusion="score", w_bm25=w_bm25, w_grams=w_grams, w_dense=w_dense))
    for k, w_grams, w_dense in itertools.product((10, 60), (0.0, 0.5, 1.0), (0.0, 0.2, 0.5, 1.0)):
        grid.append(replace(base, fusion="rrf", k=k, w_bm25=1.0, w_grams=w_grams, w_dense=w_dense))
    return grid


def retrieval_objective(outcomes: list[Outcome]) -> float:
    m = score(outcomes, ConfidenceModel())
    return m.mrr10 + m.recall5


# -- logistic regression ------------------------------------------------------------------------
def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 50) -> tuple[np.ndarray, float]:
    """Weights and bias on the original scale of ``x``; L2 acts on standardised features."""
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = np.hstack([(x - mean) / std, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    penalty = np.eye(z.shape[1]) * l2
    penalty[-1, -1] = 0.0     # the bias is not shrunk
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -30, 30)))
        gradient = z.T @ (p - y) + penalty @ w
        hessian = z.T @ (z * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    weights = w[:-1] / std
    bias = float(w[-1] - (w[:-1] * mean / std).sum())
    return weights, bias


def predict(x: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x @ weights + bias, -30, 30)))


def cross_validated(x: np.ndarray, y: np.ndarray, l2: float = L2, folds: int = FOLDS,
                    repeats: int = REPEATS) -> np.ndarray:
    """Out-of-fold probabilities, one row per repetition with a different shuffle."""
    out = np.zeros((repeats, len(y)))
    for r in range(repeats):
        order = np.random.default_rng(r).permutation(len(y))
        for held in np.array_split(order, folds):
            train = np.setdiff1d(order, held)
            w, b = fit_logistic(x[train], y[train], l2)
            out[r, held] = predict(x[held], w, b)
    return out


def operating_point(probabilities: np.ndarray, y: np.ndarray, max_wrong: float = MAX_NOT_CONFIDENT) -> float:
    """The highest threshold at which at most ``max_wrong`` of the answerable fall below it."""
    best = 0.0
    for t in np.unique(np.round(probabilities, 4)):
        wrong = np.mean([(p[y == 1] < t).mean() for p in np.atleast_2d(probabilities)])
        if wrong <= max_wrong:
            best = max(best, float(t))
    return best


def abstention(probabilities: np.ndarray, y: np.ndarray, threshold: float) -> tuple[float, float]:
    """(answerable wrongly abstained, unanswerable abstained), averaged over repetitions."""
    rows = np.atleast_2d(probabilities)
    return (float(np.mean([(p[y == 1] < threshold).mean() for p in rows])),
            float(np.mean([(p[y == 0] < threshold).mean() for p in rows])))


def choose_l2(x: np.ndarray, y: np.ndarray) -> float:
    """The L2 strength with the lowest cross-validated log-loss (stabler than any abstention rate)."""
    def log_loss(l2: float) -> float:
        p = np.clip(cross_validated(x, y, l2=l2), 1e-6, 1 - 1e-6)
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))

    return min(L2_CHOICES, key=log_loss)


def signal_matrix(outcomes: list[Outcome]) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([[o.signals[name] for name in FEATURES] for o in outcomes], dtype=float)
    y = np.array([o.question.answerable for o in outcomes], dtype=float)
    return x, y


def tuning_questions() -> dict[str, list[Question]]:
    """The tuning questions of each corpus that has any: the only questions calibration is given.
    A corpus without them (construction, all sealed3; residents, all sealed4) is left out, so its
    index is not even opened."""
    out = {}
    for name, corpus in CORPORA.items():
        tune = [q for q in load_questions(corpus.questions) if q.split == TUNE]
        if tune:
            out[name] = tune
    return out


def tuning_outcomes(pairs, fusion: FusionParams) -> list[Outcome]:
    """Outcomes of the tuning questions of every (service, questions) pair, pooled."""
    out: list[Outcome] = []
    for service, questions in pairs:
        out += run_method(service, [q for q in questions if q.split == TUNE and not q.is_event], fusion)
    return out


def calibrate(pairs) -> tuple[FusionParams, ConfidenceModel, dict]:
    """``pairs``: (service, questions) per corpus; only their tuning questions are read."""
    scored = [(retrieval_objective(tuning_outcomes(pairs, p)), -i, p) for i, p in enumerate(fusion_grid())]
    best_objective, _, fusion = max(scored, key=lambda s: (s[0], s[1]))

    outcomes = tuning_outcomes(pairs, fusion)
    x, y = signal_matrix(outcomes)
    l2 = choose_l2(x, y)
    weights, bias = fit_logistic(x, y, l2)
    cv = cross_validated(x, y, l2)
    threshold = operating_point(cv, y, MAX_NOT_CONFIDENT)
    partial = min(operating_point(cv, y, MAX_NONE), threshold)
    wrong, caught = abstention(cv, y, threshold)
    none_answerable, none_unanswerable = abstention(cv, y, partial)
    model = ConfidenceModel(weights={n: round(float(w), 4) for n, w in zip(FEATURES, weights)},
                            bias=round(bias, 4), threshold=round(threshold, 4), partial_threshold=round(partial, 4))
    model.dense_when_missing, keyword_only = dense_when_missing(pairs, fusion, model, outcomes)
    report = {
        "fusion_objective_tune": round(best_objective, 4), "l2": l2,
        "tune_questions": len(outcomes), "answerable": int(y.sum()), "unanswerable": int(len(y) - y.sum()),
        "operating_point": {"threshold": model.threshold, "partial_threshold": model.partial_threshold,
                            "max_not_confident": MAX_NOT_CONFIDENT, "max_none": MAX_NONE,
                            "cv_answerable_not_confident": round(wrong, 3),
                            "cv_answerable_none": round(none_answerable, 3),
                            "cv_unanswerable_declined": round(caught, 3),
                            "cv_unanswerable_none": round(none_unanswerable, 3)},
        "keyword_only": keyword_only,
    }
    return fusion, model, report


def _abstentions(outcomes: list[Outcome], model: ConfidenceModel) -> tuple[float, float]:
    """(answerable answered confidently, unanswerable abstained) with this model."""
    answerable = [o for o in outcomes if o.question.answerable]
    unanswerable = [o for o in outcomes if not o.question.answerable]
    confident = sum(model.confident(o.signals) for o in answerable) / max(1, len(answerable))
    abstained = sum(not model.confident(o.signals) for o in unanswerable) / max(1, len(unanswerable))
    return confident, abstained


def dense_when_missing(pairs, fusion: FusionParams, model: ConfidenceModel,
                       outcomes: list[Outcome]) -> tuple[float, dict]:
    """The dense signal to assume while the model cannot load: the highest of a few quantiles of the
    tuning questions' dense signals that abstains on unanswerable questions at least as often as the
    full model does (keyword-only answers must not be more recklessly confident than normal ones)."""
    keyword = []
    for service, questions in pairs:
        base = service.snapshot()
        for q in questions:
            if q.split != TUNE or q.is_event:
                continue
            snap = base.for_viewer(viewer_for(q))
            result = service.search(q.question, viewer_for(q), k=10, context=q.context, params=fusion,
                                    snapshot=snap, use_model=False)
            keyword.append(Outcome(q, [], answer_signals(q.question, result, snap)))
    _, full_abstained = _abstentions(outcomes, model)
    dense = np.array([o.signals["dense"] for o in outcomes])
    chosen, tried = 0.0, {}
    for pct in KEYWORD_QUANTILES:
        value = round(float(np.quantile(dense, pct / 100)), 4)
        confident, abstained = _abstentions(keyword, replace(model, dense_when_missing=value))
        tried[f"p{pct}"] = {"dense": value, "answerable_confident": round(confident, 3),
                            "unanswerable_abstained": round(abstained, 3)}
        if abstained >= full_abstained:
            chosen = value
    return chosen, {"chosen": chosen, "full_model_unanswerable_abstained": round(full_abstained, 3), **tried}


def main() -> int:
    from indexer.config import IndexSettings

    settings = IndexSettings.from_env()
    pairs = []
    for name, questions in tuning_questions().items():
        service = open_service(CORPORA[name], settings)
        service.warm_up()
        pairs.append((service, questions))
    fusion, model, report = calibrate(pairs)
    Path(FUSION_FILE).write_text(json.dumps(fusion.as_dict(), indent=2) + "\n", encoding="utf-8")
    model.save(CONFIDENCE_FILE, {"calibration": report})
    print(json.dumps({"fusion": fusion.as_dict(), "confidence": model.as_dict(), **report}, indent=2,
                     ensure_ascii=False))
    print(f"Wrote {FUSION_FILE} and {CONFIDENCE_FILE}; rebuild the index (make eval does) to use them.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
