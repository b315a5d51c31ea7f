"""`briefing timeline ENTITY`: an entity's dated events across the library, oldest first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefings.ingest import ingest_paths
from briefings.library import Library
from cli.main import main


@pytest.fixture
def library(tmp_path: Path, seeds_dir: Path) -> Path:
    root = tmp_path / "library"
    with Library(root) as opened:
        list(ingest_paths(opened, sorted(seeds_dir.glob("*.txt"))))
    return root


def test_timeline_json_is_oldest_first(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    assert main(["--library", str(library), "timeline", "Kim Jong Un", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["date"] for row in rows] == sorted(row["date"] for row in rows)
    assert rows[0]["date"] == "2023-09-01" and "Vostochny" in rows[0]["sentence"]
    assert {"briefing_id", "briefing_title", "card", "date_text", "precision"} <= set(rows[0])


def test_timeline_prints_dates_sentences_and_briefings(capsys: pytest.CaptureFixture[str],
                                                       library: Path) -> None:
    assert main(["--library", str(library), "timeline", "Sergei Shoigu"]) == 0
    out = capsys.readouterr().out
    assert "June 2025" in out and "Shoigu" in out and "U.S. expresses deep worry" in out


def test_timeline_of_unknown_entity(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    assert main(["--library", str(library), "timeline", "\x1b[31mNobody"]) == 1
    err = capsys.readouterr().err
    assert "no dated events name" in err and "\x1b" not in err
