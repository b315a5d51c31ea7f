"""The analyst's lens in the reader: figures side by side, quality notes, likelihood words, timelines."""

from __future__ import annotations

import re
from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import OptionList

from briefings.model import CardKind, Estimate, Likelihood
from search import SearchResults
from tests.tui.conftest import SIZE, entry_index, facets_of, settle, type_in_palette
from tui.app import BriefingApp
from tui.lens import likelihood_words
from tui.screens.figures import FiguresScreen
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.widgets.entity_panel import EntityPanel
from tui.widgets.reader import Reader

MakeApp = Callable[[], BriefingApp]
SEED_PAGE = "North Korea has significantly"
SEED_ARTICLE = "U.S. expresses deep worry"


async def _open(pilot: Pilot[None], title_start: str, card: int = 0) -> MainScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    screen.open_briefing(screen.entries[entry_index(screen.reader_app, title_start)].id, card)
    await settle(pilot)
    return screen


def _main_results(app: BriefingApp) -> SearchResults:
    screen = app.screen
    assert isinstance(screen, MainScreen) and screen.results is not None
    return screen.results


async def _choose(pilot: Pilot[None], options: OptionList, index: int) -> None:
    options.highlighted = index
    await pilot.press("enter")
    await settle(pilot)


def _text(reader: Reader) -> str:
    """The reader's text with its wrapping undone, to find phrases that span lines."""
    return " ".join(" ".join(reader.plain_lines()).split())


async def test_figures_list_the_troop_numbers_as_disagreeing_and_go_to_a_card(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, SEED_PAGE)
        await pilot.press("F")
        await settle(pilot)
        figures = app.screen
        assert isinstance(figures, FiguresScreen)
        groups = figures.groups
        assert groups[0].group == "troops" and groups[0].disagrees
        options = figures.query_one(OptionList)
        heading = str(options.get_option_at_index(0).prompt)
        assert "troops" in heading and "DISAGREE" in heading
        troops = [row for row in figures.rows if row.about.endswith(("troops", "forces", "personnel"))]
        shown = {(row.figure, row.who) for row in troops}
        assert ("over 10,000", "the briefing") in shown
        assert ("approximately 15,000", "Al Jazeera") in shown
        assert any(figure == "6,000" and who.startswith("Q&A: ") for figure, who in shown)
        assert any(figure == "30,000 (denied)" and "Business Insider" in who for figure, who in shown)
        assert any(row.conflicting for row in troops)
        shells = next(found for found in groups if found.group == "shells")
        assert not shells.disagrees

        al_jazeera = next(row for row in figures.rows if row.who == "Al Jazeera")
        await _choose(pilot, options, options.get_option_index(str(figures.rows.index(al_jazeera))))
        assert isinstance(app.screen, MainScreen)
        reader = app.screen.query_one(Reader)
        assert reader.cursor_card == al_jazeera.card == 6
        assert app.focused is reader


async def test_figures_widen_to_briefings_naming_the_same_entities(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, SEED_PAGE)
        seed_page = screen.briefing
        assert seed_page is not None
        await pilot.press("F")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        figures = app.screen
        assert isinstance(figures, FiguresScreen) and figures.wide
        troops = next(found for found in figures.groups if found.group == "troops")
        elsewhere = [figure for figure in troops.figures if figure.briefing_id != seed_page.id]
        assert [figure.claim.value for figure in elsewhere] == [6000]
        row = next(row for row in figures.rows if row.briefing_id != seed_page.id)
        assert row.where.startswith(SEED_ARTICLE)
        options = figures.query_one(OptionList)
        await _choose(pilot, options, options.get_option_index(str(figures.rows.index(row))))
        opened = app.screen.query_one(Reader).briefing
        assert opened is not None and opened.title.startswith(SEED_ARTICLE)


async def test_figures_from_the_command_palette(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, SEED_PAGE)
        await type_in_palette(pilot, app, "figures side by side")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FiguresScreen)


async def _all_notes(pilot: Pilot[None]) -> Reader:
    """Presses L in the reader: the notes of kinds held back as not yet precise show too."""
    reader = pilot.app.screen.query_one(Reader)
    reader.focus()
    await pilot.press("L")
    await settle(pilot)
    return reader


