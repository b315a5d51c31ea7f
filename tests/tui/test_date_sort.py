"""Issue 20, item 3: the reader's box takes `date:` as `briefing search` does, relative forms included, and
one key sorts the results newest first and back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from tests.tui.conftest import settle
from tests.tui.test_filter_chips import _from_the_reader, _pane, _search
from tui.app import BriefingApp

MakeApp = Callable[[], BriefingApp]


def _dates(app: BriefingApp) -> list[dt.date | None]:
    results = _pane(app).results
    assert results is not None
    return [hit.date for hit in results.hits]


async def test_one_key_sorts_the_results_newest_first_and_back(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _from_the_reader(pilot)
        await _search(pilot, "war")
        best_first = _dates(app)
        dated = [day for day in best_first if day is not None]
        assert len(set(dated)) > 1 and dated != sorted(dated, reverse=True)  # else the test proves nothing
        await pilot.press("S")
        await settle(pilot)
        newest_first = _dates(app)
        assert sorted(newest_first, key=str) == sorted(best_first, key=str)  # the same hits
        known = [day for day in newest_first if day is not None]
        assert known == sorted(known, reverse=True) and newest_first[: len(known)] == known  # undated last
        assert "newest first" in str(_pane(app).query_one("#status").render())
        await pilot.press("S")
        await settle(pilot)
        assert _dates(app) == best_first
        assert "newest first" not in str(_pane(app).query_one("#status").render())


async def test_dates_in_the_box_mean_what_they_mean_in_the_cli(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _from_the_reader(pilot)
        await _search(pilot, "war date:2025")
        dates = _dates(app)
        assert dates and all(day is not None and day.year == 2025 for day in dates)
        await pilot.press("escape")  # clears the query
        await _search(pilot, "date:last0days")
        assert _pane(app).box.value == "date:last0days"
        assert "at least 1" in str(_pane(app).query_one("#status").render())
