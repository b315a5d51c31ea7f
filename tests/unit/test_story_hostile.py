"""Hostile input for the two files stories are read from: `stories.sqlite3` (ours, derived) and
`stories.yaml` (the analyst's choices). Binary, truncated, wrong-typed or huge: reading is one line
naming the file and what can be kept, never a traceback; the next grouping starts a damaged store
again and places every briefing again, so the stories come back right."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from briefings import story_library, story_store
from briefings.ingest import grouped, ingest_paths
from briefings.library import Library
from briefings.story_choices import CHOICES_FILE
from briefings.story_library import StoryShelf, grouping_of, read_stories, ungroup_briefing
from briefings.story_store import SCHEMA_VERSION, STORE_FILE
from tests.unit.story_fixtures import COPY, COPY_ID, OTHERS, REWRITE, REWRITE_ID, STRIKE, STRIKE_ID, wire_file
from tests.unit.test_cli import run

Capsys = pytest.CaptureFixture[str]
STORY = [STRIKE_ID, REWRITE_ID]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    with Library(root) as library:
        list(ingest_paths(library, [wire_file(tmp_path / "in" / "wire.sgm", *OTHERS, STRIKE, REWRITE)]))
    story_library.forget_kept()
    return root


def regrouped(root: Path) -> tuple[list[list[str]], list[str]]:
    """The stories after the next grouping, and the warnings it gave."""
    story_library.forget_kept()
    with Library(root) as library, grouping_of(library) as grouping:
        warnings = list(grouping.warnings)
    return [list(story.briefing_ids) for story in read_stories(root).stories], warnings


def one_line_naming(lines: tuple[str, ...] | list[str], name: str) -> bool:
    return bool(lines) and all(line.startswith(f"{name}: ") and "\n" not in line for line in lines)


def set_meta(root: Path, key: str, value: object) -> None:
    with sqlite3.connect(root / STORE_FILE) as connection:
        connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
    connection.close()


@pytest.mark.parametrize("content", [b"\x00\x01\x02\xff binary" * 50, b"SQLite format 3\x00" + b"\x00" * 80,
                                     "stories: [é]".encode("cp1252")])
def test_a_store_that_is_not_ours_is_one_line_then_started_again(root: Path, content: bytes) -> None:
    (root / STORE_FILE).write_bytes(content)
    for leftover in root.glob(f"{STORE_FILE}-*"):
        leftover.unlink()
    shelf = read_stories(root)
    assert shelf.stories == () and one_line_naming(shelf.warnings, STORE_FILE)
    stories, warnings = regrouped(root)
    assert stories == [STORY] and one_line_naming(warnings, STORE_FILE)
    assert "started again" in warnings[0]


def test_a_truncated_store_never_raises_and_the_next_grouping_repairs_it(root: Path) -> None:
    path = root / STORE_FILE
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    shelf = read_stories(root)
    assert shelf.warnings == () or one_line_naming(shelf.warnings, STORE_FILE)
    assert regrouped(root)[0] == [STORY]


@pytest.mark.parametrize("stories", [
    "not json {",
    json.dumps({"stories": "a mapping, not a list"}),
    "[" * 100_000,
])
def test_a_stories_document_that_cannot_be_read_is_one_line(root: Path, stories: str) -> None:
    set_meta(root, "stories", stories)
    shelf = read_stories(root)
    assert shelf.stories == () and one_line_naming(shelf.warnings, STORE_FILE)
    assert regrouped(root)[0] == [STORY]


def test_a_wrong_typed_story_costs_only_itself(root: Path) -> None:
    join = [REWRITE_ID, STRIKE_ID, ["Valmore"], [], 1, 0.7, False]
    outlets = ["Reuters", "Reuters"]
    good = {"ids": STORY, "outlets": outlets, "joins": [join], "duplicates": []}

    def story(**fields: object) -> dict[str, object]:
        return {**good, "joins": [], **fields}

    bad = [story(ids=[5, 6]), story(ids=["x"], outlets=[""]), "text", None, [], story(joins=[[REWRITE_ID]]),
           story(joins=[[*join[:5], float("nan"), False]]), story(joins=[[*join[:4], -1, 0.7, False]]),
           story(duplicates=[[COPY_ID, STRIKE_ID, "very"]]), story(ids=["a", "b"], colour="red"),
           story(ids=[REWRITE_ID, STRIKE_ID]), story(outlets=["Reuters"]), story(outlets=[None, 5]),
           {"ids": STORY, "joins": [], "duplicates": []}]
    set_meta(root, "stories", json.dumps([good, *bad]))
    shelf = read_stories(root)
    assert [list(story.briefing_ids) for story in shelf.stories] == [STORY]
    assert shelf.stories[0].joins[0].reason.line == "same entities: Valmore; 1 day apart; similarity 0.70"
    assert shelf.outlets == dict(zip(STORY, outlets, strict=True))
    assert len(shelf.warnings) == len(bad) and one_line_naming(shelf.warnings, STORE_FILE)


def test_the_reader_shows_no_stories_of_another_schema_and_says_why_in_one_line(root: Path) -> None:
    set_meta(root, "schema_version", "2")
    shelf = read_stories(root)
    assert shelf.stories == () and one_line_naming(shelf.warnings, STORE_FILE)
    assert "schema '2'" in shelf.warnings[0] and len(shelf.warnings) == 1


def test_a_briefings_kept_terms_of_the_wrong_type_are_placed_again(root: Path, tmp_path: Path) -> None:
    """Terms are read lazily: a row of the wrong type is found when a placement reads its day (here the
    copy's); a day that is not a day, from the day index, by every grouping."""
    with sqlite3.connect(root / STORE_FILE) as connection:
        connection.execute("UPDATE placed SET terms = ? WHERE id = ?",
                           ('{"counts": {"x": "many"}}', REWRITE_ID))
        connection.execute("UPDATE placed SET day = 'Tuesday' WHERE id = 'reuters-9100'")
    connection.close()
    with Library(root) as library:
        list(ingest_paths(library, [wire_file(tmp_path / "in" / "copy.sgm", COPY)], group=False))
    stories, warnings = regrouped(root)
    assert stories == [[STRIKE_ID, COPY_ID, REWRITE_ID]]
    assert warnings == [f"{STORE_FILE}: 2 briefing(s) kept unreadably; placed again"]
    assert regrouped(root) == (stories, [])


def test_document_frequencies_that_are_not_counts_start_the_store_again(root: Path) -> None:
    with sqlite3.connect(root / STORE_FILE) as connection:
        connection.execute("UPDATE df SET count = 'many' WHERE term = (SELECT min(term) FROM df)")
    connection.close()
    stories, warnings = regrouped(root)
    assert stories == [STORY]
    assert one_line_naming(warnings, STORE_FILE) and "not counts; started again" in warnings[0]


def test_a_huge_or_binary_stories_value_is_refused_before_it_is_read(root: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(story_store, "MAX_STORIES_CHARS", 100)
    shelf = read_stories(root)
    assert shelf.stories == () and "too large" in shelf.warnings[0]
    assert one_line_naming(shelf.warnings, STORE_FILE)
    monkeypatch.undo()
    set_meta(root, "stories", b"\x00\xff")
    assert "not text" in read_stories(root).warnings[0]
    assert regrouped(root)[0] == [STORY]


@pytest.mark.parametrize("value", ["many", "-1", "9" * 40, b"\x00"])
def test_a_generation_of_the_wrong_type_counts_from_nothing(root: Path, value: object) -> None:
    set_meta(root, "generation", value)
    assert ungroup_briefing(root, STRIKE_ID, REWRITE_ID).briefing_ids == (REWRITE_ID,)
    assert read_stories(root) == StoryShelf((), (), {})


@pytest.mark.parametrize("written_by", ["99", "1"])
def test_a_store_of_another_schema_is_started_again(root: Path, written_by: str) -> None:
    """A future store, and one of schema 1 whose story terms were read with older rules: placed again."""
    set_meta(root, "schema_version", written_by)
    stories, warnings = regrouped(root)
    assert stories == [STORY]
    assert warnings == [f"{STORE_FILE}: schema '{written_by}' is not this version's ({SCHEMA_VERSION}); "
                        "started again, every briefing placed again"]


def test_a_folder_in_place_of_the_store_is_one_line_and_ingest_goes_on(root: Path, tmp_path: Path,
                                                                      capsys: Capsys) -> None:
    for path in root.glob(f"{STORE_FILE}*"):
        path.unlink()
    (root / STORE_FILE).mkdir()
    assert one_line_naming(read_stories(root).warnings, STORE_FILE)
    code, _out, err = run(capsys, root, "group", STRIKE_ID, "reuters-9100")
    assert code == 2 and err.count("\n") == 1 and err.startswith(f"briefing: {STORE_FILE}: ")
    code, out, err = run(capsys, root, "ingest", str(wire_file(tmp_path / "in2" / "x.sgm", OTHERS[0])))
    assert code == 0 and "reuters-9100" in out and f"stories: {STORE_FILE}: " in err


@pytest.mark.parametrize("content", [b"\x00\x01binary\xff", b"groups: [[a, b]\napart: [",
                                     b"groups: 5\napart: [7]\n", b"- just\n- a list\n"])
def test_a_hostile_choices_file_is_a_warning_and_grouping_goes_on(root: Path, capsys: Capsys,
                                                                   content: bytes) -> None:
    (root / CHOICES_FILE).write_bytes(content)
    stories, warnings = regrouped(root)
    assert stories == [STORY] and one_line_naming(warnings, CHOICES_FILE)
    code, _out, err = run(capsys, root, "ungroup", STRIKE_ID, REWRITE_ID)
    assert code == 0 and err.splitlines()[0].startswith(f"{CHOICES_FILE}: ")
    assert read_stories(root).stories == ()


def test_a_huge_choices_file_is_refused_in_one_line(root: Path) -> None:
    (root / CHOICES_FILE).write_bytes(b"groups: []\n" + b"#" * 10_000_001)
    stories, warnings = regrouped(root)
    assert stories == [STORY] and one_line_naming(warnings, CHOICES_FILE)


@pytest.mark.parametrize("damage", ["DELETE FROM df", "INSERT INTO placed (id, outlet, headline, terms) "
                                    "VALUES ('reuters-1', '', '', '{}')", "DROP TABLE df"])
def test_document_frequencies_of_other_briefings_start_the_store_again(root: Path, damage: str) -> None:
    with sqlite3.connect(root / STORE_FILE) as connection:
        connection.execute(damage)
    connection.close()
    stories, warnings = regrouped(root)
    assert stories == [STORY]
    assert one_line_naming(warnings, STORE_FILE) and "started again" in warnings[0]
    assert regrouped(root) == (stories, [])


def test_a_store_of_schema_2_is_placed_again_once(root: Path) -> None:
    """Schema 2 had no day or headline index and no document frequencies: its rows are read again."""
    for path in root.glob(f"{STORE_FILE}*"):
        path.unlink()
    with sqlite3.connect(root / STORE_FILE) as connection:
        connection.executescript(
            "CREATE TABLE placed (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, "
            "day INTEGER, outlet TEXT NOT NULL, terms TEXT NOT NULL); "
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); "
            "INSERT INTO meta VALUES ('schema_version', '2'), ('stories', '[]');")
    connection.close()
    stories, warnings = regrouped(root)
    assert stories == [STORY]
    assert warnings == [f"{STORE_FILE}: schema '2' is not this version's ({SCHEMA_VERSION}); "
                        "started again, every briefing placed again"]
    assert regrouped(root) == (stories, [])


def _damage_page_of(root: Path, name: str) -> None:
    """The root page of the table or index `name` overwritten: SQLite opens the file and reads every
    other page, and finds the damage only when a query needs that page."""
    path = root / STORE_FILE
    with sqlite3.connect(path) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        page = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
    connection.close()
    data = bytearray(path.read_bytes())
    data[(page - 1) * page_size: page * page_size] = b"\xa5" * page_size
    path.write_bytes(bytes(data))


def test_a_store_found_damaged_midway_through_a_placement_starts_again(root: Path, tmp_path: Path) -> None:
    """The id index damaged: the store restores (it reads no id through it) and the damage shows only
    when a new article is placed; the store is started again, every briefing placed again, and the new
    one joins its story, with one warning naming the file."""
    _damage_page_of(root, "sqlite_autoindex_placed_1")
    warnings: list[str] = []
    with Library(root) as library:
        outcomes = list(grouped(library, ingest_paths(
            library, [wire_file(tmp_path / "in2" / "copy.sgm", COPY)], group=False), warn=warnings.append))
    assert [outcome.status.value for outcome in outcomes] == ["added"]
    assert one_line_naming(warnings, STORE_FILE) and "started again" in warnings[0]
    story = read_stories(root).story_of(COPY_ID)
    assert story is not None and set(story.briefing_ids) == {STRIKE_ID, REWRITE_ID, COPY_ID}
    assert [duplicate.briefing_id for duplicate in story.duplicates] == [COPY_ID]
    assert regrouped(root) == ([list(story.briefing_ids)], [])  # the file is whole again


def test_a_removal_that_finds_the_store_damaged_starts_it_again(root: Path) -> None:
    _damage_page_of(root, "sqlite_autoindex_placed_1")
    with Library(root) as library:
        library.remove(REWRITE_ID)
        warnings = story_library.forget_briefings(library, [REWRITE_ID])
    assert one_line_naming(warnings, STORE_FILE) and "started again" in warnings[0]
    assert read_stories(root).stories == ()  # the strike report is alone now
    with Library(root) as library, grouping_of(library, catch_up=False) as grouping:
        assert REWRITE_ID not in grouping.index and STRIKE_ID in grouping.index


@pytest.mark.parametrize("made", ["", "CREATE TABLE placed (seq INTEGER PRIMARY KEY, id TEXT)"])
def test_a_store_still_being_made_reads_as_no_stories_without_a_warning(tmp_path: Path, made: str) -> None:
    """The reader can read the file between its creation and its last table (the inbox's first ingest):
    that is no stories yet, not a damaged file."""
    root = tmp_path / "library"
    root.mkdir()
    with sqlite3.connect(root / STORE_FILE) as connection:
        if made:
            connection.execute(made)
    connection.close()
    assert read_stories(root) == StoryShelf(())
