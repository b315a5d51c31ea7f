"""`briefing saved add|list|remove` as a person and a script use them: counts of matching, unread and new
briefings from the reader's own read marks, `--json` one document, one line and status 2 for a bad name
or a query with a mistake. Our own Kagi fixtures (tests/data/kagi)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from briefings import saved_searches as saved
from briefings.library import Library, user_state_dir
from briefings.read_marks import STATE_FILE
from cli.main import main
from tests.unit.test_cli import run
from tests.unit.test_cli_scripting import on_terminal

Capsys = pytest.CaptureFixture[str]
KAGI = Path(__file__).parent.parent / "data" / "kagi"
STORY_ID = "flash-floods-hit-the-merrow-valley-1d4370e9"


def two_stories(tmp_path: Path, capsys: Capsys) -> Path:
    """A library holding two of our Kagi stories, ingested by the command line."""
    root = tmp_path / "library"
    assert main(["--library", str(root), "ingest", "--quiet", str(KAGI / "developing_story_v1.json"),
                 str(KAGI / "single_cluster.json")]) == 0
    capsys.readouterr()
    return root


@pytest.fixture
def library(tmp_path: Path, capsys: Capsys) -> Path:
    return two_stories(tmp_path, capsys)


def listed(capsys: Capsys, library: Path) -> list[dict[str, object]]:
    code, out, _ = run(capsys, library, "saved", "list", "--json")
    assert code == 0
    rows: list[dict[str, object]] = json.loads(out)["saved_searches"]
    return rows


def test_add_then_list_counts_matching_unread_and_new(library: Path, capsys: Capsys) -> None:
    code, _, err = run(capsys, library, "saved", "add", "Merrow", "Merrow floods")
    assert code == 0 and "saved search 'Merrow'" in err
    (row,) = listed(capsys, library)
    assert row["name"] == "Merrow" and row["query"] == "Merrow floods" and row["filters"] == {}
    assert (row["total"], row["unread"], row["new"], row["error"]) == (1, 1, 1, None)
    assert row["last_viewed"] is None and isinstance(row["created"], str)


def test_read_marks_and_last_viewed_lower_the_counts(library: Path, capsys: Capsys) -> None:
    run(capsys, library, "saved", "add", "Merrow", "Merrow")
    user_state_dir(library).joinpath(STATE_FILE).write_text(f"read: [{STORY_ID}]\n", encoding="utf-8")
    (row,) = listed(capsys, library)
    assert (row["total"], row["unread"], row["new"]) == (1, 0, 0)
    user_state_dir(library).joinpath(STATE_FILE).write_text("read: []\n", encoding="utf-8")
    saved.write(library, saved.viewed(saved.load(library), "Merrow"))
    with Library(library) as opened:  # arrived an hour before it was viewed: unread, but not new
        hour_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).timestamp()
        os.utime(opened._file(STORY_ID), (hour_ago, hour_ago))
    (row,) = listed(capsys, library)
    assert (row["total"], row["unread"], row["new"]) == (1, 1, 0)


def test_list_into_a_pipe_is_a_tab_separated_line_per_search(library: Path, capsys: Capsys) -> None:
    run(capsys, library, "saved", "add", "Merrow", "Merrow")
    run(capsys, library, "saved", "add", "nothing", "zzzunknownword")
    code, out, _ = run(capsys, library, "saved", "list")
    assert code == 0
    assert out.splitlines() == ["Merrow\tMerrow\t1\t1\t1", "nothing\tzzzunknownword\t0\t0\t0"]


def test_list_on_a_terminal_is_a_table(library: Path, capsys: Capsys) -> None:
    run(capsys, library, "saved", "add", "Merrow", "Merrow")
    shown = on_terminal(library, "saved", "list")
    assert "unread" in shown and "Merrow" in shown


def test_remove_forgets_the_search(library: Path, capsys: Capsys) -> None:
    run(capsys, library, "saved", "add", "Merrow", "Merrow")
    code, _, err = run(capsys, library, "saved", "remove", "Merrow")
    assert code == 0 and "removed" in err
    assert listed(capsys, library) == []
    code, _, err = run(capsys, library, "saved", "list")
    assert code == 0 and "no saved searches yet" in err


@pytest.mark.parametrize(("args", "message"), [
    (("add", "", "oil"), "needs a name"),
    (("add", "x" * 100, "oil"), "at most 80"),
    (("add", "a\x1bb", "oil"), "control characters"),
    (("add", "q", "date:nonsense"), "there is no date 'nonsense'"),
    (("remove", "nope"), "no saved search named 'nope'"),
])
def test_bad_names_and_queries_are_one_line_and_status_2(library: Path, capsys: Capsys,
                                                         args: tuple[str, ...], message: str) -> None:
    code, out, err = run(capsys, library, "saved", *args)
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_a_name_taken_is_refused(library: Path, capsys: Capsys) -> None:
    run(capsys, library, "saved", "add", "Merrow", "Merrow")
    code, _, err = run(capsys, library, "saved", "add", "Merrow", "other")
    assert code == 2 and "exists already" in err


def test_a_damaged_file_is_named_and_kept(library: Path, capsys: Capsys) -> None:
    path = saved.saved_path(library)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xfe binary")
    code, out, err = run(capsys, library, "saved", "list", "--json")
    assert code == 0 and json.loads(out) == {"saved_searches": []} and str(path) in err
    code, _, err = run(capsys, library, "saved", "add", "Merrow", "Merrow")
    assert code == 2 and "fix or remove it first" in err
    assert path.read_bytes() == b"\xff\xfe binary"
