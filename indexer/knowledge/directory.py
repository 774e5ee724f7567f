"""Who is who: people, organisations and partnerships from ``knowledge_base/directory.yaml``.

The anonymiser turns the people and organisations named here into roles; the bot looks up a
Slack user's partnerships to choose what they may see. Also loads ``allowlist.yaml``: terms
(estate, street and place names) that the anonymiser must leave alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_DIGITS = re.compile(r"^(?:45|0045)?(\d{8})$")

_TOP_LEVEL = ("partnerships", "organisations", "people")
_PARTNERSHIP_FIELDS = ("id", "name")
_ORGANISATION_FIELDS = ("id", "name", "aliases", "role", "role_genitive", "partnerships")
_PERSON_FIELDS = ("id", "name", "variants", "emails", "phones", "organisation", "role",
                  "slack_user_id", "partnerships", "admin")


class InvalidDirectory(ValueError):
    """directory.yaml (or allowlist.yaml) cannot be used; the message says where and what to fix."""


class InvalidAllowlist(InvalidDirectory):
    """allowlist.yaml cannot be used."""


@dataclass(frozen=True)
class Partnership:
    id: str
    name: str


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    role: str                       # Danish, definite: "bygherren"
    role_genitive: str              # "bygherrens"
    aliases: tuple[str, ...] = ()
    partnerships: frozenset[str] = frozenset()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    variants: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()    # as written in the file
    organisation: str | None = None
    role: str | None = None         # Danish, definite: "projektlederen"
    slack_user_id: str | None = None
    partnerships: frozenset[str] = frozenset()   # resolved: own list, or the organisation's
    admin: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.variants)


@dataclass(frozen=True)
class Directory:
    partnerships: tuple[Partnership, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    people: tuple[Person, ...] = ()
    _by_slack_user: dict[str, Person] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_slack_user.update({p.slack_user_id: p for p in self.people if p.slack_user_id})

    @classmethod
    def empty(cls) -> "Directory":
        return cls()

    def organisation(self, org_id: str | None) -> Organisation | None:
        return next((o for o in self.organisations if o.id == org_id), None)

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)

    def person_by_slack_user(self, user_id: str) -> Person | None:
        return self._by_slack_user.get(user_id)


def load_directory(path: str | Path) -> Directory:
    """Read and validate directory.yaml. A missing file is an empty directory."""
    path = Path(path)
    if not path.is_file():
        return Directory.empty()
    data = _read_yaml(path, InvalidDirectory)
    if data is None:
        return Directory.empty()
    check = _Checker(path)
    if not isinstance(data, dict):
        check.fail(None, None, "the file must be a mapping with the keys "
                   "'partnerships', 'organisations' and 'people'")
    unknown = sorted(set(map(str, data)) - set(_TOP_LEVEL))
    if unknown:
        check.fail(None, unknown[0], f"unknown top-level key; use only {', '.join(_TOP_LEVEL)}")

    partnerships = tuple(_partnership(check, e) for e in check.entries(data, "partnerships"))
    check.unique_ids("partnerships", partnerships)
    known_partnerships = {p.id for p in partnerships}

    organisations = tuple(_organisation(check, e, known_partnerships)
                          for e in check.entries(data, "organisations"))
    check.unique_ids("organisations", organisations)
    orgs = {o.id: o for o in organisations}

    people = tuple(_person(check, e, orgs, known_partnerships) for e in check.entries(data, "people"))
    check.unique_ids("people", people)
    seen: dict[str, str] = {}
    for person in people:
        if person.slack_user_id:
            if person.slack_user_id in seen:
                check.fail(person.id, "slack_user_id",
                           f"{person.slack_user_id!r} is already used by {seen[person.slack_user_id]!r}; "
                           "each Slack user id may belong to one person only")
            seen[person.slack_user_id] = person.id
    return Directory(partnerships, organisations, people)


def load_allowlist(path: str | Path) -> frozenset[str]:
    """Terms the anonymiser must keep, from ``terms: [...]``. A missing file is an empty list."""
    path = Path(path)
    if not path.is_file():
        return frozenset()
    data = _read_yaml(path, InvalidAllowlist)
    if data is None:
        return frozenset()
    if not isinstance(data, dict) or set(data) - {"terms"}:
        raise InvalidAllowlist(f"{path}: the file must be a mapping with one key, 'terms', "
                               "holding a list of words, e.g. terms: [Mjølnerparken, Kildeparken]")
    terms = data.get("terms") or []
    if not isinstance(terms, list):
        raise InvalidAllowlist(f"{path}: 'terms' must be a list of words, e.g. terms: [Mjølnerparken]")
    result = set()
    for i, term in enumerate(terms, start=1):
        if not isinstance(term, str) or not term.strip():
            raise InvalidAllowlist(f"{path}: term number {i} in 'terms' must be a non-empty text, "
                                   f"got {term!r}")
        result.add(_nfc(term.strip()))
    return frozenset(result)


# --- validation -------------------------------------------------------------------------------

def _read_yaml(path: Path, error: type[InvalidDirectory]) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise error(f"{path}: the file is not UTF-8 text; save it as UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise error(f"{path}: the file is not valid YAML{where} ({problem}); "
                    "fix the indentation or quoting there") from None


class _Checker:
    def __init__(self, path: Path):
        self.path = path

    def fail(self, entry: str | None, fld: str | None, message: str):
        where = str(self.path)
        if entry:
            where += f": entry {entry!r}"
        if fld:
            where += f", field {fld!r}" if entry else f": field {fld!r}"
        raise InvalidDirectory(f"{where}: {message}")

    def entries(self, data: dict, section: str) -> list[dict]:
        items = data.get(section) or []
        if not isinstance(items, list):
            self.fail(None, section, "must be a list of entries, each starting with '- id: ...'")
        for i, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                self.fail(f"{section}[{i}]", None, "each entry must be a mapping with at least 'id' and 'name'")
        return items

    def entry_id(self, entry: dict, section: str, index_hint: str) -> str:
        value = entry.get("id")
        if not isinstance(value, str) or not _ID.match(value):
            self.fail(index_hint, "id", f"{section} need an id of lower-case letters, digits and hyphens "
                      f"(e.g. mette-lindholm), got {value!r}")
        return value

    def allowed(self, entry_id: str, entry: dict, fields: tuple[str, ...]) -> None:
        unknown = sorted(set(map(str, entry)) - set(fields))
        if unknown:
            self.fail(entry_id, unknown[0], f"unknown field; allowed fields are {', '.join(fields)}")

    def text(self, entry_id: str, entry: dict, fld: str, required: bool = True) -> str | None:
        value = entry.get(fld)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(entry_id, fld, f"must be a non-empty text, got {value!r}")
        return _nfc(value.strip())

    def texts(self, entry_id: str, entry: dict, fld: str) -> tuple[str, ...]:
        value = entry.get(fld)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(entry_id, fld, f"must be a list, e.g. {fld}: [\"...\"], got {value!r}")
        out = []
        for item in value:
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                self.fail(entry_id, fld, f"every item must be a non-empty text, got {item!r}")
            out.append(_nfc(item.strip()))
        return tuple(out)

    def partnership_ids(self, entry_id: str, entry: dict, known: set[str]) -> frozenset[str]:
        ids = self.texts(entry_id, entry, "partnerships")
        for pid in ids:
            if pid not in known:
                self.fail(entry_id, "partnerships",
                          f"unknown partnership {pid!r}; use one of {', '.join(sorted(known)) or '(none defined)'} "
                          "or add it under 'partnerships'")
        return frozenset(ids)

    def unique_ids(self, section: str, items) -> None:
        seen = set()
        for item in items:
            if item.id in seen:
                self.fail(item.id, "id", f"the id appears twice in '{section}'; ids must be unique")
            seen.add(item.id)


def _partnership(check: _Checker, entry: dict) -> Partnership:
    pid = check.entry_id(entry, "partnerships", f"partnerships entry {entry.get('name')!r}")
    check.allowed(pid, entry, _PARTNERSHIP_FIELDS)
    return Partnership(pid, check.text(pid, entry, "name"))


def _organisation(check: _Checker, entry: dict, partnerships: set[str]) -> Organisation:
    oid = check.entry_id(entry, "organisations", f"organisations entry {entry.get('name')!r}")
    check.allowed(oid, entry, _ORGANISATION_FIELDS)
    name = check.text(oid, entry, "name")
    role = check.text(oid, entry, "role")
    genitive = check.text(oid, entry, "role_genitive", required=False) or genitive_of(role)
    return Organisation(oid, name, role, genitive, check.texts(oid, entry, "aliases"),
                        check.partnership_ids(oid, entry, partnerships))


def _person(check: _Checker, entry: dict, orgs: dict[str, Organisation],
            partnerships: set[str]) -> Person:
    pid = check.entry_id(entry, "people", f"people entry {entry.get('name')!r}")
    check.allowed(pid, entry, _PERSON_FIELDS)
    name = check.text(pid, entry, "name")
    emails = check.texts(pid, entry, "emails")
    for email in emails:
        if not _EMAIL.match(email):
            check.fail(pid, "emails", f"{email!r} is not an e-mail address (name@domain.dk)")
    phones = check.texts(pid, entry, "phones")
    for phone in phones:
        if not _PHONE_DIGITS.match(re.sub(r"[\s.\-()+]", "", phone)):
            check.fail(pid, "phones", f"{phone!r} is not a Danish phone number; write 8 digits, "
                       "optionally with +45, e.g. \"20 31 42 53\"")
    org_id = check.text(pid, entry, "organisation", required=False)
    if org_id is not None and org_id not in orgs:
        check.fail(pid, "organisation", f"unknown organisation {org_id!r}; use an id from 'organisations' "
                   f"({', '.join(sorted(orgs)) or 'none defined'})")
    slack = check.text(pid, entry, "slack_user_id", required=False)
    if slack is not None and not _SLACK_USER_ID.match(slack):
        check.fail(pid, "slack_user_id", f"{slack!r} is not a Slack user id (like U01ABCDEF01)")
    # An explicit list (even an empty one) wins; without one a person shares the organisation's.
    if "partnerships" in entry:
        member_of = check.partnership_ids(pid, entry, partnerships)
    else:
        member_of = orgs[org_id].partnerships if org_id else frozenset()
    admin = entry.get("admin", False)
    if not isinstance(admin, bool):
        check.fail(pid, "admin", f"must be true or false, got {admin!r}")
    return Person(pid, name, check.texts(pid, entry, "variants"), emails, phones, org_id,
                  check.text(pid, entry, "role", required=False), slack, member_of, admin)


def genitive_of(word: str) -> str:
    """Danish genitive: "bygherren" → "bygherrens", "Lars" → "Lars'"."""
    return word + "'" if word[-1:].lower() in ("s", "x", "z") else word + "s"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
