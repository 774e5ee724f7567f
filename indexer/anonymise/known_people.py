"""Known people and organisations from the directory, matched in a text and replaced by their roles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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
            add(name, ("organisation", org.role, org.role_genitive, org.role))
    for person in directory.people:
        role, nominative, genitive = _person_forms(person, orgs.get(person.organisation))
        words = person.name.split()
        for form in {*person.names, words[0], words[-1], *words[-1].split("-")}:
            add(form, ("person", nominative, genitive, role))

    resolved, alternatives = {}, []
    for key, options in targets.items():
        if len({o[1:] for o in options}) > 1:
            if any(o[1] == "organisation" for o in options) and " " in key:
                options = {o for o in options if o[1] == "organisation"}
            if len({o[1:] for o in options}) > 1:
                continue   # several people share it ("Hansen"): the name stage gives it a letter
        form, kind, nominative, genitive, role = sorted(options)[0]
        resolved[key] = _Target(kind, nominative, genitive, role, " " not in form)
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


def directory_matches(text: str, known: KnownForms) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, replacement); "Mette fra KAB" becomes one span, "projektlederen fra bygherren"."""
    if known.pattern is None:
        return []
    out: list[tuple[int, int, str, str, _Target, bool]] = []
    for m in known.pattern.finditer(text):
        target = known.targets[_form_key(m.group("form"))]
        if target.single and target.kind == "person" and _next_to_capitalised(text, m.start(), m.end()):
            continue   # "Maja Hansen" is another Maja: left to the name stage
        genitive = bool(m.group("gen"))
        prev = out[-1] if out else None
        if prev and target.kind == "organisation" and prev[4].kind == "person" and not prev[5]:
            link = _ORG_LINK.fullmatch(text[prev[1]:m.start()])
            if link:
                closing = link.group(1) is None and text[m.end():m.end() + 1] == ")"
                org_role = target.genitive if genitive else target.nominative
                role = prev[4].role
                if role == target.role:
                    combined = genitive_of(role) if genitive else role
                else:
                    combined = f"{role} {link.group(1) or 'hos'} {org_role}"
                out[-1] = (prev[0], m.end() + closing, "person", combined, prev[4], genitive)
                continue
        replacement = target.genitive if genitive else target.nominative
        out.append((m.start(), m.end(), target.kind, replacement, target, genitive))
    return [(start, end, kind, replacement) for start, end, kind, replacement, _, _ in out]


def _next_to_capitalised(text: str, start: int, end: int) -> bool:
    after = re.match(r"[ \t]+([^\W\d_])[a-zæøå]", text[end:end + 4])
    before = re.search(r"([^\W\d_])[\w'’]*[ \t]+$", text[max(0, start - 30):start])
    if after and after.group(1).isupper():
        return True
    return bool(before and before.group(1).isupper() and not sentence_start(text, start - len(before.group()))
                and before.group().strip().lower() not in _COMMON_CAPS)


def replace_directory(edits: Edits, matches: list[tuple[int, int, str, str]],
                       full_names_only: bool = False) -> None:
    for start, end, kind, replacement in matches:
        if not full_names_only or re.search(r"\s", edits.text[start:end]):
            edits.add(start, end, replacement, kind)


def detect_directory(scan: Edits, known: KnownForms) -> list[tuple[str, int]]:
    found = [("person", start) for start, end, _, _ in directory_matches(scan.text, known)
             if scan.free(start, end)]
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
