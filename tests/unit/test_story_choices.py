"""The analyst's story choices on disk: written atomically and read back as they were, and read as
hostile input (a bad file is one line naming it and no choices; a bad entry costs that entry only)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from briefings.story_choices import (
    CHOICES_FILE,
    MAX_CHOICES_BYTES,
    StoryChoices,
    choices_path,
    load_choices,
    save_choices,
)

HARBOUR = ("harbour-strike-day-one", "harbour-strike-day-two", "harbour-strike-talks")


def test_choices_are_written_and_read_back_as_they_were(tmp_path: Path) -> None:
    choices = StoryChoices().grouped(HARBOUR[:2]).separated(HARBOUR[2], HARBOUR[:2])
    path = choices_path(tmp_path)
    save_choices(path, choices)
    loaded = load_choices(path)
    assert path.name == CHOICES_FILE and loaded.warnings == ()
    assert loaded.choices == choices
    assert "harbour-strike-day-one" in path.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == [CHOICES_FILE]


def test_no_file_is_no_choices_and_no_warning(tmp_path: Path) -> None:
    assert load_choices(tmp_path / CHOICES_FILE).choices == StoryChoices()
    assert load_choices(tmp_path / CHOICES_FILE).warnings == ()


def test_grouping_joins_overlapping_groups_and_lifts_their_apart_pairs() -> None:
    choices = StoryChoices().separated("b", ["a"]).grouped(["a", "c"]).grouped(["b", "c"])
    assert choices.groups == (frozenset({"a", "b", "c"}),)
    assert choices.apart == frozenset()


def test_separating_takes_the_briefing_out_of_its_group_and_keeps_it_apart() -> None:
    choices = StoryChoices().grouped(["a", "b", "c"]).separated("c", ["a", "b", "c"])
    assert choices.groups == (frozenset({"a", "b"}),)
    assert choices.apart == {frozenset({"c", "a"}), frozenset({"c", "b"})}
    assert StoryChoices().grouped(["a", "b"]).separated("b", ["a"]).groups == ()


@pytest.mark.parametrize(("content", "problem"), [
    (b"\x00\x01\x02binary", "binary file"),
    ("\ufeffversion: 1\n".encode("utf-16"), "UTF-16"),
    (b"groups: [[a, b]\n", "mapping values are not allowed here|expected|flow"),
    (b"- just\n- a list\n", "not a mapping"),
    (b"version: 1\ngroups: [[a, b]]\napart: [[c, d], [e, f]", "expected|flow"),
    (b"", "empty"),
])
def test_a_hostile_file_is_one_line_naming_it_and_no_choices(tmp_path: Path, content: bytes,
                                                              problem: str) -> None:
    path = tmp_path / CHOICES_FILE
    path.write_bytes(content)
    loaded = load_choices(path)
    assert loaded.choices == StoryChoices()
    assert len(loaded.warnings) == 1 and "\n" not in loaded.warnings[0]
    assert loaded.warnings[0].startswith(CHOICES_FILE)
    assert any(word in loaded.warnings[0] for word in problem.split("|"))


def test_a_truncated_file_keeps_what_it_still_says(tmp_path: Path) -> None:
    path = tmp_path / CHOICES_FILE
    save_choices(path, StoryChoices().grouped(["a", "b"]).separated("c", ["d"]))
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("apart")], encoding="utf-8")
    loaded = load_choices(path)
    assert loaded.choices.groups == (frozenset({"a", "b"}),) and loaded.choices.apart == frozenset()


def test_wrong_typed_entries_cost_only_themselves(tmp_path: Path) -> None:
    path = tmp_path / CHOICES_FILE
    path.write_text("version: 1\n"
                    "groups: [[a, b], [c], 7, [d, {x: 1}], [e, f, e]]\n"
                    "apart: [[g, h], [i, j, k], [l, l], nope]\n", encoding="utf-8")
    loaded = load_choices(path)
    assert loaded.choices.groups == (frozenset({"a", "b"}), frozenset({"e", "f"}))
    assert loaded.choices.apart == {frozenset({"g", "h"})}
    assert len(loaded.warnings) == 6
    assert all(w.startswith(f"{CHOICES_FILE}: ") and "left out" in w for w in loaded.warnings)


def test_a_field_of_the_wrong_type_is_left_out_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / CHOICES_FILE
    path.write_text("groups: {a: b}\napart: [[x, y]]\n", encoding="utf-8")
    loaded = load_choices(path)
    assert loaded.choices == StoryChoices((), frozenset({frozenset({"x", "y"})}))
    assert loaded.warnings == (f"{CHOICES_FILE}: 'groups' is not a list; left out",)


def test_cp1252_ids_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / CHOICES_FILE
    path.write_bytes("groups: [[caf\u00e9-opening, caf\u00e9-closing]]\n".encode("cp1252"))
    assert load_choices(path).choices.groups == (frozenset({"caf\u00e9-opening", "caf\u00e9-closing"}),)


def test_a_file_too_large_to_be_ours_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / CHOICES_FILE
    path.write_bytes(b"# " + b"x" * MAX_CHOICES_BYTES + b"\n")
    loaded = load_choices(path)
    assert loaded.choices == StoryChoices() and len(loaded.warnings) == 1
    assert "too large" in loaded.warnings[0] or "limit" in loaded.warnings[0]


def test_a_gzipped_or_folder_path_is_one_line_too(tmp_path: Path) -> None:
    folder = tmp_path / CHOICES_FILE
    folder.mkdir()
    assert len(load_choices(folder).warnings) == 1
    packed = tmp_path / "other" / CHOICES_FILE
    packed.parent.mkdir()
    packed.write_bytes(gzip.compress(b"groups: [[a, b]]\n"))
    loaded = load_choices(packed)
    assert loaded.choices == StoryChoices() and len(loaded.warnings) == 1
