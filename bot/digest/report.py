"""The weekly digest's content for one audience: what happened, what is thin, what to do next.

A *scope* says what one recipient may read. Admins (in a DM, or ``python -m bot digest``) see
everything. A channel sees only questions asked in public or network channels it could read
itself and articles of its audience: questions from DMs, /spørg and partnership channels go to
the admins only (``admin_supplement``). Numbers (questions asked, the chart) are the same for all.
Every item carries a suggested action in Danish.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from bot.digest.data import DigestData, Origin, Week
from indexer import ArticleInfo, Viewer, group_questions

TOP_TOPICS = 10
TOP_ITEMS = 10
TOP_CITED = 5
SHARED_LEVELS = ("public", "network")
HANDOFF_PATIENCE_DAYS = 3

WRITE = "Skriv en artikel om emnet – eller gem netværkets svar med genvejen «Gem i vidensbanken»."
CHECK_SOURCES = "Læs de citerede artikler igennem: svaret var sikkert, men blev vurderet som ikke brugbart."
FIX_ARTICLE = "Ret eller suppler {titles}, som svaret byggede på."
WRITE_MISSING = "Skriv det svar, der manglede – svaret byggede ikke på nogen artikel."
REMIND = "Påmind netværket i tråden – eller svar selv."
WAIT = "Giv netværket et par dage endnu."
SAVE_REPLY = "Netværket har svaret: brug «Gem i vidensbanken» på tråden, så svaret bliver til viden."
KEEP_FRESH = "Hold den opdateret – den bærer mange svar."
NEVER = ("Tjek, om titel og tekst bruger de ord, medlemmerne spørger med – eller om artiklen kan "
         "arkiveres.")
STALE = "Opdatér artiklen, eller bekræft at den stadig gælder – den er skrevet {date}."


@dataclass(frozen=True)
class Item:
    text: str                    # plain text (a question, a reason, an article title)
    action: str                  # what a curator could do, in Danish
    detail: str = ""             # e.g. "3 gange · 2 uden sikkert svar"
    link: str | None = None


@dataclass
class Digest:
    since: dt.datetime
    until: dt.datetime
    admin_only: bool                         # the admins' supplement to a channel digest
    asked: int | None = None                 # None: not shown (a supplement)
    confident: int = 0
    up: int = 0
    down: int = 0
    topics: list[Item] = field(default_factory=list)
    more_topics: int = 0
    reasons: list[Item] = field(default_factory=list)
    handoffs: list[Item] = field(default_factory=list)
    most_cited: list[Item] = field(default_factory=list)
    never_cited: list[Item] = field(default_factory=list)
    more_never: int = 0
    stale: list[Item] = field(default_factory=list)
    weeks: list[Week] = field(default_factory=list)
    hidden: int = 0                          # items left out here because only admins may read them

    @property
    def empty(self) -> bool:
        return not (self.asked or self.topics or self.reasons or self.handoffs or self.most_cited
                    or self.never_cited or self.stale)


@dataclass(frozen=True)
class Scope:
    """What one recipient may read: ``origin(o)`` for questions, ``article(a)`` for articles."""

    origin: Callable[[Origin], bool]
    article: Callable[[ArticleInfo], bool]
    totals: bool
    admin_only: bool = False


def shared_with(viewer: Viewer, origin: Origin) -> bool:
    """A question may be shown in a channel only when it was asked in a channel of public or
    network audience that this channel's audience covers (never from a DM, /spørg or a partnership)."""
    return (origin.kind == "channel" and origin.audience in SHARED_LEVELS
            and viewer.allows(origin.audience))


def admin_scope() -> Scope:
    return Scope(origin=lambda o: True, article=lambda a: True, totals=True)


def channel_scope(viewer: Viewer) -> Scope:
    return Scope(origin=lambda o: shared_with(viewer, o), article=lambda a: viewer.allows(a.audience),
                 totals=True)


def admin_supplement(viewer: Viewer) -> Scope:
    """What a channel digest leaves out, for the admins' DMs."""
    return Scope(origin=lambda o: not shared_with(viewer, o), article=lambda a: not viewer.allows(a.audience),
                 totals=False, admin_only=True)


def _times(n: int) -> str:
    return f"{n} gang" if n == 1 else f"{n} gange"


def _danish_date(iso: str | None) -> str:
    if not iso:
        return "på en ukendt dato"
    date = dt.date.fromisoformat(iso)
    return f"{date.day}.{date.month}.{date.year}"


