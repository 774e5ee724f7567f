"""Known people and organisations from the directory, matched in a text and replaced by their roles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, NamedTuple

from indexer.anonymise.edits import Edits, sentence_start
from indexer.knowledge.directory import Directory, Organisation, Person, genitive_of

PARTNERSHIP_NAMES = ("Byggepartnerskabet &os", "&os", "fsb HJEM")
_COMMON_CAPS = frozenset("det der den de vi man han hun og men i på for til med som når hvis".split())


@dataclass(frozen=True)
class _Target:
    kind: str                 # "person" | "organisation"
    nominative: str           # "projektlederen hos bygherren"
    genitive: str             # "projektlederen hos bygherrens"
    role: str                 # the person's own role, or the organisation's
    single: bool              # matched as one word (a first name or surname alone)
    names: tuple[str, ...] = ()   # every name of the person, to find their other forms later


class DirectoryMatch(NamedTuple):
    start: int
    end: int
    kind: str                 # "person" | "organisation"
    replacement: str
    target: "_Target"
    genitive: bool


@dataclass(frozen=True)
class KnownForms:
    pattern: re.Pattern | None
    targets: dict[str, _Target]
    emails: tuple[str, ...]
    phones: tuple[str, ...]                          # 8 digits
    partnership_names: tuple[str, ...]


@lru_cache(maxsize=8)
def directory_forms(directory: Directory) -> KnownForms:
    orgs = {o.id: o for o in directory.organisations}
    targets: dict[str, set] = {}

    def add(form: str, target: tuple) -> None:
        form = " ".join(form.split())
        if len(form) >= 2:
            targets.setdefault(_form_key(form), set()).add((form, *target))

    for org in directory.organisations:
        for name in org.names:
            add(name, ("organisation", org.role, org.role_genitive, org.role, ()))
    for person in directory.people:
        role, nominative, genitive = _person_forms(person, orgs.get(person.organisation))
        words = person.name.split()
        for form in {*person.names, words[0], words[-1], *words[-1].split("-")}:
            add(form, ("person", nominative, genitive, role, person.names))

    resolved, alternatives = {}, []
    for key, options in targets.items():
        if len({o[1:] for o in options}) > 1:
            if any(o[1] == "organisation" for o in options) and " " in key:
                options = {o for o in options if o[1] == "organisation"}
            if len({o[1:] for o in options}) > 1:
                continue   # several people share it ("Hansen"): the name stage gives it a letter
        form, kind, nominative, genitive, role, names = sorted(options)[0]
        resolved[key] = _Target(kind, nominative, genitive, role, " " not in form, names)
        alternatives.append(form)
    alternatives.sort(key=lambda a: -len(a))
    pattern = None
    if alternatives:
        body = "|".join(_form_regex(form) for form in alternatives)
        pattern = re.compile(rf"(?<![\w@.&/-])(?P<form>{body})(?P<gen>['’]s|s|['’](?!\w))?(?![\w&])")
    emails = tuple(e.lower() for p in directory.people for e in p.emails)
    phones = tuple(re.sub(r"\D", "", ph)[-8:] for p in directory.people for ph in p.phones)
    partnerships = tuple(p.name for p in directory.partnerships) + PARTNERSHIP_NAMES
    return KnownForms(pattern, resolved, emails, phones, partnerships)


def _person_forms(person: Person, org: Organisation | None) -> tuple[str, str, str]:
    """(own role, "projektlederen hos bygherren", its genitive) for one person of the directory."""
    role = person.role or ("en medarbejder" if org else "en deltager")
    if org and org.role != role:
        return role, f"{role} hos {org.role}", f"{role} hos {org.role_genitive}"
    return role, role, genitive_of(role)


def person_role(directory: Directory, slack_user_id: str | None) -> str | None:
    """How the anonymiser names the person with this Slack user id ("projektlederen hos bygherren")."""
    person = directory.person_by_slack_user(slack_user_id) if slack_user_id else None
    if person is None:
        return None
    return _person_forms(person, directory.organisation(person.organisation))[1]


def _form_key(form: str) -> str:
    return " ".join(form.split()).casefold()


def _form_regex(form: str) -> str:
    if " " not in form:
        variants = {form, form.upper(), form[0].upper() + form[1:]}
        return "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    return "(?i:" + r"\s+".join(re.escape(w) for w in form.split()) + ")"


_ORG_LINK = re.compile(r"[ \t]+(fra|hos)[ \t]+|[ \t]*\(")


def directory_matches(text: str, known: KnownForms,
                      first_name: Callable[[str], bool] = lambda w: False) -> list[DirectoryMatch]:
    """Matches in text order; "Mette fra KAB" becomes one span, "projektlederen fra bygherren".

    A first name or surname alone next to another name ("Per Larsen", "Hans Holm" when the directory
    has Nete Larsen and Albert Holm) is another person: it is left to the name stage, and so are later
    mentions of that word alone unless the directory person is named in the text some other way.
    """
    if known.pattern is None:
        return []
    out: list[DirectoryMatch] = []
    shared: set[str] = set()
    for m in known.pattern.finditer(text):
        key = _form_key(m.group("form"))
        target = known.targets[key]
        if target.single and target.kind == "person" and _next_to_name(text, m.start(), m.end(), target, first_name):
            shared.add(key)
            continue   # "Maja Hansen" is another Maja: left to the name stage
        genitive = bool(m.group("gen"))
        prev = out[-1] if out else None
        if prev and target.kind == "organisation" and prev.target.kind == "person" and not prev.genitive:
            link = _ORG_LINK.fullmatch(text[prev.end:m.start()])
            if link:
                closing = link.group(1) is None and text[m.end():m.end() + 1] == ")"
                org_role = target.genitive if genitive else target.nominative
                role = prev.target.role
                if role == target.role:
                    combined = genitive_of(role) if genitive else role
                else:
                    combined = f"{role} {link.group(1) or 'hos'} {org_role}"
                out[-1] = prev._replace(end=m.end() + closing, replacement=combined, genitive=genitive)
                continue
        replacement = target.genitive if genitive else target.nominative
        out.append(DirectoryMatch(m.start(), m.end(), target.kind, replacement, target, genitive))
    if shared:
        named = {match.target.nominative for match in out
                 if _form_key(text[match.start:match.end]).rstrip("s'’") not in shared}
        out = [match for match in out if not (match.target.single and match.target.nominative not in named
                                              and _form_key(text[match.start:match.end]).rstrip("'’s") in shared)]
    return out


def _next_to_name(text: str, start: int, end: int, target: _Target, first_name: Callable[[str], bool]) -> bool:
    if _next_to_capitalised(text, start, end):
        return True
    before = re.search(r"([^\W\d_][\w'’-]*)[ \t]+$", text[max(0, start - 30):start])
    if not before or not before.group(1)[:1].isupper():
        return False
    word = before.group(1)
    own = {w.casefold() for name in target.names for w in re.split(r"[ -]", name)}
    return word.casefold() not in own and first_name(word)


def _next_to_capitalised(text: str, start: int, end: int) -> bool:
    after = re.match(r"[ \t]+([^\W\d_])[a-zæøå]", text[end:end + 4])
    before = re.search(r"([^\W\d_])[\w'’]*[ \t]+$", text[max(0, start - 30):start])
    if after and after.group(1).isupper():
        return True
    return bool(before and before.group(1).isupper() and not sentence_start(text, start - len(before.group()))
                and before.group().strip().lower() not in _COMMON_CAPS)


def replace_directory(edits: Edits, matches: list[DirectoryMatch], full_names_only: bool = False) -> None:
    for match in matches:
        if not full_names_only or re.search(r"\s", edits.text[match.start:match.end]):
            edits.add(match.start, match.end, match.replacement, match.kind)


def detect_directory(scan: Edits, known: KnownForms) -> list[tuple[str, int]]:
    found = [("person", m.start) for m in directory_matches(scan.text, known) if scan.free(m.start, m.end)]
    lowered = scan.text.lower()
    for email in known.emails:
        for m in re.finditer(re.escape(email), lowered):
            if scan.free(m.start(), m.end()):
                found.append(("person", m.start()))
    if known.phones:   # a known number in any format: compare digits only
        positions = [m.start() for m in re.finditer(r"\d", scan.text)]
        only = "".join(scan.text[i] for i in positions)
        for phone in known.phones:
            for m in re.finditer(phone, only):
                if scan.free(positions[m.start()], positions[m.end() - 1] + 1):
                    found.append(("person", positions[m.start()]))
    return found
