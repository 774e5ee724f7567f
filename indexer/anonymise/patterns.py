"""Personal data with a shape: e-mails, CPR numbers, phone numbers and street addresses."""

from __future__ import annotations

import re

from indexer.anonymise.edits import Edits
from indexer.anonymise.name_lexicon import danish_dictionary, name_lexicon
from indexer.anonymise.spoken_numbers import spoken_phone_numbers

PLACEHOLDERS = {"email": "[e-mail]", "phone": "[telefonnummer]", "cpr": "[cpr-nummer]",
                "address": "[adresse]", "birthdate": "[fødselsdato]"}

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_EMAIL_LOOSE = re.compile(r"\w@\w|\w\s?(?:\(at\)|\[at\])\s?\w"
                          r"|\b[\w.-]+\s(?:at|snabel-a)\s[\w-]+\s(?:dot|punktum|prik)\s[a-z]{2,4}\b")
# A CPR number: day, month, year and four digits, with the separators people type
# ("010190-1234", "010190/1234", "01.01.90-1234", "0101 90 1234"); the text is normalised first.
_CPR = re.compile(r"(?<![\w.,/\-–])(?<!\d[ ])([0-3]\d)[ .]?([01]\d)[ .]?(\d\d)(?:[ ]?[\-–—/.][ \t]*\n[ \t]*|[ ]?[\-–—/.]?[ ]?)\d{4}"
                  r"(?![\w]|[.,/\-–]\d|[ ]\d)")
# After "cpr"/"personnummer" any ten digits are a CPR number, date or not.
# A scanned page reads "1" as "l" or "I" and "0" as "O" or "o": after a cue such a letter among the
# digits is a digit ("tlf. 5l 22 19 80", "CPR 1 2 0 4 6 7-2 2 8 l"); ``_ocr_ok`` allows two of them.
_D = r"[\dlIOo]"
_CPR_CUE = re.compile(r"(?i)(?<![\w])(?:cpr|personnummer|personnr|pers\.?nr)(?![^\W\d_])"
                      r"(?:[ \t]*\([^()\n]{1,30}\))?[\w.:\-– ]{0,10}?"            # "CPR (min mor): …"
                      r"(?P<number>\d\d[ .]?\d\d[ .]?(?:19|20)\d\d[ ]?[\-–—/][ ]?\d{4}"       # 12.11.1949-2207
                      rf"|\d(?:(?:[ .]|[ ]?[\-–—/][ ]?|[ \t]*\n[ \t]*)?{_D}){{9}})(?![\w]|[.,/\-–]\d)")
# After "tlf", "mobil", "ring på" … any eight digits (with a +45) are a phone number.
_PHONE_CUE = re.compile(r"(?i)(?<![\w])(?:tlf|telefon(?:nummer|nr)?|mobil(?:nummer|nr)?|mob|tel|direkte|"
                        r"vagttelefon|ring(?:e)?(?:\s+(?:gerne|evt\.?|venligst))?(?:\s+(?:til|på))?|sms)(?![^\W\d_])[.:\s]*(?:(?:nr|er)\.?\s*)?"
                        rf"(?P<number>(?:\(?(?:\+|00)\s?45\)?[ .\-]?)?\d(?:(?:[ .]|[ ]?[\-–—][ ]?|[ \t]*\n[ \t]*)?{_D}){{7}})"
                        r"(?![\w]|[.,/\-–]\d)")
# A number a cue says is no phone number: a company's CVR number, an invoice, a case, a meeting id
# ("CVR-nr. 27 84 91 10", "Faktura 40017763", "LBF-sag 2019-0412", "sagsnr. 2020-1187").
_NUMBER_WORD = r"(?:nr|numre|numrene|nummer|numret)"
_REFERENCE_CUE = (r"(?:(?:cvr|ean|faktura|fakt|bilag|sag|sags|lbf-sag|skades?|kontrakt)(?:[-.]?[ \t]?" + _NUMBER_WORD + r")?"
                  r"|(?:se|p|j|reg|konto|kunde|ordre|journal|police|bestillings|lejemåls?|projekt|måler|målers|matr|"
                  r"vare|lån|låne|bolig|lejligheds|afdelings|inventar|tilbuds?|rekvisitions?|kvitterings?|"
                  r"serie|montage|målepunkts?)[-.]?[ \t]?" + _NUMBER_WORD + r"|møde-?id|id"
                  # a thing that carries a number: "ordrebekræftelse 190830-0077", "ny måler 36 71 05 28"
                  r"|ordrebekræftelse(?:n|s)?|tilbud(?:det)?|måler(?:en)?|målepunkt(?:et)?|rekvisition(?:en)?|"
                  r"kvittering(?:en)?|varenummer|serienummer|lejemål(?:et)?)\.?")
