"""Does the answer state what the question asks? Checks that keep an answer from being *confident*.

The confidence model judges how well the best passages match the question; it cannot tell "the
article is about this" from "the article states this". "hvad koster det at leje fælleshuset?" matches
a passage on renting the hall that never names a price, and reads as covered. Each check here is a gate:
when it fails, a confident answer is shown as *partial* (the nearest passages under the caveat); a
partial or "none" answer stays as it is.

- ``stated``: a question asking for a price or another sum of money ("hvad koster …", "hvad er
  huslejen …", "hvor dyrt …") needs a quoted sentence that holds one: a number with "kr.", "mio.",
  "%" and the like, or "gratis".
- ``names_known``: a name in the question (a capitalised word inside a sentence: "Solbakkehusene",
  "Ishøj") that the index has never seen, nor a spelling or correction of it: the knowledge base
  says nothing about that estate, place or firm.

The signals' names and how a failed check caps the level are in indexer.parameters (GATES).
"""

from __future__ import annotations

import re

_ASKS_PRICE = re.compile(
    r"\bhvad (koster|kostede|koste|tjener|tjente)\b"
    r"|\bhvor (meget|lidt) (koster|kostede|betaler|betalte)\b|\bhvor meget skal (man|vi|jeg|de|du) betale\b"
    r"|\bhvad tager (de|han|hun|man|I) for\b|\bhvor dyr[et]?\b|\bhvilket beløb\b"
    # "hvad er timeprisen …", "hvad var huslejen …": a definite sum; "hvad er en målpris?" asks what it is.
    r"|\bhvad (er|var|bliver) (\S+ )?(\w*prisen|\w*priserne|\w*huslejen|\w*lønnen|\w*omsætningen|\w*beløbet)\b"
    r"|\bhvad (er|var) \S+?'?s (\w*pris|\w*husleje|\w*løn|\w*omsætning|årsresultat)\b", re.IGNORECASE)
_AMOUNT = (r"(?:\d[\d.,]*|halv|en|et|to|tre|fire|fem|seks|syv|otte|ni|ti|tolv|femten|tyve|hundrede|tusind|"
           r"million(?:er)?|milliard(?:er)?)")
_MONEY = re.compile(
    r"\b" + _AMOUNT + r"\s*(?:\S+\s+)?(?:kr\b|kroner|dkk\b|mio\b|mia\b|million|milliard|øre\b|procent\b|pct\b)"
    r"|\d\s*%|\bkr\.?\s*\d|\d,-|\bgratis\b|\buden beregning\b", re.IGNORECASE)
_WORD = re.compile(r"&?[^\W\d_][\w'-]*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?:]\s+")


def asks_price(question: str) -> bool:
    return bool(_ASKS_PRICE.search(question))


def checks_quotes(question: str) -> bool:
    """Whether the answer's quoted sentences are checked for this question (only then are they needed)."""
    return asks_price(question)


def states_asked(question: str, sentences: list[str]) -> bool:
    """Whether the quoted sentences hold the kind of thing the question asks for."""
    if asks_price(question):
        return any(_MONEY.search(s) for s in sentences)
    return True


def names(question: str) -> list[str]:
    """Capitalised words inside the question's sentences ("Solbakkehusene"), lower-cased; not a sentence's
    first word, and not an abbreviation written in capitals ("DV", "KPIer")."""
    out = []
    for sentence in _SENTENCE_END.split(question):
        for match in list(_WORD.finditer(sentence))[1:]:
            word = match.group(0).lstrip("&")
            if len(word) > 1 and word[0].isupper() and not word[1].isupper():
                out.append(word.lower())
    return out


def unknown_names(question: str, query) -> list[str]:
    """The question's names that the index knows in no spelling (``query``: its analysed Query)."""
    asked = set(names(question))
    if not asked or query is None:
        return []
    return [c.word for c in query.concepts
            if c.word.lower() in asked and not c.known and not c.alternatives and not c.joined]
