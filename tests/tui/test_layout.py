"""The panes at every width: the reader never narrower than READER_MIN; below NARROW_BELOW they take turns."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import OptionList

from tests.tui.conftest import HOSTILE_ID, entry_index, settle
from tui.app import BriefingApp
from tui.layout import ENTITY_WIDTH, LIST_MIN, NARROW_BELOW, READER_MIN, View, arrange
from tui.screens.main import MainScreen
from tui.widgets.briefing_list import BriefingList, HitRows
from tui.widgets.entity_panel import EntityPanel
from tui.widgets.reader import Reader
from tui.widgets.search_pane import SearchPane

MakeApp = Callable[[], BriefingApp]


def _main(app: BriefingApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


@pytest.mark.parametrize("view", list(View))
@pytest.mark.parametrize("entities", [True, False])
def test_the_reader_gets_at_least_sixty_columns_whenever_it_shows(view: View, entities: bool) -> None:
    for width in range(80, 301):
        shown = arrange(width, view, entities)
        beside = (shown.list_width if shown.list else 0) + (ENTITY_WIDTH if shown.entities else 0)
        assert not shown.reader or width - (0 if shown.narrow else beside) >= READER_MIN, width
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
        screen = _main(app)
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



async def test_at_80_columns_backspace_leaves_a_reference_then_the_reader(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = _main(app)
        screen.open_briefing(HOSTILE_ID, 0)  # its first card cites reference [1]
        await settle(pilot)
        reader, listing = screen.query_one(Reader), screen.query_one(BriefingList)
        assert reader.display and app.focused is reader
        await pilot.press("r")
        await pilot.pause()
        assert reader._target_line is not None
        await pilot.press("backspace")  # first back to the card
        await pilot.pause()
        assert reader._target_line is None and reader.display and app.focused is reader
        await pilot.press("backspace")  # then back to the list
        await pilot.pause()
        assert screen.pane.display and not reader.display and app.focused is listing


async def test_the_help_key_is_in_the_footer_at_80_columns(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one("ReaderFooter")
        help_key = next(key for key in footer.children if getattr(key, "action", None) == "help")
        assert help_key.region.width and help_key.region.right <= 80


async def test_at_80_columns_a_query_and_enter_open_the_top_hit_at_its_card(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"artillery shells")
        await settle(pilot)
        screen = _main(app)
        assert screen.results is not None
        top = screen.results.hits[0]
        await pilot.press("enter")
        await settle(pilot)
        reader = screen.query_one(Reader)
        assert reader.display and reader.size.width == 80 and app.focused is reader
        assert reader.briefing is not None and reader.briefing.id == top.briefing_id
        assert reader.cursor_card == top.card_index
        first, start = round(reader.scroll_y), reader._target_line  # the hit's paragraph, marked, in view
        assert start is not None and first <= start < first + reader.scrollable_content_region.height
        assert "artillery" in " ".join(reader.plain_lines()[start : start + reader._target_span])


async def test_down_and_up_in_the_box_move_through_hits_and_enter_opens_the_chosen(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"troops")
        await settle(pilot)
        screen = _main(app)
        listing = screen.query_one(BriefingList)
        await pilot.press("down", "down", "down", "up")
        assert app.focused is screen.pane.box and listing.cursor == 2
        chosen = listing.target
        assert chosen is not None and chosen.card_index is not None
        await pilot.press("enter")
        await settle(pilot)
        reader = screen.query_one(Reader)
        assert reader.briefing is not None and reader.briefing.id == chosen.briefing_id
        assert reader.cursor_card == chosen.card_index


async def test_a_screenshot_is_saved_when_there_is_no_downloads_folder(
    make_app: MakeApp, library_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))  # a fresh account: no ~/Downloads, no user-dirs.dirs
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.deliver_screenshot("shot.svg")
        shot = library_path / "shot.svg"
        for _ in range(100):  # Textual writes the file from a thread: it may exist before it is whole
            if shot.exists() and shot.read_text(encoding="utf-8").rstrip().endswith("</svg>"):
                break
            await pilot.pause(0.05)
    assert shot.read_text(encoding="utf-8").startswith("<svg")
    assert not (home / "Downloads").exists()


async def test_brackets_visit_every_card_in_order_after_opening_a_hit(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"artillery shells", "enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        start, count = reader.cursor_card, reader.card_count
        forward = []
        for _ in range(count - 1 - start):
            await pilot.press("right_square_bracket")
            await pilot.pause()
            forward.append(reader.cursor_card)
        assert forward == list(range(start + 1, count))
        back = []
        for _ in range(count - 1):
            await pilot.press("left_square_bracket")
            await pilot.pause()
            back.append(reader.cursor_card)
        assert back == list(range(count - 2, -1, -1))


@pytest.mark.parametrize("size", [(80, 24), (120, 32)])
async def test_a_group_header_opens_its_briefing_at_the_first_hit(
    make_app: MakeApp, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = _main(app)
        screen.open_briefing(screen.entries[entry_index(app, "Runoff looms")].id)  # another, shorter one
        await settle(pilot)
        await pilot.press("slash", *"artillery shells")
        await settle(pilot)
        listing = screen.query_one(BriefingList)
        assert isinstance(listing.rows, HitRows) and listing.rows.rows[0].title  # the cursor on a header
        target = listing.target
        assert target is not None and target.card_index
        screen.set_focus(listing)
        await pilot.press("enter")
        await settle(pilot)
        reader = screen.query_one(Reader)
        assert reader.cursor_card == target.card_index
        first = round(reader.scroll_y)
        assert screen.results is not None
        hit = next(h for h in screen.results.hits
                   if (h.briefing_id, h.card_index) == (target.briefing_id, target.card_index))
        start = reader._target_line  # the paragraph holding the hit's first match, marked and in view
        assert start is not None and first <= start < first + reader.scrollable_content_region.height
        words = " ".join(reader.plain_lines()[start : start + reader._target_span])
        assert any(value in words for value, is_match in hit.fragment if is_match)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_the_scrollbar_thumb_shows_where_a_briefing_opened_at_a_card_is(
    make_app: MakeApp, size: tuple[int, int]
) -> None:
    """Textual moves the thumb only while its scrollbar shows: a page landing earlier kept it at 0."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = _main(app)
        screen.open_briefing(screen.entries[entry_index(app, "North Korea has")].id, 1)
        await settle(pilot)
        reader = screen.query_one(Reader)
        assert reader.scroll_y > 0 and reader.show_vertical_scrollbar
        assert reader.vertical_scrollbar.position == reader.scroll_y
