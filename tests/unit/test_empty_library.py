"""A new library is a normal library: every command works on it and says how to add briefings."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest

import search
from briefings.library import EMPTY_LIBRARY, Library
from search import SearchIndex
from tests.unit.test_cli import run
from tests.unit.test_watch import _wait_for, note, watching


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return tmp_path / "new-library"


def _no_index_talk(err: str) -> None:
    """Nothing was rebuilt, and nothing is missing: a new library simply has no briefings yet."""
    assert "index" not in err.lower() and "Traceback" not in err


@pytest.mark.parametrize("args", [
    ("list",), ("search", "sanctoins"), ("search", "kind:forecast", "--sort", "date"), ("index",),
    ("index", "--rebuild"), ("remove", "--missing"),
])
def test_a_command_on_an_empty_library_succeeds_and_says_how_to_add_briefings(capsys, library, args) -> None:
    code, _out, err = run(capsys, library, *args)
    assert code == 0
    assert err.strip().splitlines()[-1] == EMPTY_LIBRARY
    _no_index_talk(err.replace(EMPTY_LIBRARY, ""))


def test_json_output_stays_json_on_an_empty_library(capsys, library) -> None:
    code, out, err = run(capsys, library, "list", "--json")
    assert (code, json.loads(out)) == (0, [])
    code, out, err = run(capsys, library, "search", "harbour", "--json")
    results = json.loads(out)
    assert code == 0 and results["total"] == 0 and results["hits"] == []
    assert EMPTY_LIBRARY in err


@pytest.mark.parametrize("command", ["show", "export", "remove"])
def test_asking_for_a_briefing_in_an_empty_library_is_one_line_saying_it_is_empty(capsys, library,
                                                                                 command) -> None:
    code, out, err = run(capsys, library, command, "harbour")
    assert (code, out) == (2, "")
    assert err.strip() == f"briefing: no briefing with id 'harbour'. {EMPTY_LIBRARY}"


def test_timeline_on_an_empty_library_says_it_is_empty(capsys, library) -> None:
    code, out, err = run(capsys, library, "timeline", "Kim Jong-un")
    assert (code, out, err.strip()) == (1, "", EMPTY_LIBRARY)


def test_an_empty_index_is_made_silently_and_answers_every_kind_of_query(library) -> None:
    with Library(library) as opened, SearchIndex.open(None, opened) as index:
        assert index.messages == [] and len(index) == 0
        search.warm(index)  # the reader's first step after opening
        for text in ("sanctoins", "sanc*", "lavorv~1", 'entity:"Kim Jong-un"', "date:2025-07", "the"):
            results = search.search(index, text)
            assert (results.total, results.hits, results.suggestion) == (0, (), None), text
        assert search.search(index, "sanc", as_you_type=True).hits == ()
        assert search.complete(index, "sanc") == []
        assert search.briefings_mentioning(index, "Kim Jong-un") == []
        assert search.more_like_this(index, "no-such-briefing") == []


@pytest.mark.slow
def test_watch_on_an_empty_library_ingests_a_file_dropped_into_an_empty_folder(tmp_path, library) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    child, out, err = watching(library, folder)
    said: list[str] = []
    try:
        _wait_for(err, "watching", said)
        (folder / "bridge.md").write_text(note("Bridge reopens", 2, "Traffic flows."))
        assert _wait_for(out, "bridge.md", []).startswith("added")
    finally:
        child.send_signal(signal.SIGINT)
        assert child.wait(timeout=30) == 0
    _wait_for(err, "stopped watching", said)
    assert not [line for line in said if "index" in line.lower()], said  # nothing was "rebuilt"
    with Library(library) as opened:
        assert [entry.title for entry in opened.entries()] == ["Bridge reopens"]
        with SearchIndex.open(None, opened) as index:
            assert index.messages == []
            assert [hit.briefing_title for hit in search.search(index, "traffic").hits] == ["Bridge reopens"]
