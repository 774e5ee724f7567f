"""Extractive answers: the sentences that answer the question, first, each with its citation number.

The question's type (indexer.search.question_kind: who, when, how much, may I, how, which …) decides
which sentence leads: the one that holds that kind of answer. Around it the answer keeps what that
sentence needs to be understood (indexer.search.answer_units): the sentence before one that opens
with "Det", "Der", "Her" …, the heading when there is no sentence before it, and a whole list when
the answer is a list; the sentence after it, which usually carries the statement on. When the
question asks for more than the lead passage states, other sections of the same article add the
sentences that state the rest, each cited on its own. Nothing is reworded: every sentence is the
knowledge base's own, with [n].

Three levels (indexer.parameters.ConfidenceModel.level): *confident* answers; *partial* shows the
nearest passages the same way under a Danish caveat; *none* says nothing related was found. An answer
whose quoted sentences do not state what was asked (a price, indexer.search.answer_check) is at most
partial.
"""

from __future__ import annotations

import uuid

from indexer.index.snapshot import IndexSnapshot
from indexer.parameters import STATED, ConfidenceModel
from indexer.search.answer_check import checks_quotes, states_asked
from indexer.search.answer_units import Chosen, choose, render
from indexer.search.confidence import signals
from indexer.search.contract import CONFIDENT, NONE, PARTIAL, Answer, Citation, NearestDocument
from indexer.search.hybrid import Hit, SearchResult
from indexer.search.question_kind import question_type
from indexer.search.sentence_scoring import SentenceScorer, heading_match

MAX_SOURCES = 3
LEAD_PASSAGES = 6     # passages of the best documents considered for the answer's lead
CLOSE_DOCUMENT = 0.9  # a second document this close to the best one may lead the answer too
RETRIEVAL_SHARE = 0.7   # how much a passage's search score counts beside how well its sentences answer
MAX_ANSWER_WORDS = 120
# Another passage of the lead document (one of its FILL_PASSAGES best) joins when it states this share
# of the question's weight that the answer does not state yet ("hvem træffer beslutningerne, og hvem
# koordinerer?": two sections) and scores at least FILL_MIN_SCORE of the best passage.
FILL_MIN_SHARE = 0.25
FILL_MIN_SCORE = 0.5
FILL_PASSAGES = 8
# A section of the lead document whose own heading says this share of what the question says ("Hvem er
# med i &os?", "Hvorfor det er svært at måle") joins first, even when its sentences repeat few of the
# question's words and search ranked it low: the heading is the article's own answer to the question.
HEADING_FILL = 0.5
# A lower-ranked source joins the answer only when one of its sentences carries this share of
# the question's weight (idf-weighted words) and its passage scores near the best one: a single
# shared everyday word ("åbne") is not enough.
JOIN_MIN_SHARE = 0.6
JOIN_MIN_SCORE = 0.6
NOT_CONFIDENT = "Jeg fandt ikke et sikkert svar på dit spørgsmål i vidensbanken."
NOTHING_FOUND = "Jeg fandt ikke et sikkert svar – vidensbanken har ingen tekster, der ligner dit spørgsmål."
PARTIAL_CAVEAT = "Jeg er ikke sikker, men det nærmeste i vidensbanken siger:"


def compose_answer(question: str, result: SearchResult, snapshot: IndexSnapshot,
                   model: ConfidenceModel, k: int = 5) -> Answer:
    answer_id = uuid.uuid4().hex[:12]
    if not result.hits:
        return Answer(question, NOTHING_FOUND, False, [], [], answer_id, NONE)
    hits, lead_rows, passages = _sources(result, snapshot, k)
    found = signals(result, snapshot)
    level = model.level(found) if result.analysed is not None else NONE

    def citation(n: int, hit) -> Citation:
        return citation_of(n, hit, passages[hit.row], snapshot)

    nearest = [NearestDocument(h.doc_id, snapshot.documents[h.doc_id]["title"],
                               snapshot.documents[h.doc_id]["url"]) for h in hits]
    if level == NONE:
        citations = [citation(n, h) for n, h in enumerate(hits, start=1)]
        lines = [NOT_CONFIDENT, "Det nærmeste, jeg fandt:"]
        lines += [f"[{c.n}] {c.title} — {c.section}" for c in citations]
        return Answer(question, "\n".join(lines), False, citations, nearest, answer_id, NONE)

    used = _quoted(question, result, snapshot, hits, lead_rows, passages)
    if level == CONFIDENT and checks_quotes(question):
        level = model.level({**found, STATED: _stated(question, used)})
    citations = [citation(n, hit) for n, (hit, _) in enumerate(used, start=1)]
    text = render([(n, chosen) for n, (_, chosen) in enumerate(used, start=1)])
    if level == PARTIAL:
        text = f"{PARTIAL_CAVEAT}\n{text}"
    return Answer(question, text, level == CONFIDENT, citations, nearest, answer_id, level)


