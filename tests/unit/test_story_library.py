"""Stories in the library: every ingest places each briefing it writes, the placements are kept so a
restart places nothing again, briefings on disk but not placed catch up, a removed briefing leaves its
story, a new version stays in it, the analyst's choices hold across re-ingests and `regroup`, and
notes, bookmarks and read state stay on their article. The Done-when runs on the Reuters corpus, read
in place; the other fixtures are our own words (`story_fixtures`)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from benchmarks.grouping_bench import corpus_briefings
from briefings import ingest as ingest_module
from briefings import story_library
from briefings.grouping import GroupingError, Placement, StoryIndex
from briefings.ingest import ingest_paths
from briefings.library import Library, make_user_library_dir, user_state_dir
from briefings.model import Briefing
from briefings.notes import Anchor, NoteBook
from briefings.read_marks import STATE_FILE, load_read_ids
from briefings.safe_yaml import dump_yaml
from briefings.story_choices import StoryChoices
from briefings.story_library import (
    forget_briefings,
    group_briefings,
    grouping_of,
    read_stories,
    ungroup_briefing,
)
from briefings.story_store import STORE_FILE, PlacedTerms, opened
from briefings.story_terms import story_terms
from tests.unit.story_fixtures import (
    COPY,
    COPY_ID,
    OTHERS,
    REWRITE,
    REWRITE_ID,
    STRIKE,
    STRIKE_ID,
    TALKS,
    TALKS_ID,
    Wire,
    wire_file,
)
from tests.unit.test_cli_scripting import CLI, ROOT
from tests.unit.test_grouping import HARBOUR_REWRITE, _labels, briefing


def ingest(root: Path, *paths: Path, group: bool = True) -> list[str]:
    with Library(root) as library:
        return [outcome.status.value for outcome in ingest_paths(library, paths, group=group)]


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    return wire_file(tmp_path / "in" / "first.sgm", *OTHERS, STRIKE, REWRITE, TALKS)


@pytest.fixture
def root(tmp_path: Path, inbox: Path) -> Path:
    root = tmp_path / "library"
    ingest(root, inbox)
    return root


@pytest.fixture(autouse=True)
def _no_index_kept_between_tests() -> None:
    """Each test restores from the file, as a new process does."""
    story_library.forget_kept()


def test_ingest_places_each_briefing_and_the_shelf_shows_only_stories_of_two_or_more(root: Path) -> None:
    shelf = read_stories(root)
    assert shelf.warnings == ()
    assert [story.briefing_ids for story in shelf.stories] == [(STRIKE_ID, REWRITE_ID)]
    story = shelf.story_of(REWRITE_ID)
    assert story is not None and story.id == STRIKE_ID
    assert story.joins[0].reason.line.startswith("same entities: ")
    assert "Valmore Harbour Board" in story.joins[0].reason.line
    assert shelf.story_of(TALKS_ID) is None and shelf.story_of("reuters-9100") is None
    assert shelf.outlets[STRIKE_ID] == "Reuters"


def test_a_later_ingest_restores_the_placements_and_places_only_what_is_new(root: Path, tmp_path: Path
                                                                             ) -> None:
    with Library(root) as library, grouping_of(library) as grouping:
        assert grouping.catch_up() == 0  # nothing on disk is unplaced: a restart re-places nothing
        assert len(grouping.index) == len(library) == 9
    story_library.forget_kept()
    assert ingest(root, wire_file(tmp_path / "in2" / "copy.sgm", COPY)) == ["added"]
    story = read_stories(root).story_of(COPY_ID)
    assert story is not None and story.briefing_ids == (STRIKE_ID, REWRITE_ID, COPY_ID)
    assert [(dup.briefing_id, dup.of) for dup in story.duplicates] == [(COPY_ID, STRIKE_ID)]


def test_an_ingest_in_worker_processes_places_the_same_stories(tmp_path: Path, inbox: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_module, "PARALLEL_MIN", 0)  # workers however few the briefings
    with Library(tmp_path / "parallel") as library:
        assert len(list(ingest_paths(library, [inbox], jobs=2))) == 9
    assert [story.briefing_ids for story in read_stories(tmp_path / "parallel").stories] == [
        (STRIKE_ID, REWRITE_ID)]


def test_briefings_on_disk_but_not_placed_catch_up_at_the_next_grouping(tmp_path: Path, inbox: Path) -> None:
    root = tmp_path / "library"
    ingest(root, inbox, group=False)  # as an ingest killed before it placed them leaves the library
    assert read_stories(root).stories == ()
    with Library(root) as library, grouping_of(library):
        pass
    assert [story.briefing_ids for story in read_stories(root).stories] == [(STRIKE_ID, REWRITE_ID)]


def test_an_index_kept_in_this_process_is_dropped_once_another_process_changes_the_stories(
        root: Path, tmp_path: Path) -> None:
    """The reader's inbox keeps its index between ingests; a `briefing ungroup` run meanwhile by another
    process must still hold when the inbox ingests next."""
    ingest(root, tmp_path / "in" / "first.sgm")
    assert story_library._restored  # kept for the next ingest of this process
    done = subprocess.run([*CLI, "--library", str(root), "ungroup", STRIKE_ID, REWRITE_ID], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert ingest(root, wire_file(tmp_path / "in2" / "copy.sgm", COPY)) == ["added"]
    assert [story.briefing_ids for story in read_stories(root).stories] == [(STRIKE_ID, COPY_ID)]


def test_a_removed_briefing_leaves_its_story_and_the_next_one_names_it(root: Path, tmp_path: Path) -> None:
    ingest(root, wire_file(tmp_path / "in2" / "copy.sgm", COPY))
    with Library(root) as library:
        library.remove(STRIKE_ID)
        with grouping_of(library):
            pass
    story = read_stories(root).story_of(REWRITE_ID)
    assert story is not None and story.id == REWRITE_ID and story.briefing_ids == (REWRITE_ID, COPY_ID)
    assert story.duplicates == ()  # its original is gone: the copy is an account of its own now


def test_briefing_remove_takes_the_briefing_out_of_its_story_at_once(root: Path, tmp_path: Path) -> None:
    """`briefing remove` updates the stories itself: no grouping runs in between, and the store keeps
    no row of the removed briefing."""
    ingest(root, wire_file(tmp_path / "in2" / "copy.sgm", COPY))
    assert read_stories(root).story_of(STRIKE_ID) is not None
    done = subprocess.run([*CLI, "--library", str(root), "remove", STRIKE_ID], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "stories" not in done.stderr  # nothing to warn about
    shelf = read_stories(root)
    assert shelf.story_of(STRIKE_ID) is None
    story = shelf.story_of(REWRITE_ID)
    assert story is not None and story.briefing_ids == (REWRITE_ID, COPY_ID)
    with opened(root) as store:
        assert STRIKE_ID not in store.placed_ids()


def test_removing_from_a_library_never_grouped_creates_no_stories(tmp_path: Path, inbox: Path) -> None:
    root = tmp_path / "plain"
    ingest(root, inbox, group=False)
    with Library(root) as library:
        assert forget_briefings(library, [STRIKE_ID]) == []
    assert not (root / STORE_FILE).exists()


def test_an_index_forgets_a_briefing_and_renames_the_story_it_led() -> None:
    index = StoryIndex()
    for item in _briefings_of(*OTHERS, STRIKE, REWRITE, COPY):
        index.add(item)
    assert index.story_of(COPY_ID).briefing_ids == (STRIKE_ID, REWRITE_ID, COPY_ID)
    index.remove(STRIKE_ID)
    index.remove("never-added")
    assert [story.briefing_ids for story in index.stories() if len(story.briefing_ids) > 1] == [
        (REWRITE_ID, COPY_ID)]
    assert index.story_of(COPY_ID).id == REWRITE_ID and STRIKE_ID not in index
    assert index.story_of(COPY_ID).duplicates == ()


def test_a_new_version_of_a_briefing_stays_in_its_story(root: Path, tmp_path: Path) -> None:
    changed = (REWRITE[0], REWRITE[1], REWRITE[2], HARBOUR_REWRITE.replace("Ferries", "All ferries"))
    assert ingest(root, wire_file(tmp_path / "in2" / "again.sgm", changed)) == ["updated"]
    assert [story.briefing_ids for story in read_stories(root).stories] == [(STRIKE_ID, REWRITE_ID)]


def test_the_analysts_choices_hold_across_a_reingest_and_a_regroup(root: Path, inbox: Path) -> None:
    alone = ungroup_briefing(root, STRIKE_ID, REWRITE_ID)
    assert alone.briefing_ids == (REWRITE_ID,)
    forced = group_briefings(root, [STRIKE_ID, TALKS_ID])
    assert forced.briefing_ids == (STRIKE_ID, TALKS_ID)
    assert forced.joins[0].reason.line == "grouped by the analyst"
    story_library.forget_kept()
    inbox.write_text(inbox.read_text(encoding="latin-1").replace("6.5 pct", "6.6 pct"), encoding="latin-1")
    assert "updated" in ingest(root, inbox)
    with Library(root) as library, grouping_of(library, catch_up=False) as grouping:
        assert len(list(grouping.regroup())) == 9
        grouping.commit()
    assert [story.briefing_ids for story in read_stories(root).stories] == [(STRIKE_ID, TALKS_ID)]


@pytest.mark.parametrize(("ids", "message"), [
    ([STRIKE_ID, "reuters-1"], "no briefing 'reuters-1' in the library"),
    ([STRIKE_ID, STRIKE_ID], "a story needs at least two different briefings"),
])
def test_a_group_that_cannot_be_made_is_a_one_line_error(root: Path, ids: list[str], message: str) -> None:
    with pytest.raises(GroupingError) as raised:
        group_briefings(root, ids)
    assert str(raised.value) == message
    assert [story.briefing_ids for story in read_stories(root).stories] == [(STRIKE_ID, REWRITE_ID)]


def test_taking_out_a_briefing_the_story_lacks_is_a_one_line_error(root: Path) -> None:
    with pytest.raises(GroupingError) as raised:
        ungroup_briefing(root, STRIKE_ID, TALKS_ID)
    assert str(raised.value) == f"story '{STRIKE_ID}' has no briefing '{TALKS_ID}'"


def test_notes_bookmarks_and_read_state_stay_on_their_article(root: Path, inbox: Path) -> None:
    """They are keyed by briefing id: joining, leaving and regrouping a story never rewrites them."""
    note = NoteBook(root).add(Anchor(REWRITE_ID, "body"), "the board's words", tags=("pay",))
    state = make_user_library_dir(user_state_dir(root), root) / STATE_FILE
    state.write_text(dump_yaml({"version": 1, "read": [REWRITE_ID],
                                "bookmarks": [{"briefing": REWRITE_ID, "card": "body"}]}), encoding="utf-8")
    before = state.read_bytes()
    ungroup_briefing(root, STRIKE_ID, REWRITE_ID)
    group_briefings(root, [STRIKE_ID, REWRITE_ID])
    inbox.write_text(inbox.read_text(encoding="latin-1").replace("6.5 pct", "6.6 pct"), encoding="latin-1")
    assert "updated" in ingest(root, inbox)
    assert state.read_bytes() == before
    assert load_read_ids(root)[0] == {REWRITE_ID}
    kept, _warnings = NoteBook(root).notes()
    assert [(item.id, item.anchor.briefing_id, item.anchor.card_id) for item in kept] == [
        (note.id, REWRITE_ID, "body")]
    story = read_stories(root).story_of(REWRITE_ID)
    assert story is not None and story.briefing_ids == (STRIKE_ID, REWRITE_ID)


def test_the_store_is_one_file_replaced_whole(root: Path) -> None:
    """Written in SQLite transactions: a reader sees the stories before a change or after it."""
    assert (root / STORE_FILE).is_file()
    assert not list(root.glob(f".{STORE_FILE}.*.tmp"))


# -- the Done-when: the first three Reuters files, ingested -----------------------------------------------

@pytest.fixture(scope="module")
def reuters_library(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reuters") / "library"
    ingest(root, *sorted((corpus_dir / "reuters21578").glob("reut2-*.sgm.gz"))[:3])
    return root


@pytest.mark.parametrize(("group_id", "shared"), [("g01", {"Kuwait", "OPEC"}), ("g02", {"OPEC"}),
                                                  ("g03", {"OPEC", "Subroto"})])
def test_ingesting_the_first_reuters_files_groups_the_early_march_opec_dispatches(
        reuters_library: Path, group_id: str, shared: set[str]) -> None:
    ids = _labels()[0][group_id]
    shelf = read_stories(reuters_library)
    story = shelf.story_of(ids[0])
    assert story is not None and set(ids) <= set(story.briefing_ids)
    joins = [join for join in story.joins if join.briefing_id in ids[1:]]
    assert joins and all(shared <= set(join.reason.entities) for join in joins)
    assert all(join.reason.line.startswith("same entities: ") for join in joins)


def test_ingesting_them_merges_no_different_events_of_that_week(reuters_library: Path) -> None:
    shelf = read_stories(reuters_library)
    with Library(reuters_library) as library:
        pairs = [pair for pair in _labels()[1] if all(story in library for story in pair)]
    assert len(pairs) >= 10
    merged = [pair for pair in pairs if (story := shelf.story_of(pair[0])) is not None
              and pair[1] in story.briefing_ids]
    assert merged == []


def _briefings_of(*wires: Wire) -> list[Briefing]:
    return [briefing(f"reuters-{newid}", title, text, day) for newid, day, title, text in wires]


def test_a_lazily_restored_index_places_as_a_full_restore_would(corpus_dir: Path, tmp_path: Path) -> None:
    """Two Reuters files ingested in batches, each by a new process (a fresh restore), with removals and
    the analyst's choices between: the index restored lazily (terms read per day of the window) makes
    the very placements, reasons and similarities a full restore makes, and the same stories."""
    items = corpus_briefings(sorted((corpus_dir / "reuters21578").glob("reut2-*.sgm.gz"))[:2])
    terms = [(story_terms(item), item.date.toordinal() + 2 * (position // 150) if item.date else None)
             for position, item in enumerate(items)]  # spread over weeks, so windows leave most days unread
    batches = [terms[start:start + 400] for start in range(0, len(terms), 400)]
    choices = StoryChoices()
    full_placements: list[Placement] = []
    lazy_placements: list[Placement] = []
    for number, batch in enumerate(batches):
        with opened(tmp_path) as store:
            kept = ((item.terms, item.day) for item in store.placed())
            full = StoryIndex.restore(kept, store.stories(), choices)
            placed = store.placed_ids()
            lazy = StoryIndex.restore_lazily(store, placed, store.document_frequencies(len(placed)),
                                             store.stories(), choices)
            assert len(lazy) == len(full)
            gone = [terms[number * 400 - 7 * step][0].briefing_id for step in range(1, 4)] if number else []
            for index in (full, lazy):
                for briefing_id in gone:
                    index.remove(briefing_id)
            store.forget(gone)
            if number == 2:
                first, later = terms[30][0].briefing_id, terms[500][0].briefing_id
                assert full.force_group([first, later]) == lazy.force_group([first, later])
                joined = next(story for story in full.stories() if len(story.briefing_ids) > 2)
                apart = (joined.id, joined.briefing_ids[1])
                assert full.force_apart(*apart) == lazy.force_apart(*apart)
            for item, day in batch:
                full_placements.append(full.add_terms(item, day))
                lazy_placements.append(lazy.add_terms(item, day))
                store.put([PlacedTerms(item, day)])
            store.commit(lazy.stories(), lazy.take_df_changes())
            choices = lazy.choices
        assert [story for story in full.stories() if len(story.briefing_ids) > 1] == list(
            read_stories(tmp_path).stories)
    assert lazy_placements == full_placements
    assert sum(placement.join is not None for placement in lazy_placements) > 100