# "lejemålsnumrene 4417-0021 til 4417-0036": the second number of a range is a reference too.
_REFERENCE = re.compile(r"(?i)(?<![\w])" + _REFERENCE_CUE + r"[ \t]*[:#]?[ \t]*"
                        r"(?P<number>\d[\d \-/.]{5,16}\d(?:[ \t]+(?:til|og|-|–)[ \t]+\d[\d \-/.]{5,16}\d)?)(?!\d)")
_REFERENCE_HEADER = re.compile(r"(?i)[ \t]*" + _REFERENCE_CUE + r"[ \t]*")
_PHONE = re.compile(
    r"(?<![\w+.,/-])(?<!\d[ ])"
    r"(?P<prefix>\(?(?:\+|00)[ ]?45\)?[ .\-]?)?"
    r"(?P<body>\d{2}(?P<sep>[  .\-–—/]?)\d{2}(?P=sep)\d{2}(?P=sep)\d{2}"
    r"|\d{4}(?P<sep4>[  .\-–]?)\d{4})"
    r"(?![\w]|[.,/\-–]\d|[ ]\d)(?!\s?(?:kr\b|dkk\b|mio\b|mia\b|%))", re.IGNORECASE)
# A phone number a scan read a letter or two into, written in pairs even without a cue: "2O 44 17 92".
_PHONE_SCANNED = re.compile(rf"(?<![\w.,/-]){_D}{_D}(?P<sep>[ .])(?:{_D}{_D}(?P=sep)){{2}}{_D}{_D}(?![\w]|[.,/-]\d)")
_PHONE_LOOSE = re.compile(r"(?<![\w.,/-])(?:\+|00)?\d[\d  .\-/()]{6,17}\d(?![\w]|[.,/-]\d)")
# A date of birth: "f. 03.02.1941", "født 3. februar 1941", "fødselsdato: 1941-02-03".
_MONTH_NAMES = (r"(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|"
                r"jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?")
_BIRTHDATE = re.compile(r"(?i)(?<![\w])(?:f\.|født(?:[ ]den)?|fødselsdato|fødselsdag|f\.dato)[ ]*:?[ ]*"
                        r"(?P<date>\d{1,2}[./\-][ ]?\d{1,2}[./\-][ ]?(?:\d{4}|\d{2})"
                        rf"|\d{{1,2}}\.?[ ]{_MONTH_NAMES}[ ]\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})(?![\w]|[.,/\-]\d)")
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
# Any name with a house number and a floor is a home ("Egeløkken 9, 2. th"), street suffix or not;
# an ordinary word is not a street ("Opgang 12, 2. th.", "Blok 4, st. tv.").
_HOME = re.compile(rf"(?<![\w])(?P<name>{_CAP})[ ]\d{{1,3}}[A-Z]?,?[ ](?:st\.?|kl\.?|\d{{1,2}}\.)[ ]?(?:th|tv|mf)\b\.?")
# A place everyone may visit: its address is no one's home ("Kildeparken 2 (fælleshuset)",
# "Postadresse for byggepladsen: Kildeparken 2"). A flat ("opgang 12, 2. th.") without a street is how
# the minutes write a resident without a name, and stays.
_PUBLIC_PLACES = (r"(?:fælleshus|beboerhus|medborgerhus|kulturhus|forsamlingshus|aktivitetshus|rådhus|klubhus|"
                  r"ejendomskontor|boligkontor|byggekontor|genhusningskontor|projektkontor|kontor|administration|"
                  r"byggeplads|skurby|hal|idrætshal|sportshal|skole|bibliotek|kirke|station|beboerlokale|"
                  r"selskabslokale|mødelokale|materielgård|vaskeri|børnehave|vuggestue|fritidsklub|klub)"
                  r"(?:et|en|n|t|len|s)?")
_PUBLIC_BEFORE = re.compile(rf"(?i)(?<![\w]){_PUBLIC_PLACES}[ \t]*[,:][ \t]*$")
_PUBLIC_AFTER = re.compile(rf"(?i)[ \t]*\([ \t]*{_PUBLIC_PLACES}[ \t]*\)")
_SOMEONES_HOME = re.compile(r"(?i)(?<![\w])(?:bor|boede|bopæl|privat|hjemme|hjemmeadresse|lejlighed|lejemål)(?![\w])")


def public_place(text: str, start: int, end: int) -> bool:
    """Is the address at ``start:end`` explicitly that of a public place (and no one's home)?"""
    line_start = max(text.rfind("\n", max(0, start - 200), start) + 1, start - 200, 0)
    line_end = text.find("\n", end, end + 200)
    line = text[line_start:line_end if line_end >= 0 else end + 200]
    if _SOMEONES_HOME.search(line):
        return False
    return bool(_PUBLIC_BEFORE.search(text, max(line_start, start - 40), start) or _PUBLIC_AFTER.match(text, end))


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


