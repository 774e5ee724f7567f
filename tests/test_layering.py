"""The architecture as a test: data flows one way and every package keeps to its front door.

- ``bot`` imports ``indexer`` only through ``indexer/__init__.py`` (``from indexer import …``).
- ``indexer`` never imports ``bot``, and its modules never import their own front door.
- Inside ``indexer`` a module imports only from its own layer or the layers below it:
  foundation → knowledge → anonymise → index → search → events → application.
- No Python module of the project passes 400 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import indexer

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 400
LAYERS = ["foundation", "knowledge", "anonymise", "index", "search", "events", "application"]
FOUNDATION = {"indexer.config", "indexer.errors", "indexer.audience", "indexer.parameters", "indexer.language"}
APPLICATION = {"indexer", "indexer.__main__", "indexer.cli", "indexer.service", "indexer.operations",
               "indexer.reviews"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> str:
    """The layer of an indexer module (a sub-package's modules share its layer)."""
    if module in APPLICATION:
        return "application"
    for name in FOUNDATION:
        if module == name or module.startswith(name + "."):
            return "foundation"
    package = module.split(".")[1]
    if package in LAYERS:
        return package
    raise AssertionError(f"{module} belongs to no layer; add it to tests/test_layering.py")


def imports_of(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, imported module, names) for every import in a file, function-level ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module, [a.name for a in node.names]))
    return found


def python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def test_bot_imports_indexer_only_through_its_front_door():
    wrong = [f"{p.relative_to(ROOT)}:{line} imports {module}"
             for p in python_files("bot") for line, module, _ in imports_of(p)
             if module.startswith("indexer.")]
    assert wrong == []


def test_bot_uses_only_names_the_front_door_exports():
    exported = set(indexer.__all__)
    wrong = [f"{p.relative_to(ROOT)}:{line} imports {name} from indexer"
             for p in python_files("bot") for line, module, names in imports_of(p)
             if module == "indexer" for name in names if name not in exported]
    assert wrong == []


def test_front_door_exports_exist():
    missing = [name for name in indexer.__all__ if not hasattr(indexer, name)]
    assert missing == []


def test_indexer_never_imports_bot_or_its_own_front_door():
    wrong = [f"{p.relative_to(ROOT)}:{line} imports {module}"
             for p in python_files("indexer") for line, module, _ in imports_of(p)
             if module == "bot" or module.startswith("bot.") or module == "indexer"]
    assert wrong == []


def test_indexer_data_flows_one_way():
    wrong = []
    for path in python_files("indexer"):
        here = module_name(path)
        rank = LAYERS.index(layer_of(here))
        for line, module, _ in imports_of(path):
            if not module.startswith("indexer."):
                continue
            if LAYERS.index(layer_of(module)) > rank:
                wrong.append(f"{path.relative_to(ROOT)}:{line} ({layer_of(here)}) imports {module} "
                             f"({layer_of(module)})")
    assert wrong == []


@pytest.mark.parametrize("folder", ["indexer", "bot", "tests", "bench", "scripts"])
def test_no_module_passes_400_lines(folder):
    long = {str(p.relative_to(ROOT)): n for p in python_files(folder)
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_the_layering_check_sees_a_violation(tmp_path):
    """The walker finds imports inside functions too (so a lazy import cannot hide a wrong turn)."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from indexer.search.compose import compose_answer\n", encoding="utf-8")
    assert imports_of(sample) == [(2, "indexer.search.compose", ["compose_answer"])]
    assert layer_of("indexer.knowledge.articles") == "knowledge"
    assert LAYERS.index(layer_of("indexer.index.build")) > LAYERS.index(layer_of("indexer.knowledge.documents"))
