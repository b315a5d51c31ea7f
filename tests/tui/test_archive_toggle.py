"""Issue 20, item 6: archived briefings (`briefing archive`) leave the reader's list and its searches; one
key lists them alone, and again the others."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from briefings import archive
from briefings.library import Library
from tests.tui.conftest import settle
from tests.tui.test_filter_chips import _pane, _search
from tui.app import BriefingApp
from tui.widgets.briefing_list import CatalogRows, HitRows

MakeApp = Callable[[], BriefingApp]


def _listed(app: BriefingApp) -> list[str]:
    rows = _pane(app).listing.rows
    assert isinstance(rows, CatalogRows)
    return [entry.id for entry in rows.entries]


def _status(app: BriefingApp) -> str:
    return str(_pane(app).query_one("#status").render())


async def test_the_key_lists_archived_briefings_alone_and_back(make_app: MakeApp, library_path: Path) -> None:
    every = [entry.id for entry in Library(library_path).entries()]
    hidden = every[0]
    archive.write(library_path, [hidden])
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert _listed(app) == every[1:]
        assert "1 archived" in _status(app)
        await pilot.press("H")
        await settle(pilot)
        assert _listed(app) == [hidden]
        assert _status(app).startswith("1 archived briefing,")
        await pilot.press("H")
        await settle(pilot)
        assert _listed(app) == every[1:]


async def test_the_reader_search_leaves_archived_briefings_out(make_app: MakeApp, library_path: Path) -> None:
    library = Library(library_path)
    newest = library.entries()[0]
    word = max(newest.title.split(), key=len)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _search(pilot, word)
        before = _pane(app).results
        assert before is not None and any(hit.briefing_id == newest.id for hit in before.hits)
        archive.write(library_path, [newest.id])
        _pane(app).start_search(as_you_type=False, keep_place=True)  # as when the index changes
        await settle(pilot)
        after = _pane(app).results
        assert after is not None and all(hit.briefing_id != newest.id for hit in after.hits)
        assert after.total == before.total - sum(hit.briefing_id == newest.id for hit in before.hits)


async def test_a_damaged_archive_file_is_one_notice_and_nothing_is_hidden(make_app: MakeApp,
                                                                         library_path: Path) -> None:
    every = [entry.id for entry in Library(library_path).entries()]
    archive.archive_path(library_path).write_bytes(b"archived: [\x00\xff")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert _listed(app) == every
        await pilot.press("H")
        await settle(pilot)
        notices = [notice.message for notice in app._notifications]
        assert any(str(archive.archive_path(library_path)) in notice and "\n" not in notice
                   for notice in notices)
        assert _listed(app) == []


async def test_the_key_includes_archived_briefings_in_searches_marked(make_app: MakeApp,
                                                                     library_path: Path) -> None:
    newest = Library(library_path).entries()[0]
    word = max(newest.title.split(), key=len)
    archive.write(library_path, [newest.id])
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _search(pilot, word)
        hidden = _pane(app).results
        assert hidden is not None and all(hit.briefing_id != newest.id for hit in hidden.hits)
        await pilot.press("tab", "H")  # from the list: the search shown runs again, archived included
        await settle(pilot)
        shown = _pane(app).results
        assert shown is not None and any(hit.briefing_id == newest.id for hit in shown.hits)
        assert shown.total == hidden.total + sum(hit.briefing_id == newest.id for hit in shown.hits)
        rows = _pane(app).listing.rows
        assert isinstance(rows, HitRows)
        headings = {row.target.briefing_id: row.detail for row in rows.rows
                    if row.title and row.target is not None}
        assert headings[newest.id].endswith("· archived")
        assert not any(detail.endswith("archived") for bid, detail in headings.items() if bid != newest.id)
        assert "archived included" in _status(app)
        await pilot.press("H")
        await settle(pilot)
        again = _pane(app).results
        assert again is not None and again.total == hidden.total and "archived" not in _status(app)
