"""Jumps land on the sentence: a figure, a search hit or an outlet opens at the paragraph holding it,
marked and in view, not at the top of its card; a passage the card does not show lands on its top."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList

from briefings.library import Library
from briefings.model import Briefing, Card, CardKind, Reference
from tests.tui.conftest import SIZE, entry_index, searched, settle
from tests.tui.test_outlet_hits import BLOOMBERG, COFFEE, PAPERS
from tui.app import BriefingApp
from tui.screens.figures import FiguresScreen
from tui.screens.main import MainScreen
from tui.search_marks import Passage, best_paragraph, hit_passage
from tui.widgets.briefing_list import Target
from tui.widgets.reader import Reader

MakeApp = Callable[[], BriefingApp]
SEED_PAGE = "North Korea has significantly"
DENIED = "30,000 (denied)"
FILLER = ("The desk weighs the harvest, the shipping queues, the currency and the weather in turn, and finds "
          "each of them pulling the same way for the third week running, which few traders expected.")
DEEP = ("Growers in Minas Gerais now expect **a quinoa-sized** crop of 41 million bags, the lowest in "
        "years [1].")
FROST_REPORT = "Frost report: the second cold snap in a month reaches the southern growing regions"
LONG = Briefing(
    id="long-background-test",
    title="Coffee growers brace for a second frost",
    date=dt.date(2025, 8, 1),
    cards=(
        Card(CardKind.SUMMARY, "What happened", "Frost hit the coffee belt again."),
        Card(CardKind.BACKGROUND, "Background", "\n\n".join([FILLER] * 8 + [DEEP]), citations=(1,)),
    ),
    references=(Reference(1, author="Coffee Desk", title=FROST_REPORT),),
)
BACKGROUND = 1


def marked(reader: Reader) -> list[str]:
    """The lines the reader marks (the paragraph a jump landed on)."""
    start = reader._target_line
    assert start is not None, "nothing is marked"
    return reader.plain_lines()[start : start + reader._target_span]


def in_view(reader: Reader, line: int) -> bool:
    top = round(reader.scroll_y)
    return top <= line < top + reader.scrollable_content_region.height


async def choose_figure(pilot: Pilot[None], figure: str) -> FiguresScreen:
    """From the reader, with the keyboard only: F, down to the figure's row, enter."""
    await pilot.press("F")
    await settle(pilot)
    figures = pilot.app.screen
    assert isinstance(figures, FiguresScreen)
    wanted = str(next(index for index, row in enumerate(figures.rows) if row.figure == figure))
    options = figures.query_one(OptionList)
    for _ in range(options.option_count):
        if options.highlighted_option is not None and options.highlighted_option.id == wanted:
            break
        await pilot.press("down")
    await pilot.press("enter")
    await settle(pilot)
    return figures


async def open_seed_page(pilot: Pilot[None], app: BriefingApp) -> MainScreen:
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, MainScreen)
    screen.open_briefing(screen.entries[entry_index(app, SEED_PAGE)].id, 0)
    await settle(pilot)
    return screen


async def test_enter_on_a_figure_lands_on_the_paragraph_stating_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed_page(pilot, app)
        figures = await choose_figure(pilot, DENIED)
        row = next(row for row in figures.rows if row.figure == DENIED)
        reader = screen.query_one(Reader)
        assert app.screen is screen and app.focused is reader and reader.cursor_card == row.card
        paragraph = " ".join(marked(reader))
        assert "30,000" in paragraph and "Business Insider" in paragraph
        assert reader._target_line is not None and in_view(reader, reader._target_line)
        assert reader._card_starts[reader.cursor_card] - 1 < round(reader.scroll_y)  # not the card's top
        await pilot.press("backspace")  # back to the card, as from a reference
        await settle(pilot)
        assert reader._target_line is None and reader.cursor_card == row.card


async def test_a_hit_deep_in_a_card_lands_on_its_paragraph(tmp_path: Path) -> None:
    async with searched(tmp_path, LONG, "minas gerais") as (app, pilot):
        reader = app.screen.query_one(Reader)
        assert reader.briefing is not None and reader.cursor_card == BACKGROUND
        paragraph = " ".join(marked(reader))
        assert "Minas Gerais" in paragraph and "41 million bags" in paragraph  # the whole paragraph
        assert reader._target_line is not None and in_view(reader, reader._target_line)
        card_start = reader._card_starts[BACKGROUND]
        assert card_start < round(reader.scroll_y)  # the card's top alone would not have shown it
        await pilot.resize_terminal(90, 28)  # wrapped again: the same paragraph, found again
        await settle(pilot)
        paragraph = " ".join(marked(reader))
        assert "Minas Gerais" in paragraph and "41 million bags" in paragraph
        assert reader._target_line is not None and in_view(reader, reader._target_line)


async def test_a_hit_in_an_outlets_paragraph_marks_that_outlets_words(tmp_path: Path) -> None:
    async with searched(tmp_path, COFFEE, "outlet:bloomberg hedge funds") as (app, _pilot):
        reader = app.screen.query_one(Reader)
        assert reader.cursor_card == PAPERS and " ".join(" ".join(marked(reader)).split()) == BLOOMBERG


async def test_a_passage_the_card_does_not_show_lands_on_its_top(tmp_path: Path) -> None:
    with Library(tmp_path / "library") as library:
        library.save(LONG)
        app = BriefingApp(library)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MainScreen)
            screen.open_briefing(LONG.id, BACKGROUND, paragraph=Passage(("no card says this",)))
            await settle(pilot)
            reader = screen.query_one(Reader)
            assert reader.cursor_card == BACKGROUND and reader._target_line is None
            assert round(reader.scroll_y) == reader._card_starts[BACKGROUND] - 1
            screen.go_to(Target(LONG.id, 0), Passage(("quinoa sized crop",)))
            await settle(pilot)
            assert reader.cursor_card == 0 and reader._target_line is None  # the summary does not say it


async def test_a_reference_is_marked_whole(tmp_path: Path) -> None:
    with Library(tmp_path / "library") as library:
        library.save(LONG)
        app = BriefingApp(library)
        async with app.run_test(size=(60, 20)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MainScreen)
            screen.open_briefing(LONG.id, BACKGROUND)
            await settle(pilot)
            await pilot.press("r")
            await settle(pilot)
            reader = screen.query_one(Reader)
            reference = marked(reader)
            assert len(reference) > 1  # it wraps at 60 columns: every line of it is marked
            assert "Coffee Desk" in reference[0] and "southern growing regions" in " ".join(reference)


def test_the_paragraph_holding_most_of_the_passage_wins_whatever_its_markup() -> None:
    paragraphs = ["41 million bags of coffee", "Growers expect a quinoa-sized crop of 41 million bags [1]"]
    assert best_paragraph(paragraphs, ("**quinoa-sized** crop", "41 million")) == 1
    assert best_paragraph(paragraphs, ("41 million",)) == 0  # the first of equals
    assert best_paragraph(paragraphs, ("lowest in decades",)) is None
    assert best_paragraph(paragraphs, ()) is None


def test_a_hits_passage_is_its_first_match_with_the_words_around_it_on_its_line() -> None:
    fragment = (("…rowers say.\nGrowers in ", False), ("Minas", True), (" ", False), ("Gerais", True),
                (" now expect a crop\nof more", False))
    passage = hit_passage(fragment, outlet=2)
    assert passage == Passage(("growers in minas gerais now expect", "Minas"), 2)
    assert hit_passage((("no match here", False),)) == Passage(())
