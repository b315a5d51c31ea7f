"""`briefing ingest --no-split` and `briefing resplit` end to end on a real library and index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main

WIRE = """Port strike ends after three days

ROTTERDAM, March 4 - Dock workers at Rotterdam ended a three-day strike on Wednesday after the port
authority agreed to review shift pay, a union spokesman said.

"We have what we asked for," said union leader Anna de Vries. She added that crews would return tonight.

The port authority said it expected traffic to return to normal by the end of the week.

Dockers last walked out in 1998, when a dispute over container handling closed the port for a week.
"""


def run(capsys: pytest.CaptureFixture[str], library: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(library), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _kinds(capsys: pytest.CaptureFixture[str], library: Path) -> list[str]:
    (entry,) = json.loads(run(capsys, library, "list", "--json")[1])
    code, out, _ = run(capsys, library, "show", entry["id"], "--json")
    assert code == 0
    return [card["kind"] for card in json.loads(out)["cards"]]


def test_no_split_then_resplit_then_whole_again(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    library, article = tmp_path / "library", tmp_path / "strike.txt"
    article.write_text(WIRE, encoding="utf-8")
    assert run(capsys, library, "ingest", "--no-split", str(article))[0] == 0
    assert _kinds(capsys, library) == ["body"]
    code, out, err = run(capsys, library, "resplit")
    assert code == 0 and out.startswith("updated") and "Port strike ends" in out and "1 updated" in err
    kinds = _kinds(capsys, library)
    assert kinds[0] == "summary" and "statements" in kinds and kinds[-1] == "body"
    (entry,) = json.loads(run(capsys, library, "list", "--json")[1])
    shown = json.loads(run(capsys, library, "show", entry["id"], "--json")[1])
    assert shown["place"] == "Rotterdam" and all(card["derived"] for card in shown["cards"][:-1])
    statements = next(card for card in shown["cards"] if card["kind"] == "statements")["text"]
    assert "Anna de Vries" in statements and "(quote)" in statements
    assert run(capsys, library, "resplit")[2].strip().endswith("1 unchanged")
    assert run(capsys, library, "resplit", "--whole")[0] == 0 and _kinds(capsys, library) == ["body"]
    # a plain ingest of the same file splits it again
    assert run(capsys, library, "ingest", str(article))[1].startswith("updated")
    assert _kinds(capsys, library)[0] == "summary"


def test_resplit_reports_a_damaged_file_and_does_the_others(capsys: pytest.CaptureFixture[str],
                                                            tmp_path: Path) -> None:
    library, inbox = tmp_path / "library", tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "one.txt").write_text(WIRE, encoding="utf-8")
    (inbox / "two.txt").write_text(WIRE.replace("Rotterdam", "Antwerp").replace("Port strike", "Dock strike"),
                                   encoding="utf-8")
    assert run(capsys, library, "ingest", "--no-split", str(inbox))[0] == 0
    damaged = next(library.rglob("*.yaml"))
    damaged.write_text("schema_version: 2\ntitle: [unclosed\n", encoding="utf-8")
    code, out, err = run(capsys, library, "resplit")
    lines = out.splitlines()
    assert code == 1 and len(lines) == 2 and "Traceback" not in out + err
    assert sum(line.startswith("updated") for line in lines) == 1
    (error,) = [line for line in lines if line.startswith("error")]
    assert damaged.stem in error


def test_search_completes_the_last_word_as_the_reader_does(capsys: pytest.CaptureFixture[str],
                                                           tmp_path: Path) -> None:
    library, article = tmp_path / "library", tmp_path / "strike.txt"
    article.write_text(WIRE, encoding="utf-8")
    assert run(capsys, library, "ingest", str(article))[0] == 0
    code, out, _ = run(capsys, library, "search", "--json", "dock work")
    assert code == 0 and json.loads(out)["total"] > 0  # "work" completes to "workers"
    code, out, _ = run(capsys, library, "search", "--json", "--whole-words", "dock work")
    assert code == 0 and json.loads(out)["total"] == 0
