"""Odd queries in the reader's search box: one line under the box, the last good results kept, no toasts,
and the query shown is the one typed."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.tui.conftest import SIZE, settle
from tui.app import BriefingApp
from tui.widgets.briefing_list import BriefingList, HitRows
from tui.widgets.search_pane import SearchBox

MakeApp = Callable[[], BriefingApp]

ODD = [
    ("<0", "'<' compares dates only, as in date:<2025-01-01"),
    ("date:>abc", "there is no date 'abc' (write 2025-07-01, 2025-07, 2025, today or last7days)"),
    ("(", "a parenthesis is not closed"),
    ('"abc', "a quotation mark is not closed"),
    ("kind:", "kind: needs a value after the colon, as in kind:forecast"),
    ("shells AND", "AND needs a word on both sides"),
    ("[1]", "brackets [ ] and { } are only for date ranges, as in date:[2025-06 to 2025-07]"),
    ("date:[2025 to", "brackets [ ] and { } are only for date ranges, as in date:[2025-06 to 2025-07]"),
]


async def _type(pilot: Pilot[None], text: str) -> None:
    """Into the search box, key by key, then wait for the search to finish."""
    await settle(pilot)
    await pilot.press("slash", *text)
    await settle(pilot)


def _status(app: BriefingApp) -> str:
    content = app.screen.query_one("#status", Static).content
    assert isinstance(content, Text)  # plain text: a query's "[b]" is never read as markup
    return content.plain


async def test_an_odd_query_is_one_line_under_the_box_and_the_last_results_stay(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _type(pilot, "shells")
        listing = app.screen.query_one(BriefingList)
        box = app.screen.query_one(SearchBox)
        good = listing.rows
        assert isinstance(good, HitRows) and any(row.fragment for row in good.rows)
        status = app.screen.query_one("#status", Static)
        assert status.region.y == box.region.bottom  # the line right under the box
        for text, problem in ODD:
            with box.prevent(Input.Changed):  # the query but its last key, with no search yet
                box.value = text[:-1]
            box.cursor_position = len(box.value)
            await pilot.press(text[-1])
            await settle(pilot)
            assert _status(app) == problem, text
            assert listing.rows is good, text
            assert box.value == text
        assert not app._notifications  # run_test draws no toasts, but the app still keeps every notify


async def test_typing_an_odd_query_key_by_key_raises_no_toasts(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _type(pilot, "date:>abc")
        assert _status(app) == "there is no date 'abc' (write 2025-07-01, 2025-07, 2025, today or last7days)"
        assert app.screen.query_one(SearchBox).value == "date:>abc"
        assert not app._notifications  # run_test draws no toasts, but the app still keeps every notify


async def test_the_list_names_the_query_typed_not_its_expansion(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _type(pilot, "qqqzx AND shel")  # the last word is completed while typing
        rows = app.screen.query_one(BriefingList).rows
        assert isinstance(rows, HitRows)
        assert [row.note for row in rows.rows if row.note] == ["No hits for “qqqzx AND shel”."]


async def test_after_typing_pauses_the_list_is_what_enter_and_the_cli_give(make_app: MakeApp) -> None:
    from tui.widgets.search_pane import SUBMIT_LIMIT, SearchPane

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _type(pilot, "troops artil")  # settle waits for the full search that follows the pause
        pane = app.screen.query_one(SearchPane)
        assert pane.results is not None and pane.index is not None and not pane.settling
        assert "typing" not in _status(app)
        whole = pane.index.search("troops artil", limit=SUBMIT_LIMIT, complete_last=True)
        assert whole.hits and pane.results.hits == whole.hits and pane.results.total == whole.total
        shown = [(hit.briefing_id, hit.card_index) for hit in pane.results.hits]
        await pilot.press("enter")
        await settle(pilot)
        assert [(hit.briefing_id, hit.card_index) for hit in pane.results.hits] == shown


def test_a_keystroke_that_found_nothing_yet_says_searching_not_no_hits() -> None:
    from search import SearchResults
    from tui.widgets.search_pane import hit_rows

    empty = SearchResults("crude oil pri", (), 51, 1, 3)
    assert [row.note for row in hit_rows(empty, {}, provisional=True)] == ["Searching “crude oil pri”…"]
    assert [row.note for row in hit_rows(empty, {})] == ["No hits for “crude oil pri”."]
