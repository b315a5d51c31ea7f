"""Issue 18's reading flow in one go, keyboard only, at 80×24 and 120×40: search, filter by an outlet, a
new query without the stale filter, its third result opened from inside the reader, back twice to the
first, then from a figure to its sentence. Each step is asserted, and the end is an SVG snapshot."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import settle
from tests.tui.test_filter_chips import HERALD, _chips, _filter_by, _from_the_reader, _pane, _search
from tests.tui.test_history import _order, _reading, _status
from tests.tui.test_jumps import DENIED, choose_figure, in_view, marked
from tui.app import BriefingApp
from tui.widgets.reader import Reader

MakeApp = Callable[[], BriefingApp]
QUERY = "war"
"""Its best hit is the seed page, whose figures disagree; three other briefings hold the word too."""


async def _the_whole_flow(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, BriefingApp)
    await _from_the_reader(pilot)
    await _search(pilot, "korea")
    await _filter_by(pilot, HERALD)
    assert _pane(app).filters == {"outlet": "the korean herald"}
    await pilot.press("slash", *QUERY, "enter")
    await settle(pilot)
    assert _pane(app).filters == {} and _chips(app) == [f'query: "{QUERY}"']
    order = _order(app)
    assert len(order) >= 3 and isinstance(app.focused, Reader) and _reading(app) == order[0]
    await pilot.press("J", "J")
    await settle(pilot)
    assert _reading(app) == order[2] and isinstance(app.focused, Reader)
    assert _status(app).startswith(f"Hit 3 of {len(order)} in ")
    await pilot.press("less_than_sign", "less_than_sign")
    await settle(pilot)
    assert _reading(app) == order[0] and isinstance(app.focused, Reader)
    figures = await choose_figure(pilot, DENIED)
    reader = app.screen.query_one(Reader)
    row = next(row for row in figures.rows if row.figure == DENIED)
    assert app.focused is reader and reader.cursor_card == row.card
    assert "30,000" in " ".join(marked(reader))
    assert reader._target_line is not None and in_view(reader, reader._target_line)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_search_filter_new_query_third_result_back_twice_then_a_figure(  # type: ignore[no-untyped-def]
    snap_compare, make_app: MakeApp, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=_the_whole_flow)
