"""Is the best passage really an answer? A small logistic model over retrieval signals.

Signals (each roughly 0–1 or a log score):
- coverage: share of the question's content words found in one of the three best passages
  (through corrections, joined compounds and synonyms too; a follow-up's thread counts less);
- coverage_doc: the same share over the whole best document;
- bm25: the best word-BM25 score relative to what the question's words could score (idf sum);
- grams: log(1 + best character n-gram score);
- dense: cosine similarity of the best dense passage;
- agree: 1 when the word and n-gram channels put the same document first;
- margin: relative gap between the first and second document's fused score;
- answer_type: 0 when the question asks for a number or a time ("hvor mange", "hvornår") and the
  sentences the answer would quote hold none, else 1.

``names_known`` (not a weighted feature, a gate: indexer.search.answer_check) is 0 when the question
names something the index has never seen ("hvilket energimærke har Solbakkehusene"); the answer is then
at most partial.

``dense_missing`` (not a weighted feature) is 1 when the model could not be loaded: the model then
uses its ``dense_when_missing`` value instead of a dense score of 0.

Parameters are fitted on the tune half of tests/eval by ``python -m tests.eval.calibrate`` and
saved in ``indexer/data/confidence.json``; each build copies them into its manifest.
"""

from __future__ import annotations

import math

import numpy as np

from indexer.parameters import NAMES_KNOWN
from indexer.search.answer_check import unknown_names
from indexer.search.question_kind import contains_answer, expected_answer
from indexer.search.sentence_scoring import SentenceScorer, best_sentences

FEATURES = ("coverage", "coverage_doc", "bm25", "grams", "dense", "agree", "margin", "answer_type")
COVERAGE_PASSAGES = 3
ANSWER_SENTENCES = 2     # sentences quoted from the best passage


def _coverage(query, keyword, rows: np.ndarray, per_row: bool) -> float:
    """Weighted share of the query's concepts found in ``rows``: in the best single row, or in all of them."""
    concepts = query.weighted_concepts()
    total = sum(w for w, _ in concepts)
    if not total or not len(rows):
        return 0.0

    def present(term: str) -> np.ndarray:
        return np.isin(rows, keyword.words.rows_with(term))

    cache: dict[str, np.ndarray] = {}
    found = np.zeros(len(rows))
    for weight, concept in concepts:
        hit = cache.setdefault(concept.stem, present(concept.stem)).copy()
        for alt in concept.alternatives:
            both = np.ones(len(rows), dtype=bool)
            for term in alt:
                both &= cache.setdefault(term, present(term))
            hit |= both
        found += weight * (hit if per_row else np.full(len(rows), hit.any()))
    return float(found.max() / total)


def signals(result, snapshot) -> dict[str, float]:
    """Retrieval signals for the best document of a search result."""
    query = result.analysed
    missing = 1.0 if getattr(result, "dense_unavailable", False) else 0.0
    if not result.hits or query is None:
        return {**{name: 0.0 for name in FEATURES}, "dense_missing": missing, NAMES_KNOWN: 1.0}
    keyword = snapshot.keyword
    best_rows = np.array([h.row for h in result.passage_hits[:COVERAGE_PASSAGES]], dtype=np.int64)
    doc_rows = snapshot.doc_rows.get(result.hits[0].doc_id, best_rows)
    concepts = query.weighted_concepts()
    possible = sum(w * keyword.words.idf(c.stem) for w, c in concepts)
    scores = [h.score for h in result.hits]
    margin = (scores[0] - scores[1]) / scores[0] if len(scores) > 1 and scores[0] > 0 else 1.0
    top = result.top_doc
    return {
        "coverage": _coverage(query, keyword, best_rows, per_row=True),
        "coverage_doc": _coverage(query, keyword, doc_rows, per_row=False),
        "bm25": result.max_score.get("bm25", 0.0) / possible if possible else 0.0,
        "grams": math.log1p(result.max_score.get("grams", 0.0)),
        "dense": max(0.0, result.max_score.get("dense", 0.0)),
        "agree": 1.0 if top.get("bm25") and top.get("bm25") == top.get("grams") else 0.0,
        "margin": margin,
        "answer_type": _answer_type(result, snapshot),
        "dense_missing": missing,
        NAMES_KNOWN: 0.0 if unknown_names(result.query, query) else 1.0,
    }


def _answer_type(result, snapshot) -> float:
    kind = expected_answer(result.query)
    if kind is None:
        return 1.0
    row = result.hits[0].row
    text = snapshot.passages([row])[row]["text"]
    quoted = best_sentences(text, SentenceScorer(result.analysed, snapshot.keyword), ANSWER_SENTENCES)
    return 1.0 if any(contains_answer(kind, s) for s in quoted) else 0.0
