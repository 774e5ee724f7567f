"""Is a text Danish? Word by word, wordfreq says which language uses the word most.

A word counts as Danish when Danish uses it about as often as any of the neighbours a model
slips into (English, Swedish, Norwegian, German) and as foreign when one of them uses it at least
ten times as often. Words no list knows (new compounds), capitalised words (names) and foreign
words the passages themselves use count as neither. Norwegian is the hard case: most of its
function words are Danish too, so the bar is high.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

DANISH = "da"
NEIGHBOURS = ("en", "sv", "nb", "de")
WORDLIST = "small"         # the most frequent words only: enough to tell languages apart, light to load
FOREIGN_MARGIN = 1.0       # zipf units: ten times as frequent
MIN_DANISH_SHARE = 0.85
MIN_DECIDED = 3            # fewer decided words than this: too short to judge, accepted
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=None)
def _frequencies(lang: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict(lang, wordlist=WORDLIST)


def _zipf(word: str, lang: str) -> float:
    # wordfreq's zipf_frequency without its tokenizer: the words here are already single tokens.
    frequency = _frequencies(lang).get(word, 0.0)
    return math.log10(frequency) + 9 if frequency > 0 else 0.0


@lru_cache(maxsize=50_000)
def _verdict(word: str) -> int:
    """+1 Danish, -1 foreign, 0 undecided."""
    danish = _zipf(word, DANISH)
    other = max(_zipf(word, lang) for lang in NEIGHBOURS)
    if other > danish + FOREIGN_MARGIN:
        return -1
    return 1 if danish > 0 else 0


def danish_share(text: str, borrowed: frozenset[str] = frozenset()) -> tuple[float, int]:
    """(share of the decided words that are Danish, number of decided words).

    ``borrowed``: lower-case words of the passages; a loanword the sources use ("kick-off") or a
    Danish word that is also common elsewhere ("to", "over") is never counted as foreign then.
    """
    danish = foreign = 0
    for word in _WORD.findall(text):
        if word[0].isupper() and not _is_sentence_start(text, word):
            continue
        verdict = _verdict(word.lower())
        if verdict < 0 and word.lower() in borrowed:
            verdict = 0
        danish += verdict > 0
        foreign += verdict < 0
    decided = danish + foreign
    return (danish / decided if decided else 1.0), decided


def is_danish(text: str, borrowed: frozenset[str] = frozenset()) -> bool:
    share, decided = danish_share(text, borrowed)
    return decided < MIN_DECIDED or share >= MIN_DANISH_SHARE


def warm_up() -> None:
    """Load the word lists now rather than inside the first member's answer."""
    for lang in (DANISH, *NEIGHBOURS):
        _frequencies(lang)


def _is_sentence_start(text: str, word: str) -> bool:
    # A capitalised word is a name unless a sentence starts with it; approximate by looking for it
    # after the text's start or a full stop (exactness does not matter for a share).
    return text.startswith(word) or re.search(r"[.!?:]\s+" + re.escape(word) + r"\b", text) is not None
