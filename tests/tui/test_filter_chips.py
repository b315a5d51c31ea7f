"""Filters you can see: the query and every filter as chips above the results, removable from the keyboard;
a new query starts without the filters chosen for another unless they are pinned; names keep their case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from briefings.library import Library
from briefings.model import Briefing, Card, CardKind, Entity, EntityKind, OutletSummary, Reference
from search import SearchIndex
from tests.tui.conftest import settle
from tui.app import BriefingApp
from tui.screens.facets import FacetScreen
from tui.screens.main import MainScreen
from tui.widgets.briefing_list import HitRows
from tui.widgets.filter_chips import (
    Filter,
    FilterChips,
    chip_lines,
    continues,
    kept_filters,
    name_values,
    spellings,
    toggle_pins,
)
from tui.widgets.search_pane import SearchPane

MakeApp = Callable[[], BriefingApp]
HERALD = "outlet\x00the korean herald"
KIM = "entity\x00kim jong-un"
CONSOLE = Console(width=200)
HINTS = ["^r removes the last ·", "^l clears all ·", "^t pins"]


def _pane(app: BriefingApp) -> SearchPane:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen.pane


def _chips(app: BriefingApp) -> list[str]:
    return _pane(app).query_one(FilterChips).chip_texts()


async def _from_the_reader(pilot: Pilot[None]) -> None:
    """The newest briefing open in the reader, the cursor in it."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert pilot.app.focused is not None and pilot.app.focused.id == "reader"


async def _search(pilot: Pilot[None], query: str) -> None:
    await pilot.press("slash", *query, "enter")
    await settle(pilot)


async def _filter_by(pilot: Pilot[None], option_id: str) -> str:
    """`f`, then down until the option is highlighted, then enter: the keyboard only. The option's text."""
    await pilot.press("f")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, FacetScreen)
    options = screen.query_one(OptionList)
    for _ in range(options.option_count):
        highlighted = options.highlighted
        if highlighted is not None and options.get_option_at_index(highlighted).id == option_id:
            break
        await pilot.press("down")
    highlighted = options.highlighted
    assert highlighted is not None
    chosen = options.get_option_at_index(highlighted)
    assert chosen.id == option_id
    await pilot.press("enter")
    await settle(pilot)
    return str(chosen.prompt)


# The rules, without the app ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kept"),
    [("korea", True), ("korea north", True), ("kor", True), ("", True), ("  KOREA  ", True),
     ("opec", False), ("koreas", True), ("kore a", False), ("north korea", False)],
)
def test_a_filter_stays_while_the_query_continues_the_one_it_was_chosen_for(text: str, kept: bool) -> None:
    assert continues(text, "korea") is kept


def test_a_new_query_keeps_only_pinned_filters_and_those_of_the_query_it_continues() -> None:
    outlet = Filter("outlet", "bloomberg", "oil")
    kind = Filter("kind", "forecast", "oil prices")
    topic = Filter("topic", "energy", "gas", pinned=True)
    filters = [outlet, kind, topic]
    assert kept_filters(filters, "oil prices fall") == filters
    assert kept_filters(filters, "oil rigs") == [outlet, topic]
    assert kept_filters(filters, "opec") == [topic]


def test_pinning_pins_them_all_and_again_unpins_them() -> None:
    filters = [Filter("outlet", "bloomberg", "oil", pinned=True), Filter("kind", "forecast", "oil")]
    pinned = toggle_pins(filters)
    assert [chosen.pinned for chosen in pinned] == [True, True]
    assert [chosen.pinned for chosen in toggle_pins(pinned)] == [False, False]


@settings(max_examples=200, derandomize=True)
@given(
    st.lists(st.text(st.characters(categories=["L", "N", "P", "Zs"]), min_size=1, max_size=60), max_size=8),
    st.integers(min_value=2, max_value=90),
)
def test_chips_wrap_to_the_width_and_lose_nothing(chips: list[str], width: int) -> None:
    lines = chip_lines([Text(chip) for chip in chips], width, CONSOLE)
    assert all(line.cell_len <= width for line in lines)
    shown = "".join(line.plain for line in lines)
    assert "".join("".join(chips).split()) == "".join(shown.split())
    for chip in chips:  # a chip that fits a line is never broken over two
        if Text(chip).cell_len <= width:
            assert any(chip in line.plain for line in lines), (chip, [line.plain for line in lines])


def _coffee(outlet: str = "The Korean Herald") -> Briefing:
    return Briefing(
        id="coffee",
        title="Coffee climbs",
        date=dt.date(2025, 8, 1),
        topics=("Commodities",),
        cards=(Card(CardKind.PAPERS, "What the papers say", f"{outlet} says prices rose.",
                    outlets=(OutletSummary((outlet,), f"{outlet} says prices rose."),)),),
        references=(Reference(1, title="Beans", outlet="Reuters: World News"),),
        entities=(Entity("Kim Jong-un", kind=EntityKind.PERSON, aliases=("Kim Jong Un",)),),
    )


