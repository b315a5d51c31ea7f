"""Terminal attacks through the CLI: no ESC, BEL or C1 byte from content reaches stdout or stderr, and Rich
markup in content is printed literally, in every command that shows text (JSON output included)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cli.main import main

OSC52 = "\x1b]52;c;ZXZpbA==\x07"
HYPERLINK = "\x1b]8;;http://attacker.example/\x1b\\click\x1b]8;;\x1b\\"
CSI_C1 = "\x9b31m"
MARKUP = "[bold red]loud[/bold red] [link=http://attacker.example/]x[/link]"
FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Every C0 control except tab and newline, DEL, and every C1 control (0x9b is a one-byte CSI)."""

BROKEN_YAML = "schema_version: 1\ntitle: [unclosed\n"
HOSTILE_MD = (
    "---\n"
    'title: "Cranes \\e[2J\\e]52;c;ZXZpbA==\\a seized \\x9b31m [bold red]loud[/bold red]"\n'
    "date: 2025-03-01\n"
    "entities:\n"
    '  - name: "Acme Corp"\n'
    '    description: "Makes \\e]8;;http://attacker.example/\\e\\\\links\\e]8;;\\e\\\\ [link=http://x]y[/link]"\n'
    "---\n"
    f"## Summary\nIn March 2024 Acme Corp seized cranes {OSC52} {HYPERLINK} {CSI_C1} {MARKUP}.\n"
)


def _assert_no_controls(stream: str) -> None:
    found = FORBIDDEN.findall(stream)
    assert not found, f"control characters reached the terminal: {found!r} in {stream[:300]!r}"


@pytest.fixture
def hostile_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / f"evil{OSC52}{CSI_C1}.md").write_text(HOSTILE_MD, encoding="utf-8")
    (inbox / f"broken\x1b[2J{CSI_C1}.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    library = tmp_path / "library"
    assert main(["--library", str(library), "ingest", str(inbox)]) == 1  # the broken file is an error
    _, err = _both(capsys)
    _assert_no_controls(err)
    return library


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")


def _both(capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    captured = capsys.readouterr()
    return captured.out, captured.err


def _run(capsys: pytest.CaptureFixture[str], library: Path, *args: str) -> tuple[str, str]:
    main(["--library", str(library), *args])
    out, err = _both(capsys)
    _assert_no_controls(out)
    _assert_no_controls(err)
    return out, err


def test_ingest_lines_quote_hostile_file_names_and_errors_safely(tmp_path: Path, capsys) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / f"evil{OSC52}.md").write_text(HOSTILE_MD, encoding="utf-8")
    (inbox / f"broken{HYPERLINK.replace('/', '')}.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    out, _ = _run(capsys, tmp_path / "library", "ingest", str(inbox))
    assert "added" in out and "error" in out and "␛]52;c;ZXZpbA==␇" in out
    out, _ = _run(capsys, tmp_path / "library", "ingest", "--json", str(inbox))
    assert {json.loads(line)["status"] for line in out.splitlines()} == {"unchanged", "error"}


def test_list_show_and_timeline_print_content_literally(hostile_library: Path, capsys) -> None:
    out, _ = _run(capsys, hostile_library, "list")
    assert "␛[2J" in out and "[bold red]loud[/bold red]" in out
    entry = json.loads(_run(capsys, hostile_library, "list", "--json")[0])[0]
    assert entry["title"].startswith("Cranes \x1b[2J")  # JSON keeps the data, escaped as \u001b
    out, _ = _run(capsys, hostile_library, "show", entry["id"])
    assert "␛]52;c;ZXZpbA==␇" in out and "[link=http://attacker.example/]x[/link]" in out
    _run(capsys, hostile_library, "show", "--json", entry["id"])
    out, _ = _run(capsys, hostile_library, "timeline", "Acme Corp")
    assert "␛]52" in out
    _run(capsys, hostile_library, "timeline", "--json", "Acme Corp")


def test_search_hits_show_markup_in_them_as_written(
        hostile_library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = _run(capsys, hostile_library, "search", "cranes")
    assert "[bold red]loud[/bold red]" in out
    data = json.loads(_run(capsys, hostile_library, "search", "--json", "cranes")[0])
    assert data["total"] == len(data["hits"]) == 1


@pytest.mark.parametrize("query", [f"cranes {OSC52}", f"{HYPERLINK} seized", f'"unclosed {OSC52}',
                                   f"entity:{CSI_C1}x", "[bold]cranes[/bold]"])
def test_query_problems_quote_the_query_safely(
        hostile_library: Path, capsys: pytest.CaptureFixture[str], query: str) -> None:
    for args in (("search", query), ("search", "--json", query)):
        out, err = _run(capsys, hostile_library, *args)  # no control character reaches the terminal
        assert out == "" and len(err.splitlines()) == 1 and err.startswith("briefing: cannot search “")
    if "\x1b" in query:
        assert "␛" in err  # ESC is shown, not sent


def test_error_messages_quoting_an_id_or_entity_are_safe(hostile_library: Path, capsys) -> None:
    _, err = _run(capsys, hostile_library, "show", f"nothing{OSC52}")
    assert "no briefing" in err
    _, err = _run(capsys, hostile_library, "timeline", f"Nobody{HYPERLINK}")
    assert "no dated events" in err
    _, err = _run(capsys, hostile_library, "export", f"x{CSI_C1}", "--format", "json")
    assert "no briefing" in err


def test_json_export_to_standard_output_escapes_c1_controls(hostile_library: Path, capsys) -> None:
    entry = json.loads(_run(capsys, hostile_library, "list", "--json")[0])[0]
    out, _ = _run(capsys, hostile_library, "export", entry["id"], "--format", "json")
    assert "\x9b" in json.loads(out)["title"]
