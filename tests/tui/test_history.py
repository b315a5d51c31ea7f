"""History (`<` back, `>` forward) and search results from anywhere (`J`/`K` next/previous result, `R` to the
list), driven by keys in the running app on a real library."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from briefings.library import user_state_dir
from tests.tui.conftest import SIZE, entry_index, settle
from tui.app import BriefingApp
from tui.history import Place
from tui.screens.main import MainScreen
from tui.state import STATE_FILE
from tui.widgets.briefing_list import BriefingList, Target
from tui.widgets.entity_panel import EntityPanel
from tui.widgets.reader import Reader

MakeApp = Callable[[], BriefingApp]
WEEK = "week"
"""One hit in each of three briefings, as most Reuters stories give: one card each."""
GOVERNMENT = "government"
"""Five hits in three briefings, two of them with two cards each."""


def _main(app: BriefingApp) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


def _status(app: BriefingApp) -> str:
    return str(_main(app).pane.query_one("#status", Static).render())


def _reading(app: BriefingApp) -> tuple[str, int]:
    reader = _main(app).query_one(Reader)
    assert reader.briefing is not None
    return reader.briefing.id, reader.cursor_card


def _order(app: BriefingApp) -> list[tuple[str, int]]:
    """The hits as the list shows them: briefings by their best hit, then each briefing's hits."""
    rows = _main(app).pane.listing.rows
    order: list[tuple[str, int]] = []
    for target in (rows.target(index) for index in range(len(rows))):
        if target is None or target.card_index is None:
            continue
        if (hit := (target.briefing_id, target.card_index)) not in order:  # a heading row repeats a hit
            order.append(hit)
    return order


