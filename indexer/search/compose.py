"""Extractive answers: the sentences that best answer the question, each with its citation number."""

from __future__ import annotations

import uuid

from indexer.index.snapshot import IndexSnapshot
from indexer.parameters import ConfidenceModel
from indexer.search.confidence import ANSWER_SENTENCES, signals
from indexer.search.contract import Answer, Citation, NearestDocument
from indexer.search.hybrid import SearchResult
from indexer.search.question_kind import expected_answer
from indexer.search.sentence_scoring import SentenceScorer, best_sentences

MAX_SOURCES = 3
MAX_ANSWER_WORDS = 110
# A lower-ranked source joins the answer only when one of its sentences carries this share of
# the question's weight (idf-weighted words) and its passage scores near the best one: a single
# shared everyday word ("åbne") is not enough.
JOIN_MIN_SHARE = 0.6
JOIN_MIN_SCORE = 0.6
NOT_CONFIDENT = "Jeg fandt ikke et sikkert svar på dit spørgsmål i vidensbanken."
NOTHING_FOUND = "Jeg fandt ikke et sikkert svar – vidensbanken har ingen tekster, der ligner dit spørgsmål."


def compose_answer(question: str, result: SearchResult, snapshot: IndexSnapshot,
                   model: ConfidenceModel, k: int = 5) -> Answer:
    answer_id = uuid.uuid4().hex[:12]
    if not result.hits:
        return Answer(question, NOTHING_FOUND, False, [], [], answer_id)
    hits = result.hits[:max(k, 1)]
    passages = snapshot.passages([h.row for h in hits])
    confident = model.confident(signals(result, snapshot))

    def citation(n: int, hit) -> Citation:
        return citation_of(n, hit, passages[hit.row], snapshot)

    nearest = [NearestDocument(h.doc_id, snapshot.documents[h.doc_id]["title"],
                               snapshot.documents[h.doc_id]["url"]) for h in hits]
    if not confident or result.analysed is None:
        citations = [citation(n, h) for n, h in enumerate(hits, start=1)]
        lines = [NOT_CONFIDENT, "Det nærmeste, jeg fandt:"]
        lines += [f"[{c.n}] {c.title} — {c.section}" for c in citations]
        return Answer(question, "\n".join(lines), False, citations, nearest, answer_id)

    scorer = SentenceScorer(result.analysed, snapshot.keyword, prefer=expected_answer(question))
    used: list[tuple[int, list[str]]] = []
    words = 0
    for i, hit in enumerate(hits[:MAX_SOURCES]):
        text = passages[hit.row]["text"]
        sentences = best_sentences(text, scorer, ANSWER_SENTENCES if i == 0 else 1)
        if i > 0 and not _relevant_enough(hit, hits[0], sentences, scorer):
            continue
        n_words = sum(len(s.split()) for s in sentences)
        if i > 0 and words + n_words > MAX_ANSWER_WORDS:
            break
        used.append((i, sentences))
        words += n_words
    citations = [citation(n, hits[i]) for n, (i, _) in enumerate(used, start=1)]
    text = " ".join(f"{sentence} [{n}]" for n, (_, sentences) in enumerate(used, start=1)
                    for sentence in sentences)
    return Answer(question, text, True, citations, nearest, answer_id)


def citation_of(n: int, hit, passage: dict, snapshot: IndexSnapshot) -> Citation:
    """Citation number ``n`` for a search hit and its passage row."""
    doc = snapshot.documents[passage["doc_id"]]
    return Citation(n=n, doc_id=passage["doc_id"], title=doc["title"], section=passage["section"],
                    url=doc["url"], path=doc["path"], passage_id=passage["passage_id"], score=hit.score,
                    text=passage["text"])


def _relevant_enough(hit, best, sentences: list[str], scorer: SentenceScorer) -> bool:
    if best.score <= 0 or hit.score < JOIN_MIN_SCORE * best.score:
        return False
    return any(scorer.share(s) >= JOIN_MIN_SHARE for s in sentences)