async def test_notes_not_yet_precise_are_held_back_until_l_shows_them(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, SEED_ARTICLE)
        text = _text(app.screen.query_one(Reader))
        assert "3 quality notes held back as not yet precise" in text and "(L shows them)" in text
        assert "Quality note:" not in text and "the headline names United States" not in text
        text = _text(await _all_notes(pilot))
        kinds = "1 headline not in the text · 1 late citation · 1 category slug in prose"
        assert f"⚑ 3 quality notes: {kinds}" in text
        assert "the headline names United States" in text and "L shows them" not in text
        # the full text comes folded, its notes still under its label
        body = text.index("ARTICLE")
        late = text.index("Quality note: [1] is dated 2025-06-25")
        assert body < late < text.index("The article as it came")
        takeaways = text.index("KEY TAKEAWAYS")
        slug = text.index('Quality note: category slug "war-and-conflicts"')
        assert takeaways < slug < text.index("The strengthening military alliance")
        text = _text(await _all_notes(pilot))  # L again holds them back
        assert "Quality note:" not in text


async def test_many_notes_leave_the_first_card_on_screen_and_the_rest_at_the_end(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, SEED_PAGE)
        reader = await _all_notes(pilot)
        lines = reader.plain_lines()
        assert any("WHAT HAPPENED" in line for line in lines[: reader.size.height])
        text = _text(reader)
        assert re.search(r"⚑ \d\d quality notes: ", text) and "figures disagree" in text
        assert "more under QUALITY NOTES at the end" in text
        ending = text[text.rindex("QUALITY NOTES") :]
        assert "Vladimir Putin is described but never mentioned" in ending
        assert "cut off mid-sentence" not in text  # the card says "… [cut off]" itself


async def test_forecast_cards_name_their_likelihood_words(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, SEED_PAGE)
        text = _text(await _all_notes(pilot))
        forecast = text.index("FORECAST")
        likelihood = text.index("Likelihood: likely (55–80%), possibly (a hedge off the ICD 203 scale)")
        unhedged = text.index('Quality note: states "will intensify" with no likelihood word')
        assert forecast < likelihood < unhedged < text.index("IMPACT")


def test_likelihood_words_name_the_scale_step_of_a_synonym() -> None:
    words = likelihood_words([Estimate("highly likely", 0, Likelihood.VERY_LIKELY)])
    assert words == "highly likely (very likely, 80–95%)"
    assert likelihood_words([]) == "none (no word of the ICD 203 scale)"


async def test_entity_timeline_across_the_library_opens_a_briefing_at_the_card(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, SEED_PAGE)
        seed_page = screen.briefing
        assert seed_page is not None
        screen.go_to_entity("Kim Jong-un")
        await settle(pilot)
        panel = screen.query_one(EntityPanel)
        timeline = panel.query_one("#timeline", OptionList)
        assert app.focused is timeline
        prompts = [str(timeline.get_option_at_index(i).prompt) for i in range(timeline.option_count)]
        september = next(i for i, prompt in enumerate(prompts) if prompt.startswith("2023-09"))
        june = next(i for i, prompt in enumerate(prompts) if prompt.startswith("2024-06"))
        assert september < june
        assert "Vostochny" in prompts[september] and SEED_ARTICLE in prompts[september]
        assert "this briefing" in prompts[june] and "treaty" in prompts[june]

        await _choose(pilot, timeline, june)
        reader = screen.query_one(Reader)
        assert reader.briefing is not None and reader.briefing.id == seed_page.id
        assert reader.cursor_card == 7

        screen.go_to_entity("Kim Jong-un")
        await settle(pilot)
        await _choose(pilot, timeline, september)
        assert reader.briefing is not None and reader.briefing.title.startswith(SEED_ARTICLE)
        # the seed article is split: the 2023 meeting is told in its How we got here card, counted there once
        assert reader.briefing.cards[reader.cursor_card].kind is CardKind.BACKGROUND


async def test_help_lists_the_figures_keys(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = {description for _title, rows in app.screen.sections() for _keys, description in rows}
        assert "Figures side by side, disagreeing ones first" in listed
        assert "Also list figures on the same subjects from briefings naming the same entities" in listed


async def test_the_facet_filter_offers_quality_notes_in_words(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        options = await facets_of(pilot, app, "troops")
        wanted = options.get_option_index("quality\x00discrepancy")
        assert "figures disagree" in str(options.get_option_at_index(wanted).prompt)
        await _choose(pilot, options, wanted)
        results = _main_results(app)
        assert results.hits and all(hit.briefing_title.startswith(SEED_PAGE) for hit in results.hits)
