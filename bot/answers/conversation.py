"""Messages that are not questions for the knowledge base, and replies that read as questions.

- Small talk ("hej", "tak", "super", an emoji alone such as ``:slightly_smiling_face:``) gets a
  short friendly Danish reply; it is not searched and not logged as an unanswered question.
- A question over ``MAX_QUESTION_CHARS`` gets a Danish request for a shorter one: search over a
  whole e-mail finds one random article, not an answer.
- :func:`reads_as_question` decides whether a reply in a channel thread is meant for the bot
  (people talking to each other under an answer are left alone).
"""

from __future__ import annotations

import re

MAX_QUESTION_CHARS = 1000

GREETING = ("Hej! 👋 Jeg er Vidensbanken. Spørg mig om strategiske partnerskaber i den almene "
            "boligsektor – fx «hvad er et strategisk partnerskab?»")
THANKS = "Det var så lidt! 🙂 Spørg bare igen, hvis der er mere."
ACKNOWLEDGED = "Godt! Spørg bare, hvis der er mere, jeg kan hjælpe med."
EMOJI = "🙂 Skriv et spørgsmål, så leder jeg i vidensbanken – fx «hvornår er næste salon?»"
TOO_LONG = ("Dit spørgsmål er for langt til, at jeg kan finde et præcist svar (over 1.000 tegn). "
            "Skriv det kort – gerne ét spørgsmål ad gangen, fx «hvordan fastsættes målprisen i et "
            "partnerskab?»")

_GREETINGS = {"hej", "hejsa", "hejhej", "hey", "hi", "hello", "hallo", "halløj", "goddag", "godmorgen",
              "morgen", "godaften", "dav", "davs", "morn", "mojn", "velkommen"}
_THANKS = {"tak", "takker", "tak skal du have", "thanks", "thank", "tusind", "mange"}
_ACKNOWLEDGEMENTS = {"ok", "okay", "oki", "super", "fedt", "perfekt", "fint", "godt", "cool", "nice", "top",
                     "yes", "ja", "jamen", "nå", "aha", "forstået", "skønt", "dejligt", "farvel", "ses"}
# Words that may stand around the ones above without making a question: "tak for det", "hej igen".
_FILLER = {"for", "det", "hjælpen", "svaret", "svarene", "du", "dig", "jer", "skal", "have", "igen", "så",
           "meget", "rigtig", "også", "lige", "you", "vidensbanken", "vi", "en", "god", "dag", "og"}
_MAX_SMALL_TALK_WORDS = 6

_EMOJI_CODE = re.compile(r":[a-z0-9_+'\-]+(?:::skin-tone-\d)?:")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# A Danish yes/no question starts with its verb ("kan man …", "er der …"); others with a question word.
_QUESTION_STARTS = {
    "hvad", "hvordan", "hvorfor", "hvornår", "hvem", "hvor", "hvorhenne", "hvilke", "hvilken", "hvilket",
    "kan", "kunne", "er", "var", "har", "havde", "findes", "fandtes", "skal", "skulle", "må", "måtte", "bør",
    "burde", "vil", "ville", "gælder", "gør", "gjorde", "giver", "betyder", "kender", "mon",
    "fortæl", "forklar", "beskriv", "giv", "vis", "find", "hjælp", "nævn", "opsummer", "opsummér",
    "sammenlign", "uddyb", "definer", "what", "how", "why", "when", "who", "where", "which",
}
# Words a follow-up may start with before its question word: "og hvad med fsb HJEM?".
_LEAD_INS = {"og", "men", "så", "ok", "okay", "nå", "ja", "nej", "også", "lige", "jamen", "tak", "super"}


def _words(text: str) -> list[str]:
    return _WORD.findall(_EMOJI_CODE.sub(" ", text.lower()))


def quick_reply(text: str) -> str | None:
    """A short Danish reply for small talk or an over-long question; None for a real question."""
    if len(text) > MAX_QUESTION_CHARS:
        return TOO_LONG
    words = _words(text)
    if not words:
        return EMOJI if text.strip() else None
    if len(words) > _MAX_SMALL_TALK_WORDS:
        return None
    if "?" in text or not set(words) <= _GREETINGS | _THANKS | _ACKNOWLEDGEMENTS | _FILLER:
        return None
    if set(words) & {"tak", "takker", "thanks", "thank"}:
        return THANKS
    if set(words) & _GREETINGS:
        return GREETING
    if set(words) & _ACKNOWLEDGEMENTS:
        return ACKNOWLEDGED
    return None


def reads_as_question(text: str) -> bool:
    """Does a reply in a thread ask something ("og hvad med fsb HJEM?", "kan man også …")?"""
    if "?" in text:
        return True
    words = _words(text)
    while words and words[0] in _LEAD_INS:
        words = words[1:]
    return bool(words) and words[0] in _QUESTION_STARTS
