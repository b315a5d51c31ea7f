"""An empty library is searched like any other: no hits, never a traceback (found by the fault bench)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main


@pytest.mark.parametrize("query", ["oil prices", "sanc*", "lavorv~1"])
def test_searching_an_empty_library_finds_nothing(capsys, tmp_path: Path, query: str) -> None:
    assert main(["--library", str(tmp_path / "library"), "search", "--json", query]) == 0
    results = json.loads(capsys.readouterr().out)
    assert results["total"] == 0 and results["hits"] == []
