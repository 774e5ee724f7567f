"""Network events (salons, meetings) from ``knowledge_base/events.yaml``: load, validate, select.

Times in the file are Europe/Copenhagen local time; every datetime here is timezone-aware in
that zone. A date without a time is an all-day event. An event may instead have
``date_status: tba`` with a ``date_text`` such as "forventes foråret 2027".
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable
from zoneinfo import ZoneInfo

import yaml

from indexer.audience import InvalidAudience, Viewer, validate_audience

TZ = ZoneInfo("Europe/Copenhagen")
EVENTS_FILE = "events.yaml"
KINDS = ("salon", "udviklingsmøde", "følgegruppemøde", "other")
STATUSES = ("planned", "postponed", "cancelled")
# An event file without an audience must not leak internal meetings: only salons default to public.
DEFAULT_AUDIENCE = {"salon": "public"}
FALLBACK_AUDIENCE = "network"


class _Loader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so a bad date is reported per field, not as a crash."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class InvalidEvents(ValueError):
    """The events file cannot be used; ``errors`` lists every problem found."""

    def __init__(self, path: Path | str, errors: list[str]):
        self.path = str(path)
        self.errors = list(errors)
        lines = "\n".join(f"  - {e}" for e in self.errors)
        super().__init__(f"{self.path}: {len(self.errors)} problem(s) in the events file:\n{lines}")


@dataclass(frozen=True)
class Location:
    name: str = ""
    address: str = ""

    def __bool__(self) -> bool:
        return bool(self.name or self.address)


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    kind: str
    start: dt.datetime | None          # aware, Europe/Copenhagen; midnight for all-day events
    end: dt.datetime | None            # aware; for all-day events midnight of the *last* day
    all_day: bool = False
    date_text: str = ""                # shown instead of a date when the date is not set (tba)
    location: Location = Location()
    online_url: str | None = None
    description: str = ""
    audience: str = "public"
    signup_url: str | None = None
    signup_deadline: dt.date | None = None
    status: str = "planned"
    related_articles: tuple[str, ...] = ()

    @property
    def is_tba(self) -> bool:
        return self.start is None

    @property
    def is_cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def is_postponed(self) -> bool:
        return self.status == "postponed"

    @property
    def finishes_at(self) -> dt.datetime | None:
        """The instant after which the event is past (None for tba events, which never are)."""
        if self.start is None:
            return None
        last = self.end or self.start
        if self.all_day:
            return dt.datetime.combine(last.date() + dt.timedelta(days=1), dt.time(), TZ)
        return last

    def is_past(self, now: dt.datetime) -> bool:
        finish = self.finishes_at
        return finish is not None and finish <= as_local(now)

    def visible_to(self, viewer: Viewer) -> bool:
        return viewer.allows(self.audience)


def as_local(moment: dt.datetime) -> dt.datetime:
    """An aware datetime in Europe/Copenhagen; a naive one is taken to be local time already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=TZ)
    return moment.astimezone(TZ)


def upcoming_events(events: Iterable[Event], viewer: Viewer, now: dt.datetime,
                    kinds: Iterable[str] | None = None) -> list[Event]:
    """Events the viewer may see that are not over: soonest first, then those with no date yet."""
    wanted = set(kinds) if kinds else None
    chosen = [
        e for e in events
        if e.visible_to(viewer) and not e.is_past(now) and (wanted is None or e.kind in wanted)
    ]
    dated = sorted((e for e in chosen if not e.is_tba), key=lambda e: (e.start, e.title))
    tba = [e for e in chosen if e.is_tba]  # file order: the editor's order is the best guess
    return dated + tba


def past_events(events: Iterable[Event], viewer: Viewer, now: dt.datetime,
                kinds: Iterable[str] | None = None) -> list[Event]:
    """Events the viewer may see that are over, most recent first."""
    wanted = set(kinds) if kinds else None
    chosen = [
        e for e in events
        if e.visible_to(viewer) and e.is_past(now) and (wanted is None or e.kind in wanted)
    ]
    return sorted(chosen, key=lambda e: e.start, reverse=True)


