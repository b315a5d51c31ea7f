"""Search results by story in the reader (issue 21, item 5): a key switches the results between a row per
article and a row per story (its best card's fragment, its matching articles, its outlets); enter on a
story's row opens the story; the outlet facet counts a story once; the status line says which holds;
and when another process changes the stories the list follows. The library is our own words: three
ferry-strike articles the analyst grouped into one story, and an unrelated one that mentions ferries
(tests/unit/test_search_by_story.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from briefings.library import Library
from briefings.story_library import read_stories, ungroup_briefing
from tests.tui.conftest import settle
from tests.unit.test_search_by_story import (
    FERRY_STORY,
    LONE,
    STORY_SIZE,
    TOWNS,
    ferry_library,
    harbour_library,
)
from tui.actions import BY_ID
from tui.app import BriefingApp
from tui.screens.facets import FacetScreen
from tui.screens.main import MainScreen
from tui.screens.story import StoryScreen
from tui.widgets import search_pane
from tui.widgets.briefing_list import CatalogRows, HitRows

BY_STORY_KEY = BY_ID["main.by_story"].keys[0]
STORY_TITLE = "Valmore ferries halted by strike"


@pytest.fixture
def library(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    return ferry_library(tmp_path)


async def _searched(pilot: Pilot[None], query: str = "ferry") -> MainScreen:
    """`query` typed (not entered: enter would open the top row) and its full search shown."""
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    screen.query_one(Input).cursor_blink = False
    await pilot.press("slash", *query)
    await settle(pilot)
    return screen


def _titles(screen: MainScreen) -> list[str]:
    rows = screen.pane.listing.rows
    assert isinstance(rows, HitRows)
    return [row.title for row in rows.rows if row.title]


def _status(screen: MainScreen) -> str:
    return str(screen.query_one("#status").render())


async def _by_story(pilot: Pilot[None], screen: MainScreen) -> None:
    screen.set_focus(screen.pane.listing)
    await pilot.press(BY_STORY_KEY)
    await settle(pilot)


async def test_the_key_shows_one_row_per_story_and_back(library: tuple[Path, dict[str, str]]) -> None:
    root, ids = library
    with Library(root) as opened:
        app = BriefingApp(opened)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await _searched(pilot)
            by_article = _titles(screen)
            assert len(by_article) == 4  # every article a heading of its own
            assert "by story" not in _status(screen)
            await _by_story(pilot, screen)
            titles = _titles(screen)
            assert titles[0] == STORY_TITLE  # the story stands where its best hit stood: first
            assert titles[1:] == ["Brandt wheat harvest seen at record"]  # a lone briefing stays a row
            rows = screen.pane.listing.rows
            assert isinstance(rows, HitRows)
            # its outlets as its matching articles name them, the best hit's first
            assert [row.detail for row in rows.rows if row.title] == ["Bloomberg, Reuters", "1 hit"]
            story_hits = [row for row in rows.rows if row.fragment and row.target is not None
                          and row.target.briefing_id in {ids[name] for name in FERRY_STORY}]
            assert len(story_hits) == 1  # its best card only, with the fragment that matched
            assert story_hits[0].heading == "3 matching articles · What the papers say"
            assert any(matched for _text, matched in story_hits[0].fragment)
            status = _status(screen)
            assert "in 2 stories · 4 briefings" in status and status.endswith("by story")
            await pilot.press(BY_STORY_KEY)
            await settle(pilot)
            assert _titles(screen) == by_article and "by story" not in _status(screen)


async def test_the_choice_holds_for_the_session_and_enter_opens_the_story(
        library: tuple[Path, dict[str, str]]) -> None:
    root, ids = library
    with Library(root) as opened:
        app = BriefingApp(opened)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await _searched(pilot)
            await _by_story(pilot, screen)
            screen.set_focus(screen.pane.box)
            await pilot.press("ctrl+u", *"valmore")  # a new query: still by story
            await settle(pilot)
            titles = _titles(screen)
            assert titles == [STORY_TITLE]
            await pilot.press("enter")  # from the box, as a hit: the top row, here the story
            await settle(pilot)
            story = app.screen
            assert isinstance(story, StoryScreen)
            assert set(story.story.briefing_ids) == {ids[name] for name in FERRY_STORY}


async def test_next_and_previous_result_step_by_story(library: tuple[Path, dict[str, str]]) -> None:
    """By story, J and K go from story to story as the list lists them (each story's best card), not
    through every article of a story; by article they go through every hit."""
    root, ids = library
    next_key, previous_key = BY_ID["main.next_result"].keys[0], BY_ID["main.prev_result"].keys[0]
    with Library(root) as opened:
        app = BriefingApp(opened)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await _searched(pilot)
            await _by_story(pilot, screen)
            stories = screen.pane.by_stories
            assert stories is not None and len(stories.rows) == 2
            firsts = [row.best.briefing_id for row in stories.rows]
            opened_ids = []
            for _ in range(3):  # the third finds no story after the last
                await pilot.press(next_key)
                await settle(pilot)
                assert screen.briefing is not None
                opened_ids.append(screen.briefing.id)
            assert opened_ids == [firsts[0], firsts[1], firsts[1]]
            assert _status(screen).startswith("Story 2 of 2 ·")
            await pilot.press(previous_key)
            await settle(pilot)
            assert screen.briefing is not None and screen.briefing.id == firsts[0]
            await _by_story(pilot, screen)  # by article: every matching article in turn
            seen = [screen.briefing.id]
            for _ in range(10):
                await pilot.press(next_key)
                await settle(pilot)
                seen.append(screen.briefing.id)
            assert set(seen) == set(ids.values())


async def test_outlets_count_each_story_once(library: tuple[Path, dict[str, str]]) -> None:
    root, _ids = library
    with Library(root) as opened:
        app = BriefingApp(opened)
        async with app.run_test(size=(120, 40)) as pilot:

            async def outlet_counts() -> dict[str, str]:
                await pilot.press("f")
                await settle(pilot)
                dialog = app.screen
                assert isinstance(dialog, FacetScreen)
                options = dialog.query_one(OptionList)
                found = {option.id: str(option.prompt) for index in range(options.option_count)
                         if (option := options.get_option_at_index(index)).id}
                await pilot.press("escape")
                await settle(pilot)
                return {option_id.split("\x00")[1]: " ".join(prompt.split())
                        for option_id, prompt in found.items() if option_id.startswith("outlet")}

            screen = await _searched(pilot)
            screen.set_focus(screen.pane.listing)
            # by article, per card: Monday's and Tuesday's cards both quote Reuters
            assert (await outlet_counts())["reuters"] == "Reuters 2"
            await _by_story(pilot, screen)
            assert await outlet_counts() == {"reuters": "Reuters 1", "bloomberg": "Bloomberg 1"}


async def test_results_by_story_follow_another_process_ungrouping(
        library: tuple[Path, dict[str, str]]) -> None:
    root, ids = library
    with Library(root) as opened:
        app = BriefingApp(opened)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await _searched(pilot)
            await _by_story(pilot, screen)
            story = read_stories(root).story_of(ids["ferry-talks"])
            assert story is not None
            ungroup_briefing(root, story.id, ids["ferry-talks"])  # as `briefing ungroup` elsewhere does
            screen.service.poll()  # the next look at the library, without waiting POLL_INTERVAL
            await settle(pilot)
            assert screen.shelf.story_of(ids["ferry-talks"]) is None
            # the list of every briefing follows too (shown again when the query is cleared)
            assert [len(story.briefing_ids) for story in screen.folded.stories.values()] == [2]
            titles = _titles(screen)
            assert titles[0] == STORY_TITLE and "Valmore ferry talks set" in titles and len(titles) == 3
            rows = screen.pane.listing.rows
            assert isinstance(rows, HitRows)
            assert rows.rows[1].heading.startswith("2 matching articles · ")
            assert "in 3 stories · 4 briefings" in _status(screen)


async def test_the_list_starts_folded(library: tuple[Path, dict[str, str]]) -> None:
    """A small library's stories are read as its catalogue is, when the screen mounts (3-9 ms at 2,000
    briefings), so the first paint is folded. (The stories' worker is also done by the time Pilot
    starts: this shows the list folded at start, not which of the two folded it.)"""
    root, _ids = library
    with Library(root) as opened:
        app = BriefingApp(opened)
        async with app.run_test(size=(120, 40)):
            screen = app.screen  # as mounted: no worker waited for
            assert isinstance(screen, MainScreen)
            rows = screen.pane.listing.rows
            assert isinstance(rows, CatalogRows)
            titles = [entry.title for entry in rows.entries]
            assert len(titles) == 2 and any(title.startswith("[3] ") and " │ 3 articles · " in title
                                            for title in titles)


async def test_counts_are_exact_when_the_matches_exceed_the_list(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """30 articles match, six stories of four and six lone ones; the reader lists 5 cards. The stories
    listed are those 5 cards', each counting its four articles, and the status and the outlet facet
    count every match."""
    monkeypatch.setattr(search_pane, "SUBMIT_LIMIT", 5)
    root = tmp_path / "library"
    ids = harbour_library(root, tmp_path / "in")
    with Library(root) as opened:
        app = BriefingApp(opened)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await _searched(pilot, "harbour")
            await _by_story(pilot, screen)
            by_stories = screen.pane.by_stories
            assert by_stories is not None and screen.pane.results is not None
            listed = len(by_stories.rows)
            assert len(screen.pane.results.hits) == 5 and listed <= 5
            status = _status(screen)
            total = f"{screen.pane.results.total:,}"
            assert (f"5 of {total} hits in {listed} of {len(TOWNS) + LONE} stories · {len(ids)} briefings"
                    in status), status
            rows = screen.pane.listing.rows
            assert isinstance(rows, HitRows)
            counts = [row.heading.split(" · ")[0] for row in rows.rows if row.fragment and row.heading
                      and "matching article" in row.heading]
            assert counts and set(counts) == {f"{STORY_SIZE} matching articles"}
            await pilot.press("f")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, FacetScreen)
            options = dialog.query_one(OptionList)
            outlets = {" ".join(str(option.prompt).split()) for index in range(options.option_count)
                       if (option := options.get_option_at_index(index)).id
                       and option.id.startswith("outlet")}
            # every story's, not only the listed ones', and each story once (by card: 6 each)
            assert outlets == {"Reuters 3", "Bloomberg 3"}


# -- snapshots --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_results_by_story(snap_compare, library: tuple[Path, dict[str, str]],  # type: ignore[no-untyped-def]
                                   size: tuple[int, int]) -> None:
    root, _ids = library
    opened = Library(root)

    async def by_story(pilot: Pilot[None]) -> None:
        screen = await _searched(pilot)
        await _by_story(pilot, screen)
        pilot.app.clear_notifications()  # "Results by story" would time out at its own pace
        await pilot.pause()

    try:
        assert snap_compare(BriefingApp(opened), terminal_size=size, run_before=by_story)
    finally:
        opened.close()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_stories_beyond_the_list(snap_compare, tmp_path: Path,  # type: ignore[no-untyped-def]
                                          monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]) -> None:
    """The status says how many of the stories the list shows, and every story's row its exact count."""
    monkeypatch.setattr(search_pane, "SUBMIT_LIMIT", 5)
    root = tmp_path / "library"
    harbour_library(root, tmp_path / "in")
    opened = Library(root)

    async def by_story(pilot: Pilot[None]) -> None:
        screen = await _searched(pilot, "harbour")
        await _by_story(pilot, screen)
        pilot.app.clear_notifications()
        await pilot.pause()

    try:
        assert snap_compare(BriefingApp(opened), terminal_size=size, run_before=by_story)
    finally:
        opened.close()
