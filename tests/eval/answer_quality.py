"""Answer-level figures: does the answer state the key facts ("nuggets"), and does it read well?

For every answerable question the files list 1–3 nuggets in the article's own words. A nugget is
*stated* by a text when the text holds its content words (Danish stems, as the index sees them):
all of them for a nugget of one to three words, at least three quarters for a longer one.

- answer: nuggets stated by the answer text (citation marks and the partial caveat removed);
- lead baseline: nuggets stated by the first two sentences of the best passage (a trivial answer);
- cited passages: nuggets stated by all the passages the answer cites (what an answer could state);
- first sentence: share of answered (confident or partial) answerable questions whose first
  sentence states a nugget;
- dangling start: share of answered questions whose first sentence opens with a word that points
  back to text the answer does not show ("Det betyder …", "Der kan ikke …", "Her træffes …"); a
  sentence shown after its section heading ("_Det strukturelle niveau_ — Her er fokus …") does not.

A nugget of stop words only ("Hvornår") is stated when the text holds its words as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.language.sentences import split_sentences
from indexer.language.words import analyse
from tests.eval.evaluation import Question, viewer_for

# Fixed before the answer composition was changed; the composer keeps its own list.
DANGLING_OPENERS = {
    "det", "den", "dette", "denne", "disse", "der", "her", "de", "dem", "deres", "derfor", "dermed",
    "desuden", "derudover", "herudover", "men", "og", "så", "også", "samtidig", "endelig", "heller",
    "han", "hun", "hans", "hendes", "sådan", "således", "omvendt", "tværtimod", "til",
}
_MARK = re.compile(r"\s*\[\d+\]")
_FIRST_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)
_HEADING_LABEL = re.compile(r"^_[^_]+_ — ")     # the composer's remedy for a sentence that leans on its heading


def states(text_stems: set[str], nugget: str, text_words: set[str] = frozenset()) -> bool:
    wanted = set(analyse(nugget))
    if not wanted:     # a nugget of stop words only ("Hvornår"): its words as written
        words = set(_WORD.findall(nugget.lower()))
        return bool(words) and words <= text_words
    found = len(wanted & text_stems) / len(wanted)
    return found == 1.0 if len(wanted) <= 3 else found >= 0.75


def nugget_share(text: str, nuggets: list[str]) -> float:
    stems, words = set(analyse(text)), set(_WORD.findall(text.lower()))
    return sum(states(stems, n, words) for n in nuggets) / len(nuggets) if nuggets else 0.0


def answer_sentences(answer) -> list[str]:
    """The answer's own sentences: without the caveat line of a partial answer, bullets or [n] marks."""
    lines = [line for line in answer.answer.split("\n") if line.strip()]
    if level_of_answer(answer) == "partial" and lines:
        lines = lines[1:]
    out = []
    for line in lines:
        line = _MARK.sub("", line).strip().lstrip("•-* ").strip()
        out.extend(split_sentences(line))
    return out


def level_of_answer(answer) -> str:
    level = getattr(answer, "level", None)
    return level or ("confident" if answer.confident else "none")


def dangling(sentence: str) -> bool:
    if _HEADING_LABEL.match(sentence):
        return False
    first = _FIRST_WORD.search(sentence)
    return bool(first) and first.group(0).lower() in DANGLING_OPENERS


@dataclass
class AnswerFigures:
    n_answerable: int = 0
    n_answered: int = 0
    nugget_answer: float = 0.0
    nugget_lead: float = 0.0
    nugget_cited: float = 0.0
    first_states: float = 0.0
    dangling: float = 0.0
    words: float = 0.0          # mean words of a confident answer


def lead_text(service, q: Question, snap) -> str:
    result = service.search(q.question, viewer_for(q), k=5, context=q.context, snapshot=snap)
    if not result.hits:
        return ""
    row = result.hits[0].row
    text = snap.passages([row])[row]["text"]
    return " ".join(split_sentences(text.replace("\n", " "))[:2])


def answer_figures(service, questions: list[Question]) -> AnswerFigures:
    f = AnswerFigures()
    snap = service.snapshot()
    answered_firsts, dangling_firsts, words = [], [], []
    shares = {"answer": [], "lead": [], "cited": []}
    for q in questions:
        if q.is_event:
            continue
        answer = service.ask(q.question, viewer_for(q), context=q.context)
        level = level_of_answer(answer)
        sentences = answer_sentences(answer)
        if level != "none" and sentences:
            dangling_firsts.append(dangling(sentences[0]))
        if level == "confident":
            words.append(sum(len(s.split()) for s in sentences))
        if not q.answerable or not q.nuggets:
            continue
        shares["answer"].append(nugget_share(" ".join(sentences) if level != "none" else "", q.nuggets))
        shares["lead"].append(nugget_share(lead_text(service, q, snap), q.nuggets))
        shares["cited"].append(nugget_share(" ".join(c.text for c in answer.citations), q.nuggets))
        if level != "none" and sentences:
            answered_firsts.append(nugget_share(sentences[0], q.nuggets) > 0)
    f.n_answerable = len(shares["answer"])
    f.n_answered = len(answered_firsts)
    mean = lambda xs: sum(xs) / len(xs) if xs else 0.0   # noqa: E731
    f.nugget_answer, f.nugget_lead, f.nugget_cited = (mean(shares[k]) for k in ("answer", "lead", "cited"))
    f.first_states = mean(answered_firsts)
    f.dangling = mean(dangling_firsts)
    f.words = mean(words)
    return f
