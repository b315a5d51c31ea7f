"""The `briefing` command in scripts: plain unwrapped lines into a pipe or a file, ids on every hit,
`--json` one document and `--jsonl` one object per line, `--format` templates, and a pipe closed early
(`| head`) ending the command quietly with status 0. Real processes, real pipes, a real terminal (pty)."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from briefings.library import SHORT_ID
from cli.listing import LIST_FIELDS, SEARCH_FIELDS, TIMELINE_FIELDS
from cli.main import main
from tests.conftest import ROOT

Capsys = pytest.CaptureFixture[str]
CLI = [sys.executable, "-m", "cli.main"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
LONG_TITLE = "Harbour cranes [bold]stop[/bold] " + "after a very long dispute " * 12 + "ends"


HOME_FOLDERS = (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"),
                ("XDG_STATE_HOME", "state"))


@pytest.fixture(scope="module")
def module_home(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One home for the module's tests and their processes: the index trusts only the machine (the
    data folder) that built it, and the samples library below is shared."""
    home = tmp_path_factory.mktemp("scripting-home")
    return {var: str(home / sub) for var, sub in HOME_FOLDERS}


@pytest.fixture(autouse=True)
def shared_home(isolated_home: Path, module_home: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for var, folder in module_home.items():
        monkeypatch.setenv(var, folder)


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory, module_home: dict[str, str]) -> Path:
    """The bundled samples, loaded as a user would: `briefing samples`."""
    root = tmp_path_factory.mktemp("scripting") / "library"
    done = subprocess.run([*CLI, "--library", str(root), "samples"], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **module_home}, timeout=120)
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture
def marked(tmp_path: Path, capsys: Capsys) -> Path:
    """A briefing whose title is longer than any terminal and holds markup, a tab and a line break."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    title = LONG_TITLE.replace("stop", "st\top").replace("ends", "\nends")
    (inbox / "long.md").write_text(
        f"---\ntitle: {json.dumps(title)}\ndate: 2025-04-02\n---\n\n## Summary\n\n"
        "Cranes **moved** again [bold red]loud[/bold red] at the port.\n", encoding="utf-8")
    root = tmp_path / "library"
    assert main(["--library", str(root), "ingest", "--quiet", str(inbox)]) == 0
    capsys.readouterr()
    return root


def shell(command: str) -> subprocess.CompletedProcess[str]:
    """`command` in bash with pipefail, so the status is the CLI's own even when `head` ends the pipe."""
    return subprocess.run(["bash", "-c", f"set -o pipefail; {command}"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def cli(library: Path) -> str:
    return f"{sys.executable} -m cli.main --library {library}"


def run(capsys: Capsys, library: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(library), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- the checks, in a real shell ------------------------------------------------------------------

def test_search_into_head_shows_three_hits_with_their_ids_and_exits_0(samples: Path,
                                                                      capsys: Capsys) -> None:
    done = shell(f"{cli(samples)} search the | head -3")
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert len(lines) == 3
    hits = json.loads(run(capsys, samples, "search", "--json", "the")[1])["hits"]
    for line, hit in zip(lines, hits[:3], strict=True):
        short = re.search(r"  (\S+)  \S+.*  \(\d+\.\d\d\)$", line)
        assert short and hit["briefing_id"].startswith(short[1])
        assert json.loads(run(capsys, samples, "show", "--json", short[1])[1])["id"] == hit["briefing_id"]


def test_the_first_json_line_of_a_search_is_a_json_document(samples: Path) -> None:
    done = shell(f"{cli(samples)} search the --jsonl | head -1 | {sys.executable} -m json.tool")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["briefing_id"]


# -- a closed pipe ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["list", "--format", "{full_id}" * 2_000],  # far more than a pipe holds: `head` goes while it writes
    ["search", "the", "--limit", "100", "--format", "{fragment}" * 200],
    ["timeline", "Chile", "--format", "{event}" * 2_000],
])
def test_a_pipe_closed_while_writing_ends_quietly_with_status_0(samples: Path, args: list[str]) -> None:
    quoted = " ".join(f"'{arg}'" for arg in args)
    done = shell(f"{cli(samples)} {quoted} | head -c 100")
    assert (done.returncode, done.stderr) == (0, "")
    assert len(done.stdout) == 100


@pytest.mark.parametrize("args", [["list"], ["show", "runoff"], ["search", "the"], ["timeline", "Chile"],
                                  ["list", "--jsonl"], ["show", "runoff", "--json"], ["index"],
                                  ["--version"]])
def test_a_pipe_nobody_reads_ends_every_command_quietly_with_status_0(samples: Path, args: list[str]) -> None:
    """The reading end is closed before the command starts, so its first write meets a closed pipe (the
    `index` and `--version` lines go through Rich, the others not)."""
    reading, writing = os.pipe()
    os.close(reading)
    try:
        done = subprocess.run([*CLI, "--library", str(samples), *args], cwd=ROOT, stdout=writing,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(writing)
    assert (done.returncode, done.stderr) == (0, "")


# -- plain lines into a pipe or a file --------------------------------------------------------------------

def test_list_is_one_unwrapped_line_per_briefing_with_markup_as_written(marked: Path, samples: Path,
                                                                        capsys: Capsys) -> None:
    code, out, _ = run(capsys, marked, "list")
    (line,) = out.splitlines()
    assert code == 0 and line.endswith(LONG_TITLE.replace("stop", "st op"))  # the tab a space, no wrap
    code, out, _ = run(capsys, samples, "list")
    listed = json.loads(run(capsys, samples, "list", "--json")[1])
    assert code == 0 and len(out.splitlines()) == len(listed) == 5
    assert all(line.split("  ")[-1] == entry["title"] for line, entry in zip(out.splitlines(), listed,
                                                                             strict=True))


def test_show_into_a_pipe_is_plain_text_as_written(marked: Path, capsys: Capsys) -> None:
    code, out, _ = run(capsys, marked, "show", "harbour")
    assert code == 0 and "\x1b" not in out and "╭" not in out
    assert "Cranes **moved** again [bold red]loud[/bold red] at the port." in out.splitlines()
    assert "\n\nWHAT HAPPENED Summary\nCranes" in out  # the card's title on a line, after a blank one


def test_search_lines_end_with_the_count_and_format_lines_are_hits_alone(samples: Path,
                                                                          capsys: Capsys) -> None:
    data = json.loads(run(capsys, samples, "search", "--json", "--limit", "5", "the")[1])
    code, out, err = run(capsys, samples, "search", "--limit", "5", "the")
    *hits, summary = out.splitlines()
    assert (code, err) == (0, "") and len(hits) == 5
    assert summary == f"{data['total']} matching cards, page 1 of {data['page_count']}"
    code, out, err = run(capsys, samples, "search", "--limit", "5", "--format", "{full_id}", "the")
    assert code == 0 and out.splitlines() == [hit["briefing_id"] for hit in data["hits"]]
    assert err == f"{summary}\n"  # on standard error: the hits leave some out
    code, out, err = run(capsys, samples, "search", "--limit", "100", "--format", "{id}", "the")
    assert (code, err) == (0, "") and len(out.splitlines()) == data["total"]


# -- --json and --jsonl ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "items"), [
    (["list"], lambda data: data),
    (["search", "the"], lambda data: data["hits"]),
    (["show", "runoff"], lambda data: [data]),
    (["timeline", "Chile"], lambda data: data),
])
def test_jsonl_is_the_json_document_one_object_per_line(samples: Path, capsys: Capsys,
                                                        args: list[str], items) -> None:
    code, document, _ = run(capsys, samples, *args, "--json")
    assert code == 0
    code, lines, _ = run(capsys, samples, *args, "--jsonl")
    expected = items(json.loads(document))
    assert code == 0 and expected and [json.loads(line) for line in lines.splitlines()] == expected


