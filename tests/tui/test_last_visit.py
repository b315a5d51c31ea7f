"""Issue 20, item 2: the reader remembers when it last started on a library and marks what arrived since
(✦ in the list, a count in the status line); the next start has nothing new until more arrives."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import search
from briefings.library import Library
from search import SearchIndex
from tests.tui.conftest import settle
from tui.app import BriefingApp
from tui.screens.main import MainScreen
from tui.widgets.briefing_list import BriefingList

STORY = "---\ntitle: {title}\ndate: 2031-03-0{day}\n---\n\n## Summary\n\n{title}, as reported.\n"


def _ingest(root: Path, folder: Path, *titles: tuple[str, int]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for title, day in titles:
        path = folder / f"story-{day}.md"
        path.write_text(STORY.format(title=title, day=day), encoding="utf-8")
        paths.append(path)
    with Library(root) as library, SearchIndex.open(None, library) as index:
        assert all(o.briefing_id for o in search.ingest(library, index, paths))


async def _visit(root: Path) -> tuple[str, list[str]]:
    """The catalogue's status line and its rows, once the reader has looked for arrivals."""
    with Library(root) as library:
        app = BriefingApp(library)
        async with app.run_test(size=(100, 24)) as pilot:
            await settle(pilot)
            await app.workers.wait_for_complete()
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MainScreen)
            listing = screen.query_one(BriefingList)
            rows = [listing.render_line(y).text for y in range(len(screen.pane.listed_entries()))]
            return str(screen.pane.query_one("#status").render()), rows


async def test_what_arrived_since_the_last_visit_is_marked_then_no_longer(tmp_path: Path) -> None:
    root = tmp_path / "library"
    _ingest(root, tmp_path / "first", ("Harbour reopens", 1))
    status, rows = await _visit(root)  # a first visit: nothing is "new since" it
    assert "since your last visit" not in status and not any("✦" in row for row in rows)
    time.sleep(0.05)  # the files written after the visit began
    _ingest(root, tmp_path / "later", ("Ferries resume", 2), ("Tolls rise", 3))
    status, rows = await _visit(root)
    assert "2 new since your last visit" in status
    assert sorted(row.split("✦")[1].split()[0] for row in rows if "✦" in row) == ["Ferries", "Tolls"]
    assert any("Harbour" in row and "✦" not in row for row in rows)
    status, rows = await _visit(root)  # nothing arrived since the visit before
    assert "since your last visit" not in status and not any("✦" in row for row in rows)


async def test_a_visit_time_that_cannot_be_read_counts_as_a_first_visit(tmp_path: Path) -> None:
    root = tmp_path / "library"
    _ingest(root, tmp_path / "first", ("Harbour reopens", 1))
    with Library(root) as library:
        app = BriefingApp(library)
        app.state.last_visit = "not a time"
        assert app.state.begin_visit() is None
        assert dt.datetime.fromisoformat(app.state.last_visit).tzinfo is not None
    old = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    os.utime(next((root / "briefings").glob("*/*.yaml")), (old.timestamp(), old.timestamp()))
    with Library(root) as library:
        assert library.saved_after(old.timestamp() + 1) == set()
        assert len(library.saved_after(old.timestamp() - 1)) == 1
