"""Entities everywhere: "Go to entity" over the whole library, and an entity panel whose cursor is plain
to see, that widens while it is used, and whose first enter opens the timeline."""

from __future__ import annotations

from collections.abc import Callable

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.tui.conftest import SIZE, entry_index, settle, type_in_palette
from tui.app import BriefingApp
from tui.commands import MAX_ENTITY_CANDIDATES, LibraryEntity, entity_candidates
from tui.theme import THEMES
from tui.widgets.briefing_list import BriefingList
from tui.widgets.entity_panel import EntityPanel
from tui.widgets.reader import Reader

MakeApp = Callable[[], BriefingApp]
SEED_PAGE = "North Korea has significantly"
"""A seed naming Kim Jong-un, as one other briefing of the test library does."""


def _entity(name: str, briefings: int) -> LibraryEntity:
    return LibraryEntity(name, briefings, name.casefold())


def test_candidates_hold_the_query_whole_before_its_scattered_letters() -> None:
    entities = [_entity("Russian Navy", 40), _entity("Rural Supply Services", 30), _entity("Russia", 12),
                _entity("China", 9)]
    assert entity_candidates(entities, "RUSS") == [entities[0], entities[2], entities[1]]
    assert entity_candidates(entities, "ch na") == [entities[3]]
    assert entity_candidates(entities, "  ") == [] and entity_candidates(entities, "xyz") == []


def test_candidates_are_the_most_named_of_tens_of_thousands() -> None:
    entities = [_entity(f"Person {n}", 50_000 - n) for n in range(50_000)]
    found = entity_candidates(entities, "person 1")
    assert len(found) == MAX_ENTITY_CANDIDATES
    assert found[0].name == "Person 1" and found[1].name == "Person 10"


def test_markup_in_an_entity_name_is_matched_as_text() -> None:
    entities = [_entity("[bold]Harbour[/] Union", 1)]
    assert entity_candidates(entities, "[bold]") == entities


async def _palette_rows(pilot, app: BriefingApp, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    await type_in_palette(pilot, app, query)
    await settle(pilot)
    commands = app.screen.query_one(CommandList)
    return [str(commands.get_option_at_index(n).prompt) for n in range(commands.option_count)]


async def test_go_to_entity_offers_any_entity_of_the_library_with_its_count(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one(Reader).briefing is None
        rows = await _palette_rows(pilot, app, "kim jong")
        assert any("Go to entity: Kim Jong-un (2 briefings)" in row for row in rows), rows


async def test_choosing_an_entity_the_open_briefing_lacks_shows_its_mentions(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(BriefingList)
        listing.focus()
        await pilot.press("home", *["j"] * entry_index(app, "Harbour cranes"), "enter")
        await settle(pilot)
        assert "Kim Jong-un" not in [entity.name for entity in app.screen.query_one(Reader).briefing.entities]  # type: ignore[union-attr]
        rows = await _palette_rows(pilot, app, "kim jong-un")
        assert rows[0].startswith("Go to entity: Kim Jong-un"), rows
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, CommandPalette)
        panel = app.screen.query_one(EntityPanel)
        mentions = panel.query_one("#mentions", OptionList)
        assert panel.display and mentions.option_count == 2
        assert str(panel.query_one("#mentions-title").render()) == "Also naming Kim Jong-un"


async def _open_seed_page(app: BriefingApp, pilot: Pilot[None]) -> None:
    """Open the seed page from the list, as a reader would, keyboard only."""
    await settle(pilot)
    app.screen.query_one(BriefingList).focus()
    await pilot.press("home", *["j"] * entry_index(app, SEED_PAGE), "enter")
    await settle(pilot)


async def test_first_enter_on_an_entity_opens_its_timeline(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_seed_page(app, pilot)
        panel = app.screen.query_one(EntityPanel)
        panel.query_one("#entities", OptionList).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert panel.query_one("#timeline", OptionList).display
        assert app.focused in (panel.query_one("#timeline"), panel.query_one("#mentions"))


async def test_the_panel_widens_while_focused_and_its_cursor_stands_out(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_seed_page(app, pilot)
        listing, panel = app.screen.query_one(BriefingList), app.screen.query_one(EntityPanel)
        entities = panel.query_one("#entities", OptionList)
        narrow = panel.size.width
        for theme in THEMES:
            app.theme = theme.name
            listing.focus()
            await pilot.pause()
            blurred = entities.get_component_rich_style("option-list--option-highlighted")
            entities.focus()
            await pilot.pause()
            focused = entities.get_component_rich_style("option-list--option-highlighted")
            assert panel.size.width > narrow
            background = entities.background_colors[1].rich_color
            assert blurred.bgcolor not in (None, background), theme.name
            assert focused.bgcolor not in (None, background, blurred.bgcolor) and focused.bold, theme.name
