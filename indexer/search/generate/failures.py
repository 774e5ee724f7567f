"""Why a generated answer fell back to the extractive one: short English reasons, stable for stats.

A reason says what went wrong, never what the question or the answer said.
"""

from __future__ import annotations

TIMEOUT = "timeout"                    # the endpoint did not answer within VIDENSBANK_LLM_TIMEOUT
CONNECTION = "connection"              # the endpoint could not be reached
RATE_LIMITED = "rate_limited"          # 429, and no time left to wait for Retry-After
SERVER_ERROR = "server_error"          # 5xx, still after the retries the time allowed
REJECTED = "rejected"                  # another 4xx: wrong key, model name or request
EMPTY = "empty"                        # no text came back
TRUNCATED = "truncated"                # the answer hit the token limit
UNCITED_SENTENCE = "uncited_sentence"  # a sentence without [n]
UNKNOWN_CITATION = "unknown_citation"  # an [n] that is not one of the passages sent
UNGROUNDED_FACT = "ungrounded_fact"    # a number, date, § or name not in the cited passages
UNGROUNDED_WORDS = "ungrounded_words"  # too few of a sentence's words are in the cited passages
NOT_DANISH = "not_danish"
CONFIDENTIAL = "confidential"          # the answer needs passages above VIDENSBANK_LLM_MAX_AUDIENCE
ERROR = "error"                        # anything unexpected (logged with its type)

GROUNDING = (UNCITED_SENTENCE, UNKNOWN_CITATION, UNGROUNDED_FACT, UNGROUNDED_WORDS, NOT_DANISH)
ENDPOINT = (TIMEOUT, CONNECTION, RATE_LIMITED, SERVER_ERROR, REJECTED, EMPTY, TRUNCATED, ERROR)
ALL = (*ENDPOINT, *GROUNDING, CONFIDENTIAL)


class GenerationFailed(Exception):
    """The model's answer cannot be used; ``reason`` is one of the constants above."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