def test_a_briefing_gives_the_spelling_of_each_value_it_indexes() -> None:
    found = spellings(_coffee("Le  Soir, Bruxelles"))
    assert found[("outlet", "le soir bruxelles")] == "Le Soir Bruxelles"
    assert found[("outlet", "reuters: world news")] == "Reuters: World News"
    assert found[("entity", "kim jong-un")] == "Kim Jong-un"
    assert found[("entity", "kim jong un")] == "Kim Jong Un"
    assert found[("topic", "commodities")] == "Commodities"


def test_names_come_from_the_bundled_outlets_then_the_briefings_and_a_damaged_one_is_skipped(
    tmp_path: Path,
) -> None:
    with Library(tmp_path / "library") as library:
        library.save(replace(_coffee(), id="damaged"))
        library.save(_coffee())
        next((tmp_path / "library").rglob("damaged.yaml")).write_bytes(b"\x00\x01 not a briefing")
        read: list[str] = []

        def counted(briefing_id: str) -> Briefing:
            read.append(briefing_id)
            return library.get(briefing_id)

        wanted = [("outlet", "bloomberg news"), ("topic", "commodities"), ("entity", "nobody"),
                  ("kind", "forecast")]
        names = name_values(wanted, ["damaged", "gone", "coffee", "coffee"], counted)
        assert names == {("outlet", "bloomberg news"): "Bloomberg News",
                         ("topic", "commodities"): "Commodities"}
        assert read == ["damaged", "gone", "coffee"]  # each once; none names "nobody", none is a kind
        assert name_values([("outlet", "the korean herald")], ["coffee"], counted) == {
            ("outlet", "the korean herald"): "The Korean Herald"
        }
        assert read == ["damaged", "gone", "coffee"]  # the bundled list named it: nothing more read


# In the app -----------------------------------------------------------------------------------


