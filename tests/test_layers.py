"""The layers stay apart: briefings and search never pull in the UI toolkit, and `search` is ours."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

LOWER_LAYERS = [
    "briefings.model",
    "briefings.serialize",
    "briefings.formats",
    "briefings.library",
    "briefings.ingest",
    "briefings.export",
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
    assert not {m for m in loaded if m.split(".")[0] in {"textual", "rich", "tui"}}


def test_briefings_does_not_import_search() -> None:
    loaded = _modules_after_import([m for m in LOWER_LAYERS if m.startswith("briefings")])
    assert not {m for m in loaded if m.split(".")[0] in {"search", "whoosh"}}


def test_top_level_packages_are_ours() -> None:
    import briefings
    import search
    import tui

    for package in (briefings, search, tui):
        assert package.__file__ is not None
        assert ROOT in __import__("pathlib").Path(package.__file__).resolve().parents