def _messages(app: BriefingApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def _search_from_the_reader(pilot: Pilot[None], query: str) -> None:
    """The first briefing of the list open in the reader, then a search whose top hit enter opens."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("slash", *query, "enter")
    await settle(pilot)


async def test_third_result_from_the_reader_then_back_twice_to_the_first(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _search_from_the_reader(pilot, WEEK)
        order = _order(app)
        assert len({briefing for briefing, _card in order}) == len(order) == 3
        assert _reading(app) == order[0] and isinstance(app.focused, Reader)
        await pilot.press("J", "J")
        await settle(pilot)
        assert _reading(app) == order[2] and isinstance(app.focused, Reader)
        assert _status(app) == "Hit 3 of 3 in 3 briefings · 1 of 1 in this briefing"
        await pilot.press("less_than_sign", "less_than_sign")
        await settle(pilot)
        assert _reading(app) == order[0] and isinstance(app.focused, Reader)
        assert _status(app) == "Hit 1 of 3 in 3 briefings · 1 of 1 in this briefing"
        assert _main(app).pane.listing.target == Target(*order[0])
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert _reading(app) == order[1]


async def test_results_step_within_a_briefing_and_across_and_stop_at_the_ends(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _search_from_the_reader(pilot, GOVERNMENT)
        order = _order(app)
        assert len(order) == 5
        seen = [_reading(app)]
        for _ in order[1:]:
            await pilot.press("J")
            await settle(pilot)
            seen.append(_reading(app))
        assert seen == order
        assert _status(app).startswith("Hit 5 of 5 in 3 briefings · ")
        await pilot.press("J")
        await settle(pilot)
        assert _reading(app) == order[-1] and "That was the last search result." in _messages(app)
        await pilot.press("K")
        await settle(pilot)
        assert _reading(app) == order[-2]


async def test_next_hit_in_the_briefing_keeps_the_overall_count(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _search_from_the_reader(pilot, GOVERNMENT)
        first_briefing, first_card = _order(app)[0]
        cards = _main(app).pane.hit_cards(first_briefing)
        assert len(cards) == 2
        await pilot.press("n")
        await settle(pilot)
        here = _reading(app)
        assert here[0] == first_briefing and here[1] != first_card
        overall, in_briefing = _order(app).index(here) + 1, cards.index(here[1]) + 1
        assert _status(app) == f"Hit {overall} of 5 in 3 briefings · {in_briefing} of 2 in this briefing"


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["wide", "narrow"])
async def test_one_key_returns_to_the_results_on_the_hit_being_read(
    make_app: MakeApp, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await _search_from_the_reader(pilot, GOVERNMENT)
        await pilot.press("J", "J")
        await settle(pilot)
        here = _reading(app)
        await pilot.press("R")
        await settle(pilot)
        listing = _main(app).pane.listing
        assert app.focused is listing and listing.display
        assert listing.target == Target(*here)
        await pilot.press("j", "enter")  # the list goes on from there
        await settle(pilot)
        assert _reading(app) == _order(app)[3]


async def test_back_from_a_briefing_an_entity_led_to_returns_to_the_card_left(make_app: MakeApp) -> None:
    """The issue's case: "Also naming" in the entity panel opened another briefing, and nothing led back."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _main(app).pane.listing.focus()
        await pilot.press("home", *["j"] * entry_index(app, "North Korea has significantly"), "enter")
        await settle(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        left_at = _reading(app)
        panel = _main(app).query_one(EntityPanel)
        entities = panel.query_one("#entities", OptionList)
        entities.focus()
        reader = _main(app).query_one(Reader)
        names = [entity.name for entity in reader.briefing.entities] if reader.briefing else []
        entities.highlighted = entities.get_option_index(f"e{names.index('Kim Jong-un')}")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("tab", "enter")  # the one other briefing naming him
        await settle(pilot)
        assert _reading(app)[0] != left_at[0]
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert _reading(app) == left_at


async def test_going_back_brings_back_the_search_of_that_place(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _search_from_the_reader(pilot, WEEK)
        week_hit = _reading(app)
        await pilot.press("slash", "ctrl+u", *GOVERNMENT, "enter")
        await settle(pilot)
        government_hit = _reading(app)
        await pilot.press("less_than_sign")
        await settle(pilot)
        screen = _main(app)
        assert _reading(app) == week_hit and screen.query_text == WEEK
        assert screen.results is not None and screen.results.query == WEEK
        assert screen.pane.listing.target == Target(*week_hit)
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert _reading(app) == government_hit and screen.query_text == GOVERNMENT


async def test_a_briefing_deleted_since_is_skipped_with_one_line(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _search_from_the_reader(pilot, WEEK)
        await pilot.press("J", "J")
        await settle(pilot)
        first, second, _third = _order(app)
        assert app.library.remove(second[0]) == [second[0]]
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert _reading(app) == first
        assert f"Skipped {second[0]}: no longer in the library." in _messages(app)
        await pilot.press("less_than_sign", "less_than_sign")  # to the briefing opened before the search
        await settle(pilot)
        assert "Nothing before this in the history." in _messages(app)
        assert second[0] not in {place.briefing_id for place in app.state.history.places}
        assert all("Traceback" not in message for message in _messages(app))


async def test_the_history_survives_a_restart(make_app: MakeApp, library_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _search_from_the_reader(pilot, WEEK)
        await pilot.press("J", "right_square_bracket")
        await settle(pilot)
        order, left_at = _order(app), _reading(app)
        await pilot.press("q")
    assert "history:" in (user_state_dir(library_path) / STATE_FILE).read_text(encoding="utf-8")

    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert _reading(again) == left_at
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert _reading(again) == order[0]
        assert _main(again).query_text == WEEK  # the search of that place, run again
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert _reading(again) == left_at  # where reading stopped, not where the result landed


async def test_places_of_briefings_no_longer_in_the_library_are_left_out_at_start(
    make_app: MakeApp, library_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        known = _main(app).entries[0].id
        app.state.history.visit(Place("no-such-briefing", "summary", "oil"))
        app.state.history.visit(Place(known, "summary"))
        await pilot.press("q")

    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert [place.briefing_id for place in again.state.history.places] == [known]
        assert ("History: 1 place left out, their briefings no longer in the library."
                in _messages(again))


async def test_result_keys_without_a_search_say_so(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        opened = _reading(app)
        await pilot.press("J", "R")
        await settle(pilot)
        assert "No search results to step through: search first (/)." in _messages(app)
        listing = _main(app).pane.listing
        assert app.focused is listing and listing.target == Target(opened[0])
        assert isinstance(app.focused, BriefingList)
