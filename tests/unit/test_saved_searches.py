"""Saved searches on disk (`briefings.saved_searches`) and the read marks read without the reader
(`briefings.read_marks`): kept per user per library, written whole or not at all, and any odd file or
field named in one line while the rest still loads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefings import saved_searches as saved
from briefings.errors import BriefingError
from briefings.library import user_state_dir
from briefings.read_marks import STATE_FILE, load_read_ids
from briefings.safe_yaml import dump_yaml

NOON = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def write_file(root: Path, content: bytes) -> Path:
    path = saved.saved_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def test_a_search_saved_is_loaded_back_with_its_filters_and_times(tmp_path: Path) -> None:
    searches = saved.added(saved.load(tmp_path), "Floods", "flash  floods", {"kind": "forecast"}, now=NOON)
    saved.write(tmp_path, searches)
    saved.write(tmp_path, saved.viewed(saved.load(tmp_path), "Floods", now=NOON + dt.timedelta(hours=1)))
    loaded = saved.load(tmp_path)
    assert loaded.problems == ()
    assert loaded.searches == (saved.SavedSearch("Floods", "flash floods", (("kind", "forecast"),), NOON,
                                                 NOON + dt.timedelta(hours=1)),)
    assert saved.saved_path(tmp_path).parent == user_state_dir(tmp_path)
    assert "2026-03-01T12:00:00+00:00" in saved.saved_path(tmp_path).read_text(encoding="utf-8")


def test_removing_leaves_the_others(tmp_path: Path) -> None:
    first = saved.added(saved.load(tmp_path), "a", "oil")
    saved.write(tmp_path, saved.added(saved.SavedSearches(first), "b", "gas"))
    saved.write(tmp_path, saved.removed(saved.load(tmp_path), "a"))
    assert [s.name for s in saved.load(tmp_path).searches] == ["b"]


@pytest.mark.parametrize(("name", "message"), [
    ("", "needs a name"), ("   ", "needs a name"), ("x" * 81, "at most 80"),
    ("tab\there", "control characters"), ("dup", "exists already"),
])
def test_a_bad_name_is_one_line(tmp_path: Path, name: str, message: str) -> None:
    existing = saved.SavedSearches((saved.SavedSearch("dup", "oil"),))
    with pytest.raises(BriefingError, match=message) as raised:
        saved.added(existing, name, "oil")
    assert "\n" not in str(raised.value)


def test_removing_or_viewing_an_unknown_name_names_those_there_are() -> None:
    existing = saved.SavedSearches((saved.SavedSearch("floods", "floods"),))
    with pytest.raises(BriefingError, match=r"no saved search named 'x' \(saved: floods\)"):
        saved.removed(existing, "x")
    with pytest.raises(BriefingError, match="no saved search named 'x'"):
        saved.viewed(existing, "x")


@pytest.mark.parametrize(("content", "reason"), [
    (b"\x00\x01\x02\xff\xfe binary", "not UTF-8"),
    ("searches: [caf\xe9]".encode("latin-1"), "not UTF-8"),
    (b"searches:\n  - name: a\n    query: [unclosed", "Reading saved searches"),
    (b"searches: {name: a}\n", "no list of searches"),
    (b"- just\n- a list\n", "no list of searches"),
    (b"searches: !!python/object:os.system {}\n", "Python object"),
])
def test_an_unreadable_file_is_one_line_naming_it_and_is_not_written_over(
        tmp_path: Path, content: bytes, reason: str) -> None:
    path = write_file(tmp_path, content)
    loaded = saved.load(tmp_path)
    assert loaded.searches == () and not loaded.readable
    assert len(loaded.problems) == 1 and reason in loaded.problems[0] and str(path) in loaded.problems[0]
    assert "\n" not in loaded.problems[0]
    with pytest.raises(BriefingError, match="fix or remove it first"):
        saved.load_for_change(tmp_path)
    assert path.read_bytes() == content


def test_a_truncated_file_loads_what_is_whole(tmp_path: Path) -> None:
    whole = dump_yaml({"searches": [{"name": "a", "query": "oil"}, {"name": "b", "query": "gas"}]})
    write_file(tmp_path, whole[: whole.index("- name: b") + len("- name: b")].encode())
    loaded = saved.load(tmp_path)
    assert [s.name for s in loaded.searches] == ["a"]
    assert loaded.problems and "search 2" in loaded.problems[0]


def test_odd_entries_are_left_out_and_odd_fields_degrade_their_entry_only(tmp_path: Path) -> None:
    write_file(tmp_path, b"""searches:
  - 7
  - {name: 3, query: oil}
  - {name: good, query: floods, filters: {kind: forecast}, created: 2026-03-01T12:00:00+00:00}
  - {name: odd, query: gas, filters: [kind], created: yesterday, last_viewed: 12}
  - {name: good, query: again}
""")
    loaded = saved.load(tmp_path)
    assert loaded.readable
    assert loaded.searches == (
        saved.SavedSearch("good", "floods", (("kind", "forecast"),), NOON),
        saved.SavedSearch("odd", "gas"),
    )
    assert len(loaded.problems) == 3
    assert "search 1 is not a mapping" in loaded.problems[0]
    assert "search 2 has no name" in loaded.problems[1]
    assert "('odd'): its filters, created, last_viewed could not be read" in loaded.problems[2]


def test_an_empty_file_is_no_searches(tmp_path: Path) -> None:
    write_file(tmp_path, b"")
    assert saved.load(tmp_path) == saved.SavedSearches(())


def test_counts_unread_and_new_since_last_viewed() -> None:
    search = saved.SavedSearch("s", "q", last_viewed=NOON)
    arrived = {"old": NOON - dt.timedelta(days=1), "fresh": NOON + dt.timedelta(minutes=5), "unknown": None}
    counts = saved.count(search, {"old", "fresh", "unknown", "seen"}, {"seen"}, arrived.get)
    assert counts == saved.Counts(total=4, unread=3, new=2)
    never_viewed = saved.count(saved.SavedSearch("s", "q"), {"old", "fresh"}, set(), arrived.get)
    assert never_viewed == saved.Counts(total=2, unread=2, new=2)


def test_read_marks_are_read_without_the_reader(tmp_path: Path) -> None:
    folder = user_state_dir(tmp_path)
    folder.mkdir(parents=True)
    (folder / STATE_FILE).write_text("read: [a, 3, {x: 1}, b]\nbookmarks: 7\n", encoding="utf-8")
    assert load_read_ids(tmp_path) == ({"a", "b"}, None)


@pytest.mark.parametrize(("content", "reason"), [
    (b"\xff\xfe\x00binary", "not UTF-8"), (b"read: [a, b", "Reading"), (b"read: 7\n", None),
])
def test_odd_read_marks_count_nothing_as_read_in_one_line(tmp_path: Path, content: bytes,
                                                          reason: str | None) -> None:
    folder = user_state_dir(tmp_path)
    folder.mkdir(parents=True)
    (folder / STATE_FILE).write_bytes(content)
    read, problem = load_read_ids(tmp_path)
    assert read == set()
    said = problem or ""
    assert (problem is None) if reason is None else (reason in said and STATE_FILE in said)
    assert (folder / STATE_FILE).read_bytes() == content  # only read: the reader sets a damaged one aside