def _months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def build_digest(data: DigestData, articles: list[ArticleInfo], scope: Scope, *, stale_months: int,
                 permalink: Callable[[str, str], str | None] | None = None) -> Digest:
    digest = Digest(since=data.since, until=data.until, admin_only=scope.admin_only)
    if scope.totals:
        digest.asked = len(data.questions)
        digest.confident = sum(q.confident for q in data.questions)
        digest.up, digest.down, digest.weeks = data.up, data.down, data.weeks
    _topics(digest, data, scope)
    titles = {a.doc_id: a.title for a in articles}
    for reason in data.reasons:
        if not scope.origin(reason.origin):
            digest.hidden += 1
            continue
        cited = [f"«{titles[d]}»" for d in dict.fromkeys(reason.doc_ids) if d in titles][:3]
        action = FIX_ARTICLE.format(titles=" og ".join(cited)) if cited else WRITE_MISSING
        digest.reasons.append(Item(f"«{reason.reason}»", action, detail=f"til «{reason.question}»"))
    for handoff in data.handoffs:
        if not scope.origin(handoff.origin):
            digest.hidden += 1
            continue
        days = (data.until - handoff.created_at).days
        link = (permalink(handoff.channel_id, handoff.message_ts)
                if permalink and handoff.channel_id and handoff.message_ts else None)
        if handoff.replied:
            action, detail = SAVE_REPLY, "svar i tråden, ikke gemt endnu"
        else:
            action = REMIND if days >= HANDOFF_PATIENCE_DAYS else WAIT
            detail = f"intet svar efter {days} dage" if days != 1 else "intet svar efter 1 dag"
        digest.handoffs.append(Item(handoff.question, action, detail=detail, link=link))
    _articles(digest, data, [a for a in articles if scope.article(a)], stale_months)
    return digest


def _topics(digest: Digest, data: DigestData, scope: Scope) -> None:
    """Unanswered or 👎 questions, near-duplicates together, the most asked topic first."""
    wanted = [q for q in data.questions if not q.confident or q.voted_down]
    shown = [q for q in wanted if scope.origin(q.origin)]
    digest.hidden += len(wanted) - len(shown)
    asked = Counter(q.text for q in shown)
    texts = [t for t, _ in asked.most_common()]
    by_text = {t: [q for q in shown if q.text == t] for t in texts}
    groups = []
    for topic in group_questions(texts, reference=data.all_questions):
        members = [texts[i] for i in topic.members]
        rows = [q for t in members for q in by_text[t]]
        groups.append((len(rows), members, rows))
    groups.sort(key=lambda g: -g[0])
    for count, members, rows in groups[:TOP_TOPICS]:
        unanswered = sum(not q.confident for q in rows)
        down = sum(q.voted_down for q in rows)
        parts = [_times(count)]
        if unanswered:
            parts.append(f"{unanswered} uden sikkert svar")
        if down:
            parts.append(f"{down} med 👎")
        variants = "".join(f" / «{m}»" for m in members[1:3])
        action = WRITE if unanswered * 2 >= count else CHECK_SOURCES
        digest.topics.append(Item(f"«{members[0]}»{variants}", action, detail=" · ".join(parts)))
    digest.more_topics = max(0, len(groups) - TOP_TOPICS)


def _articles(digest: Digest, data: DigestData, articles: list[ArticleInfo], stale_months: int) -> None:
    by_id = {a.doc_id: a for a in articles}
    for doc_id, n in sorted(data.cited.items(), key=lambda item: (-item[1], item[0])):
        if doc_id in by_id and len(digest.most_cited) < TOP_CITED:
            digest.most_cited.append(Item(by_id[doc_id].title, KEEP_FRESH, detail=f"citeret {_times(n)}"))
    never = sorted((a for a in articles if not data.cited_ever.get(a.doc_id)), key=lambda a: a.title.lower())
    digest.never_cited = [Item(a.title, NEVER) for a in never[:TOP_ITEMS]]
    digest.more_never = max(0, len(never) - TOP_ITEMS)
    today = data.until.date()
    for article in sorted(articles, key=lambda a: a.date or ""):
        n = data.cited_ever.get(article.doc_id, 0)
        if not article.date or not n:
            continue
        months = _months_between(dt.date.fromisoformat(article.date), today)
        if months >= stale_months:
            digest.stale.append(Item(article.title, STALE.format(date=_danish_date(article.date)),
                                     detail=f"{months} måneder gammel, citeret {_times(n)}"))
    digest.stale = digest.stale[:TOP_ITEMS]
