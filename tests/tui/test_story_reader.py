"""Stories in the reader (issue 21): a story is one row of the list, enter shows its story briefing with
What the papers say across its articles, enter on an article opens it whole, and `x` takes an article
out of the story, the list following. The library is ingested from the Reuters corpus, read in place:
the early-March 1987 OPEC dispatches (tests/data/story_groups.yaml g01-g03) among the first stories of
the first file, so the grouping has a background to weigh words against."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from briefings.library import Library
from briefings.reading import read_input
from briefings.story_library import read_stories
from search import SearchIndex, ingest
from tests.tui.conftest import settle
from tui.actions import BY_ID
from tui.app import BriefingApp
from tui.screens.main import MainScreen
from tui.screens.story import StoryScreen
from tui.widgets.briefing_list import BriefingList, CatalogRows
from tui.widgets.reader import Reader

OPEC = {"236", "353", "248", "352", "873", "952"}
BACKGROUND_UP_TO = 40
"""Stories 1-40 of the first file: unrelated news, and one pair of its own (4 and 16)."""
UNGROUP_KEY = BY_ID["story.ungroup"].keys[0]
_RECORD = re.compile(r"<REUTERS .*?</REUTERS>", re.DOTALL)
_NEWID = re.compile(r'NEWID="(\d+)"')


@pytest.fixture
def library_root(corpus_dir: Path, tmp_path: Path) -> Path:
    """The chosen records written as one SGML file in tmp and ingested as `briefing ingest` does."""
    text = read_input(corpus_dir / "reuters21578" / "reut2-000.sgm.gz").text
    records = [record for record in _RECORD.findall(text) if (newid := _NEWID.search(record))
               and (newid[1] in OPEC or int(newid[1]) <= BACKGROUND_UP_TO)]
    source = tmp_path / "opec.sgm"
    source.write_text("\n".join(records), encoding="utf-8")
    root = tmp_path / "library"
    with Library(root) as library:
        index = SearchIndex.open(None, library)
        try:
            assert all(outcome.briefing_id for outcome in ingest(library, index, [source]))
        finally:
            index.close()
    return root


async def _main(pilot: Pilot[None]) -> MainScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    screen.query_one(Input).cursor_blink = False
    return screen


def _titles(screen: MainScreen) -> list[str]:
    rows = screen.pane.listing.rows
    assert isinstance(rows, CatalogRows)
    return [entry.title for entry in rows.entries]


async def _open_story(pilot: Pilot[None], story_id: str) -> StoryScreen:
    """The story's row chosen with enter, as a user does."""
    screen = await _main(pilot)
    listing = screen.query_one(BriefingList)
    row = next(bid for bid, story in screen.folded.stories.items() if story.id == story_id)
    index = listing.rows.find(row)
    assert index is not None
    listing.cursor = index
    screen.set_focus(listing)
    await pilot.press("enter")
    await settle(pilot)
    story = pilot.app.screen
    assert isinstance(story, StoryScreen)
    return story


def _reader_text(screen: StoryScreen) -> str:
    return " ".join(" ".join(screen.query_one(Reader).plain_lines()).split())


async def test_each_story_is_one_row_with_its_counts(library_root: Path) -> None:
    with Library(library_root) as library:
        app = BriefingApp(library)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await _main(pilot)
            titles = _titles(screen)
            assert "[2] KUWAIT SAYS NO PLANS FOR EMERGENCY OPEC TALKS │ 2 articles · 1 outlet" in titles
            assert "[2] SAUDI ARABIA REITERATES COMMITMENT TO OPEC PACT │ 2 articles · 1 outlet" in titles
            # The same BankAmerica analysis sent twice the same day: a copy, counted once.
            copy = "[2] TALKING POINT/BANKAMERICA <BAC> EQUITY OFFER │ 1 article + 1 copy · 1 outlet"
            assert copy in titles
            # The Subroto dispatch sent again word for word the next day (g03): a copy, counted once.
            assert "[2] OPEC WITHIN OUTPUT CEILING, SUBROTO SAYS │ 1 article + 1 copy · 1 outlet" in titles
            # Their articles are not rows of their own: 46 briefings, four stories of two.
            assert len(titles) == 46 - 4 == len(screen.service.entries) - 4
            assert not any(title.startswith("KUWAIT MINISTER SAYS") for title in titles)


