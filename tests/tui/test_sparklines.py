"""Issue 20, item 5: each entity in the side panel shows how many briefings named it per week, as a line of
block characters, counted in a worker from the search index."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from briefings.library import Library
from search import SearchIndex, WhooshEngine
from tests.tui.conftest import entry_index, settle
from tui.app import BriefingApp
from tui.screens.main import MainScreen
from tui.widgets.entity_panel import EntityPanel
from tui.widgets.trend import BARS, EMPTY_WEEK, WEEKS, sparkline, week_start, weekly_counts

MakeApp = Callable[[], BriefingApp]
SEED = "North Korea has"


def test_weeks_end_with_the_last_day_and_leave_out_what_falls_outside() -> None:
    last = dt.date(2025, 3, 12)  # a Wednesday
    assert week_start(last) == dt.date(2025, 3, 10)
    dates = [last, dt.date(2025, 3, 10), dt.date(2025, 3, 9), dt.date(2024, 1, 1), None, dt.date(2025, 3, 13)]
    assert weekly_counts(dates, last, weeks=3) == (0, 1, 2)


def test_the_busiest_week_is_the_full_bar_and_an_empty_week_is_a_dot() -> None:
    line = sparkline((0, 1, 4, 8))
    assert line.plain == f"{EMPTY_WEEK}{BARS[0]}{BARS[3]}{BARS[-1]} 13 in 4 wk"
    assert sparkline((0, 0)).plain == f"{EMPTY_WEEK}{EMPTY_WEEK} 0 in 2 wk"


async def _seed_open(pilot: Pilot[None], app: BriefingApp) -> MainScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    screen.query_one(Input).cursor_blink = False
    screen.open_briefing(screen.entries[entry_index(app, SEED)].id)
    await settle(pilot)
    return screen


async def test_each_entity_shows_its_briefings_per_week(make_app: MakeApp, library_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _seed_open(pilot, app)
        panel = screen.query_one(EntityPanel)
        entities = panel.query_one("#entities", OptionList)
        briefing = screen.briefing
        assert briefing is not None and briefing.entities
        prompts = [str(entities.get_option(f"e{n}").prompt) for n in range(len(briefing.entities))]
    library = Library(library_path)
    newest = library.newest_entries(1)[0].date
    assert newest is not None
    with SearchIndex.open(None, library) as index:
        engine = WhooshEngine(index)
        for entity, prompt in zip(briefing.entities, prompts, strict=True):
            counts = weekly_counts((day for _, _, day in engine.briefings_mentioning(entity.name)), newest)
            assert prompt.splitlines()[1] == sparkline(counts).plain  # under the name
    assert any(f" 0 in {WEEKS} wk" not in prompt for prompt in prompts)  # some line shows a trend


def test_entity_sparklines_at_120x40(snap_compare, make_app: MakeApp) -> None:  # type: ignore[no-untyped-def]
    app = make_app()

    async def open_seed(pilot: Pilot[None]) -> None:
        await _seed_open(pilot, app)

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_seed)
