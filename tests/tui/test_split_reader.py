"""A split article in the reader: its derived cards first, the full text folded last, `z` unfolding a
card, `p` going from a quote to its paragraph, and a bookmark kept by card id."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from briefings.model import CardKind
from tests.tui.conftest import SIZE, entry_index, settle
from tui.actions import ACTIONS
from tui.app import BriefingApp
from tui.render import FOLD_KEY, SOURCE_KEY
from tui.screens.main import MainScreen
from tui.widgets.reader import Reader

MakeApp = Callable[[], BriefingApp]
SEED_ARTICLE = "U.S. expresses deep worry"


async def _open_seed_article(pilot: Pilot[None]) -> tuple[MainScreen, Reader]:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    screen.open_briefing(screen.entries[entry_index(screen.reader_app, SEED_ARTICLE)].id, 0)
    await settle(pilot)
    reader = screen.query_one(Reader)
    reader.focus()
    return screen, reader


def _text(reader: Reader) -> str:
    return " ".join(" ".join(reader.plain_lines()).split())


def _card(reader: Reader, kind: CardKind) -> int:
    assert reader.briefing is not None
    return next(i for i, card in enumerate(reader.briefing.cards) if card.kind is kind)


def test_the_fold_and_source_keys_are_the_registry_s() -> None:
    keys = {action.id: action.keys for action in ACTIONS}
    assert keys["reader.fold"] == (FOLD_KEY,) and keys["reader.source"] == (SOURCE_KEY,)


async def test_the_full_text_comes_folded_last_and_z_unfolds_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        _, reader = await _open_seed_article(pilot)
        text = _text(reader)
        assert text.index("WHAT HAPPENED") < text.index("WHAT THE PAPERS SAY") < text.index("ARTICLE")
        folded = f"The article as it came, 6 paragraphs, folded: the cards above quote it ({FOLD_KEY} shows"
        assert folded + " it)" in text
        assert "It's a dance of diplomacy" not in text  # the one sentence no card quotes: folded away
        reader.go_to_card(_card(reader, CardKind.BODY))
        await pilot.press(FOLD_KEY)
        await settle(pilot)
        text = _text(reader)
        assert "It's a dance of diplomacy" in text and "6 paragraphs, folded" not in text
        await pilot.press(FOLD_KEY)
        await settle(pilot)
        assert "6 paragraphs, folded" in _text(reader)


async def test_p_goes_from_a_quote_to_its_paragraph_and_backspace_comes_back(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        _, reader = await _open_seed_article(pilot)
        papers = _card(reader, CardKind.PAPERS)
        reader.go_to_card(papers)
        await settle(pilot)
        await pilot.press(SOURCE_KEY)  # the papers' first quote is in paragraph 2
        await settle(pilot)
        lines = reader.plain_lines()
        target = reader._target_line
        assert target is not None and lines[target].strip().startswith("This deepening relationship")
        top = round(reader.scroll_y)
        assert top <= target < top + reader.size.height
        await pilot.press(SOURCE_KEY)  # the next quote: paragraph 4
        await settle(pilot)
        assert reader._target_line is not None
        assert lines[reader._target_line].strip().startswith("This treaty, signed during")
        await pilot.press("backspace")
        await settle(pilot)
        assert reader._target_line is None and reader.cursor_card == papers


async def test_a_bookmark_keeps_its_card_by_id(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, reader = await _open_seed_article(pilot)
        reader.go_to_card(_card(reader, CardKind.BODY))
        await settle(pilot)
        await pilot.press("b")
        (bookmark,) = app.state.bookmarks
        assert bookmark.card == "body" and app.state.last_card == "body"
        reader.go_to_card(0)
        screen.open_briefing(bookmark.briefing_id, bookmark.card)
        await settle(pilot)
        assert reader.cursor_card == _card(reader, CardKind.BODY)