def answer_signals(question: str, result: SearchResult, snapshot: IndexSnapshot, k: int = 5) -> dict[str, float]:
    """The confidence signals of an answer, with ``stated`` (indexer.search.answer_check) judged on the
    sentences the answer would quote when the question asks for something checkable: what
    ``compose_answer`` decides its level on (the evaluation scores levels with it)."""
    found = signals(result, snapshot)
    if result.hits and result.analysed is not None and checks_quotes(question):
        found[STATED] = _stated(question, _quoted(question, result, snapshot, *_sources(result, snapshot, k)))
    return found


def _sources(result: SearchResult, snapshot: IndexSnapshot, k: int) -> tuple[list[Hit], list[int], dict]:
    """The hits an answer may cite, the passages that may lead it and the texts of both. The best
    document may answer in another of its passages than its best one ("Partnerne bag …"), and a
    document scoring almost as well may answer better."""
    hits = result.hits[:max(k, 1)]
    close = {h.doc_id for h in hits[:2] if h.score >= CLOSE_DOCUMENT * hits[0].score}
    lead_rows = [h.row for h in result.passage_hits if h.doc_id in close][:LEAD_PASSAGES]
    return hits, lead_rows, snapshot.passages(list(dict.fromkeys([h.row for h in hits] + lead_rows)))


def _quoted(question: str, result: SearchResult, snapshot: IndexSnapshot, hits: list[Hit], lead_rows: list[int],
            passages: dict) -> list[tuple[Hit, Chosen]]:
    scorer = SentenceScorer(result.analysed, snapshot.keyword, prefer=question_type(question))
    lead = _lead_passage(hits[0], lead_rows, passages, scorer, result, snapshot)
    return _quotes(question, lead, result, hits, passages, snapshot, scorer)


def _stated(question: str, used: list[tuple[Hit, Chosen]]) -> float:
    return 1.0 if states_asked(question, [u.text for _, chosen in used for u in chosen.units]) else 0.0