def _ocr_ok(number: str) -> bool:
    """At most two letters read as digits ("5l 22 19 80")."""
    return sum(c in "lIOo" for c in number) <= 2


def _table_cells(text: str):
    """Cells of a Markdown ("| … |") or tab-separated table under a header row: (header, start, end)."""
    headers: list[str] = []
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        piped = line.lstrip().startswith("|")
        if not piped and line.count("\t") < 2:
            headers = []
            continue
        if piped:
            cells, at = line.strip().strip("|").split("|"), start + line.index("|") + 1
        else:
            cells, at = line.split("\t"), start
        if re.fullmatch(r"[\s|:\-]+", line):
            continue
        if not headers:
            headers = [c.strip().lower() for c in cells]
            continue
        for k, cell in enumerate(cells):
            if cell.strip() and k < len(headers):
                yield headers[k], at + cell.index(cell.strip()), at + len(cell.rstrip())
            at += len(cell) + 1


def _reference_columns(text: str):
    """Cells of a table column headed by a reference ("| Fakturanr. |", "Lejemål⇥…"): no phone numbers."""
    for header, start, end in _table_cells(text):
        if _REFERENCE_HEADER.fullmatch(header) and re.fullmatch(r"[\d \-/.]+", text[start:end]):
            yield start, end


# Where an estate lies is no one's home: the "Beliggenhed" of a table of estates, a stretch of a street
# ("Tranevej 2-40").
_LOCATION_HEADER = re.compile(r"(?i)beliggenhed|placering|lokation|location|adresse(?:r)? for afdelingen")
_HOUSE_RANGE = re.compile(r"[ ](?P<a>\d{1,3})[ ]?[-–][ ]?(?P<b>\d{1,3})$")


# A street named after a person is a place: "Marie Louises Vej", "Poul Ankers Plads", "Kong Valdemars Vej",
# "Skt. Pouls Gade", "H.C. Andersens Boulevard" – a genitive and a street word after it.
_NAMED_STREET = re.compile(
    r"(?<![\w.])(?:(?:Dronning|Kong|Prins|Prinsesse|Sankt|Skt\.|Sct\.|Set\.)[ \t]+)?"
    r"(?:(?:[A-ZÆØÅ]\.[ ]?){1,3}[ \t]*|[A-ZÆØÅ][a-zæøåéü]+[ \t]+){0,2}[A-ZÆØÅ][a-zæøåéü]+s[ \t]+"
    r"(?:Vej|Gade|Plads|Allé|Alle|Boulevard|Stræde|Park|Vænge|Torv|Have|Kvarter|Bro|Passage|Gang|Sti)(?![\w])")


def person_named_streets(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _NAMED_STREET.finditer(text)]


def _estate_locations(text: str) -> list[tuple[int, int]]:
    return [(start, end) for header, start, end in _table_cells(text) if _LOCATION_HEADER.fullmatch(header)]


def _street_stretch(address: str) -> bool:
    """"Tranevej 2-40": a range of house numbers is a stretch of the street, no one's address."""
    m = _HOUSE_RANGE.search(address)
    return bool(m and int(m.group("a")) < int(m.group("b")))


# An organisation's line is no one's own: "det er boligselskabets hovednummer", "omstillingen: …". Masking a
# phone number is the safe side, so only such words keep it – and a line open day and night ("33 14 62 90
# (hele døgnet)", "døgnvagt: …") only where no "tlf."/"mobil" cue says someone carries it.
_ORGANISATION_LINE = r"hovednummer(?:et)?|omstilling(?:en)?|servicenummer(?:et)?|kundeservice|vagtcentral(?:en)?"
_ROUND_THE_CLOCK = r"hele døgnet|døgnet rundt|døgnåben|døgnvagt(?:en)?|vagtnummer(?:et)?|akutnummer(?:et)?"


def _service_words(words: str) -> tuple[re.Pattern, re.Pattern]:
    return (re.compile(rf"(?i)[^\n\d]{{0,60}}?(?<![\w])(?:{words})(?![\w])(?![ \t:]*(?:er|på)?[ \t:]*[+\d])"),  # after
            re.compile(rf"(?i)(?<![\w])(?:{words})[^\n\d]{{0,25}}$"))              # before it


_SERVICE = _service_words(_ORGANISATION_LINE)
_ROUND_THE_CLOCK_LINE = _service_words(_ROUND_THE_CLOCK)


def _service_line(text: str, start: int, end: int, cued: bool = False) -> bool:
    """Is the phone number at ``start:end`` an organisation's line by what the text says of it? A line open
    day and night only without a phone cue and with no one named before it on its line."""
    def said(words: tuple[re.Pattern, re.Pattern]) -> bool:
        after, before = words
        return bool(after.match(text, end) or before.search(text, max(0, start - 40), start))

    return said(_SERVICE) or (not cued and said(_ROUND_THE_CLOCK_LINE) and not _someone_on_the_line(text, start))