async def test_a_story_shows_what_the_papers_say_and_opens_each_article_whole(library_root: Path) -> None:
    with Library(library_root) as library:
        app = BriefingApp(library)
        async with app.run_test(size=(120, 40)) as pilot:
            story = await _open_story(pilot, "reuters-236")
            text = _reader_text(story)
            labels = ("WHAT HAPPENED", "WHAT THE PAPERS SAY", "BACKGROUND How we got here")
            cards = [text.index(label) for label in labels]
            assert cards == sorted(cards)
            assert "Reuters — KUWAIT SAYS NO PLANS FOR EMERGENCY OPEC TALKS, 1987-03-01" in text
            assert "Reuters — KUWAIT MINISTER SAYS NO EMERGENCY OPEC TALKS SET, 1987-03-02" in text
            articles = story.query_one(OptionList)
            prompts = [str(articles.get_option_at_index(i).prompt) for i in range(articles.option_count)]
            assert prompts[0].startswith("[1] KUWAIT SAYS NO PLANS") and "the first to arrive" in prompts[0]
            assert prompts[1].startswith("[2] KUWAIT MINISTER SAYS") and "same entities: " in prompts[1]
            assert {"reuters-236", "reuters-353"} <= app.state.read  # the story was read as one
            await pilot.press("down", "enter")
            await settle(pilot)
            main = pilot.app.screen
            assert isinstance(main, MainScreen)
            assert main.briefing is not None and main.briefing.id == "reuters-353"


async def test_the_ungroup_key_takes_an_article_out_and_the_list_follows(library_root: Path) -> None:
    with Library(library_root) as library:
        app = BriefingApp(library)
        async with app.run_test(size=(120, 40)) as pilot:
            await _open_story(pilot, "reuters-248")
            await pilot.press("down", UNGROUP_KEY)  # the 2 March dispatch
            await settle(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, MainScreen)  # one article left: no story any more
            titles = _titles(screen)
            assert "SAUDI ARABIA REITERATES COMMITMENT TO OPEC PACT" in titles
            assert "SAUDI ARABIA REITERATES COMMITMENT TO OPEC ACCORD" in titles
            assert not any("SAUDI" in title and "article" in title for title in titles)
            assert "[2] KUWAIT SAYS NO PLANS FOR EMERGENCY OPEC TALKS │ 2 articles · 1 outlet" in titles
            assert len(titles) == 46 - 3
    shelf = read_stories(library_root)
    assert shelf.story_of("reuters-248") is None and shelf.story_of("reuters-352") is None
    assert shelf.story_of("reuters-353") is not None


# -- snapshots --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_story_briefing(snap_compare, library_root: Path,  # type: ignore[no-untyped-def]
                                 size: tuple[int, int]) -> None:
    library = Library(library_root)
    app = BriefingApp(library)

    async def open_story(pilot: Pilot[None]) -> None:
        story = await _open_story(pilot, "reuters-236")
        story.set_focus(story.query_one(Reader))
        story.query_one(Reader).go_to_card(1)  # What the papers say
        await settle(pilot)

    try:
        assert snap_compare(app, terminal_size=size, run_before=open_story)
    finally:
        library.close()


def test_snapshot_list_after_ungrouping(snap_compare, library_root: Path) -> None:  # type: ignore[no-untyped-def]
    library = Library(library_root)
    app = BriefingApp(library)

    async def ungroup(pilot: Pilot[None]) -> None:
        await _open_story(pilot, "reuters-248")
        await pilot.press("down", UNGROUP_KEY)
        await settle(pilot)
        await _main(pilot)
        pilot.app.clear_notifications()  # "Took … out of the story" would time out at its own pace
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=ungroup)
    finally:
        library.close()


async def test_article_text_in_a_story_is_never_markup(library_root: Path) -> None:
    """A story the analyst made (`group_briefings`) of an article written to attack the screen: its title
    and text show as written, and its reason says who grouped it."""
    from briefings.story_library import group_briefings
    from tests.tui.conftest import MARKUP, hostile_briefing

    with Library(library_root) as library:
        library.save(hostile_briefing())
    group_briefings(library_root, ["reuters-4", "hostile-markup-briefing"])
    with Library(library_root) as library:
        app = BriefingApp(library)
        async with app.run_test(size=(120, 40)) as pilot:
            story = await _open_story(pilot, "reuters-4")
            articles = story.query_one(OptionList)
            prompts = [str(articles.get_option_at_index(i).prompt) for i in range(articles.option_count)]
            hostile = next(prompt for prompt in prompts if "Harbour cranes" in prompt)
            assert MARKUP in hostile and "grouped by the analyst" in hostile
            assert f"Dock workers stopped the cranes {MARKUP} on Monday." in _reader_text(story)


async def test_escape_goes_back_to_the_list_with_the_story_read(library_root: Path) -> None:
    with Library(library_root) as library:
        app = BriefingApp(library)
        async with app.run_test(size=(80, 24)) as pilot:
            await _open_story(pilot, "reuters-248")
            await pilot.press(BY_ID["story.close"].keys[0])
            await settle(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, MainScreen)
            saudi = "[2] SAUDI ARABIA REITERATES COMMITMENT TO OPEC PACT │ 2 articles · 1 outlet"
            assert saudi in _titles(screen)
            assert {"reuters-248", "reuters-352"} <= app.state.read
            assert read_stories(library_root).story_of("reuters-352") is not None  # nothing was ungrouped