def _quotes(question: str, lead: Hit, result: SearchResult, hits: list[Hit], passages: dict,
            snapshot: IndexSnapshot, scorer: SentenceScorer) -> list[tuple[Hit, Chosen]]:
    """(hit, quoted units) per source, in the answer's order, within the word budget: the lead passage;
    the lead document's sections whose heading names the question, and its other passages that state
    what the question asks besides; then other documents that answer nearly as well."""
    passage = passages[lead.row]
    first = choose(passage["text"], passage["section"], scorer, lead=True, budget=MAX_ANSWER_WORDS,
                   title=_title(passage, snapshot))
    if first is None:
        return []
    same = _same_document(lead, result, snapshot)
    passages.update(snapshot.passages([h.row for h in same if h.row not in passages]))
    match = {h.row: heading_match(passages[h.row]["section"], question, result.analysed) for h in same}
    same.sort(key=lambda h: -match[h.row])     # stable: search order among equal headings
    named = {row: m >= HEADING_FILL for row, m in match.items()}
    used: list[tuple[Hit, Chosen]] = [(lead, first)]
    covered, words = _covered(first, scorer), first.words
    for hit in same:
        if len(used) >= MAX_SOURCES:
            break
        passage = passages[hit.row]
        # Only what a passage states counts here: the article's title is about all of them.
        chosen = choose(passage["text"], passage["section"], scorer.without(covered), lead=False,
                        budget=MAX_ANSWER_WORDS - words)
        if chosen is None and named[hit.row]:     # its heading says what its sentences answer
            chosen = choose(passage["text"], passage["section"], scorer, lead=True, budget=MAX_ANSWER_WORDS - words)
        if chosen is None or words + chosen.words > MAX_ANSWER_WORDS:
            continue
        if not named[hit.row] and (chosen.score < FILL_MIN_SHARE or hit.score < FILL_MIN_SCORE * hits[0].score):
            continue
        used.append((hit, chosen))
        covered, words = covered | _covered(chosen, scorer), words + chosen.words
    for hit in [h for h in hits if h.doc_id != lead.doc_id][:MAX_SOURCES - 1]:
        if len(used) >= MAX_SOURCES:
            break
        passage = passages[hit.row]
        chosen = choose(passage["text"], passage["section"], scorer, lead=False, budget=MAX_ANSWER_WORDS - words,
                        title=_title(passage, snapshot))
        if chosen is None or not _relevant_enough(hit, hits[0], chosen, scorer):
            continue
        if words + chosen.words > MAX_ANSWER_WORDS:
            break
        used.append((hit, chosen))
        words += chosen.words
    return used


def _same_document(lead: Hit, result: SearchResult, snapshot: IndexSnapshot) -> list[Hit]:
    """The lead document's other passages: its best FILL_PASSAGES by search, then the ones search did not
    reach (a section named by its heading may share no word with the question)."""
    same = [h for h in result.passage_hits if h.doc_id == lead.doc_id and h.row != lead.row][:FILL_PASSAGES]
    seen = {h.row for h in same} | {lead.row}
    audience = snapshot.row_audience[lead.row]     # the asker sees the lead passage: the same audience only
    rest = [int(r) for r in snapshot.doc_rows.get(lead.doc_id, ())
            if int(r) not in seen and snapshot.row_audience[int(r)] == audience]
    return same + [Hit(row, lead.doc_id, 0.0) for row in rest]


def citation_of(n: int, hit, passage: dict, snapshot: IndexSnapshot) -> Citation:
    """Citation number ``n`` for a search hit and its passage row."""
    doc = snapshot.documents[passage["doc_id"]]
    return Citation(n=n, doc_id=passage["doc_id"], title=doc["title"], section=passage["section"],
                    url=doc["url"], path=doc["path"], passage_id=passage["passage_id"], score=hit.score,
                    text=passage["text"])


def _lead_passage(best: Hit, rows: list[int], passages: dict, scorer: SentenceScorer, result: SearchResult,
                  snapshot: IndexSnapshot) -> Hit:
    """The passage whose sentences answer best, its search score counting too (the best one on a tie)."""
    by_row = {h.row: h for h in result.passage_hits}
    scored = []
    for rank, row in enumerate(rows):
        chosen = choose(passages[row]["text"], passages[row]["section"], scorer, lead=True, budget=MAX_ANSWER_WORDS,
                        title=_title(passages[row], snapshot))
        retrieval = by_row[row].score / best.score if best.score > 0 else 0.0
        scored.append(((chosen.score if chosen else -1.0) + RETRIEVAL_SHARE * retrieval, -rank, row))
    if not scored:
        return best
    _, _, row = max(scored)
    return best if row == best.row else by_row[row]


def _title(passage: dict, snapshot: IndexSnapshot) -> str:
    return snapshot.documents[passage["doc_id"]]["title"]


def _covered(chosen: Chosen, scorer: SentenceScorer) -> frozenset[int]:
    """The question's concepts the quoted units state."""
    return frozenset().union(*(scorer.found(u.text) for u in chosen.units))


def _relevant_enough(hit, best, chosen: Chosen, scorer: SentenceScorer) -> bool:
    if best.score <= 0 or hit.score < JOIN_MIN_SCORE * best.score:
        return False
    return any(scorer.share(u.text) >= JOIN_MIN_SHARE for u in chosen.units)
