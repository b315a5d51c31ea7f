"""The panes at every width: the reader never narrower than READER_MIN; below NARROW_BELOW they take turns."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import OptionList

from tests.tui.conftest import entry_index, settle
from tui.app import BriefingApp
from tui.layout import ENTITY_WIDTH, LIST_MIN, NARROW_BELOW, READER_MIN, Arrangement, View, arrange
from tui.screens.main import MainScreen
from tui.widgets.briefing_list import BriefingList
from tui.widgets.entity_panel import EntityPanel
from tui.widgets.reader import Reader
from tui.widgets.search_pane import SearchPane

MakeApp = Callable[[], BriefingApp]


@pytest.mark.parametrize("view", list(View))
@pytest.mark.parametrize("entities", [True, False])
def test_the_reader_gets_at_least_sixty_columns_whenever_it_shows(view: View, entities: bool) -> None:
    for width in range(80, 301):
        _check(arrange(width, view, entities), width, view)


def _check(shown: Arrangement, width: int, view: View) -> None:
    beside = (shown.list_width if shown.list else 0) + (ENTITY_WIDTH if shown.entities else 0)
    if shown.reader:
        assert width - (0 if shown.narrow else beside) >= READER_MIN
    if shown.narrow:  # one pane at a time, the one being looked at
        assert [shown.list, shown.reader, shown.entities].count(True) == 1
        assert {View.LIST: shown.list, View.READER: shown.reader, View.ENTITIES: shown.entities}[view]
    else:
        assert shown.reader and shown.list_width >= LIST_MIN and (shown.list or shown.entities)


def test_wide_enough_terminals_show_all_three_panes() -> None:
    assert arrange(NARROW_BELOW, View.READER, True) == arrange(NARROW_BELOW, View.LIST, True)
    shown = arrange(200, View.READER, True)
    assert shown.list and shown.reader and shown.entities and not shown.narrow
    assert not arrange(200, View.READER, False).entities


async def test_at_80_columns_the_list_and_the_reader_take_turns(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        pane, reader = screen.query_one(SearchPane), screen.query_one(Reader)
        panel = screen.query_one(EntityPanel)
        assert pane.display and pane.size.width == 80 and not reader.display and not panel.display
        listing = screen.query_one(BriefingList)
        listing.cursor = entry_index(app, "North Korea has")
        await pilot.press("enter")
        await settle(pilot)
        assert reader.display and reader.size.width == 80 and not pane.display and app.focused is reader
        assert all(len(line) <= reader.size.width for line in reader.plain_lines())
        await pilot.press("e")
        await pilot.pause()
        assert panel.display and panel.size.width == 80 and not reader.display
        assert app.focused is panel.query_one("#entities", OptionList)
        await pilot.press("e")
        await pilot.pause()
        assert reader.display and app.focused is reader
        await pilot.press("escape")
        await pilot.pause()
        assert pane.display and not reader.display and app.focused is listing
        assert listing.target is not None and reader.briefing is not None
        assert listing.target.briefing_id == reader.briefing.id  # back on the briefing just read


async def test_the_help_key_is_in_the_footer_at_80_columns(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one("ReaderFooter")
        help_key = next(key for key in footer.children if getattr(key, "action", None) == "help")
        assert help_key.region.width and help_key.region.right <= 80
