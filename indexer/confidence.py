"""Is the best passage really an answer? A small logistic model over retrieval signals.

Parameters are fitted by the eval (`python -m tests.eval.calibrate`) and saved in
``indexer/data/confidence.json``; each build copies them into its manifest.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from indexer.keyword import analyse

PARAMS_FILE = Path(__file__).parent / "data" / "confidence.json"
FEATURES = ("coverage", "dense", "agree", "bm25", "margin")


@dataclass
class ConfidenceModel:
    weights: dict[str, float] = field(default_factory=lambda: {
        "coverage": 6.0, "dense": 2.0, "agree": 0.5, "bm25": 0.3, "margin": 0.5})
    bias: float = -4.0
    threshold: float = 0.5

    @classmethod
    def load(cls, path: Path = PARAMS_FILE) -> "ConfidenceModel":
        if not Path(path).is_file():
            return cls()
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict) -> "ConfidenceModel":
        return cls(weights={k: float(v) for k, v in data["weights"].items()}, bias=float(data["bias"]),
                   threshold=float(data.get("threshold", 0.5)))

    def as_dict(self) -> dict:
        return {"weights": self.weights, "bias": self.bias, "threshold": self.threshold}

    def probability(self, signals: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(name, 0.0) * signals.get(name, 0.0) for name in FEATURES)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def confident(self, signals: dict[str, float]) -> bool:
        return self.probability(signals) >= self.threshold


def signals(result, top_text: str, question_terms: list[str]) -> dict[str, float]:
    """Retrieval signals for the best document of a search result."""
    if not result.hits:
        return {name: 0.0 for name in FEATURES}
    unique = list(dict.fromkeys(question_terms))
    found = set(analyse(top_text))
    coverage = sum(t in found for t in unique) / len(unique) if unique else 0.0
    scores = [h.score for h in result.hits]
    margin = (scores[0] - scores[1]) / scores[0] if len(scores) > 1 and scores[0] > 0 else 1.0
    return {
        "coverage": coverage,
        "dense": max(0.0, result.max_dense),
        "agree": 1.0 if result.top_bm25_doc and result.top_bm25_doc == result.top_dense_doc else 0.0,
        "bm25": math.log1p(max(0.0, result.max_bm25)),
        "margin": margin,
    }
