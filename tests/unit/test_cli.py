"""The `briefing` command end to end on a real temporary library and index."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from briefings.formats.native_yaml import dump_briefing
from briefings.ingest import sample_paths
from briefings.model import Briefing, Card, CardKind, Reference
from briefings.wording import reference_line
from cli.main import main


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return tmp_path / "library"


def run(capsys: pytest.CaptureFixture[str], library: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(library), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_ingest_reports_each_file_and_fails_after_doing_the_good_ones(capsys, library, tmp_path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.md").write_text(
        "---\ntitle: Harbour strike ends\ndate: 2025-04-02\n---\n\n## Summary\n\nCranes moved again.\n"
    )
    (inbox / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "bad-front-matter.md").write_text("---\ntitle: [unclosed\n---\n\nText.\n")
    code, out, _ = run(capsys, library, "ingest", str(inbox))
    assert code == 1
    lines = out.splitlines()
    assert sum(line.startswith("added") for line in lines) == 1
    errors = [line for line in lines if line.startswith("error")]
    assert len(errors) == 3
    assert any("binary.txt" in line for line in errors)
    code, out, _ = run(capsys, library, "list", "--json")
    assert [item["title"] for item in json.loads(out)] == ["Harbour strike ends"]


def test_ingest_twice_is_unchanged_and_list_is_newest_first(capsys, library) -> None:
    paths = [str(p) for p in sample_paths()]
    assert run(capsys, library, "ingest", *paths)[0] == 0
    code, out, _ = run(capsys, library, "ingest", "--json", *paths)
    assert code == 0
    assert {json.loads(line)["status"] for line in out.splitlines()} == {"unchanged"}
    entries = json.loads(run(capsys, library, "list", "--json")[1])
    dates = [e["date"] for e in entries if e["date"]]
    assert dates == sorted(dates, reverse=True)
    assert len(entries) == len(paths)


def test_show_export_and_search(capsys, library, tmp_path) -> None:
    run(capsys, library, "samples")
    first = json.loads(run(capsys, library, "list", "--json")[1])[0]
    code, out, _ = run(capsys, library, "show", first["id"][:12])
    assert code == 0 and first["title"].split()[0] in out
    data = json.loads(run(capsys, library, "show", "--json", first["id"])[1])
    assert data["schema_version"] == 2 and data["id"] == first["id"]
    code, _, err = run(
        capsys, library, "export", first["id"], "--format", "markdown", "-o", str(tmp_path / "out")
    )
    assert code == 0 and "wrote" in err
    assert (tmp_path / "out" / f"{first['id']}.md").read_text().startswith("---\n")
    code, out, _ = run(capsys, library, "search", "--json", "coffee")
    results = json.loads(out)
    assert code == 0 and results["hits"]


def test_unknown_id_is_one_clear_line(capsys, library) -> None:
    run(capsys, library, "samples")
    code, out, err = run(capsys, library, "show", "no-such-briefing")
    assert code == 2 and out == ""
    assert err.strip() == "briefing: no briefing with id 'no-such-briefing' (see `briefing list`)"


def test_bad_query_is_one_line_and_status_2(capsys, library) -> None:
    run(capsys, library, "samples")
    code, out, err = run(capsys, library, "search", 'coffee "frost')
    assert (code, out) == (2, "")
    assert err == "briefing: cannot search “coffee \"frost”: a quotation mark is not closed\n"


def test_printed_text_cannot_drive_the_terminal(capsys, library, tmp_path) -> None:
    hostile = tmp_path / "hostile.md"
    hostile.write_text(
        "# Title [bold red]loud[/] \x1b]52;c;ZXZpbA==\x07\n\n## Summary\n\nBody \x1b[2J text [link](http://x.test).\n"
    )
    run(capsys, library, "ingest", str(hostile))
    entry = json.loads(run(capsys, library, "list", "--json")[1])[0]
    _, listing, _ = run(capsys, library, "list")
    _, shown, _ = run(capsys, library, "show", entry["id"])
    for output in (listing, shown):
        assert "\x1b" not in output and "\x07" not in output
    assert "[bold red]loud[/]" in shown


def test_show_and_the_export_word_references_and_headings_as_the_reader(capsys, library, tmp_path) -> None:
    split = Reference(1, author="Smith, J.", date=dt.date(2025, 6, 25), title="Grain report",
                      outlet="Agri Wire")
    cards = (Card(CardKind.SUMMARY, "What\u2019s happened", "Prices fell [1]."),
             Card(CardKind.FORECAST, "Forecast and consequences", "Prices may rise."))
    briefing = Briefing(id="grain-1", title="Grain", cards=cards, references=(split,))
    (tmp_path / "grain.yaml").write_text(dump_briefing(briefing), encoding="utf-8")
    assert run(capsys, library, "ingest", str(tmp_path / "grain.yaml"))[0] == 0
    _, shown, _ = run(capsys, library, "show", "grain-1")
    _, exported, _ = run(capsys, library, "export", "grain-1", "--format", "markdown")
    line = reference_line(split)
    assert line == "[1] Smith, J. (2025-06-25). Grain report. Agri Wire"
    assert line in shown and line in exported.splitlines()
    assert "FORECAST Forecast and consequences" in shown
    assert "What\u2019s happened" not in shown  # it says no more than the label, WHAT HAPPENED
