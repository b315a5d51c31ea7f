"""Issue 20, item 4 in the reader: a briefing that arrived again is marked in the list, and C shows what
changed between its versions (our own Kagi fixtures: a later version of a cluster with an extra source, a
toll going from 15 to 30 and a new timeline entry)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

import search
from briefings.library import Library
from search import SearchIndex
from tests.tui.conftest import settle
from tui.app import BriefingApp
from tui.screens.changes import ChangesScreen
from tui.screens.main import MainScreen
from tui.widgets.briefing_list import BriefingList

KAGI = Path(__file__).parent.parent / "data" / "kagi"
STORY_ID = "flash-floods-hit-the-merrow-valley-1d4370e9"


@pytest.fixture
def two_versions(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    with Library(root) as library, SearchIndex.open(None, library) as index:
        for version in (1, 2):
            outcomes = list(search.ingest(library, index, [KAGI / f"developing_story_v{version}.json"]))
            assert [o.briefing_id for o in outcomes] == [STORY_ID]
    return root


def _lines(app: BriefingApp) -> str:
    return str(app.screen.query_one("#changes-lines", Static).render())


async def _open_changes(pilot: Pilot[None]) -> None:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    screen.open_briefing(STORY_ID, 0)
    await settle(pilot)
    await pilot.press("C")
    await settle(pilot)


async def test_c_shows_exactly_what_changed_and_the_list_marks_the_update(two_versions: Path) -> None:
    with Library(two_versions) as library:
        app = BriefingApp(library)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert "↻ Flash floods" in app.screen.query_one(BriefingList).render_line(0).text
            await _open_changes(pilot)
            assert isinstance(app.screen, ChangesScreen)
            shown = _lines(app)
            assert "figure moved: people 15 → 30" in shown
            assert "statewire.example" in shown or "Sources" in shown
            assert "Version 1 → 2 of 2" in str(app.screen.query_one("#changes-scope", Static).render())
            await pilot.press("left_square_bracket")  # no older change: it stays
            await settle(pilot)
            assert _lines(app) == shown
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)


async def test_a_briefing_with_one_version_says_nothing_changed(tmp_path: Path) -> None:
    with Library(tmp_path / "library") as library, SearchIndex.open(None, library) as index:
        list(search.ingest(library, index, [KAGI / "developing_story_v1.json"]))
    with Library(tmp_path / "library") as library:
        app = BriefingApp(library)
        async with app.run_test(size=(100, 30)) as pilot:
            await _open_changes(pilot)
            scope = str(app.screen.query_one("#changes-scope", Static).render())
            assert "Only one version" in scope and _lines(app) == ""


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_changes_view_snapshot(snap_compare, two_versions: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    library = Library(two_versions)
    try:
        assert snap_compare(BriefingApp(library), terminal_size=size, run_before=_open_changes)
    finally:
        library.close()
