"""YAML front matter, read safely: plain values only, no anchors or aliases.

An alias repeats a node wherever it is used, so a few lines (``a: &a [x, x]``, ``b: &b [*a, *a]`` …)
grow into megabytes once loaded or written out as JSON. Front matter never needs them; a file that
has one is refused with its line, like any other invalid front matter.
"""

from __future__ import annotations

import yaml

# libyaml when PyYAML has it: the pure-Python loader took a third of an incremental reindex (make bench).
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ALIASES_REFUSED = "YAML anchors and aliases (&name, *name) are not allowed in front matter; write the value out"


class AliasInFrontMatter(ValueError):
    def __init__(self, line: int):
        self.line = line            # 0-based line within the YAML text
        super().__init__(ALIASES_REFUSED)


def load_front_matter(text: str):
    """The YAML value of ``text``; raises AliasInFrontMatter or yaml.YAMLError."""
    if "&" in text or "*" in text:          # only then can there be an anchor or alias to look for
        for event in yaml.parse(text, Loader=YAML_LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise AliasInFrontMatter(event.start_mark.line)
    return yaml.load(text, Loader=YAML_LOADER)