def find_event(events: Iterable[Event], event_id: str) -> Event | None:
    return next((e for e in events if e.id == event_id), None)


_WORD = re.compile(r"[0-9a-zæøå]+")


def search_events(events: Iterable[Event], query: str, ignore: Iterable[str] = ()) -> list[Event]:
    """Events whose id, title or place best match the query's words (prefix match, so 'skalaen'
    finds 'Skala'); ties keep the given order. Words in ``ignore`` and words under 3 letters don't count."""
    skip = set(ignore)
    words = [w for w in _WORD.findall(query.lower()) if len(w) >= 3 and w not in skip]
    if not words:
        return []
    scored = []
    for position, event in enumerate(events):
        haystack = " ".join([event.id.replace("-", " "), event.title, event.location.name,
                             event.location.address]).lower()
        tokens = _WORD.findall(haystack)
        score = sum(1 for w in words if any(_same_word(w, t) for t in tokens))
        if score:
            scored.append((-score, position, event))
    return [event for _, _, event in sorted(scored, key=lambda item: item[:2])]


def _same_word(query_word: str, token: str) -> bool:
    """'skalaen' ~ 'skala', 'evaluering' ~ 'evalueringer': a shared stem of at least 4 letters."""
    if len(token) < 3:
        return False
    stem = min(len(query_word), len(token), 5)
    return stem >= 3 and query_word[:stem] == token[:stem] and (stem >= 4 or query_word == token)


def events_path(kb_dir: Path | str) -> Path:
    """Where a knowledge base keeps its events: ``<kb dir>/events.yaml``."""
    return Path(kb_dir) / EVENTS_FILE


_cache: dict[Path, tuple[tuple[int, int], list[Event]]] = {}
_cache_lock = threading.Lock()


