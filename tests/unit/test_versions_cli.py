"""`briefing versions ID` and `briefing changes ID [--from N] [--to M]`, as a script and a person use them:
plain lines into a pipe, `--json` one document, a readable layout on a terminal, one line and status 2
for an id or a version that is not there. Our own Kagi fixtures (tests/data/kagi/developing_story_v*)."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from briefings.library import Library
from briefings.versions import VERSIONS_DIR
from cli.main import main
from tests.unit.test_cli_scripting import on_terminal

Capsys = pytest.CaptureFixture[str]
KAGI = Path(__file__).parent.parent / "data" / "kagi"
STORY_ID = "flash-floods-hit-the-merrow-valley-1d4370e9"
MORNING = 1_764_140_400  # 2025-11-26 07:00 UTC
EVENING = 1_764_183_600  # 2025-11-26 19:00 UTC


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Times are shown in local time: make that UTC, whatever the machine says."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def story(tmp_path: Path, capsys: Capsys) -> Path:
    """A library with the story in two versions, saved in the morning and in the evening."""
    root = tmp_path / "library"
    assert main(["--library", str(root), "ingest", "--quiet", str(KAGI / "developing_story_v1.json")]) == 0
    with Library(root) as library:
        os.utime(library._file(STORY_ID), (MORNING, MORNING))
    assert main(["--library", str(root), "ingest", "--quiet", str(KAGI / "developing_story_v2.json")]) == 0
    with Library(root) as library:
        os.utime(library._file(STORY_ID), (EVENING, EVENING))
    capsys.readouterr()
    return root


def run(capsys: Capsys, library: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(library), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_versions_lists_each_version_oldest_first_the_current_marked(story: Path, capsys: Capsys) -> None:
    code, out, err = run(capsys, story, "versions", "flash-floods")
    lines = out.splitlines()
    assert (code, err, len(lines)) == (0, "", 2)
    assert lines[0].startswith("1  2025-11-26 07:00  ")
    assert lines[0].endswith("  Flash floods hit the Merrow valley")
    assert lines[1].startswith("2  2025-11-26 19:00  ")
    assert lines[1].endswith("  Flash floods hit the Merrow valley  (current)")


def test_versions_json_is_one_document_with_whole_digests(story: Path, capsys: Capsys) -> None:
    code, out, _ = run(capsys, story, "versions", "flash", "--json")
    data = json.loads(out)
    assert code == 0 and data["id"] == STORY_ID
    assert [(v["number"], v["saved_at"], v["current"]) for v in data["versions"]] == [
        (1, "2025-11-26T07:00:00+00:00", False), (2, "2025-11-26T19:00:00+00:00", True)]
    assert all(len(v["digest"]) == 64 and v["problem"] == "" for v in data["versions"])


CHANGES = """\
version 1 (2025-11-26 07:00) → version 2 (2025-11-26 19:00): Flash floods hit the Merrow valley
What happened [summary]
  ~ At least 15 people were killed in the villages along the river [1].
  → At least 30 people were killed in the villages along the river [1].
  = figure moved: people 15 → 30
Timeline [timeline]
  + November 26, 2025: The government declares a state of emergency in the valley [3].
Sources
  + [3] statewire.example — State of emergency declared in the valley <https://statewire.example/emergency>
Outlets
  + statewire.example
