"""The saved searches always on screen (tui/widgets/saved_list.py), under the briefing list: each with
unread/total, "N new" and its trend; enter runs one; the counts follow another process's ingest and the
analyst's reading without opening anything; shown by default from 120 columns, and the toggle key shows or
hides it at any width; with nothing saved it stays out of the way until toggled. Snapshots at 80x24
(toggled on) and 120x40. Our own small briefings."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from briefings import saved_searches as saved
from briefings.library import Library
from tests.tui.conftest import settle
from tests.tui.test_library_updates import _until
from tests.tui.test_saved_searches import (
    LATER,
    briefing_command,
    hit_titles,
    main_screen,
    reader,
    write_stories,
)
from tests.tui.test_saved_searches import (
    library_root as library_root,  # the fixture, shared
)
from tui.app import BriefingApp
from tui.widgets.saved_list import PROBLEM_SHORT, SavedList

TREND_END = " in 12 wk"


def side_list(app: BriefingApp) -> SavedList:
    return main_screen(app).query_one(SavedList)


def side_rows(app: BriefingApp) -> list[list[str]]:
    """Each row's lines as drawn (name and counts; trend or mistake)."""
    options = side_list(app).options
    return [str(options.get_option_at_index(i).prompt).splitlines() for i in range(options.option_count)]


def firsts(app: BriefingApp) -> list[str]:
    return [row[0] for row in side_rows(app)]


def follow(root: Path, name: str, query: str, filters: dict[str, str] | None = None) -> None:
    saved.write(root, saved.added(saved.load(root), name, query, filters))


@pytest.mark.slow
async def test_counts_follow_ingest_and_reading_and_enter_runs_one(library_root: Path,
                                                                    tmp_path: Path) -> None:
    follow(library_root, "Lanwick ferries", "ferry")
    follow(library_root, "Bad date", "date:someday")
    async with reader(library_root) as (app, pilot):
        assert side_list(app).display  # 120 columns: shown without asking
        await _until(pilot, lambda: firsts(app) == ["Lanwick ferries  2/2  2 new", "Bad date"], "counted")
        ferries, bad = side_rows(app)
        assert ferries[1].strip().endswith("2" + TREND_END) and bad[1].strip() == PROBLEM_SHORT

        await briefing_command(library_root, "ingest", *map(str, write_stories(tmp_path / "later", LATER)))
        await _until(pilot, lambda: firsts(app)[0] == "Lanwick ferries  4/4  4 new", "counted again")
        assert side_rows(app)[0][1].strip().endswith("4" + TREND_END)

        screen = main_screen(app)
        ferry_story = next(entry.id for entry in screen.entries if entry.title.startswith("Ferry"))
        screen.open_briefing(ferry_story)  # read now
        await settle(pilot)
        assert firsts(app)[0] == "Lanwick ferries  3/4  3 new"  # at once, no search again

        screen.set_focus(side_list(app).options)
        await pilot.press("enter")  # runs the highlighted one, which is viewed now: nothing new since
        await settle(pilot)
        assert screen.pane.query_text == "ferry" and len(hit_titles(app)) == 4
        assert screen.focused is screen.pane.listing
        (ferry, _) = saved.load(library_root).searches
        assert ferry.last_viewed is not None
        await _until(pilot, lambda: firsts(app)[0] == "Lanwick ferries  3/4", "new since viewed: none")
        await pilot.press("M")  # every result read: the side list follows
        await settle(pilot)
        assert firsts(app)[0] == "Lanwick ferries  0/4"


async def test_saving_a_search_lists_it_and_an_empty_list_says_how(library_root: Path) -> None:
    async with reader(library_root) as (app, pilot):
        await settle(pilot)
        assert not side_list(app).display  # nothing saved: the list keeps its rows
        await pilot.press("W")
        await settle(pilot)
        assert side_list(app).display
        assert firsts(app) == ["No saved searches yet: ctrl+s in the search saves the current one."]
        await pilot.press("W")
        await settle(pilot)
        assert not side_list(app).display
        await pilot.press("slash", *"frost", "enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+u", *"Frost", "enter")
        await settle(pilot)
        await _until(pilot, lambda: firsts(app) == ["Frost  0/1"], "listed and counted")
        assert not side_list(app).display  # hidden by the key, it stays hidden


@pytest.mark.parametrize(("width", "by_default"), [(80, False), (119, False), (120, True), (160, True)])
async def test_shown_by_default_from_120_columns_and_the_key_toggles_it(library_root: Path, width: int,
                                                                       by_default: bool) -> None:
    follow(library_root, "ferries", "ferry")
    with Library(library_root) as library:
        app = BriefingApp(library)
        async with app.run_test(size=(width, 30)) as pilot:
            await settle(pilot)
            assert side_list(app).display is by_default
            await pilot.press("W")
            await settle(pilot)
            assert side_list(app).display is not by_default
            await pilot.resize_terminal(200 - width, 30)  # the choice outlasts a change of width
            await settle(pilot)
            assert side_list(app).display is not by_default
            await pilot.press("W")
            await settle(pilot)
            assert side_list(app).display is by_default


async def _with_side_list(pilot: Pilot[None]) -> None:
    await settle(pilot)
    assert isinstance(pilot.app, BriefingApp)
    main_screen(pilot.app).pane.box.cursor_blink = False
    if pilot.app.size.width < 120:
        await pilot.press("W")
        pilot.app.clear_notifications()
    await _until(pilot, lambda: "counting…" not in "".join(firsts(pilot.app)), "counted")  # type: ignore[arg-type]
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_side_list_snapshot(snap_compare, library_root: Path,  # type: ignore[no-untyped-def]
                            size: tuple[int, int]) -> None:
    follow(library_root, "Lanwick ferries", "ferry")
    follow(library_root, "Orchards", "frost", {"kind": "summary"})
    follow(library_root, "Bad date", "date:someday")
    library = Library(library_root)
    try:
        assert snap_compare(BriefingApp(library), terminal_size=size, run_before=_with_side_list)
    finally:
        library.close()


@pytest.mark.parametrize("content", [b"\xff\xfe\x00 binary", b"searches: [{name: a, query", b"searches: 7\n"])
async def test_a_damaged_saved_searches_file_is_one_notice_once(library_root: Path, content: bytes) -> None:
    path = saved.saved_path(library_root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    async with reader(library_root) as (app, pilot):
        await settle(pilot)
        main_screen(app).saved_searches.index_changed()  # counted again: said once all the same
        await settle(pilot)
        said = [n.message for n in app._notifications if str(path) in n.message]
        assert len(said) == 1 and "\n" not in said[0]
        assert not side_list(app).display and side_list(app).tracked == []
        assert path.read_bytes() == content  # left for a person to look at
