"""The real app on a real library and index, driven from the keyboard as a person would."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

from textual.binding import Binding
from textual.widgets import Input, OptionList

from briefings.library import user_state_dir
from briefings.model import CardKind
from tests.tui.conftest import HOSTILE_ID, MARKUP, SIZE, entry_index, settle, type_in_palette
from tui.app import FULL_COLLECTION_EVERY, BriefingApp
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.facets import FacetScreen
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.state import STATE_FILE
from tui.widgets.briefing_list import BriefingList, HitRows
from tui.widgets.entity_panel import EntityPanel
from tui.widgets.reader import Reader

MakeApp = Callable[[], BriefingApp]
SEED_PAGE = "North Korea has significantly"
SEED_ARTICLE = "U.S. expresses deep worry"


def _main(app: BriefingApp) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


async def _open_from_list(pilot, title_start: str) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    listing = pilot.app.screen.query_one(BriefingList)
    listing.focus()
    await pilot.press("home", *["j"] * entry_index(pilot.app, title_start), "enter")
    await settle(pilot)


async def test_opening_a_briefing_shows_its_cards_and_marks_it_read(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_from_list(pilot, SEED_PAGE)
        reader = app.screen.query_one(Reader)
        assert reader.briefing is not None and reader.briefing.title.startswith(SEED_PAGE)
        lines = "\n".join(reader.plain_lines())
        assert "WHAT THE PAPERS SAY" in lines and "Al Jazeera — Niko Vorobyov" in lines
        assert "… [cut off]" in lines
        assert "FORECAST   Forecast and Consequences" in lines
        assert reader.briefing.id in app.state.read
        assert app.focused is reader
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert reader.cursor_card == 2


async def test_search_as_you_type_then_open_a_hit_at_its_card(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"shells")
        await settle(pilot)
        listing = app.screen.query_one(BriefingList)
        assert isinstance(listing.rows, HitRows)
        hit_rows = [row for row in listing.rows.rows if row.fragment]
        assert hit_rows and all(any(is_match for _, is_match in row.fragment) for row in hit_rows)
        await pilot.press("down", "down", "down")
        target = listing.target
        assert target is not None and target.card_index is not None
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.briefing is not None and reader.briefing.id == target.briefing_id
        assert reader.cursor_card == target.card_index
        label = reader.briefing.cards[target.card_index].kind.label.upper()
        top = round(reader.scroll_y)
        visible = reader.plain_lines()[top : top + reader.size.height]
        assert any(label in line for line in visible)
        await pilot.press("n")
        assert reader.cursor_card != target.card_index
        await pilot.press("N")
        assert reader.cursor_card == target.card_index


async def test_search_words_light_up_in_the_open_briefing_without_rewrapping_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_from_list(pilot, SEED_PAGE)
        reader = app.screen.query_one(Reader)
        page = reader._page  # the wrapped lines: a keystroke must not redo them for a 50 KB briefing
        await pilot.press("slash", *"artillery")
        await settle(pilot)
        assert reader._page is page
        line = next(n for n, text in enumerate(reader.plain_lines()) if "artillery" in text)
        reader.scroll_to(y=line, animate=False)
        await settle(pilot)
        match = reader.palette["match"]
        words = [segment for segment in reader.render_line(0) if segment.text.strip()]
        lit = [segment.text for segment in words if segment.style and segment.style.bgcolor == match.bgcolor]
        assert lit and all(text.lower() == "artillery" for text in lit)


async def test_escape_clears_the_search_and_shows_every_briefing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"troops")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one(Input).value == ""
        assert not isinstance(app.screen.query_one(BriefingList).rows, HitRows)
        assert app.focused is app.screen.query_one(BriefingList)


async def test_keys_typed_in_the_search_box_are_text_not_commands(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"bent queen")
        await settle(pilot)
        assert app.screen.query_one(Input).value == "bent queen"
        assert app.is_running and isinstance(app.screen, MainScreen)


async def test_following_an_entity_opens_another_briefing_naming_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_from_list(pilot, SEED_PAGE)
        panel = app.screen.query_one(EntityPanel)
        entities = panel.query_one("#entities", OptionList)
        entities.focus()
        names = [entity.name for entity in app.screen.query_one(Reader).briefing.entities]  # type: ignore[union-attr]
        entities.highlighted = entities.get_option_index(f"e{names.index('Kim Jong-un')}")
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is panel.query_one("#timeline", OptionList)
        await pilot.press("tab")
        mentions = panel.query_one("#mentions", OptionList)
        assert app.focused is mentions and mentions.option_count == 1
        await pilot.press("enter")
        await settle(pilot)
        opened = app.screen.query_one(Reader).briefing
        assert opened is not None and opened.title.startswith(SEED_ARTICLE)


async def test_entity_panel_hides_and_shows(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_from_list(pilot, SEED_PAGE)
        panel = app.screen.query_one(EntityPanel)
        await pilot.press("e")
        assert not panel.display
        await pilot.press("e")
        assert panel.display


async def test_bookmark_and_position_survive_a_restart(make_app: MakeApp, library_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_from_list(pilot, SEED_PAGE)
        await pilot.press("right_square_bracket", "right_square_bracket", "b")
        await pilot.press("right_square_bracket")
        await pilot.press("q")
    assert (user_state_dir(library_path) / STATE_FILE).is_file()

    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reader = again.screen.query_one(Reader)
        assert reader.briefing is not None and reader.briefing.title.startswith(SEED_PAGE)
        assert reader.cursor_card == 3
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(again.screen, BookmarksScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert reader.cursor_card == 2


async def test_a_damaged_state_file_is_set_aside_not_fatal(make_app: MakeApp, library_path: Path) -> None:
    folder = user_state_dir(library_path)
    folder.mkdir(parents=True)
    (folder / STATE_FILE).write_text("read: [unclosed\n  - &a [*a", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.state.read == set()
    assert list(folder.glob(f"{STATE_FILE}.damaged-*"))


async def test_facet_filter_narrows_the_results(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"troops", "enter")
        await settle(pilot)
        before = _main(app).results
        assert before is not None and len({hit.card_kind for hit in before.hits}) > 1
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FacetScreen)
        options = app.screen.query_one(OptionList)
        options.highlighted = options.get_option_index("kind\x00forecast")
        await pilot.press("enter")
        await settle(pilot)
        after = _main(app).results
        assert after is not None and after.hits
        assert {hit.card_kind.value for hit in after.hits} == {"forecast"}
        assert _main(app).pane.filters == {"kind": "forecast"}


async def test_help_screen_lists_every_key(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = {description for _title, rows in app.screen.sections() for _keys, description in rows}
        for binding in [
            *BriefingApp.BINDINGS,
            *MainScreen.BINDINGS,
            *Reader.BINDINGS,
            *BriefingList.BINDINGS,
        ]:
            assert isinstance(binding, Binding) and (binding.tooltip or binding.description) in listed
        assert "Put the cursor in the search box" in app.export_screenshot().replace("&#160;", " ")
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_command_palette_opens_a_briefing_by_title(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_in_palette(pilot, app, "rice export")
        await pilot.press("enter")
        await settle(pilot)
        opened = app.screen.query_one(Reader).briefing
        assert opened is not None and "rice" in opened.title.lower()


async def test_citation_marker_leads_to_its_reference(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_from_list(pilot, SEED_ARTICLE)
        reader = app.screen.query_one(Reader)
        await pilot.press("r")  # the split article opens at What happened, which cites nothing
        assert reader.cursor_card == 0 and reader.briefing is not None
        papers = next(i for i, card in enumerate(reader.briefing.cards) if card.kind is CardKind.PAPERS)
        reader.go_to_card(papers)
        await pilot.press("r")
        top = round(reader.scroll_y)
        visible = reader.plain_lines()[top : top + reader.size.height]
        assert any(line.lstrip().startswith("[1] ") for line in visible)
        await pilot.press("r")
        visible = reader.plain_lines()[round(reader.scroll_y) : round(reader.scroll_y) + reader.size.height]
        assert any(line.lstrip().startswith("[2] ") for line in visible)
        await pilot.press("backspace")
        assert reader.cursor_card == papers


async def test_markup_and_escape_sequences_are_shown_literally(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _main(app).open_briefing(HOSTILE_ID)
        await settle(pilot)
        await pilot.press("u")
        reader = app.screen.query_one(Reader)
        text = "\n".join(reader.plain_lines())
        assert MARKUP in text and "␛]52;c;aGVsbG8=␇" in text and "␛[31mnothing␛[0m" in text
        assert "[link=https://x.test]here[/link]" in text
        assert "What is the best pizza topping?" in text
        await pilot.press("slash", *"cranes")
        await settle(pilot)
        screenshot = app.export_screenshot()
        assert "\x1b" not in screenshot and "\x07" not in screenshot
        visible = screenshot.replace("&#160;", " ")
        assert "[bold red]x[/]" in visible  # the search results list shows the title's markup as text
        assert "red]x[/]␛]52" in visible  # and the entity panel (its description, wrapped)


async def test_full_garbage_collections_run_more_often_only_while_the_app_runs(make_app: MakeApp) -> None:
    before = gc.get_threshold()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert gc.get_threshold() == (*before[:2], FULL_COLLECTION_EVERY)
    assert gc.get_threshold() == before
