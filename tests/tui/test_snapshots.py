"""SVG snapshots of the main screens at a fixed size; update with `pytest --snapshot-update` after review."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.conftest import SIZE, entry_index, settle
from tui.app import BriefingApp
from tui.screens.main import MainScreen

MakeApp = Callable[[], BriefingApp]


async def _ready(pilot: Pilot[None]) -> MainScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    screen.query_one(Input).cursor_blink = False
    return screen


def test_seed_page_with_entity_panel(snap_compare, make_app: MakeApp) -> None:  # type: ignore[no-untyped-def]
    app = make_app()

    async def open_seed_page(pilot: Pilot[None]) -> None:
        screen = await _ready(pilot)
        screen.open_briefing(screen.entries[entry_index(app, "North Korea has")].id)
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_seed_page)


def test_search_results_with_highlights(snap_compare, make_app: MakeApp) -> None:  # type: ignore[no-untyped-def]
    app = make_app()

    async def search(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("slash", *"artillery shells")
        await settle(pilot)
        await pilot.press("down", "enter")  # the second hit, chosen from the box
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=search)


def test_help_screen(snap_compare, make_app: MakeApp) -> None:  # type: ignore[no-untyped-def]
    app = make_app()

    async def open_help(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=open_help)


def test_seed_page_in_the_light_theme(snap_compare, make_app: MakeApp) -> None:  # type: ignore[no-untyped-def]
    app = make_app()

    async def open_in_light(pilot: Pilot[None]) -> None:
        screen = await _ready(pilot)
        app.theme = "briefing-light"
        screen.open_briefing(screen.entries[entry_index(app, "North Korea has")].id, 6)
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_in_light)


def test_figures_screen(snap_compare, make_app: MakeApp) -> None:  # type: ignore[no-untyped-def]
    app = make_app()

    async def open_figures(pilot: Pilot[None]) -> None:
        screen = await _ready(pilot)
        screen.open_briefing(screen.entries[entry_index(app, "North Korea has")].id)
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_figures)


@pytest.mark.parametrize("theme", ["briefing-dark", "briefing-light"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)], ids=["80x24", "120x40", "200x60"])
def test_a_briefing_open_at_each_size(  # type: ignore[no-untyped-def]
    snap_compare, make_app: MakeApp, size: tuple[int, int], theme: str
) -> None:
    """80 columns: the reader alone, full width; 120: the list at its narrowest beside it, and the entities;
    200: all three with room to spare."""
    app = make_app()

    async def open_seed_page(pilot: Pilot[None]) -> None:
        screen = await _ready(pilot)
        app.theme = theme
        screen.open_briefing(screen.entries[entry_index(app, "North Korea has")].id, 1)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_seed_page)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_back_twice_from_the_third_result(  # type: ignore[no-untyped-def]
    snap_compare, make_app: MakeApp, size: tuple[int, int]
) -> None:
    """From the reader, keys only: a search, its third result with J J, then back twice to the first."""
    app = make_app()

    async def third_result_and_back(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("slash", *"week", "enter")
        await settle(pilot)
        await pilot.press("J", "J")
        await settle(pilot)
        await pilot.press("less_than_sign", "less_than_sign")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=third_result_and_back)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_a_figure_opens_at_its_sentence(  # type: ignore[no-untyped-def]
    snap_compare, make_app: MakeApp, size: tuple[int, int]
) -> None:
    """From the reader, keys only: F, down to "30,000 (denied)", enter: its paragraph marked, in view."""
    from tests.tui.test_jumps import DENIED, choose_figure, open_seed_page

    app = make_app()

    async def figure_to_sentence(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await open_seed_page(pilot, app)
        await choose_figure(pilot, DENIED)

    assert snap_compare(app, terminal_size=size, run_before=figure_to_sentence)