def test_one_output_option_at_a_time(samples: Path, capsys: Capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--library", str(samples), "list", "--json", "--jsonl"])
    assert stopped.value.code == 2 and "not allowed with" in capsys.readouterr().err


# -- --format ----------------------------------------------------------------------------------------------

def test_format_fills_every_field_with_tabs_and_padding(samples: Path, capsys: Capsys) -> None:
    listed = json.loads(run(capsys, samples, "list", "--json")[1])
    code, out, _ = run(capsys, samples, "list", "--format", r"{full_id}\t{iso_date}\t{cards:>3}\t{title}")
    rows = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and [row[0] for row in rows] == [entry["id"] for entry in listed]
    assert [row[3] for row in rows] == [entry["title"] for entry in listed]
    assert {row[2] for row in rows} == {f"{entry['cards']:>3}" for entry in listed}
    assert "2025-08" in [row[1] for row in rows]  # a date known to the month says no more
    code, out, _ = run(capsys, samples, "timeline", "Chile", "--format", "{iso_date} {id}")
    assert code == 0 and out.startswith("2025-")


@pytest.mark.parametrize("command", [["list"], ["search", "the"], ["timeline", "Chile"]])
def test_format_ids_are_unique_starts_that_show_takes(samples: Path, capsys: Capsys,
                                                     command: list[str]) -> None:
    code, out, _ = run(capsys, samples, *command, "--format", "{id} {full_id}")
    pairs = [line.split() for line in out.splitlines()]
    assert code == 0 and pairs
    for short, whole in pairs:
        assert whole.startswith(short) and len(short) >= min(SHORT_ID, len(whole))
        assert json.loads(run(capsys, samples, "show", "--json", short)[1])["id"] == whole


@pytest.mark.parametrize(("template", "message"), [
    ("{id}\t{nope}", "briefing: --format: unknown field {nope} (fields: id, full_id, date, "),
    ("{id:{width}}", "briefing: --format: unknown field {width} "),
    ("{}", "briefing: --format: unknown field {} "),
    ("{title.upper}", "briefing: --format: unknown field {title.upper} "),
    ("{id", "briefing: --format '{id' is not a template: "),
    ("{title:.2f}", "briefing: --format: Unknown format code 'f'"),
])
def test_a_bad_template_is_one_line_and_status_2(samples: Path, capsys: Capsys,
                                                 template: str, message: str) -> None:
    code, out, err = run(capsys, samples, "list", "--format", template)
    assert (code, out) == (2, "") and err.startswith(message) and err.count("\n") == 1


def test_an_unknown_field_is_refused_before_the_library_is_read(tmp_path: Path,
                                                               capsys: Capsys) -> None:
    code, out, err = run(capsys, tmp_path / "empty", "timeline", "Chile", "--format", "{score}")
    assert (code, out) == (2, "") and err.startswith("briefing: --format: unknown field {score}")


@pytest.mark.parametrize(("command", "fields"), [("list", LIST_FIELDS), ("search", SEARCH_FIELDS),
                                                 ("timeline", TIMELINE_FIELDS)])
def test_help_names_every_field(capsys: Capsys, command: str, fields: dict[str, str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main([command, "--help"])
    shown = " ".join(capsys.readouterr().out.split())  # argparse folds the help onto several lines
    assert stopped.value.code == 0 and "--jsonl" in shown
    assert all(f"{{{name}}} {' '.join(meaning.split())}" in shown for name, meaning in fields.items())


# -- on a terminal ----------------------------------------------------------------------------------------

def on_terminal(library: Path, *args: str) -> str:
    """What the command prints on a real terminal (a pty 100 columns wide), escape sequences left out."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    process = subprocess.Popen([*CLI, "--library", str(library), *args], cwd=ROOT, stdout=follower,
                               stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                               env={**os.environ, "COLUMNS": "100", "TERM": "xterm"})
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the command has closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=120) == 0
    return ANSI.sub("", b"".join(chunks).decode()).replace("\r\n", "\n")


def test_a_terminal_keeps_the_readable_layout(samples: Path) -> None:
    listed = on_terminal(samples, "list")
    assert re.match(r"date +id +cards +title", listed)
    assert max(len(line) for line in listed.splitlines()) <= 100  # wrapped to the terminal, as before
    assert "╭─ WHAT HAPPENED" in on_terminal(samples, "show", "runoff")
    searched = on_terminal(samples, "search", "--limit", "3", "the")
    assert "matching cards, page 1 of" in searched and "kind: " in searched  # the count and the facets