def _someone_on_the_line(text: str, start: int) -> bool:
    """A name before the number on its line ("Ring til Henrik på …"): the number may be that person's."""
    lexicon = name_lexicon()
    line = text[text.rfind("\n", 0, start) + 1:start]
    return any(lexicon.is_first_name(w) or (lexicon.is_listed_name(w) and not lexicon.is_dictionary_word(w))
               for w in re.findall(r"(?<=[^\W\d_][ \t(])[A-ZÆØÅ][a-zæøåéü]+", line))


def _mailbox_of_a_body(local: str) -> bool:
    """"byggeudvalg.kildemarken@…", "kontakt@…": a mailbox of ordinary words is a body's, no person's – not
    where any part is also a name ("post", "holm", "bjerg" are masked)."""
    lexicon = name_lexicon()
    parts = [p for p in re.split(r"[._\-+]", local.lower()) if p]
    return bool(parts) and all(
        len(p) >= 4 and p.isalpha() and lexicon.is_common_form(p) and not lexicon.is_listed_name(p.capitalize())
        and not lexicon.is_word_name(p.capitalize()) and not lexicon.is_first_name(p.capitalize()) for p in parts)


def _pattern_matches(text: str):
    for m in _REFERENCE.finditer(text):
        yield "reference", m.start("number"), m.end("number")
    for start, end in _reference_columns(text):
        yield "reference", start, end
    for m in _EMAIL.finditer(text):
        yield ("reference" if _mailbox_of_a_body(m.group().split("@")[0]) else "email"), m.start(), m.end()
    for m in _BIRTHDATE.finditer(text):
        yield "birthdate", m.start("date"), m.end("date")
    for m in _CPR_CUE.finditer(text):
        if _ocr_ok(m.group("number")):
            yield "cpr", m.start("number"), m.end("number")
    for m in _CPR.finditer(text):
        if _valid_cpr(m):
            yield "cpr", m.start(), m.end()
    for m in _PHONE_CUE.finditer(text):
        if _ocr_ok(m.group("number")):
            service = _service_line(text, m.start("number"), m.end("number"), cued=True)
            yield ("reference" if service else "phone"), m.start("number"), m.end("number")
    for m in _PHONE.finditer(text):
        if _phone_ok(m):
            yield ("reference" if _service_line(text, m.start(), m.end()) else "phone"), m.start(), m.end()
    for start, end in spoken_phone_numbers(text):
        yield "phone", start, end
    for m in _PHONE_SCANNED.finditer(text):
        if 1 <= sum(c in "lIOo" for c in m.group()) <= 2:
            yield "phone", m.start(), m.end()
    locations = _estate_locations(text)
    for m in _ADDRESS.finditer(text):
        if any(s <= m.start() and m.end() <= e for s, e in locations) or _street_stretch(m.group()):
            yield "reference", m.start(), m.end()
        elif not public_place(text, m.start(), m.end()):
            yield "address", m.start(), m.end()
    for m in _HOME.finditer(text):
        if m.group("name").lower() not in danish_dictionary():
            yield "address", m.start(), m.end()


def replace_patterns(edits: Edits) -> None:
    for kind, start, end in _pattern_matches(edits.text):
        edits.add(start, end, PLACEHOLDERS.get(kind), kind if kind in PLACEHOLDERS else None)


def detect_patterns(scan: Edits) -> list[tuple[str, int]]:
    text, found = scan.text, []
    for kind, start, end in _pattern_matches(text):
        if kind not in PLACEHOLDERS:
            scan.add(start, end, None, None)       # a reference number: neither phone nor CPR
        elif scan.free(start, end):
            found.append((kind, start))
    for m in _EMAIL_LOOSE.finditer(text):
        if scan.free(m.end() - 1, m.end()):        # the domain is still there, whatever became of the name
            found.append(("email", m.start()))
    for m in _PHONE_LOOSE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        phone_like = len(digits) == 8 or (len(digits) in (10, 12) and digits.lstrip("0").startswith("45"))
        if phone_like and scan.free(m.start(), m.end()) and not _amount_or_date(m.group()):
            found.append(("phone", m.start()))
    return found


def _amount_or_date(value: str) -> bool:
    value = value.strip()
    return bool(re.fullmatch(r"\d{1,3}(?:[. ]\d{3})+(?:,\d+)?", value)            # 12.500.000
                or re.fullmatch(r"\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})", value)  # 28.10.2020
                or re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
                or re.fullmatch(r"(?:19|20)\d\d\s?[-–/]\s?(?:19|20)\d\d", value)
                or re.fullmatch(r"\d{1,2}[.:]\d{2}\s?[-–]\s?\d{1,2}[.:]\d{2}", value))     # 10.00-12.00
