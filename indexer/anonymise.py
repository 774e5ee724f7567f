"""Anonymise lesson text before it is chunked and indexed, and say what is left (fail closed).

Lessons are minutes from confidential meetings. ``anonymise`` replaces, in this order:
e-mails, CPR numbers, phone numbers and street addresses with bracketed placeholders; the people
and organisations of the directory with their roles ("projektlederen hos bygherren"); other names
with "Person A", "Person B" (the same person keeps the same letter within one text). It then scans
its own output again; whatever still looks like personal data becomes a ``Finding`` (kind and
position, never the value), and a lesson with findings must not be indexed.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import Stemmer

from indexer.directory import Directory, genitive_of

DATA_DIR = Path(__file__).parent / "data"

PLACEHOLDERS = {"email": "[e-mail]", "phone": "[telefonnummer]", "cpr": "[cpr-nummer]",
                "address": "[adresse]"}
PARTNERSHIP_NAMES = ("Byggepartnerskabet &os", "&os", "fsb HJEM")


@dataclass(frozen=True)
class Finding:
    """Something left in the text that still looks like personal data. Never holds the value."""

    kind: str           # "person" | "email" | "phone" | "cpr" | "address" | "name"
    line: int           # 1-based, in the text given to anonymise()
    column: int         # 1-based


@dataclass
class AnonymisedText:
    text: str
    replaced: dict[str, int] = field(default_factory=dict)   # kind -> count
    findings: list[Finding] = field(default_factory=list)    # non-empty => do NOT index

    @property
    def clean(self) -> bool:
        return not self.findings


def anonymise(text: str, directory: Directory | None = None,
              allowlist: frozenset[str] = frozenset()) -> AnonymisedText:
    """Replace personal data in ``text``; findings list what still looks personal afterwards."""
    text = unicodedata.normalize("NFC", text or "")
    directory = directory or Directory.empty()
    lexicon = name_lexicon()
    known = _directory_forms(directory)
    protected = _protected_terms(frozenset(allowlist), known.partnership_names)

    edits = _Edits(text)
    _replace_patterns(edits)
    people = _directory_matches(text, known)
    _replace_directory(edits, people, full_names_only=True)   # "Mette Lindholm" even if "Lindholm" is allowed
    for match in protected.finditer(text):
        edits.add(match.start(), match.end(), None, None)
    _replace_directory(edits, people)
    _replace_names(edits, lexicon, _lower_terms(allowlist))
    out, mapping = edits.apply()

    rescan = _Edits(out)
    for start, end in mapping.inserted:
        rescan.add(start, end, None, None)
    for match in protected.finditer(out):
        rescan.add(match.start(), match.end(), None, None)
    found = _detect_patterns(rescan) + _detect_directory(rescan, known)
    found += _detect_names(rescan, lexicon, _lower_terms(allowlist))
    findings = sorted({_position(text, mapping.to_input(pos), kind) for kind, pos in found},
                      key=lambda f: (f.line, f.column, f.kind))
    return AnonymisedText(out, dict(edits.counts), findings)


def format_report(result: AnonymisedText) -> str:
    """What was replaced (types and counts only) and what is left, as "line:col kind"."""
    lines = []
    if result.replaced:
        counts = ", ".join(f"{kind}: {n}" for kind, n in sorted(result.replaced.items()))
        lines.append(f"Replaced: {counts}")
    else:
        lines.append("Replaced: nothing")
    if result.clean:
        lines.append("Findings: none. The lesson can be indexed.")
    else:
        lines.append(f"Findings: {len(result.findings)}. The lesson will NOT be indexed until each "
                     "one is rewritten in the lesson, or the term is added to allowlist.yaml:")
        lines.extend(f"  {f.line}:{f.column} {f.kind}" for f in result.findings)
    return "\n".join(lines)


# --- the edit list: replacements on the original text, applied once ---------------------------

class _Mapping:
    """Output positions back to input positions, and the spans the anonymiser wrote."""

    def __init__(self):
        self.out_starts: list[int] = []
        self.segments: list[tuple[int, int, int]] = []   # (out_start, out_end, in_start)
        self.inserted: list[tuple[int, int]] = []

    def to_input(self, out_pos: int) -> int:
        i = bisect.bisect_right(self.out_starts, out_pos) - 1
        out_start, _, in_start = self.segments[max(i, 0)]
        return in_start + (out_pos - out_start)


class _Edits:
    def __init__(self, text: str):
        self.text = text
        self.taken = bytearray(len(text))
        self.spans: list[tuple[int, int, str | None]] = []
        self.counts: Counter[str] = Counter()

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def add(self, start: int, end: int, replacement: str | None, kind: str | None) -> bool:
        """Claim a span; ``replacement=None`` keeps it as it is, shielded from later stages."""
        if start >= end or not self.free(start, end):
            return False
        self.taken[start:end] = b"\x01" * (end - start)
        self.spans.append((start, end, replacement))
        if kind:
            self.counts[kind] += 1
        return True

    def apply(self) -> tuple[str, _Mapping]:
        parts, mapping, pos, out_len = [], _Mapping(), 0, 0
        for start, end, replacement in sorted(self.spans):
            if replacement is None:
                continue
            if replacement[:1].islower() and _sentence_start(self.text, start):
                replacement = replacement[0].upper() + replacement[1:]
            parts.append(self.text[pos:start])
            mapping.segments.append((out_len, out_len + start - pos, pos))
            out_len += start - pos
            parts.append(replacement)
            mapping.segments.append((out_len, out_len + len(replacement), start))
            mapping.inserted.append((out_len, out_len + len(replacement)))
            out_len += len(replacement)
            pos = end
        parts.append(self.text[pos:])
        mapping.segments.append((out_len, out_len + len(self.text) - pos, pos))
        mapping.out_starts = [s for s, _, _ in mapping.segments]
        return "".join(parts), mapping


def _position(text: str, pos: int, kind: str) -> Finding:
    line = text.count("\n", 0, pos) + 1
    return Finding(kind, line, pos - (text.rfind("\n", 0, pos) + 1) + 1)


# After a colon a word is not taken for a sentence start: "Referent: Zdeněk" is suspicious.
_SENTENCE_END = re.compile(r"(?:^|[.!?]|\n)[\s\"'“”„«»(\[*_>#•\-–—]*$")
_LIST_MARK = re.compile(r"(?:^|\n)[ \t]*(?:\d{1,3}[.)]|[a-z][.)])[ \t]+$")


_AFTER_COLON = re.compile(r":[ \t]*[\"'“„«(*_]*$")


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 12):pos]
    if pos <= 12 and not text[:pos].strip(" \t\"'“„«(*_>#-–•"):
        return True
    return bool(_SENTENCE_END.search(before) or _LIST_MARK.search(text[max(0, pos - 12):pos]))


# --- patterns: e-mail, CPR, phone, address ----------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_EMAIL_LOOSE = re.compile(r"\w@\w|\w\s?(?:\(at\)|\[at\])\s?\w"
                          r"|\b[\w.-]+\s(?:at|snabel-a)\s[\w-]+\s(?:dot|punktum|prik)\s[a-z]{2,4}\b")
_CPR = re.compile(r"(?<![\w.,/-])([0-3]\d)([01]\d)(\d\d)[ \-‐–]?\d{4}(?![\w]|[.,/-]\d)")
_PHONE = re.compile(
    r"(?<![\w+.,/-])(?<!\d[ ])"
    r"(?P<prefix>\(?(?:\+|00)[ ]?45\)?[ .\-]?)?"
    r"(?P<body>\d{2}(?P<sep>[  .\-]?)\d{2}(?P=sep)\d{2}(?P=sep)\d{2}"
    r"|\d{4}(?P<sep4>[  .\-–]?)\d{4})"
    r"(?![\w]|[.,/-]\d|[ ]\d)(?!\s?(?:kr\b|dkk\b|mio\b|mia\b|%))", re.IGNORECASE)
_PHONE_LOOSE = re.compile(r"(?<![\w.,/-])(?:\+|00)?\d[\d  .\-/()]{6,17}\d(?![\w]|[.,/-]\d)")
_YEAR = re.compile(r"^(19|20)\d\d$")
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

_STREET_SUFFIX = (r"(?:vej|vejen|gade|gaden|stræde|strædet|allé|alle|plads|pladsen|torv|torvet|"
                  r"boulevard|vænge|vænget|parken|park|haven|have|bakken|bakke|høj|højen|toften|"
                  r"vang|vangen|stien|sti|engen|kvarter|kvarteret|løkke|hegn|dalen|lunden|strand|"
                  r"kaj|kajen|broen|passage|marken|ager|agre|gård|gården|holm|volden|brygge)")
_STREET_WORD = r"(?:Allé|Alle|Vej|Gade|Plads|Torv|Boulevard|Vænge|Park|Have|Bakke|Strand|Stræde|Kaj|Brygge|Vang)"
_CAP = r"[A-ZÆØÅÉÜ][a-zæøåéüöä'’-]*"
_ADDRESS = re.compile(
    rf"(?<![\w])(?:(?:{_CAP}|(?:[A-ZÆØÅ]\.){{1,3}})[ ]){{0,3}}"
    rf"(?:[A-ZÆØÅ][a-zæøåéüöä'’-]*{_STREET_SUFFIX}|{_STREET_WORD}|[a-zæøå]{{3,}}(?:vej|gade|stræde|allé))"
    r"[ ]\d{1,3}(?:[ ]?[A-Z]\b|[a-z]\b)?(?:-\d{1,3})?(?![\d.,]\d|[ ]?(?:kr\b|mio\b|%|m2|m²))"
    r"(?:,?[ ](?:st\.|kl\.|\d{1,2}\.)(?:[ ]?(?:th|tv|mf|sal)\b\.?)?)?"
    r"(?:,?[ ]\d{4}[ ][A-ZÆØÅ][a-zæøå]+(?:[ ][A-ZÆØÅ][a-zæøå]+)?(?:[ ](?:NV|SV|NØ|SØ|[NSVKØC])\b)?)?")
_FLOOR_MARK = re.compile(r"\b\d{1,2}\.\s?(?:th|tv|mf)\b\.?")


def _valid_cpr(match: re.Match) -> bool:
    day, month = int(match.group(1)), int(match.group(2))
    return 1 <= month <= 12 and 1 <= day <= _MONTH_DAYS[month - 1]


def _phone_ok(match: re.Match) -> bool:
    """False for a year range written like a phone number ("2019-2021")."""
    sep = match.group("sep4")
    if match.group("prefix") or sep not in ("-", "–"):
        return True
    first, second = match.group("body").split(sep)
    if _YEAR.match(first) and _YEAR.match(second):
        return not 0 < int(second) - int(first) <= 10
    return True


def _pattern_matches(text: str):
    for m in _EMAIL.finditer(text):
        yield "email", m.start(), m.end()
    for m in _CPR.finditer(text):
        if _valid_cpr(m):
            yield "cpr", m.start(), m.end()
    for m in _PHONE.finditer(text):
        if _phone_ok(m):
            yield "phone", m.start(), m.end()
    for m in _ADDRESS.finditer(text):
        yield "address", m.start(), m.end()


def _replace_patterns(edits: _Edits) -> None:
    for kind, start, end in _pattern_matches(edits.text):
        edits.add(start, end, PLACEHOLDERS[kind], kind)


def _detect_patterns(scan: _Edits) -> list[tuple[str, int]]:
    text, found = scan.text, []
    for kind, start, end in _pattern_matches(text):
        if scan.free(start, end):
            found.append((kind, start))
    for m in _EMAIL_LOOSE.finditer(text):
        if scan.free(m.start(), m.end()):
            found.append(("email", m.start()))
    for m in _PHONE_LOOSE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        phone_like = len(digits) == 8 or (len(digits) in (10, 12) and digits.lstrip("0").startswith("45"))
        if phone_like and scan.free(m.start(), m.end()) and not _amount_or_date(m.group()):
            found.append(("phone", m.start()))
    for m in _FLOOR_MARK.finditer(text):
        if scan.free(m.start(), m.end()):
            found.append(("address", m.start()))
    return found


def _amount_or_date(value: str) -> bool:
    value = value.strip()
    return bool(re.fullmatch(r"\d{1,3}(?:[. ]\d{3})+(?:,\d+)?", value)            # 12.500.000
                or re.fullmatch(r"\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})", value)  # 28.10.2020
                or re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
                or re.fullmatch(r"(?:19|20)\d\d\s?[-–/]\s?(?:19|20)\d\d", value)
                or re.fullmatch(r"\d{1,2}[.:]\d{2}\s?[-–]\s?\d{1,2}[.:]\d{2}", value))     # 10.00-12.00


# --- the directory: known people and organisations become roles -------------------------------

@dataclass(frozen=True)
class _Target:
    kind: str                 # "person" | "organisation"
    nominative: str           # "projektlederen hos bygherren"
    genitive: str             # "projektlederen hos bygherrens"
    role: str                 # the person's own role, or the organisation's
    single: bool              # matched as one word (a first name or surname alone)


@dataclass(frozen=True)
class _KnownForms:
    pattern: re.Pattern | None
    targets: dict[str, _Target]
    emails: tuple[str, ...]
    phones: tuple[str, ...]                          # 8 digits
    partnership_names: tuple[str, ...]


@lru_cache(maxsize=8)
def _directory_forms(directory: Directory) -> _KnownForms:
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
        org = orgs.get(person.organisation)
        role = person.role or ("en medarbejder" if org else "en deltager")
        if org and org.role != role:
            nominative, genitive = f"{role} hos {org.role}", f"{role} hos {org.role_genitive}"
        else:
            nominative, genitive = role, genitive_of(role)
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
    return _KnownForms(pattern, resolved, emails, phones, partnerships)


def _form_key(form: str) -> str:
    return " ".join(form.split()).casefold()


def _form_regex(form: str) -> str:
    if " " not in form:
        variants = {form, form.upper(), form[0].upper() + form[1:]}
        return "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    return "(?i:" + r"\s+".join(re.escape(w) for w in form.split()) + ")"


_ORG_LINK = re.compile(r"[ \t]+(fra|hos)[ \t]+|[ \t]*\(")


def _directory_matches(text: str, known: _KnownForms) -> list[tuple[int, int, str, str]]:
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
    return bool(before and before.group(1).isupper() and not _sentence_start(text, start - len(before.group()))
                and before.group().strip().lower() not in _COMMON_CAPS)


def _replace_directory(edits: _Edits, matches: list[tuple[int, int, str, str]],
                       full_names_only: bool = False) -> None:
    for start, end, kind, replacement in matches:
        if not full_names_only or re.search(r"\s", edits.text[start:end]):
            edits.add(start, end, replacement, kind)


def _detect_directory(scan: _Edits, known: _KnownForms) -> list[tuple[str, int]]:
    found = [("person", start) for start, end, _, _ in _directory_matches(scan.text, known)
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


@lru_cache(maxsize=32)
def _protected_terms(allowlist: frozenset[str], partnership_names: tuple[str, ...]) -> re.Pattern:
    terms = sorted({*allowlist, *partnership_names}, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(w) for w in t.split()) for t in terms if t.strip())
    return re.compile(rf"(?<![\w])(?:{body})(?:['’]?s)?(?![\w])", re.IGNORECASE)


def _lower_terms(allowlist: frozenset[str]) -> frozenset[str]:
    return frozenset(t.casefold() for t in allowlist)


# --- names not in the directory: "Person A", "Person B" ---------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_MONTHS_WEEKDAYS = frozenset(
    "januar februar marts april maj juni juli august september oktober november december "
    "jan feb mar apr jun jul aug sep sept okt nov dec "
    "january february march may june july october "
    "mandag tirsdag onsdag torsdag fredag lørdag søndag "
    "monday tuesday wednesday thursday friday saturday sunday".split())
_PARTICLES = frozenset("van von der den de da di du la le bin ibn al el ter ten dos das del della".split())
_SPEECH_VERBS = frozenset(
    "sagde siger mente mener fortalte fortæller spurgte spørger foreslog foreslår påpegede påpeger "
    "nævnte nævner svarede svarer understregede understreger bemærkede bemærker forklarede forklarer "
    "tilføjede tilføjer oplyste oplyser fremhævede fremhæver pointerede konstaterede supplerede "
    "præsenterede gennemgik beskrev beskriver erkendte indrømmede advarede anbefalede anbefaler "
    "opfordrede opfordrer synes syntes tror troede vurderede vurderer mødte ringede skrev "
    "efterlyste bekræftede bekræfter afviste".split())
_TITLES = frozenset(   # a word before a name that says it is a person: "projektleder X", "ifølge X"
    "hr. hr fru frk. dr. direktør formand næstformand projektleder projektchef byggeleder arkitekt "
    "ingeniør rådgiver konsulent kollega kollegaen beboer beboeren afdelingsformand sekretær "
    "referent chef leder medarbejder kontaktperson v/ att. ifølge kontakte".split())
_FINITE_VERBS = frozenset(   # "Ingrida havde ansvaret": an unknown subject may be a name
    "havde har var er blev bliver skal skulle vil ville kan kunne må måtte fik får gik går tog tager "
    "kom kommer gav giver lavede laver stod står holdt holder deltog deltager ledede leder "
    "arbejder arbejdede sendte sender kender kendte".split())
_SURNAME_ENDINGS = (
    "sen", "søn", "son", "gaard", "gård", "rup", "strup", "holm", "berg", "lund", "bjerg", "bæk",
    "kjær", "skov", "toft", "feldt", "mann", "ski", "ska", "wicz", "vić", "vic", "ić", "escu",
    "oğlu", "oglu", "nen", "ová", "ský", "enko", "yan", "zadeh", "poulos", "akis", "idis",
    "ström", "qvist", "kvist", "gren", "dottir", "dóttir", "ez")
_SAFE_SUFFIXES = ("loven", "lovens", "ministeriet", "styrelsen", "fonden", "fondens", "kommune",
                  "kommunes", "foreningen", "selskab", "selskabet", "partnerskabet", "regionen")
_CAMEL = re.compile(r"[a-zæøå][A-ZÆØÅ]")
_ACRONYM_SUFFIX = re.compile(r"^[A-ZÆØÅ0-9]{2,}['’-]")      # "KPI'er", "KAB-afdelingen"
_COMMON_CAPS = frozenset("det der den de vi man han hun og men i på for til med som når hvis".split())


@dataclass(frozen=True)
class NameLexicon:
    """First names and surnames (Faker, many locales), common Danish words and safe proper nouns."""

    first_names: frozenset[str]
    last_names: frozenset[str]
    common_words: frozenset[str]      # lower-case
    common_stems: frozenset[str]
    name_words: frozenset[str]        # common words that are also names: "sten", "bo", "skov"
    places: frozenset[str]            # Danish towns, regions, countries and other safe proper nouns

    def is_listed_name(self, word: str) -> bool:
        if word in self.first_names or word in self.last_names:
            return True
        parts = word.split("-")
        return len(parts) > 1 and any(p in self.first_names or p in self.last_names for p in parts)

    def is_common(self, word: str, exact: bool = False) -> bool:
        lower = word.lower()
        if lower in self.common_words:
            return True
        return not exact and _STEMMER().stemWord(lower) in self.common_stems


@lru_cache(maxsize=1)
def _STEMMER():
    return Stemmer.Stemmer("danish")


def _read_list(name: str) -> list[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def name_lexicon() -> NameLexicon:
    """Built once per process from the word lists in indexer/data/."""
    common = frozenset(w.lower() for w in _read_list("danish_words.txt") + _read_list("danish_common_words.txt"))
    section = (DATA_DIR / "danish_common_words.txt").read_text(encoding="utf-8").split("# --- ")
    name_words = frozenset(w.strip() for part in section if part.startswith("words that are also names")
                           for w in part.splitlines()[1:] if w.strip() and not w.startswith("#"))
    stems = frozenset(_STEMMER().stemWords(sorted(common)))
    places = frozenset(_read_list("danish_places.txt") + _read_list("safe_proper_nouns.txt"))
    first = frozenset(_read_list("first_names.txt")) - {m.capitalize() for m in _MONTHS_WEEKDAYS}
    last = frozenset(_read_list("last_names.txt")) - {m.capitalize() for m in _MONTHS_WEEKDAYS}
    # A town that is also a common Danish first name is a name here ("Flemming", "Tim").
    places = places - {"Flemming", "Tim"}
    return NameLexicon(first, last, common, stems, name_words, places)


@dataclass
class _Token:
    start: int
    end: int            # end of the name part, without a genitive ending
    stop: int           # end including the genitive ending
    base: str           # the name without genitive
    genitive: bool
    initial: bool = False


@dataclass
class _Mention:
    tokens: list[_Token]
    decision: str       # "person" | "flag" | "keep"

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def stop(self) -> int:
        return self.tokens[-1].stop

    def key(self) -> tuple[str, ...]:
        return tuple(t.base.casefold() for t in self.tokens if not t.initial)


class _NameStage:
    def __init__(self, edits: _Edits, lexicon: NameLexicon, allow: frozenset[str]):
        self.edits, self.text, self.lex, self.allow = edits, edits.text, lexicon, allow
        self.known: set[str] = set()
        # A word that also stands in lower case in the same text is a word, not a name.
        self.lower_words = frozenset(re.findall(r"(?<![\w])[a-zæøåéü]+(?![\w])", self.text))

    # -- tokens ---------------------------------------------------------------------------------
    def tokens(self) -> list[_Token]:
        out = []
        for m in _WORD.finditer(self.text):
            start, word = m.start(), m.group()
            if not word[0].isupper() or not self.edits.free(start, m.end()):
                continue
            if len(word) == 1:
                if self.text[m.end():m.end() + 1] == "." and word not in "I":
                    out.append(_Token(start, m.end() + 1, m.end() + 1, word, False, initial=True))
                continue
            parts = word.split("-")
            keep = 1
            while keep < len(parts) and parts[keep][:1].isupper():
                keep += 1
            word = "-".join(parts[:keep])
            if word.isupper() or _ACRONYM_SUFFIX.match(word) or (_CAMEL.search(word) and not re.match(r"(?:Mc|Mac|O['’]|De|Di|La|Van)", word)):
                continue
            end = start + len(word)
            out.append(self._genitive(start, end, word))
        return out

    def _genitive(self, start: int, end: int, word: str) -> _Token:
        if word[-2:] in ("'s", "’s"):
            return _Token(start, end - 2, end, word[:-2], True)
        if self.text[end:end + 1] in ("'", "’") and not self.text[end + 1:end + 2].isalpha():
            return _Token(start, end, end + 1, word, True)
        followed_by_name = bool(re.match(r"[ \t]+[A-ZÆØÅÀ-Þ]", self.text[end:end + 3]))
        base = word[:-1]
        if word.casefold() in _MONTHS_WEEKDAYS:     # "Marts" is not the genitive of "Mart"
            return _Token(start, end, end, word, False)
        place = base in self.lex.places or base.casefold() in self.allow
        if (word.endswith("s") and len(word) > 3 and (place or not followed_by_name)
                and not self._recognised(word) and self._recognised(base)):
            return _Token(start, end - 1, end, word[:-1], True)
        return _Token(start, end, end, word, False)

    def _recognised(self, word: str) -> bool:
        return (self.lex.is_listed_name(word) or word in self.lex.places or word.casefold() in self.allow
                or word.casefold() in self.known)

    # -- what a word is ------------------------------------------------------------------------
    def safe(self, t: _Token) -> bool:
        word, lower = t.base, t.base.casefold()
        return lower in self.allow or word in self.lex.places or lower.endswith(_SAFE_SUFFIXES)

    def strong(self, t: _Token) -> bool:
        word = t.base
        lower = word.lower()
        if word.casefold() in self.known or self.lex.is_listed_name(word):
            return True
        if lower.endswith("sen"):        # "Villadsen" is a name, "Opstartsfasen" a noun
            return self.patronymic(word)
        return len(word) >= 5 and lower.endswith(_SURNAME_ENDINGS) and not self.lex.is_common(word, exact=True)

    def _danish_looking(self, word: str) -> bool:
        """Has a Danish ending the stemmer knows, Danish letters, or a known stem."""
        lower = word.lower()
        return (_STEMMER().stemWord(lower) != lower or any(c in lower for c in "æøå")
                or lower.endswith(("vis", "lig", "ligt", "isk", "iske", "tion", "sion"))
                or self.lex.is_common(word))

    def patronymic(self, word: str) -> bool:
        if word in self.lex.last_names:
            return True
        m = re.fullmatch(r"(.+?)s?(?:sen|son)", word)
        return bool(m and (m.group(1) in self.lex.first_names or m.group(1) + "s" in self.lex.first_names))

    def cue(self, start: int, stop: int, speech_only: bool = False) -> bool:
        """Does the context say this is a person: "X sagde", "ifølge X", "X fra KAB", "X (KAB)"?"""
        before = re.search(r"([\w./]+)[ \t]*[,:]?[ \t]*$", self.text[max(0, start - 25):start])
        after = re.match(r"[ \t]*,?[ \t]*(\(?)([\w]+)?[ \t]*(\S)?", self.text[stop:stop + 40])
        if before and before.group(1).lower() in _TITLES | _SPEECH_VERBS:
            return True
        if speech_only:
            return bool(after and (after.group(2) or "").lower() in _SPEECH_VERBS and not after.group(1))
        if not after:
            return False
        paren, word, nxt = after.group(1), after.group(2) or "", after.group(3) or ""
        if word.lower() in _SPEECH_VERBS and not paren:
            return True
        if word.lower() in ("fra", "hos") and not paren:
            pos = stop + after.start(3) if nxt else -1
            return nxt[:1].isupper() or (pos >= 0 and not self.edits.free(pos, pos + 1))
        if not (paren and word):
            return False
        pos = stop + after.start(2)
        return word.isupper() or not self.edits.free(pos, pos + 1)   # "X (KAB)" or "X (bygherren)"

    # -- decisions -----------------------------------------------------------------------------
    def mentions(self) -> list[_Mention]:
        tokens, runs, current = self.tokens(), [], []
        for tok in tokens:
            if current and self._joins(current[-1], tok):
                current.append(tok)
            else:
                if current:
                    runs.append(current)
                current = [tok]
        if current:
            runs.append(current)
        mentions = []
        for run in runs:
            segment: list[_Token] = []
            for tok in run + [None]:
                # A town after a first name is a surname ("Mette Jordan"); the allowlist always wins.
                surname_place = (tok is not None and segment and tok.base in self.lex.places
                                 and segment[-1].base in self.lex.first_names
                                 and tok.base.casefold() not in self.allow)
                if tok is None or (not tok.initial and self.safe(tok) and not surname_place):
                    if segment:
                        mentions.extend(self._decide(segment))
                    segment = []
                else:
                    segment.append(tok)
        self.known |= {t.base.casefold() for m in mentions if m.decision == "person"
                       for t in m.tokens if not t.initial}
        for m in mentions:   # a name seen once is a name everywhere in the text
            if m.decision != "person" and all(t.base.casefold() in self.known for t in m.tokens if not t.initial):
                if any(not t.initial for t in m.tokens):
                    m.decision = "person"
        return mentions

    def _joins(self, prev: _Token, tok: _Token) -> bool:
        gap = self.text[prev.stop:tok.start]
        if prev.stop != prev.end:        # a genitive ends a name
            return False
        if gap in (" ", "\t", "") and (prev.initial or gap):
            return True
        words = gap.split()
        return len(words) == 1 and words[0] in _PARTICLES and gap == f" {words[0]} "

    def _decide(self, seg: list[_Token]) -> list[_Mention]:
        while seg and seg[-1].initial:
            seg = seg[:-1]
        if not seg or all(t.initial for t in seg):
            return []
        after_colon = bool(_AFTER_COLON.search(self.text, max(0, seg[0].start - 8), seg[0].start))
        at_start = after_colon or _sentence_start(self.text, seg[0].start)
        if at_start and len(seg) > 1:
            first, rest_strong = seg[0], any(self.strong(t) for t in seg[1:])
            listed = self.lex.is_listed_name(first.base)
            if ((self.lex.is_common(first.base, exact=True) and not (listed and rest_strong))
                    or (_looks_like_noun(first.base, broad=True) and not listed)):
                return [_Mention([first], "keep")] + self._decide_mid(seg[1:])
        if len(seg) == 1 and at_start:
            tok = seg[0]
            if tok.base.casefold() in _MONTHS_WEEKDAYS:
                return self._decide_mid(seg)
            listed = self.lex.is_listed_name(tok.base) or self.patronymic(tok.base)
            if tok.base.lower() in self.lex.name_words and self.cue(tok.start, tok.stop, speech_only=True):
                return [_Mention(seg, "person")]              # "Sten skrev", not "Sten og grus"
            if self.lex.is_common(tok.base, exact=True) or (not listed and _looks_like_noun(tok.base, broad=True)):
                decision = "person" if tok.base.casefold() in self.known else "keep"
                return [_Mention(seg, decision)]
            if self.cue(tok.start, tok.stop):
                return [_Mention(seg, "person")]
            if listed and not (self.lex.is_common(tok.base) and not tok.base.lower().endswith(_SURNAME_ENDINGS)):
                compound = re.match(r"-[a-zæøå]", self.text[tok.stop:tok.stop + 2])   # "Kick-off"
                return [_Mention(seg, "keep" if compound else "person")]
            after = re.match(r"[ \t]+([a-zæøå]+)", self.text[tok.stop:tok.stop + 20])
            if ((after_colon or (after and after.group(1) in _FINITE_VERBS))
                    and not self._danish_looking(tok.base) and tok.base.lower() not in self.lower_words):
                return [_Mention(seg, "flag")]    # "Referent: Zdeněk" / "Ingrida havde": ask
            return [_Mention(seg, "keep")]
        return self._decide_mid(seg)

    def _decide_mid(self, seg: list[_Token]) -> list[_Mention]:
        if not seg or all(t.initial for t in seg):
            return []
        names = [t for t in seg if not t.initial]
        if len(names) == 1 and len(seg) == 1:
            tok = seg[0]
            if tok.base.casefold() in _MONTHS_WEEKDAYS:
                return [_Mention(seg, "person" if self.cue(tok.start, tok.stop, speech_only=True) else "keep")]
            if self.strong(tok):
                return [_Mention(seg, "person")]
            if self.lex.is_common(tok.base) or _looks_like_noun(tok.base) or tok.base.lower() in self.lower_words:
                return [_Mention(seg, "keep")]
            return [_Mention(seg, "person" if self.cue(tok.start, tok.stop) else "flag")]
        if any(self.strong(t) for t in names) or self.cue(seg[0].start, seg[-1].stop):
            return [_Mention(seg, "person")]
        common = [self.lex.is_common(t.base) for t in names]
        if not any(common):
            return [_Mention(seg, "person")]
        return [_Mention(seg, "keep" if all(common) else "flag")]


def _looks_like_noun(word: str, broad: bool = False) -> bool:
    """A definite Danish noun ("Tilbudsgiverne", "Projektet"; broadly also "Beboerformanden")."""
    lower = word.lower()
    if not re.fullmatch(r"[a-zæøå]+", lower):      # "Erzsébet" is no Danish noun
        return False
    return (len(word) >= 7 and lower.endswith(("erne", "ene", "rne", "ningen", "heden", "else", "et",
                                               "ssen", "ionen", "skabet", "eren"))
            or (broad and len(word) >= 8 and lower.endswith("en")))


def _letters(mentions: list[_Mention]) -> dict[int, str]:
    """The same person gets the same letter: "Søren Bakkegaard" … "Bakkegaard" … "Søren"."""
    people = [m for m in mentions if m.decision == "person"]
    full = [m.key() for m in people if len(m.key()) >= 2]
    identity: dict[int, tuple[str, ...]] = {}
    for m in people:
        key = m.key()
        if len(key) == 1:
            owners = {f for f in full if key[0] in f or key[0].rstrip("s") in f}
            initials = [t.base[0].casefold() for t in m.tokens if t.initial]
            if initials:
                owners = {f for f in owners if f[0][0] == initials[0]} or owners
            if len(owners) == 1:
                key = owners.pop()
        identity[id(m)] = key
    order: dict[tuple[str, ...], str] = {}
    for m in sorted(people, key=lambda m: m.start):
        order.setdefault(identity[id(m)], _letter(len(order)))
    return {id(m): order[identity[id(m)]] for m in people}


def _letter(index: int) -> str:
    letters, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_LEADING_PARTICLES = re.compile(r"(?<=[a-zæøå,] )((?:(?:van|von|der|de|di|da|du|la|le|al|el|bin|ibn|ter|ten) ){1,2})$")
_CAPS_PAIR = re.compile(r"(?<![\w&])([A-ZÆØÅÉ]{2,}(?:-[A-ZÆØÅÉ]{2,})?)[ \t]+([A-ZÆØÅÉ]{2,}(?:-[A-ZÆØÅÉ]{2,})?)"
                        r"(?:[ \t]+([A-ZÆØÅÉ]{2,}(?:-[A-ZÆØÅÉ]{2,})?))?(?![\w&])")
_LOWER_PAIR = re.compile(r"(?<![\w@./-])([a-zæøåé]{2,})(?=[ \t]+([a-zæøåé]{3,}(?:-[a-zæøåé]{3,})?)(?![\w@]))")


def _shouted_names(scan: _Edits, lexicon: NameLexicon) -> list[tuple[int, int]]:
    """"SØREN BAKKEGAARD": a first name and a surname in capitals."""
    found = []
    for m in _CAPS_PAIR.finditer(scan.text):
        words = ["-".join(p.capitalize() for p in w.split("-")) for w in m.groups() if w]
        if (words[0] in lexicon.first_names and not lexicon.is_common(words[0], exact=True)
                and any(lexicon.is_listed_name(w) or w.lower().endswith(_SURNAME_ENDINGS) for w in words[1:])
                and scan.free(m.start(), m.end())):
            found.append((m.start(), m.end()))
    return found


def _lower_case_names(scan: _Edits, lexicon: NameLexicon) -> list[int]:
    """"søren bakkegaard" written in lower case: only flagged, never guessed at."""
    found = []
    for m in _LOWER_PAIR.finditer(scan.text):
        first, last = m.group(1).capitalize(), "-".join(p.capitalize() for p in m.group(2).split("-"))
        if (first in lexicon.first_names and not lexicon.is_common(first)
                and (lexicon.is_listed_name(last) or last.lower().endswith(_SURNAME_ENDINGS))
                and not lexicon.is_common(last) and scan.free(m.start(), m.end(2))):
            found.append(m.start())
    return found


def _replace_names(edits: _Edits, lexicon: NameLexicon, allow: frozenset[str]) -> None:
    shouted = _shouted_names(edits, lexicon)
    for start, end in shouted:
        edits.add(start, end, None, None)
    mentions = _NameStage(edits, lexicon, allow).mentions()
    letters = _letters(mentions)
    for start, end in shouted:   # unshield, then replace: each gets a letter of its own
        edits.taken[start:end] = bytes(end - start)
        edits.spans.remove((start, end, None))
    used = len(set(letters.values()))
    for i, (start, end) in enumerate(shouted):
        edits.add(start, end, f"Person {_letter(used + i)}", "name")
    for m in mentions:
        if m.decision == "person":
            placeholder = f"Person {letters[id(m)]}"
            particles = _LEADING_PARTICLES.search(edits.text, max(0, m.start - 12), m.start)  # "med van der Berg"
            start = particles.start(1) if particles and edits.free(particles.start(1), m.start) else m.start
            edits.add(start, m.stop, placeholder + ("'s" if m.tokens[-1].genitive else ""), "name")


def _detect_names(scan: _Edits, lexicon: NameLexicon, allow: frozenset[str]) -> list[tuple[str, int]]:
    found = [("name", start) for start, _ in _shouted_names(scan, lexicon)]
    found += [("name", start) for start in _lower_case_names(scan, lexicon)]
    found += [("name", m.start()) for m in _HANDLE.finditer(scan.text) if scan.free(m.start(), m.end())]
    return found + [("name", m.start) for m in _NameStage(scan, lexicon, allow).mentions()
                    if m.decision != "keep"]


_HANDLE = re.compile(r"(?<![\w&])@[A-Za-zæøåÆØÅ][\w.-]{2,}")


__all__ = ["AnonymisedText", "Finding", "NameLexicon", "anonymise", "format_report", "name_lexicon"]
