"""Which sentences and list items of one passage an answer quotes, in what order, and how they are shown.

The sentence that answers best leads. It keeps what it needs to be read on its own:
- the sentence before it when it opens with a word that points back ("Det betyder …", "Der kan
  ikke …", "Her træffes …"), up to two sentences back; the section heading when there is none
  (the article's title in its introduction);
- the whole list when it is part of a list, or when the question asks for a list (who, which, how)
  and a list in the passage answers it better than any single sentence.
Every source goes on with the sentence after its leading one (or the whole list that sentence leads
into); the best source also with the next best answering sentence, and then reads on through the
passage in its own order up to FOLLOW_ON_WORDS, each sentence or list whole or not at all within the
word budget.
Lists are shown as Slack bullet points (numbered steps keep their numbers), each item cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.language.sentences import Unit, passage_units
from indexer.language.words import analyse
from indexer.search.question_kind import HOW, LIST, WHO, answers_type
from indexer.search.sentence_scoring import ANSWER_KIND_BONUS, INTRO_SECTION, SECTION_SEPARATOR

ANAPHORS = frozenset({
    "det", "den", "dette", "denne", "disse", "der", "her", "de", "dem", "deres", "derfor", "dermed",
    "desuden", "derudover", "herudover", "men", "og", "så", "også", "samtidig", "endelig", "heller",
    "han", "hun", "hans", "hendes", "sådan", "således", "omvendt", "tværtimod", "til",
})
MAX_CONTEXT_BACK = 2
LIST_QUESTIONS = (WHO, LIST, HOW)
MAX_LIST_WORDS = 140       # a whole list may run a little past the answer's word budget
LIST_BONUS = 0.1
LIST_FIT = 0.5             # share of a list's items that must hold the kind of answer asked for
LIST_PREFERENCE = 0.8      # for who/which/how questions a list wins over a sentence scoring at most 1/0.8 of it
FOLLOW_ON_WORDS = 100      # the best source reads on in passage order up to this many words
_FIRST_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_NUMBERED = re.compile(r"^\d+\.\s")


@dataclass
class Chosen:
    """The units quoted from one passage, in the order shown; ``heading`` stands in for missing context."""

    units: list[Unit]
    heading: str | None = None
    score: float = 0.0          # how well the leading unit answers (SentenceScorer.score)

    @property
    def words(self) -> int:
        return sum(len(u.text.split()) for u in self.units)


def opens_with_anaphor(text: str) -> bool:
    first = _FIRST_WORD.search(text)
    return bool(first) and first.group(0).lower() in ANAPHORS


def _heading(section: str) -> str | None:
    last = section.split(SECTION_SEPARATOR)[-1].strip() if section else ""
    return last if last and last != INTRO_SECTION else None


def _with_context(units: list[Unit], i: int, taken: set[int]) -> list[int]:
    """``i`` and the sentences before it that it leans on (never a list item), earliest first."""
    chain = [i]
    while (len(chain) <= MAX_CONTEXT_BACK and opens_with_anaphor(units[chain[0]].text)
           and chain[0] > 0 and not units[chain[0] - 1].item and chain[0] - 1 not in taken):
        chain.insert(0, chain[0] - 1)
    return chain


def _list_members(units: list[Unit], list_id: int) -> list[int]:
    return [j for j, u in enumerate(units) if u.list_id == list_id]


def choose(text: str, section: str, scorer, lead: bool, budget: int, title: str = "") -> Chosen | None:
    """The units of a passage that answer the question; ``lead``: the best source, which may quote more."""
    units = passage_units(text)
    if not units:
        return None
    heading = _heading(section) or title or None    # an introduction is headed by the title
    # The heading and the document's title say what every sentence under them is about.
    context = set(analyse(f"{title} {section.replace(SECTION_SEPARATOR, ' ')}")) or None
    shares = [scorer.share(u.text, context) for u in units]
    scores = [scorer.score(u.text, u.item, share) for u, share in zip(units, shares)]
    best = max(range(len(units)), key=lambda j: (scores[j], -j))
    best_score = scores[best]

    answer_list = units[best].list_id
    if scorer.prefer in LIST_QUESTIONS:
        # "hvem er med i fsb HJEM?": the names are in the list, the question's words in its heading.
        for list_id in sorted({u.list_id for u in units if u.list_id is not None}):
            members = _list_members(units, list_id)
            items = [units[j].text for j in members if units[j].item]
            # The heading says what the list is about; most of its items must hold the kind of answer.
            share = scorer.share(" ".join([heading or ""] + [units[j].text for j in members]))
            fitting = sum(answers_type(scorer.prefer, item, True) for item in items) >= LIST_FIT * len(items)
            block_score = share + (ANSWER_KIND_BONUS if share > 0 and items and fitting else 0)
            if block_score > LIST_PREFERENCE * scores[best]:
                # A fitting list is the better answer to a list question, also among passages.
                answer_list, best_score = list_id, max(best_score, block_score) + LIST_BONUS
                break
    if answer_list is not None:
        members = _list_members(units, answer_list)
        order = _with_context(units, members[0], set(members))[:-1] + members
        blocks: list[list[int]] = []
    else:
        order = _with_context(units, best, set())
        blocks = _more_of_the_passage(units, scores, best, order, further=lead)
    if scores[best] <= 0 and answer_list is None and not lead:
        return None
    chosen = Chosen([units[j] for j in order], score=best_score)
    if opens_with_anaphor(units[order[0]].text):   # nothing before it to lean on: the heading says what it is about
        chosen.heading = heading
    extra: set[int] = set()
    for block in blocks:      # each whole or not at all: a list is never cut
        block = [j for j in block if j not in order and j not in extra]
        if block and chosen.words + sum(len(units[j].text.split()) for j in sorted(extra) + block) <= budget:
            extra.update(block)
    if lead and answer_list is None:
        # Then on through the passage in its own order while the answer is short: the facts that
        # answer a question often follow the sentence that shares its words ("nogle pejlemærker gik igen:").
        limit = min(budget, FOLLOW_ON_WORDS)
        for block in _following(units, max(order + sorted(extra)) + 1):
            if chosen.words + sum(len(units[j].text.split()) for j in sorted(extra) + block) > limit:
                break
            extra.update(block)
    chosen.units += [units[j] for j in sorted(extra)]
    limit = max(budget, MAX_LIST_WORDS)
    while chosen.words > limit and len(chosen.units) > 1:
        chosen.units.pop()
    return chosen


def _following(units: list[Unit], start: int):
    """The passage's blocks from ``start`` on, in its order: a sentence, or the rest of a list whole."""
    j = start
    while j < len(units):
        listed = units[j].list_id
        block = [k for k in _list_members(units, listed) if k >= j] if listed is not None else [j]
        yield block
        j = block[-1] + 1


