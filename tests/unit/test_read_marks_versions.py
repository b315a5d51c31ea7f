"""Issue 20, item 4's last piece: a read mark holds the version it was read at, so a briefing that arrives
again with new content is unread again, for the reader and for `briefing saved list`; a mark an earlier
release wrote (no version) means read at whatever version was current. Bookmarks are not touched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefings.library import Library, user_state_dir
from briefings.read_marks import STATE_FILE, load_read_ids, read_now, read_versions
from briefings.safe_yaml import load_yaml
from cli.main import main
from tests.unit.test_cli import run
from tui.state import VERSION, Bookmark, ReaderState

Capsys = pytest.CaptureFixture[str]
DATA = Path(__file__).parent.parent / "data"
KAGI = DATA / "kagi"
STORY_ID = "flash-floods-hit-the-merrow-valley-1d4370e9"


def test_a_mark_at_another_version_is_unread_and_one_without_a_version_stays_read() -> None:
    current = {"a": 2, "b": 2, "c": 1}
    assert read_now({"a", "b", "c", "gone"}, {"a": 1, "b": 2}, current) == {"b", "c", "gone"}


def test_read_versions_keeps_only_ids_with_version_numbers() -> None:
    data = {"read_versions": {"a": 2, "b": "3", "c": True, "d": 0, 5: 1, "e": 1}}
    assert read_versions(data) == {"a": 2, "e": 1}
    assert read_versions({"read_versions": [1, 2]}) == {} and read_versions("text") == {}


def test_follow_versions_unreads_the_changed_and_dates_the_undated(tmp_path: Path) -> None:
    state = ReaderState(tmp_path / STATE_FILE)
    state.read |= {"old", "kept", "elsewhere"}  # as an earlier release's marks: no versions
    state.bookmarks.append(Bookmark("old", "summary", "Old"))
    assert state.follow_versions({"old": 1, "kept": 3}) == set()
    assert state.read_versions == {"old": 1, "kept": 3}
    assert state.follow_versions({"old": 2, "kept": 3}) == {"old"}
    assert state.read == {"kept", "elsewhere"} and state.bookmarks == [Bookmark("old", "summary", "Old")]
    state.mark_read("old")
    assert state.read_versions["old"] == 2 and "old" in state.read
    assert state.follow_versions({"old": 2, "kept": 3}) == set()


def test_marks_and_their_versions_are_saved_and_loaded_back(tmp_path: Path) -> None:
    state = ReaderState(tmp_path / STATE_FILE)
    state.follow_versions({"a": 4, "b": 1})
    state.mark_read("a", "b", "unknown")
    state.save()
    data = load_yaml((tmp_path / STATE_FILE).read_text(encoding="utf-8"))
    assert data["version"] == VERSION
    assert data["read"] == ["a", "b", "unknown"]  # the ids as an earlier release reads them
    assert data["read_versions"] == {"a": 4, "b": 1}
    again, warning = ReaderState.load(tmp_path)
    assert warning is None and again.read == {"a", "b", "unknown"}
    assert again.read_versions == {"a": 4, "b": 1}


def test_a_state_the_first_release_wrote_keeps_its_marks_until_a_new_version(tmp_path: Path) -> None:
    """tests/data/library_v1/reader-state.yaml, written by release 0.1.0: marks without versions."""
    shutil.copy(DATA / "library_v1" / STATE_FILE, tmp_path / STATE_FILE)
    state, _ = ReaderState.load(tmp_path)
    marked = set(state.read)
    assert len(marked) == 2 and state.read_versions == {}
    assert state.follow_versions(dict.fromkeys(marked, 1)) == set() and state.read == marked
    state.save()
    assert (tmp_path / (STATE_FILE + ".v1-backup")).is_file()  # the old file kept as it was, once
    again, _ = ReaderState.load(tmp_path)
    arabica = next(i for i in marked if i.startswith("arabica"))
    assert again.follow_versions({**dict.fromkeys(marked, 1), arabica: 2}) == {arabica}
    assert again.read == marked - {arabica} and len(again.bookmarks) == 2


@pytest.mark.parametrize("content", [
    "read: [a]\nread_versions: [a, 1]\n", "read: [a]\nread_versions: {a: many}\n",
    "read: [a]\nread_versions: 7\n", b"read: [a]\nread_versions: {a: \xff}\n".decode("latin-1"),
])
def test_odd_read_versions_leave_the_marks_read_at_whatever_version(tmp_path: Path, content: str) -> None:
    (tmp_path / STATE_FILE).write_text(content, encoding="utf-8")
    state, warning = ReaderState.load(tmp_path)
    assert warning is None and state.read == {"a"} and state.read_versions == {}
    assert state.follow_versions({"a": 3}) == set() and state.read_versions == {"a": 3}


def _ingest(capsys: Capsys, root: Path, name: str) -> None:
    assert main(["--library", str(root), "ingest", "--quiet", str(KAGI / name)]) == 0
    capsys.readouterr()


def _counts(capsys: Capsys, root: Path) -> tuple[object, object]:
    code, out, _ = run(capsys, root, "saved", "list", "--json")
    assert code == 0
    (row,) = json.loads(out)["saved_searches"]
    return row["total"], row["unread"]


def test_saved_list_counts_a_briefing_read_before_its_new_version_unread(tmp_path: Path,
                                                                          capsys: Capsys) -> None:
    root = tmp_path / "library"
    _ingest(capsys, root, "developing_story_v1.json")
    run(capsys, root, "saved", "add", "Merrow", "Merrow")
    state_file = user_state_dir(root) / STATE_FILE
    state_file.write_text(f"read: [{STORY_ID}]\nread_versions: {{{STORY_ID}: 1}}\n", encoding="utf-8")
    assert _counts(capsys, root) == (1, 0)
    assert load_read_ids(root, Library(root)) == ({STORY_ID}, None)
    _ingest(capsys, root, "developing_story_v2.json")
    assert _counts(capsys, root) == (1, 1)
    assert load_read_ids(root) == ({STORY_ID}, None)  # without the library: the marks as written
    state_file.write_text(f"read: [{STORY_ID}]\n", encoding="utf-8")  # an earlier release's mark
    assert _counts(capsys, root) == (1, 0)