"""


def test_changes_lists_exactly_the_new_source_figure_and_timeline_entry(story: Path, capsys: Capsys) -> None:
    assert run(capsys, story, "changes", "flash") == (0, CHANGES, "")
    assert run(capsys, story, "changes", "flash", "--from", "1", "--to", "2") == (0, CHANGES, "")


def test_changes_backwards_say_the_same_the_other_way(story: Path, capsys: Capsys) -> None:
    code, out, _ = run(capsys, story, "changes", "flash", "--from", "2", "--to", "1")
    assert code == 0
    assert out.splitlines()[0].startswith("version 2 (2025-11-26 19:00) → version 1 (2025-11-26 07:00)")
    assert "  = figure moved: people 30 → 15" in out.splitlines()
    assert "  - statewire.example" in out.splitlines()


def test_changes_json_is_one_document(story: Path, capsys: Capsys) -> None:
    code, out, _ = run(capsys, story, "changes", "flash", "--json")
    data = json.loads(out)
    assert code == 0
    assert (data["id"], data["from"]["number"], data["to"]["number"]) == (STORY_ID, 1, 2)
    summary, timeline = data["cards"]
    toll = "At least {} people were killed in the villages along the river [1]."
    assert summary["changed"] == [{"old": toll.format(15), "new": toll.format(30)}]
    assert [(f["group"], f["before"], f["after"]) for f in summary["figures"]] == [("people", [15.0], [30.0])]
    assert [(e["date_text"], e["date"]) for e in timeline["events_added"]] == [("November 26, 2025",
                                                                                 "2025-11-26")]
    assert [r["url"] for r in data["references_added"]] == ["https://statewire.example/emergency"]
    assert (data["outlets_added"], data["references_dropped"], data["outlets_dropped"]) == (
        ["statewire.example"], [], [])


NO_SUCH_ID = "briefing: no briefing with id 'nothing-like-it' (see `briefing list`)\n"


@pytest.mark.parametrize(("args", "message"), [
    (["changes", "flash", "--from", "3"], f"briefing: {STORY_ID} has no version 3 (its versions: 1 to 2)\n"),
    (["changes", "flash", "--to", "0"], f"briefing: {STORY_ID} has no version 0 (its versions: 1 to 2)\n"),
    (["changes", "nothing-like-it"], NO_SUCH_ID),
    (["versions", "nothing-like-it"], NO_SUCH_ID),
])
def test_an_id_or_version_not_there_is_one_line_and_status_2(story: Path, capsys: Capsys, args: list[str],
                                                             message: str) -> None:
    assert run(capsys, story, *args) == (2, "", message)


def test_a_briefing_with_one_version_has_nothing_to_compare(tmp_path: Path, capsys: Capsys) -> None:
    root = tmp_path / "library"
    assert main(["--library", str(root), "ingest", "--quiet", str(KAGI / "developing_story_v1.json")]) == 0
    capsys.readouterr()
    said = f"{STORY_ID} has one version: nothing to compare\n"
    assert run(capsys, root, "changes", "flash") == (0, "", said)
    code, out, _ = run(capsys, root, "changes", "flash", "--json")
    assert code == 0 and json.loads(out)["cards"] == []
    code, out, _ = run(capsys, root, "versions", "flash")
    assert code == 0 and out.endswith("Flash floods hit the Merrow valley  (current)\n")
    assert len(out.splitlines()) == 1


def test_a_damaged_version_is_listed_with_its_problem_and_cannot_be_compared(story: Path,
                                                                            capsys: Capsys) -> None:
    (story / VERSIONS_DIR / STORY_ID / "1.yaml").write_bytes(b"\x00\x01binary")
    code, out, err = run(capsys, story, "versions", "flash")
    problem = f"library file {VERSIONS_DIR}/{STORY_ID}/1.yaml: binary file (contains NUL bytes)"
    assert code == 0 and err == problem + "\n"
    assert out.splitlines()[0].endswith(f"(cannot be read: {problem})")
    assert run(capsys, story, "changes", "flash") == (2, "", f"briefing: {problem}\n")


def test_briefing_text_is_shown_not_obeyed(tmp_path: Path, capsys: Capsys) -> None:
    """Markup and escape sequences in a changed sentence reach the pipe as text, control characters as
    symbols (the Kagi parser drops them from its input: here a version is saved as any writer might)."""
    root = tmp_path / "library"
    assert main(["--library", str(root), "ingest", "--quiet", str(KAGI / "developing_story_v1.json")]) == 0
    hostile = "Forecasters expect [bold]rain[/bold] \x1b[31mto ease\x1b[0m by Sunday."
    with Library(root) as library:
        stored = library.get(STORY_ID)
        outlook = replace(stored.cards[-1], text=hostile)
        library.save(replace(stored, cards=(*stored.cards[:-1], outlook)))
    capsys.readouterr()
    code, out, _ = run(capsys, root, "changes", "flash")
    assert code == 0
    assert "  → Forecasters expect [bold]rain[/bold] ␛[31mto ease␛[0m by Sunday." in out.splitlines()
    assert "\x1b" not in out


def test_a_terminal_shows_the_same_changes_wrapped_to_its_width(story: Path) -> None:
    shown = on_terminal(story, "changes", "flash")
    assert shown.split() == CHANGES.split()
    assert max(len(line.rstrip()) for line in shown.splitlines()) <= 100
    assert "\n    <https://statewire.example/emergency>" in shown  # wrapped under its text, not its mark
    listed = on_terminal(story, "versions", "flash")
    assert re.match(r"version +saved +digest +title *\n1 +2025-11-26 07:00 +[0-9a-f]{12} +Flash floods",
                    listed)
