"""Answers to questions about dates and places of events ("hvornår er næste salon?") from events.yaml.

Article passages describe what happened at a salon; only the events file knows when the next one
is. Detection is deliberately conservative: a question needs an event word *and* a when/where/which
cue, and questions about content ("hvad blev drøftet på salonen?") are left to search.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid
from pathlib import Path

from babel.dates import get_month_names

from indexer.audience import Viewer
from indexer.events.text import danish_date, format_event_text, format_place, format_when
from indexer.knowledge.events import (
    Event,
    InvalidEvents,
    as_local,
    cached_events,
    past_events,
    search_events,
    upcoming_events,
)
from indexer.search.contract import Answer, Citation

log = logging.getLogger(__name__)

DOC_ID = "events.yaml"
MAX_LISTED = 6
MONTHS = {name: number for number, name in get_month_names("wide", locale="da_DK").items()}

# Event words. A specific kind narrows the answer; a generic word means every kind.
_KIND_WORDS = [
    (re.compile(r"\bsalon\w*"), "salon"),
    (re.compile(r"følgegruppe\w*"), "følgegruppemøde"),
    (re.compile(r"\budviklingsmøde\w*"), "udviklingsmøde"),
]
_GENERIC_WORDS = re.compile(
    r"\b(arrangement\w*|event\w*|begivenhed\w*|møde|mødet|møder|møderne|seminar\w*|konference\w*|"
    r"netværksmøde\w*|tilmeld\w*|kalender\w*)\b"
)
_PLURAL = re.compile(r"\b(saloner\w*|arrangementer\w*|møder\w*|events|begivenheder\w*|alle)\b")
_PAST = re.compile(r"\b(blev|var|holdtes|afholdtes|fandt|har været|foregik|afholdt)\b")
_NEXT = re.compile(r"\b(næste|kommende|snart|førstkommende)\b")
_WHEN = re.compile(r"\b(hvornår|dato|datoen|datoer|tidspunkt\w*|klokken|kl|planlagt\w*|i år)\b")
_WHERE = re.compile(
    r"\bhvor\b(?!\s+(mange|meget|store?|godt|langt|ofte|lang|længe|dan|hurtigt|vigtig\w*)\b)"
    r"|\b(adresse\w*|lokation\w*|lokale\w*|online)\b"
)
_SIGNUP_OR_STATUS = re.compile(r"\b(tilmeld\w*|frist\w*|deadline|aflys\w*|aflyst|udsat|rykket|flyttet)\b")
_EVENT_NOUN = r"(salon\w*|arrangement\w*|møde\w*|\w*møde\w*|events?|begivenhed\w*|seminar\w*|følgegruppe\w*)"
_WHICH = re.compile(
    rf"\b(hvilke[nt]?|er der|findes der|holder i|har i)\s+((nogen|nogle|flere|en|et|andre)\s+)?(\w+\s+)?{_EVENT_NOUN}"
)
# Questions about what was said or learnt go to search even when they name a salon.
_CONTENT = re.compile(
    r"\b(hvad (blev|skete|handlede|kom|lærte|sagde|var)|erfaring\w*|drøft\w*|diskut\w*|konklu\w*|"
    r"lærte|læring\w*|opsummering\w*|referat\w*|hvorfor|hvordan|snak\w*|talte|talt|handlede|sagde)\b"
)


# Function words that would otherwise match titles ("Salon om skala og udbud").
_STOP_WORDS = frozenset("""
alle andre at af den det der dem denne dette disse efter eller en er et for fra har hvad hvem
hvilke hvilken hvilket hvis hvor hvornår ikke ind jeg kan kommer man med mig mon når næste nogen
nogle og om op på sig skal som til ud var vi vil være holdes afholdes foregår finder sted gang
kommende seneste sidste første
""".split())


def is_event_question(question: str) -> bool:
    """True when the question asks when/where/which about events."""
    text = _normalise(question)
    if not (_kinds(text) is not None or _GENERIC_WORDS.search(text)):
        return False
    strong = bool(_WHEN.search(text) or _WHERE.search(text) or _SIGNUP_OR_STATUS.search(text))
    weak = bool(_NEXT.search(text) or _WHICH.search(text) or _month(text))
    if _CONTENT.search(text) and not strong:
        return False
    return strong or weak


def answer_event_question(question: str, events: list[Event], viewer: Viewer | None,
                          now: dt.datetime, *, source_path: str | None = DOC_ID) -> Answer | None:
    """A Danish answer from the events for an event question; None when it is not one."""
    if not is_event_question(question):
        return None
    viewer = viewer or Viewer.public()
    now = as_local(now)
    text = _normalise(question)
    kinds = _kinds(text)
    month = _month(text)
    noun = _noun(kinds)
    upcoming = upcoming_events(events, viewer, now, kinds=kinds)
    named = _named_event(text, events, viewer, now, kinds)
    if named is not None:
        return _single_answer(question, named, text, noun, source_path, named=True, now=now)
    if _PAST.search(text) and not _NEXT.search(text):
        held = past_events(events, viewer, now, kinds=kinds)
        if not held:
            return None     # nothing this viewer may see was held: articles may still know
        held.reverse()      # in the order they took place
        return _list_answer(question, held, f"Afholdte {noun.plural}", source_path)
    if month:
        month_name = _month_name(month)
        in_month = [e for e in upcoming if e.start is not None and e.start.month == month]
        if in_month:
            return _list_answer(question, in_month, f"Kommende {noun.plural} i {month_name}", source_path)
        intro = f"Jeg kender ingen kommende {noun.plural} i {month_name}."
        if upcoming:
            return _single_answer(question, _next_taking_place(upcoming), text, noun, source_path,
                                  intro=intro + " ")
        return _nothing_answer(question, intro, events, viewer, now, kinds, source_path)
    if not upcoming:
        intro = f"Der er ingen kommende {noun.plural} i kalenderen lige nu."
        return _nothing_answer(question, intro, events, viewer, now, kinds, source_path)
    plural = bool(_PLURAL.search(text)) or (kinds is None and not _NEXT.search(text))
    if plural and len(upcoming) > 1:
        return _list_answer(question, upcoming, f"Kommende {noun.plural}", source_path)
    # "Næste salon" means the next one that takes place; a cancelled one is only named if it is all.
    return _single_answer(question, _next_taking_place(upcoming), text, noun, source_path)


def _next_taking_place(events: list[Event]) -> Event:
    return next((e for e in events if not e.is_cancelled), events[0])


def answer_event_question_from_file(question: str, events_path: Path | str, viewer: Viewer | None,
                                    now: dt.datetime) -> Answer | None:
    """As :func:`answer_event_question`, reading (cached) events; an invalid file is logged, not fatal."""
    if not is_event_question(question):
        return None
    try:
        events = cached_events(events_path)
    except InvalidEvents as exc:
        log.error("events file is invalid, event questions go to search: %s", exc)
        return None
    return answer_event_question(question, events, viewer, now, source_path=str(events_path))


class _Noun:
    def __init__(self, singular: str, plural: str, article: str):
        self.singular, self.plural, self.article = singular, plural, article


_NOUNS = {
    "salon": _Noun("salon", "saloner", "den"),
    "følgegruppemøde": _Noun("møde i følgegruppen", "møder i følgegruppen", "det"),
    "udviklingsmøde": _Noun("udviklingsmøde", "udviklingsmøder", "det"),
}
_GENERIC_NOUN = _Noun("arrangement", "arrangementer", "det")


def _noun(kinds: set[str] | None) -> _Noun:
    if kinds and len(kinds) == 1:
        return _NOUNS[next(iter(kinds))]
    return _GENERIC_NOUN


def _named_event(text: str, events: list[Event], viewer: Viewer, now: dt.datetime,
                 kinds: set[str] | None) -> Event | None:
    """The event the question names by a distinctive word ("salonen om skala"), upcoming first."""
    ignore = {w for w in re.findall(r"\w+", text)
              if w in _STOP_WORDS or w in MONTHS or _GENERIC_WORDS.fullmatch(w)
              or any(p.fullmatch(w) for p, _ in _KIND_WORDS)}
    candidates = upcoming_events(events, viewer, now, kinds) + past_events(events, viewer, now, kinds)
    hits = search_events(candidates, text, ignore=ignore)
    return hits[0] if hits else None


def _single_answer(question: str, event: Event, text: str, noun: _Noun, source_path: str | None,
                   *, intro: str = "", named: bool = False, now: dt.datetime | None = None) -> Answer:
    past = now is not None and event.is_past(now)
    if named and event.is_tba:
        sentences = [f"Datoen for «{event.title}» er ikke fastlagt endnu: {format_when(event)} [1]."]
    elif named and event.is_cancelled:
        return _answer(question, f"«{event.title}» {format_when(event)} er aflyst [1].", [event], source_path)
    elif named:
        sentences = [f"«{event.title}» {'var' if past else 'er'} {format_when(event)} [1]."]
    elif event.is_tba:
        sentences = [f"Datoen for {noun.article} næste {noun.singular}, «{event.title}», er ikke fastlagt "
                     f"endnu: {format_when(event)} [1]."]
    else:
        sentences = [f"{noun.article.capitalize()} næste {noun.singular} er «{event.title}» "
                     f"{format_when(event)} [1]."]
    if event.is_cancelled:
        sentences.append("Bemærk: arrangementet er aflyst [1].")
    elif event.is_postponed:
        sentences.append("Bemærk: arrangementet er udsat [1].")
    place = format_place(event)
    if place:
        sentences.append(f"Sted: {place} [1].")
    if event.online_url and not past:
        sentences.append(f"Man kan deltage online: {event.online_url} [1].")
    if not place and not event.online_url and _WHERE.search(text):
        sentences.append("Stedet er ikke oplyst endnu [1].")
    if not event.is_cancelled and not past and (event.signup_url or event.signup_deadline):
        signup = f"Tilmelding: {event.signup_url}" if event.signup_url else "Tilmelding"
        if event.signup_deadline:
            signup += f" (senest {danish_date(event.signup_deadline)})"
        sentences.append(signup + " [1].")
    return _answer(question, intro + " ".join(sentences), [event], source_path)


def _list_answer(question: str, events: list[Event], heading: str, source_path: str | None) -> Answer:
    shown = events[:MAX_LISTED]
    lines = [f"{heading}:"]
    for n, event in enumerate(shown, start=1):
        marker = {"cancelled": " (AFLYST)", "postponed": " (UDSAT)"}.get(event.status, "")
        place = format_place(event)
        where = f", {place}" if place else ""
        lines.append(f"• «{event.title}»{marker} – {format_when(event)}{where} [{n}]")
    if len(events) > len(shown):
        lines.append(f"… og {len(events) - len(shown)} flere. Skriv /salon alle for hele listen.")
    return _answer(question, "\n".join(lines), shown, source_path)


def _nothing_answer(question: str, intro: str, events: list[Event], viewer: Viewer, now: dt.datetime,
                    kinds: set[str] | None, source_path: str | None) -> Answer:
    latest = past_events(events, viewer, now, kinds=kinds)
    if latest:
        event = latest[0]
        return _answer(question, f"{intro} {_past_sentence(event)} [1].", [event], source_path)
    return _answer(question, intro, [], source_path)


def _past_sentence(event: Event) -> str:
    return f"Det seneste var «{event.title}» {format_when(event)}"


def _answer(question: str, text: str, events: list[Event], source_path: str | None) -> Answer:
    citations = [
        Citation(n=n, doc_id=DOC_ID, title=event.title, section=format_when(event), url=event.signup_url,
                 path=source_path, passage_id=f"{DOC_ID}#{event.id}", score=1.0,
                 text=format_event_text(event, description=True))
        for n, event in enumerate(events, start=1)
    ]
    return Answer(question=question, answer=text, confident=True, citations=citations,
                  answer_id=uuid.uuid4().hex[:12])


def _normalise(question: str) -> str:
    return re.sub(r"[^\wæøå&:\- ]+", " ", question.lower())


def _kinds(text: str) -> set[str] | None:
    kinds = {kind for pattern, kind in _KIND_WORDS if pattern.search(text)}
    return kinds or None


def _month(text: str) -> int | None:
    for name, number in MONTHS.items():
        if re.search(rf"\b{name}\b", text):
            return number
    return None


def _month_name(number: int) -> str:
    return next(name for name, n in MONTHS.items() if n == number)
