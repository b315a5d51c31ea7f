"""A real library and search index in a temporary folder, and helpers to drive the app on it."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import OptionList

from briefings.ingest import sample_paths
from briefings.library import Library
from briefings.model import QA, Briefing, Card, CardKind, Entity, EntityKind, Reference
from search import SearchIndex, ingest
from tui.app import BriefingApp

SIZE = (120, 32)
HOSTILE_ID = "hostile-markup-briefing"
MARKUP = "[bold red]x[/]"
OSC52 = "\x1b]52;c;aGVsbG8=\x07"
"""An OSC 52 clipboard write: a terminal that received it would put "hello" on the clipboard."""


def hostile_briefing() -> Briefing:
    """Text written to attack the screen: Rich markup, Textual markup, ANSI colours, OSC 52."""
    return Briefing(
        id=HOSTILE_ID,
        title=f"Harbour cranes idle {MARKUP} after a wage dispute",
        date=dt.date(2025, 3, 4),
        topics=("labour",),
        cards=(
            Card(
                CardKind.SUMMARY,
                "What happened",
                f"Dock workers stopped the cranes {MARKUP} on Monday. {OSC52} The union said "
                "\x1b[31mnothing\x1b[0m more [1].",
                citations=(1,),
            ),
            Card(
                CardKind.QA,
                "Common questions",
                "",
                qa=(
                    QA("Will the ships wait?", "Most will wait a day or two."),
                    QA("What is the best pizza topping?", "A matter of taste.", related=False),
                ),
            ),
        ),
        references=(
            Reference(
                1,
                author="Harbour Desk",
                title="Cranes stop [link=https://x.test]here[/link]",
                date=dt.date(2025, 3, 4),
            ),
        ),
        entities=(
            Entity(
                "Harbour Union",
                kind=EntityKind.ORGANISATION,
                description=f"A union of dock workers {MARKUP}{OSC52}",
                mentioned=True,
            ),
        ),
    )


def build_library(root: Path, seeds_dir: Path | None) -> None:
    """Samples, the two seeds when present, and the hostile briefing, all indexed."""
    paths = list(sample_paths())
    if seeds_dir is not None:
        paths += [seeds_dir / "003_5360d7e2acb77506.txt", seeds_dir / "000_8fa4dafbef7b3d9f.txt"]
    with Library(root) as library:
        index = SearchIndex.open(None, library)
        try:
            outcomes = list(ingest(library, index, paths))
            assert all(outcome.briefing_id for outcome in outcomes), outcomes
            hostile = hostile_briefing()
            library.save(hostile)
            index.update([hostile])
        finally:
            index.close()


@pytest.fixture
def library_path(tmp_path: Path, seeds_dir: Path) -> Path:
    root = tmp_path / "library"
    build_library(root, seeds_dir)
    return root


@pytest.fixture
def make_app(library_path: Path) -> Iterator[Callable[[], BriefingApp]]:
    """`make_app()` gives a new app on the same library (a restart); libraries are closed afterwards."""
    opened: list[Library] = []

    def make() -> BriefingApp:
        library = Library(library_path)
        opened.append(library)
        return BriefingApp(library)

    yield make
    for library in opened:
        library.close()


@asynccontextmanager
async def searched(root: Path, briefing: Briefing,
                   query: str) -> AsyncIterator[tuple[BriefingApp, Pilot[None]]]:
    """The reader on a library holding only `briefing`, after `query` was typed and Enter pressed."""
    with Library(root / "library") as library:
        library.save(briefing)
        SearchIndex.open(None, library).close()
        app = BriefingApp(library)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("slash", *query, "enter")
            await settle(pilot)
            yield app, pilot


async def settle(pilot: Pilot[None]) -> None:
    """Wait for workers (index, search, loading) and for the messages their results post, and for the
    full search that follows a pause in typing."""
    from tui.widgets.search_pane import SETTLE_SECONDS, SearchPane

    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    panes = pilot.app.screen.query(SearchPane)
    if any(pane.settling for pane in panes):
        await pilot.pause(SETTLE_SECONDS + 0.05)
        for _ in range(3):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()


def entry_index(app: BriefingApp, title_start: str) -> int:
    from tui.screens.main import MainScreen

    screen = app.screen
    assert isinstance(screen, MainScreen)
    return next(i for i, entry in enumerate(screen.entries) if entry.title.startswith(title_start))


async def type_in_palette(pilot: Pilot[None], app: BriefingApp, text: str) -> None:
    """Opens the command palette and types `text`, leaving its matches time to come."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*text)
    await pilot.pause(0.5)


async def facets_of(pilot: Pilot[None], app: BriefingApp, query: str) -> OptionList:
    """Searches `query` with enter, opens the facet dialog and gives its list."""
    from tui.screens.facets import FacetScreen

    await pilot.press("slash", *query, "enter")
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)
    assert isinstance(app.screen, FacetScreen)
    return app.screen.query_one(OptionList)
