"""The layers stay apart: briefings and search never pull in the UI toolkit or the command line, the
command line and the reader stay out of each other (but for the line that opens the reader), and the
generic top-level names `search` and `cli` are ours."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

LOWER_LAYERS = [
    "briefings.model",
    "briefings.serialize",
    "briefings.formats",
    "briefings.library",
    "briefings.ingest",
    "briefings.export",
    "briefings.wording",
    "briefings.entities",
    "briefings.reading",
    "search",
]


def _modules_after_import(modules: list[str]) -> set[str]:
    code = "import importlib, json, sys\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    code += "print(json.dumps(sorted(sys.modules)))"
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(json.loads(output.stdout))


def test_lower_layers_do_not_import_textual_or_rich() -> None:
    loaded = _modules_after_import(LOWER_LAYERS)
    assert not {m for m in loaded if m.split(".")[0] in {"textual", "rich", "tui", "cli"}}


def test_briefings_does_not_import_search() -> None:
    loaded = _modules_after_import([m for m in LOWER_LAYERS if m.startswith("briefings")])
    assert not {m for m in loaded if m.split(".")[0] in {"search", "whoosh"}}


def _imports(package: str) -> dict[str, set[str]]:
    """Each module file of `package` (relative to the root) and the top-level packages it imports."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
        found[path.relative_to(ROOT).as_posix()] = names
    return found


def test_no_lower_layer_names_the_command_line_or_the_reader() -> None:
    """Read from the source, so an import inside a function counts as much as one at the top."""
    for package in ("briefings", "search"):
        for module, names in _imports(package).items():
            assert not names & {"cli", "tui"}, module


def test_the_reader_never_imports_the_command_line() -> None:
    assert {module for module, names in _imports("tui").items() if "cli" in names} == set()


def test_the_command_line_imports_the_reader_only_to_open_it() -> None:
    """cli/main.py starts the app; the commands and their printing need no Textual and no reader code."""
    importing = {module for module, names in _imports("cli").items() if names & {"tui", "textual"}}
    assert importing == {"cli/main.py"}
    loaded = _modules_after_import(["cli.main", "cli.reads", "cli.writes", "cli.printing", "cli.progress"])
    assert not {m for m in loaded if m.split(".")[0] in {"textual", "tui"}}


def test_top_level_packages_are_ours() -> None:
    import briefings
    import cli
    import search
    import tui

    for package in (briefings, search, cli, tui):
        assert package.__file__ is not None
        assert ROOT in Path(package.__file__).resolve().parents


def _imported_modules(path: Path, known: set[str]) -> set[str]:
    """Every project module `path` imports anywhere in it (TYPE_CHECKING blocks and functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            found |= {name for name in names if name in known} or ({node.module} & known)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names} & known
    return found


def test_no_two_modules_import_each_other_even_through_type_checking_or_a_function() -> None:
    files = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): path
        for package in ("briefings", "search", "cli", "tui")
        for path in (ROOT / package).rglob("*.py")
    }
    graph = {  # a package naming its own modules (a registry) holds them rather than depends on them
        module: {name for name in _imported_modules(path, set(files)) if not name.startswith(f"{module}.")}
        - {module}
        for module, path in files.items()
    }
    circles = []
    for start in graph:  # a path from one of its imports back to the module closes a circle
        seen, todo = set(), list(graph[start])
        while todo:
            module = todo.pop()
            if module == start:
                circles.append(start)
                break
            if module not in seen:
                seen.add(module)
                todo.extend(graph[module])
    assert graph["briefings.library"] and circles == []
