"""Saved searches in the reader: save the search shown under a name, see its unread/total count rise when
another process ingests matching briefings, run it from the view, and walk its unread results with the
next-unread key; mark every result read; show only the unread ones. Our own small briefings."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from briefings import saved_searches as saved
from briefings.library import Library
from search import SearchIndex, group_by_briefing
from search.ingest import ingest
from tests.tui.conftest import settle
from tests.tui.test_library_updates import _until
from tui.app import BriefingApp
from tui.screens.main import MainScreen
from tui.screens.note_dialog import AskDialog
from tui.screens.saved_searches import SavedSearchesScreen
from tui.widgets.briefing_list import HitRows

ROOT = Path(__file__).resolve().parents[2]
STORY = "---\ntitle: {title}\ndate: 2031-02-0{day}\n---\n\n## Summary\n\n{text}\n"
FIRST = [("Ferry strike closes the port", 1, "Ferry crews at the port of Lanwick walked out over pay."),
         ("Ferry talks stall again", 2, "Talks between the Lanwick ferry crews and owners stalled.")]
LATER = [("Ferry strike enters its second week", 3, "The Lanwick ferry strike goes on; freight waits."),
         ("Ferry owners offer a new deal", 4, "Owners offered the Lanwick ferry crews a two-year deal.")]
OTHER = ("Orchard frost spares the valley", 5, "Growers say the late frost did little harm this spring.")


def write_stories(folder: Path, stories: list[tuple[str, int, str]]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for title, day, text in stories:
        path = folder / f"{title.split()[1].lower()}-{day}.md"
        path.write_text(STORY.format(title=title, day=day, text=text), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def library_root(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    with Library(root) as library:
        index = SearchIndex.open(None, library)
        try:
            outcomes = list(ingest(library, index, write_stories(tmp_path / "first", [*FIRST, OTHER])))
            assert all(outcome.briefing_id for outcome in outcomes), outcomes
        finally:
            index.close()
    return root


@asynccontextmanager
async def reader(root: Path) -> AsyncIterator[tuple[BriefingApp, Pilot[None]]]:
    with Library(root) as library:
        app = BriefingApp(library)
        async with app.run_test(size=(120, 32)) as pilot:
            await settle(pilot)
            yield app, pilot


def main_screen(app: BriefingApp) -> MainScreen:
    screen = next(s for s in app.screen_stack if isinstance(s, MainScreen))
    assert isinstance(screen, MainScreen)
    return screen


def status(app: BriefingApp) -> str:
    return str(main_screen(app).query_one("#status", Static).render())


def hit_titles(app: BriefingApp) -> list[str]:
    rows = main_screen(app).pane.listing.rows
    assert isinstance(rows, HitRows)
    return list(dict.fromkeys(row.title for row in rows.rows if row.title))


def first_lines(app: BriefingApp) -> list[str]:
    assert isinstance(app.screen, SavedSearchesScreen)
    listing = app.screen.query_one(OptionList)
    return [str(listing.get_option_at_index(i).prompt).splitlines()[0] for i in range(listing.option_count)]


TREND = re.compile(r"  [·▁-█]{12} (\d+) in 12 wk$")
"""The weekly trend that ends each first line once counted."""


def view_lines(app: BriefingApp) -> list[str]:
    """Each saved search's name and counts, its trend left out."""
    return [TREND.sub("", line) for line in first_lines(app)]


def trend_totals(app: BriefingApp) -> list[int | None]:
    return [int(found.group(1)) if (found := TREND.search(line)) else None for line in first_lines(app)]




async def briefing_command(root: Path, *args: str) -> None:
    """`python -m cli.main`, in a process of its own, as in another terminal."""
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "cli.main", "--library", str(root), *args, cwd=ROOT, env=os.environ.copy(),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    _, err = await child.communicate()
    assert child.returncode == 0, err


async def search_for(pilot: Pilot[None], text: str) -> None:
    await pilot.press("slash", *text, "enter")
    await settle(pilot)


async def save_as(pilot: Pilot[None], app: BriefingApp, name: str) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(app.screen, AskDialog)
    await pilot.press("ctrl+u", *name, "enter")
    await settle(pilot)


@pytest.mark.slow
async def test_the_unread_count_rises_when_another_process_ingests_and_the_key_walks_them(
        library_root: Path, tmp_path: Path) -> None:
    async with reader(library_root) as (app, pilot):
        screen = main_screen(app)
        await search_for(pilot, "ferry")  # enter in the box opens the top hit: one of two read
        assert set(hit_titles(app)) == {title for title, _, _ in FIRST}
        await save_as(pilot, app, "Lanwick ferries")
        assert [s.name for s in saved.load(library_root).searches] == ["Lanwick ferries"]

        await pilot.press("s")
        await settle(pilot)
        await _until(pilot, lambda: view_lines(app) == ["Lanwick ferries  1/2  1 new"], "first counts")
        await pilot.press("enter")  # opened: viewed now, so what arrives later is new
        await settle(pilot)
        assert screen.pane.query_text == "ferry" and len(hit_titles(app)) == 2
        await pilot.press("ctrl+n")  # the other one, unread
        await settle(pilot)
        assert screen.briefing is not None and screen.briefing.title in hit_titles(app)
        before = set(app.state.read)
        assert len(before) == 2

        await briefing_command(library_root, "ingest", *map(str, write_stories(tmp_path / "later", LATER)))
        await _until(pilot, lambda: len(screen.entries) == 5, "the reader told of the new briefings")
        await pilot.press("s")
        await settle(pilot)
        await _until(pilot, lambda: view_lines(app) == ["Lanwick ferries  2/4  2 new"], "the count risen")
        assert trend_totals(app) == [4]  # all four within the 12 weeks ending with the newest briefing
        await pilot.press("enter")
        await settle(pilot)
        await _until(pilot, lambda: len(hit_titles(app)) == 4, "the new briefings among the results")

        walked = []
        for _ in range(2):
            await pilot.press("ctrl+n")
            await settle(pilot)
            assert screen.briefing is not None
            walked.append(screen.briefing.title)
        assert sorted(walked) == sorted(title for title, _, _ in LATER)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert "No unread search results." in [n.message for n in app._notifications]
        await pilot.press("s")
        await settle(pilot)
        await _until(pilot, lambda: view_lines(app) == ["Lanwick ferries  0/4"], "all read")