def cached_events(path: Path | str) -> list[Event]:
    """``load_events`` re-read only when the file changes: cheap enough to call on every question."""
    path = Path(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        return []
    key = (stat.st_mtime_ns, stat.st_size)
    with _cache_lock:
        hit = _cache.get(path)
        if hit and hit[0] == key:
            return hit[1]
    events = load_events(path)
    with _cache_lock:
        _cache[path] = (key, events)
    return events


def load_events(path: Path | str) -> list[Event]:
    """Read and validate an events file. A missing file means no events; problems raise InvalidEvents."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        raw_text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidEvents(path, [f"the file is not UTF-8 (byte {exc.start}); save it as UTF-8"]) from None
    try:
        data = yaml.load(raw_text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InvalidEvents(path, [f"invalid YAML at {where}{problem}; fix the syntax"]) from None
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("events", []), list):
        raise InvalidEvents(path, ["the file must be a mapping with a list under 'events:'"])
    events: list[Event] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(data.get("events") or [], start=1):
        label = f"event #{index}"
        if not isinstance(raw, dict):
            errors.append(f"{label}: must be a mapping with id, title, kind, …")
            continue
        if isinstance(raw.get("id"), str) and raw["id"].strip():
            label = f"event {raw['id'].strip()!r}"
        problems: list[str] = []
        event = _parse_event(raw, problems)
        errors.extend(f"{label}: {p}" for p in problems)
        if event is None:
            continue
        if event.id in seen:
            errors.append(f"{label}: duplicate id (also event #{seen[event.id]}); give each event its own id")
            continue
        seen[event.id] = index
        events.append(event)
    if errors:
        raise InvalidEvents(path, errors)
    return events


def _parse_event(raw: dict, problems: list[str]) -> Event | None:
    event_id = _text(raw.get("id"))
    title = _text(raw.get("title"))
    if not event_id:
        problems.append("field 'id' is missing; add a short unique id such as salon-skala-2021")
    if not title:
        problems.append("field 'title' is missing; add the title shown to members")

    kind = _text(raw.get("kind")) or "other"
    if kind not in KINDS:
        problems.append(f"field 'kind' is {kind!r}; use one of {', '.join(KINDS)}")

    status = _text(raw.get("status")) or "planned"
    if status not in STATUSES:
        problems.append(f"field 'status' is {status!r}; use one of {', '.join(STATUSES)}")

    audience = DEFAULT_AUDIENCE.get(kind, FALLBACK_AUDIENCE)
    if raw.get("audience") is not None:
        try:
            audience = validate_audience(str(raw["audience"]))
        except InvalidAudience as exc:
            problems.append(f"field 'audience': {exc}")

    start, end, all_day, date_text = _parse_dates(raw, problems)
    location = _parse_location(raw.get("location"), problems)

    deadline = None
    if raw.get("signup_deadline") not in (None, ""):
        moment, _ = _parse_moment(raw["signup_deadline"], "signup_deadline", problems)
        deadline = moment.date() if moment else None

    related = raw.get("related_articles") or []
    if isinstance(related, str):
        related = [related]
    if not isinstance(related, list) or not all(isinstance(r, str) for r in related):
        problems.append("field 'related_articles' must be a list of article paths")
        related = []

    if problems:
        return None
    return Event(
        id=event_id, title=title, kind=kind, start=start, end=end, all_day=all_day,
        date_text=date_text, location=location, online_url=_text(raw.get("online_url")) or None,
        description=_text(raw.get("description")), audience=audience,
        signup_url=_text(raw.get("signup_url")) or None, signup_deadline=deadline,
        status=status, related_articles=tuple(related),
    )


def _parse_dates(raw: dict, problems: list[str]):
    date_status = _text(raw.get("date_status"))
    date_text = _text(raw.get("date_text"))
    if date_status and date_status not in ("tba", "scheduled"):
        problems.append(f"field 'date_status' is {date_status!r}; use 'tba' (or leave it out)")
        return None, None, False, date_text
    if date_status == "tba":
        if raw.get("start") is not None or raw.get("end") is not None:
            problems.append("has both 'date_status: tba' and 'start'/'end'; remove one of them")
        if not date_text:
            problems.append("field 'date_text' is missing for a tba event; add e.g. "
                            "\"dato følger – forventes efteråret 2027\"")
        return None, None, False, date_text
    if raw.get("start") in (None, ""):
        problems.append("field 'start' is missing; add a date (YYYY-MM-DD) or date-time "
                        "(YYYY-MM-DDTHH:MM), or set 'date_status: tba' with a 'date_text'")
        return None, None, False, date_text
    start, start_all_day = _parse_moment(raw["start"], "start", problems)
    end, end_all_day = (None, start_all_day)
    if raw.get("end") not in (None, ""):
        end, end_all_day = _parse_moment(raw["end"], "end", problems)
    if start is None or (raw.get("end") not in (None, "") and end is None):
        return None, None, False, date_text
    if start_all_day != end_all_day:
        problems.append("fields 'start' and 'end' must both be dates or both be date-times")
        return None, None, False, date_text
    if end is not None and end < start:
        problems.append(f"field 'end' ({raw['end']}) is before 'start' ({raw['start']}); fix one of them")
    return start, end, start_all_day, date_text


def _parse_moment(value, field: str, problems: list[str]) -> tuple[dt.datetime | None, bool]:
    """YAML gives date/datetime objects for unquoted values and strings for quoted ones."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = dt.datetime.fromisoformat(text) if ("T" in text or " " in text) else dt.date.fromisoformat(text)
        except ValueError:
            problems.append(f"field {field!r} is {text!r}; write YYYY-MM-DD or YYYY-MM-DDTHH:MM "
                            "(Europe/Copenhagen local time)")
            return None, False
    if isinstance(value, dt.datetime):
        return as_local(value), False
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), TZ), True
    problems.append(f"field {field!r} is {value!r}; write YYYY-MM-DD or YYYY-MM-DDTHH:MM")
    return None, False


def _parse_location(value, problems: list[str]) -> Location:
    if value in (None, ""):
        return Location()
    if isinstance(value, str):
        return Location(name=value.strip())
    if isinstance(value, dict):
        return Location(name=_text(value.get("name")), address=_text(value.get("address")))
    problems.append("field 'location' must be a mapping with 'name' and 'address'")
    return Location()


def _text(value) -> str:
    return "" if value is None else str(value).strip()
