"""What kind of answer a Danish question asks for, and whether a sentence contains one.

"hvor mange …", "hvad koster …" ask for a number; "hvornår …" for a time. Tempting questions
the knowledge base cannot answer ("hvad er timeprisen hos …") often match the right topic but
not the kind of answer: the best sentences found then hold no number or date at all.
"""

from __future__ import annotations

import re

NUMBER = "number"
TIME = "time"

_ASKS_NUMBER = re.compile(
    r"\bhvor (mange|meget|stor|stort|store|lang|langt|længe|høj|højt|ofte)\b|\bhvad (koster|tjener)\b"
    r"|\bprocent\b|\bhvilket beløb\b", re.IGNORECASE)
# "hvad er timeprisen …", "hvad var fsb's omsætning …": a definite amount is a number, "hvad er en målpris?" is not.
_ASKS_AMOUNT = re.compile(
    r"\bhvad (er|var) (\S+ )?(\w*prisen|\w*prisern[e]|huslejen|lønnen|\w*omsætningen|\w*resultatet|beløbet)\b"
    r"|\bhvad (er|var) \S+?'?s (\w*pris|husleje|løn|omsætning|\w*resultat)\b", re.IGNORECASE)
_ASKS_TIME = re.compile(r"\bhvornår\b|\bhvilken dato\b|\bhvilket år\b|\bfrist", re.IGNORECASE)

_NUMBER_WORDS = ("halvt|halv|et par|to|tre|fire|fem|seks|syv|otte|ni|ti|elleve|tolv|femten|tyve|tredive|fyrre|"
                 "halvtreds|hundrede|tusind|millioner|million|milliarder|milliard|mia|mio|halvdelen|dobbelt")
_HAS_NUMBER = re.compile(r"\d|\b(" + _NUMBER_WORDS + r")\b", re.IGNORECASE)
_TIME_WORDS = ("januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|"
               "foråret|efteråret|sommeren|vinteren|forår|efterår|dato")
_HAS_TIME = re.compile(r"\b(1[89]|20)\d\d\b|\b(" + _TIME_WORDS + r")\b|\buge \d", re.IGNORECASE)


def expected_answer(question: str) -> str | None:
    """NUMBER, TIME or None (any other kind of question)."""
    if _ASKS_TIME.search(question):
        return TIME
    if _ASKS_NUMBER.search(question) or _ASKS_AMOUNT.search(question):
        return NUMBER
    return None


def contains_answer(kind: str, text: str) -> bool:
    return bool((_HAS_TIME if kind == TIME else _HAS_NUMBER).search(text))


# What an answer should lead with, beyond numbers and times.
WHO = "who"            # the organisations or people listed
LIST = "list"          # the items of a list ("hvilke tiltag …", "fordele ved …")
YES_NO = "yes_no"      # the rule and its condition ("må man …", "kan jeg …")
HOW = "how"            # the steps
DEFINITION = "definition"

_ASKS_WHO = re.compile(r"\bhvem\b|\bhvilke (firmaer|virksomheder|organisationer|partnere|parter|rådgivere)\b"
                       r"|\bhvilken (entreprenør|rådgiver|boligorganisation|contractor)\b", re.IGNORECASE)
_ASKS_LIST = re.compile(r"\bhvilke\b|\bhvad (står|indeholder|kan|laver|gør)\b|\b(fordele|ulemper|tiltag|kriterier|"
                        r"temaer|råd|tips|erfaringer|tegn)\b", re.IGNORECASE)
_ASKS_HOW = re.compile(r"\bhvordan\b|\bsådan\b|\bhvad gør (jeg|man|vi)\b", re.IGNORECASE)
_ASKS_DEFINITION = re.compile(r"^\s*(hvad (er|betyder|menes( der)? med) |\S+ definition\b)", re.IGNORECASE)
# A Danish yes/no question starts with its verb: "må jeg …", "kan man …", "skal vi …", "er det …".
_ASKS_YES_NO = re.compile(r"^\s*(må|kan|skal|bør|er|har|får|giver|findes|passer|egner|koster|lukker|"
                          r"vil|bliver|laver|kommer)\b", re.IGNORECASE)
_RULE_WORDS = re.compile(r"\b(må|kan|skal|ikke|kun|aldrig|altid|kræver|krav|tilladelse|forbudt|godkende\w*|"
                         r"nej|ja)\b", re.IGNORECASE)
# "En målpris er …", "Transaktionsomkostninger er …", "Åbne bøger betyder …"
_DEFINES = re.compile(r"^\s*(?:(?:en|et)\s+)?(?:[\w&'-]+\s+){1,2}(?:er|betyder|kaldes|dækker over)\b", re.IGNORECASE)
_POINTS_BACK = {"det", "der", "her", "de", "den", "dette", "denne", "disse", "han", "hun"}
# Who does something, without a name: "vedtages af afdelingsmødet", "udføres af en kølemontør",
# "Driftschefen har ansvaret" – an agent after "af", or a role or body of the sector.
_AGENT = re.compile(r"\b(?:af|hos) (?:en |et |den |det |de )?(?:\w+ )?\w*(?:en|et|erne|er|ør|ent|ant|chef|leder)\b"
                    r"|\b\w*(?:bestyrelse|møde|kontor|chef|leder|rådgiver|konsulent|montør|funktionær|selskab|"
                    r"organisation|kommune|fond|myndighed|sekretariat)\w*\b", re.IGNORECASE)
# A name: a capitalised word that does not start the sentence ("NCC", "Smith Innovation", "&os").
_NAME = re.compile(r"(?<=[\s(,–-])(&?[A-ZÆØÅ][\w&]+)")


def question_type(question: str) -> str | None:
    """What the answer should lead with: NUMBER, TIME, WHO, YES_NO, HOW, LIST, DEFINITION or None."""
    kind = expected_answer(question)
    if kind:
        return kind
    for pattern, name in ((_ASKS_WHO, WHO), (_ASKS_YES_NO, YES_NO), (_ASKS_HOW, HOW),
                          (_ASKS_DEFINITION, DEFINITION), (_ASKS_LIST, LIST)):
        if pattern.search(question):
            return name
    return None


def answers_type(kind: str | None, text: str, item: bool = False) -> bool:
    """Whether a sentence (or list item) holds the kind of answer asked for."""
    if kind in (NUMBER, TIME):
        return contains_answer(kind, text)
    if kind == WHO:   # a sentence's first word is capitalised anyway; an item's may be a name
        return bool(_NAME.search(" " + text if item else text) or _AGENT.search(text))
    if kind == YES_NO:
        return bool(_RULE_WORDS.search(text))
    if kind in (HOW, LIST):
        return item
    if kind == DEFINITION:
        words = text.split()
        return bool(words) and words[0].lower() not in _POINTS_BACK and bool(_DEFINES.match(text))
    return False
