"""An entity the text names only by a guess carries the reason wherever it is shown: `briefing show`, its
JSON and the reader's entity panel."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefings.model import Entity, EntityKind
from cli.main import main
from tui.widgets.entity_panel import _entity_prompt

_PAGE = """\
What's happened
Foreign Minister Dorn reopened the port of Santa Brava in Marisol on 2 May 2025.
What the papers say
Tech in Asia reports that logistics start-ups lost a month of revenue.
More on these topics
-
Ilya Petrovich Dorn is a Marisolan diplomat who has served as Foreign Minister since 2021.
-
Asia is the largest continent by area and population.
"""
_MARK = '≈ inferred: surname "Dorn" alone'


def _run(capsys: pytest.CaptureFixture[str], library: Path, *args: str) -> str:
    assert main(["--library", str(library), *args]) == 0
    return capsys.readouterr().out


def test_show_and_its_json_carry_the_reason(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = tmp_path / "santa-brava.txt"
    page.write_text(_PAGE, encoding="utf-8")
    library = tmp_path / "library"
    _run(capsys, library, "ingest", str(page))
    (entry,) = json.loads(_run(capsys, library, "list", "--json"))
    shown = _run(capsys, library, "show", entry["id"])
    assert _MARK in " ".join(shown.split())
    data = json.loads(_run(capsys, library, "show", entry["id"], "--json"))
    marks = {e["name"]: (e["mentioned"], e["inferred"]) for e in data["entities"]}
    assert marks["Ilya Dorn"] == (True, 'surname "Dorn" alone')
    assert marks["Asia"] == (False, "")


def test_the_entity_panel_marks_a_guess_and_only_a_guess() -> None:
    guessed = Entity("Ilya Dorn", kind=EntityKind.PERSON, description="A diplomat.", mentioned=True,
                     inferred='surname "Dorn" alone')
    assert _MARK in _entity_prompt(guessed).plain
    named = Entity("Ilya Dorn", kind=EntityKind.PERSON, description="A diplomat.", mentioned=True)
    assert "inferred" not in _entity_prompt(named).plain
