"""Domain synonyms and abbreviations from knowledge_base/synonyms.yaml, used to expand queries.

The file is edited by admins::

    groups:
      - [beboerinddragelse, inddragelse af beboerne, beboerdemokrati]
      - [SP, strategisk partnerskab]

Every entry of a group means the same; a query containing one entry also searches for the others.
A missing file means no synonyms; a broken file is an error that names it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from indexer.errors import VidensbankError
from indexer.language.words import analyse

SYNONYMS_FILE = "synonyms.yaml"


class InvalidSynonyms(VidensbankError):
    def __init__(self, path, message: str, line: int | None = None):
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Synonyms:
    """Groups of analysed entries: each entry is a tuple of stems ("inddragelse af beboerne" → inddrag, beboer)."""

    groups: tuple[tuple[tuple[str, ...], ...], ...] = ()
    raw: tuple[tuple[str, ...], ...] = ()          # as the admin wrote them
    _by_stem: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        for g, group in enumerate(self.groups):
            for entry in group:
                for term in entry:
                    self._by_stem.setdefault(term, set()).add(g)

    @classmethod
    def from_groups(cls, groups: list[list[str]]) -> "Synonyms":
        analysed = []
        for group in groups:
            entries = tuple(dict.fromkeys(tuple(analyse(str(e))) for e in group))
            entries = tuple(e for e in entries if e)
            if len(entries) > 1:
                analysed.append(entries)
        return cls(tuple(analysed), tuple(tuple(str(e) for e in g) for g in groups))

    def as_dict(self) -> dict:
        """What a build stores in its manifest (the index is searched with the synonyms it was built with)."""
        return {"groups": [list(g) for g in self.raw]}

    @classmethod
    def from_dict(cls, data: dict | None) -> "Synonyms":
        return cls.from_groups((data or {}).get("groups", []))

    def expansions(self, stems: set[str]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """(matched entry, other entry) pairs for every entry whose stems all occur in ``stems``."""
        out = []
        candidates = set().union(*(self._by_stem.get(s, set()) for s in stems)) if stems else set()
        for g in sorted(candidates):
            group = self.groups[g]
            matched = [e for e in group if set(e) <= stems]
            if not matched:
                continue
            best = max(matched, key=len)   # "strategisk partnerskab" rather than "partnerskab"
            out.extend((best, other) for other in group if other not in matched)
        return out


def load_synonyms(kb_dir: Path | str) -> Synonyms:
    """Read <kb>/synonyms.yaml; a missing file gives no synonyms."""
    path = Path(kb_dir) / SYNONYMS_FILE
    if not path.is_file():
        return Synonyms()
    raw = path.read_bytes()
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidSynonyms(path, "is not UTF-8 text; save it as UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InvalidSynonyms(path, f"invalid YAML ({getattr(exc, 'problem', None) or exc}); "
                              "fix the file or remove it", mark.line + 1 if mark else None) from None
    if data is None:
        return Synonyms()
    if not isinstance(data, dict) or not isinstance(data.get("groups", []), list):
        raise InvalidSynonyms(path, "expected a mapping with a list 'groups:', e.g. groups: [[SP, strategisk "
                              "partnerskab]]")
    groups = []
    for n, group in enumerate(data.get("groups") or [], start=1):
        if not isinstance(group, list) or not all(isinstance(e, (str, int, float)) for e in group):
            raise InvalidSynonyms(path, f"group {n} must be a list of words or phrases, got {group!r}")
        groups.append([str(e) for e in group])
    return Synonyms.from_groups(groups)
