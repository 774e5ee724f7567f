"""Retrieval parameters: fusion weights and the confidence model, fitted by ``python -m tests.eval.calibrate``.

They live in ``indexer/data/fusion.json`` and ``confidence.json``. A build copies them into its
manifest (so an index is searched with the parameters it was built with); search reads them back
from the manifest. Both sides read them here, so neither depends on the other.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

DATA = Path(__file__).parent / "data"
FUSION_FILE = DATA / "fusion.json"
CONFIDENCE_FILE = DATA / "confidence.json"
CHANNELS = ("bm25", "grams", "dense")
# Checks on what the answer states (indexer.search.answer_check): a signal of 0 keeps an answer from
# being confident, whatever the probability; absent counts as passed.
STATED = "stated"
NAMES_KNOWN = "names_known"
GATES = (STATED, NAMES_KNOWN)


@dataclass(frozen=True)
class FusionParams:
    method: str = "hybrid"      # "hybrid" | "bm25" | "grams" | "dense"
    fusion: str = "score"       # "score": weighted normalised scores | "rrf": weighted reciprocal ranks
    k: int = 60                 # RRF constant
    w_bm25: float = 1.0
    w_grams: float = 1.0
    w_dense: float = 0.1
    # Danish query handling (see indexer/search/query.py)
    synonyms: bool = True
    compounds: bool = True
    typos: bool = True
    folding: bool = True
    related: bool = True        # an unknown word finds the compounds and derivations built on it
    feedback_passages: int = 0  # pseudo-relevance feedback from the best passages (0: off)
    feedback_terms: int = 10
    w_feedback: float = 0.3
    w_context: float = 0.7

    def weights(self) -> dict[str, float]:
        if self.method in CHANNELS:
            return {self.method: 1.0}
        return {"bm25": self.w_bm25, "grams": self.w_grams, "dense": self.w_dense}

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "FusionParams":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def load_fusion_params(path: Path = FUSION_FILE) -> FusionParams:
    """Fusion weights chosen by calibration; defaults when the file is absent."""
    if not Path(path).is_file():
        return FusionParams()
    return FusionParams.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


class InvalidConfidenceParams(ValueError):
    pass


@dataclass
class ConfidenceModel:
    """A logistic model over retrieval signals (see indexer/search/confidence.py for the signals)."""

    weights: dict[str, float] = field(default_factory=lambda: {
        "coverage": 5.0, "coverage_doc": 1.0, "bm25": 1.0, "grams": 0.5, "dense": 2.0, "agree": 0.3,
        "margin": 0.5})
    bias: float = -6.0
    threshold: float = 0.5               # at or above: a confident answer
    partial_threshold: float | None = None   # at or above (and below threshold): a partial answer; else none
    # The dense signal assumed while the embedding model is not loaded (keyword search only); without
    # it a missing dense score counts as 0 and almost nothing is confident. Fitted on the tune half.
    dense_when_missing: float | None = None

    @classmethod
    def load(cls, path: Path = CONFIDENCE_FILE) -> "ConfidenceModel":
        if not Path(path).is_file():
            return cls()
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict) -> "ConfidenceModel":
        try:
            weights = {str(k): float(v) for k, v in data["weights"].items()}
            partial = data.get("partial_threshold")
            missing = data.get("dense_when_missing")
            return cls(weights=weights, bias=float(data["bias"]), threshold=float(data.get("threshold", 0.5)),
                       partial_threshold=None if partial is None else float(partial),
                       dense_when_missing=None if missing is None else float(missing))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InvalidConfidenceParams(
                f"confidence parameters need 'weights' (name → number) and 'bias': {exc}") from None

    def as_dict(self) -> dict:
        data = {"weights": dict(self.weights), "bias": self.bias, "threshold": self.threshold}
        if self.partial_threshold is not None:
            data["partial_threshold"] = self.partial_threshold
        if self.dense_when_missing is not None:
            data["dense_when_missing"] = self.dense_when_missing
        return data

    def save(self, path: Path = CONFIDENCE_FILE, extra: dict | None = None) -> None:
        data = dict(self.as_dict(), **(extra or {}))
        Path(path).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    def probability(self, signals: dict[str, float]) -> float:
        if signals.get("dense_missing") and self.dense_when_missing is not None:
            signals = {**signals, "dense": self.dense_when_missing}
        z = self.bias + sum(w * signals.get(name, 0.0) for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def confident(self, signals: dict[str, float]) -> bool:
        return self.level(signals) == "confident"

    def level(self, signals: dict[str, float]) -> str:
        """"confident", "partial" or "none" (the levels of indexer.search.contract.Answer). A failed check
        (a GATES signal of 0: the answer does not state what was asked) makes a confident answer partial."""
        p = self.probability(signals)
        if p >= self.threshold:
            return "partial" if any(signals.get(g, 1.0) == 0 for g in GATES) else "confident"
        if self.partial_threshold is not None and p >= self.partial_threshold:
            return "partial"
        return "none"
