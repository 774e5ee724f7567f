"""Extractive answers: the sentences that best answer the question, each with its citation number."""

from __future__ import annotations

import uuid

from indexer.answer_types import Answer, Citation, NearestDocument
from indexer.confidence import ConfidenceModel, signals
from indexer.keyword import analyse
from indexer.search import SearchResult
from indexer.sentences import split_sentences
from indexer.snapshot import IndexSnapshot

MAX_SOURCES = 3
MAX_ANSWER_WORDS = 110
NOT_CONFIDENT = "Jeg fandt ikke et sikkert svar på dit spørgsmål i vidensbanken."
NOTHING_FOUND = "Jeg fandt ikke et sikkert svar – vidensbanken har ingen tekster, der ligner dit spørgsmål."


def _sentence_score(sentence: str, terms: set[str], position: int) -> float:
    found = set(analyse(sentence))
    overlap = len(found & terms)
    return overlap + (0.15 if position == 0 else 0.0) - 0.002 * max(0, len(sentence.split()) - 40)


def best_sentences(text: str, terms: set[str], limit: int) -> list[str]:
    """The passage's sentences that share most terms with the question, in passage order."""
    sentences = split_sentences(text)
    if not sentences:
        return []
    ranked = sorted(range(len(sentences)), key=lambda i: (-_sentence_score(sentences[i], terms, i), i))
    chosen = [i for i in ranked[:limit] if _sentence_score(sentences[i], terms, i) > 0.1] or ranked[:1]
    return [sentences[i] for i in sorted(chosen)]


def compose_answer(question: str, result: SearchResult, snapshot: IndexSnapshot,
                   model: ConfidenceModel, k: int = 5, question_terms: list[str] | None = None) -> Answer:
    answer_id = uuid.uuid4().hex[:12]
    if not result.hits:
        return Answer(question, NOTHING_FOUND, False, [], [], answer_id)
    hits = result.hits[:max(k, 1)]
    passages = snapshot.passages([h.row for h in hits])
    terms = question_terms if question_terms is not None else analyse(question)
    top = passages[hits[0].row]
    top_doc = snapshot.documents[top["doc_id"]]
    sig = signals(result, f"{top_doc['title']} {top['section']} {top['text']}", terms)
    confident = model.confident(sig)

    def citation(n: int, hit) -> Citation:
        p = passages[hit.row]
        doc = snapshot.documents[p["doc_id"]]
        return Citation(n=n, doc_id=p["doc_id"], title=doc["title"], section=p["section"], url=doc["url"],
                        path=doc["path"], passage_id=p["passage_id"], score=hit.score, text=p["text"])

    nearest = [NearestDocument(h.doc_id, snapshot.documents[h.doc_id]["title"],
                               snapshot.documents[h.doc_id]["url"]) for h in hits]
    if not confident:
        citations = [citation(n, h) for n, h in enumerate(hits, start=1)]
        lines = [NOT_CONFIDENT, "Det nærmeste, jeg fandt:"]
        lines += [f"[{c.n}] {c.title} — {c.section}" for c in citations]
        return Answer(question, "\n".join(lines), False, citations, nearest, answer_id)

    term_set = set(terms)
    used: list[tuple[int, list[str]]] = []
    words = 0
    for i, hit in enumerate(hits[:MAX_SOURCES]):
        # Lower-ranked sources only join when they share terms with the question.
        if i > 0 and not (set(analyse(passages[hit.row]["text"])) & term_set):
            continue
        sentences = best_sentences(passages[hit.row]["text"], term_set, 2 if i == 0 else 1)
        if i > 0 and words + sum(len(s.split()) for s in sentences) > MAX_ANSWER_WORDS:
            break
        used.append((i, sentences))
        words += sum(len(s.split()) for s in sentences)
    citations = [citation(n, hits[i]) for n, (i, _) in enumerate(used, start=1)]
    text = " ".join(f"{sentence} [{n}]" for n, (_, sentences) in enumerate(used, start=1)
                    for sentence in sentences)
    return Answer(question, text, True, citations, nearest, answer_id)