async def test_from_the_reader_search_filter_by_an_outlet_then_a_new_query_has_no_stale_filter(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _from_the_reader(pilot)
        await _search(pilot, "korea")
        unfiltered = _pane(app).results
        assert unfiltered is not None
        assert (await _filter_by(pilot, HERALD)).strip().startswith("The Korean Herald")
        pane = _pane(app)
        assert pane.filters == {"outlet": "the korean herald"}
        assert _chips(app)[:2] == ['query: "korea"', " outlet: The Korean Herald × "]
        assert pane.results is not None and 0 < pane.results.total < unfiltered.total
        status = str(pane.query_one("#status").render())
        assert "filter" not in status and "hits in" in status
        await pilot.press("slash", *"troops")
        await settle(pilot)
        assert pane.filters == {} and _chips(app) == ['query: "troops"']
        assert pane.results is not None and pane.results.query == "troops" and pane.results.total > 1


async def test_typing_on_from_the_query_keeps_its_filter(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _from_the_reader(pilot)
        await _search(pilot, "korea")
        await _filter_by(pilot, HERALD)
        await pilot.press("slash", "end", *" north")
        await settle(pilot)
        pane = _pane(app)
        assert pane.box.value == "korea north" and pane.filters == {"outlet": "the korean herald"}
        await pilot.press(*" zqxv")
        await settle(pilot)
        rows = pane.listing.rows
        assert isinstance(rows, HitRows)
        notes = [row.note for row in rows.rows if row.note]
        assert notes == ["No hits for “korea north zqxv” with the filters above."]


async def test_a_filter_the_picker_did_not_name_is_named_by_its_own_search(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pane = _pane(app)
        pane.chosen = [Filter("outlet", "reuters: world news", "")]
        pane.start_search(as_you_type=False)
        await settle(pilot)
        assert pane.results is not None and pane.results.total > 0
        assert _chips(app) == [" outlet: Reuters: World News × ", *HINTS]


async def test_pinned_filters_outlive_a_new_query(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _from_the_reader(pilot)
        await _search(pilot, "korea")
        await _filter_by(pilot, HERALD)
        await pilot.press("slash", "ctrl+t")
        assert _chips(app)[1] == " outlet: The Korean Herald · pinned × "
        await pilot.press(*"troops")
        await settle(pilot)
        pane = _pane(app)
        assert pane.filters == {"outlet": "the korean herald"}
        assert pane.results is not None and pane.results.query == "troops"
        await pilot.press("ctrl+t")  # unpinned: the next new query drops it
        await pilot.press("ctrl+a", *"shells")
        await settle(pilot)
        assert pane.filters == {}


async def test_keys_remove_the_last_filter_or_all_and_escape_clears_the_query_only(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _from_the_reader(pilot)
        await _search(pilot, "korea")
        await _filter_by(pilot, HERALD)
        await _filter_by(pilot, KIM)
        pane = _pane(app)
        assert list(pane.filters) == ["outlet", "entity"]
        await pilot.press("slash", "escape")
        await settle(pilot)
        assert pane.box.value == "" and list(pane.filters) == ["outlet", "entity"]
        assert _chips(app)[:2] == [" outlet: The Korean Herald × ", " entity: Kim Jong-un × "]
        await pilot.press("ctrl+r")  # from the list: the newest filter goes
        await settle(pilot)
        assert pane.filters == {"outlet": "the korean herald"}
        await _search(pilot, "korea")
        await _filter_by(pilot, KIM)
        await pilot.press("slash", "ctrl+l")
        await settle(pilot)
        assert pane.filters == {} and pane.box.value == "korea" and _chips(app) == ['query: "korea"']
        await pilot.press("escape")
        await settle(pilot)
        assert not pane.query_one(FilterChips).display and pane.results is None


async def test_the_remove_key_without_filters_says_so(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert [note.message for note in app._notifications] == [
            "No filters: f lists the facets of the current search."
        ]


# Hostile and long values ------------------------------------------------------------------------

MARKUP_OUTLET = "[bold]Evil[/bold] Times"
LONG_OUTLET = "The Extraordinarily Long Named Regional Gazette of the Northern Provinces and Their Islands"
LONG_ENTITY = "Consolidated Amalgamated Harbour Workers and Crane Operators Union of the Eastern Seaboard"


def _library(root: Path, outlets: tuple[str, ...], entity: str) -> Library:
    briefing = Briefing(
        id="harvest",
        title="Harvest delayed by rain",
        date=dt.date(2025, 9, 1),
        topics=("[red]Agriculture[/]",),
        cards=(
            Card(CardKind.SUMMARY, "What happened", "Rain delayed the wheat harvest."),
            Card(CardKind.PAPERS, "What the papers say",
                 "\n\n".join(f"{outlet} says the wheat harvest slipped." for outlet in outlets),
                 outlets=tuple(OutletSummary((outlet,), f"{outlet} says the wheat harvest slipped.")
                               for outlet in outlets)),
        ),
        entities=(Entity(entity, kind=EntityKind.ORGANISATION, mentioned=True),),
    )
    library = Library(root)
    library.save(briefing)
    SearchIndex.open(None, library).close()
    return library


async def test_a_value_holding_markup_shows_as_written(tmp_path: Path) -> None:
    with _library(tmp_path / "library", (MARKUP_OUTLET,), "Harbour Union") as library:
        app = BriefingApp(library)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await _search(pilot, "wheat")
            await _filter_by(pilot, "outlet\x00[bold]evil[/bold] times")
            await _filter_by(pilot, "topic\x00[red]agriculture[/]")
            assert _chips(app)[1:3] == [f" outlet: {MARKUP_OUTLET} × ", " topic: [red]Agriculture[/] × "]
            await pilot.press("slash")
            rendered = _pane(app).query_one(FilterChips).render().plain.replace("\n", "")  # wrapped
            assert MARKUP_OUTLET in rendered and "[red]Agriculture[/]" in rendered


async def test_long_filters_wrap_within_80_columns_and_are_never_cut(tmp_path: Path) -> None:
    with _library(tmp_path / "library", (LONG_OUTLET, "Reuters"), LONG_ENTITY) as library:
        app = BriefingApp(library)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await _search(pilot, "wheat harvest slipped")
            await _filter_by(pilot, f"outlet\x00{LONG_OUTLET.lower()}")
            await _filter_by(pilot, f"entity\x00{LONG_ENTITY.lower()}")
            await _filter_by(pilot, "kind\x00papers")
            await pilot.press("slash")
            await pilot.pause()
            chips = _pane(app).query_one(FilterChips)
            lines = chips.render().plain.split("\n")
            assert chips.region.height == len(lines) > 2 and chips.region.right <= 80
            assert all(len(line) <= chips.size.width for line in lines)
            shown = " ".join(" ".join(lines).split())
            for whole in (f"outlet: {LONG_OUTLET} ×", f"entity: {LONG_ENTITY} ×",
                          "kind: What the papers say ×", 'query: "wheat harvest slipped"'):
                assert whole in shown


# Snapshots ------------------------------------------------------------------------------------


@pytest.mark.parametrize("stage", ["filtered", "new-query"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_chips_snapshot(snap_compare, make_app: MakeApp, size: tuple[int, int], stage: str) -> None:  # type: ignore[no-untyped-def]
    """The list with its chips: filtered by an outlet and an entity, then after a new query."""
    app = make_app()

    async def filter_then_type(pilot: Pilot[None]) -> None:
        await _from_the_reader(pilot)
        await _search(pilot, "korea")
        await _filter_by(pilot, HERALD)
        await _filter_by(pilot, KIM)
        await pilot.press("slash")
        if stage == "new-query":
            await pilot.press(*"troops")
        await settle(pilot)
        app.screen.query_one(Input).cursor_blink = False

    assert snap_compare(app, terminal_size=size, run_before=filter_then_type)