def _more_of_the_passage(units: list[Unit], scores: list[float], best: int, order: list[int],
                         further: bool = True) -> list[list[int]]:
    """What a source quotes after its leading sentence, most wanted first: the sentence that follows
    it (or the list it leads into), which usually carries the statement on; then, with ``further``
    (the best source), the next best answering sentence with what it leans on."""
    blocks = []
    after = best + 1
    if after < len(units) and not units[after].item:
        listed = units[after].list_id
        blocks.append(_list_members(units, listed) if listed is not None else [after])
    ranked = sorted(range(len(units)), key=lambda j: (-scores[j], j))
    for j in ranked[1:2] if further else []:
        if scores[j] > 0 and not units[j].item and j not in order:
            listed = units[j].list_id    # a sentence leading into a list comes with the list
            blocks.append(_with_context(units, j, set(order))[:-1] + _list_members(units, listed)
                          if listed is not None else _with_context(units, j, set(order)))
    return blocks


def render(groups: list[tuple[int, Chosen]]) -> str:
    """Sentences as prose with [n] after each; list items as bullet lines, each with [n]."""
    lines: list[str] = []
    prose: list[str] = []

    def flush() -> None:
        if prose:
            lines.append(" ".join(prose))
            prose.clear()

    for n, chosen in groups:
        for k, unit in enumerate(chosen.units):
            if unit.item:
                flush()
                lines.append(f"{unit.text} [{n}]" if _NUMBERED.match(unit.text) else f"• {unit.text} [{n}]")
                continue
            if k > 0 and chosen.units[k - 1].item:
                flush()
            # A sentence leading into a list is cited by its items.
            sentence = unit.text if unit.list_id is not None else f"{unit.text} [{n}]"
            if k == 0 and chosen.heading:
                sentence = f"_{chosen.heading}_ — {sentence}"
            prose.append(sentence)
        if chosen.units and chosen.units[-1].item:
            flush()
    flush()
    return "\n".join(lines)