async def test_mark_read_and_unread_only(library_root: Path) -> None:
    async with reader(library_root) as (app, pilot):
        screen = main_screen(app)
        await search_for(pilot, "ferry")  # enter in the box opens the top hit, which is then read
        assert screen.briefing is not None
        opened = screen.briefing.title
        await pilot.press("U")
        await settle(pilot)
        assert "unread only" in status(app)
        assert opened not in hit_titles(app) and len(hit_titles(app)) == 1
        await pilot.press("U")
        await settle(pilot)
        assert len(hit_titles(app)) == 2 and "unread only" not in status(app)
        await pilot.press("M")
        await settle(pilot)
        with Library(library_root) as library:
            ferry_ids = {e.id for e in library.entries() if e.title.startswith("Ferry")}
        assert ferry_ids <= app.state.read and len(ferry_ids) == 2
        assert "Marked 2 briefings read" in [n.message for n in app._notifications]
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert "No unread search results." in [n.message for n in app._notifications]


async def test_saving_with_nothing_searched_or_a_taken_name_says_so(library_root: Path) -> None:
    async with reader(library_root) as (app, pilot):
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, AskDialog)
        assert "Nothing to save: search first (/)." in [n.message for n in app._notifications]
        await search_for(pilot, "ferry")
        await save_as(pilot, app, "ferries")
        await save_as(pilot, app, "ferries")
        assert "a saved search named 'ferries' exists already" in [n.message for n in app._notifications]
        assert len(saved.load(library_root).searches) == 1


async def test_the_view_removes_and_names_a_damaged_file(library_root: Path) -> None:
    searches = saved.added(saved.load(library_root), "ferries", "ferry")
    saved.write(library_root, saved.added(saved.SavedSearches(searches), "frost", "frost"))
    async with reader(library_root) as (app, pilot):
        await pilot.press("s")
        await settle(pilot)
        await _until(pilot, lambda: view_lines(app) == ["ferries  2/2  2 new", "frost  1/1  1 new"], "counts")
        await pilot.press("d")
        await settle(pilot)
        assert view_lines(app) == ["frost  1/1  1 new"]
        assert [s.name for s in saved.load(library_root).searches] == ["frost"]
        await pilot.press("escape")
        saved.saved_path(library_root).write_bytes(b"\xff\xfe not text")
        await pilot.press("s")
        await settle(pilot)
        assert view_lines(app) == ["No saved searches yet: ctrl+s in the search saves the current one."]
        assert any(str(saved.saved_path(library_root)) in n.message for n in app._notifications)


async def _open_view(pilot: Pilot[None]) -> None:
    await settle(pilot)
    assert isinstance(pilot.app, BriefingApp)
    main_screen(pilot.app).pane.box.cursor_blink = False
    await pilot.press("s")
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_saved_searches_view_snapshot(snap_compare, library_root: Path,  # type: ignore[no-untyped-def]
                                      size: tuple[int, int]) -> None:
    searches = saved.added(saved.load(library_root), "Lanwick ferries", "ferry")
    searches = saved.added(saved.SavedSearches(searches), "Orchards", "frost", {"kind": "summary"})
    saved.write(library_root, saved.added(saved.SavedSearches(searches), "Bad date", "date:someday"))
    library = Library(library_root)
    try:
        assert snap_compare(BriefingApp(library), terminal_size=size, run_before=_open_view)
    finally:
        library.close()


@pytest.mark.slow
async def test_an_open_view_counts_again_when_another_process_ingests(library_root: Path,
                                                                      tmp_path: Path) -> None:
    saved.write(library_root, saved.added(saved.load(library_root), "ferries", "ferry"))
    async with reader(library_root) as (app, pilot):
        await pilot.press("s")
        await settle(pilot)
        await _until(pilot, lambda: view_lines(app) == ["ferries  2/2  2 new"], "first counts")
        await briefing_command(library_root, "ingest", *map(str, write_stories(tmp_path / "later", LATER)))
        await _until(pilot, lambda: view_lines(app) == ["ferries  4/4  4 new"], "counted again, still open")
        assert isinstance(app.screen, SavedSearchesScreen)


async def test_the_previous_unread_key_walks_the_other_way(library_root: Path, tmp_path: Path) -> None:
    with Library(library_root) as library, SearchIndex.open(None, library) as index:
        assert all(o.briefing_id for o in ingest(library, index, write_stories(tmp_path / "later", LATER)))
    async with reader(library_root) as (app, pilot):
        screen = main_screen(app)
        await search_for(pilot, "ferry")  # enter opens the top hit, which is then read
        results = screen.pane.results
        assert results is not None
        order = [briefing_id for briefing_id, _hits in group_by_briefing(results.hits)]
        assert len(order) == 4 and screen.briefing is not None and screen.briefing.id == order[0]
        walked = []
        for _ in range(3):
            await pilot.press("ctrl+y")
            await settle(pilot)
            assert screen.briefing is not None
            walked.append(screen.briefing.id)
        assert walked == [order[3], order[2], order[1]]
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert "No unread search results." in [n.message for n in app._notifications]
