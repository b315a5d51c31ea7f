"""The list follows the library: the inbox of `briefing --watch`, large libraries loaded in two steps, and
briefings other processes add, remove or re-index while the reader is open."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import ExitStack, asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

import tui.library_service
from briefings.ingest import ingest_file
from briefings.library import EMPTY_LIBRARY, Library
from search import SearchIndex
from search.store import pending_message
from tests.tui.conftest import settle
from tui.app import BriefingApp
from tui.screens.main import MainScreen
from tui.widgets.briefing_list import BriefingList, CatalogRows, HitRows

ROOT = Path(__file__).resolve().parents[2]
HARBOUR = (
    "---\ntitle: Harbour reopens after the storm\ndate: 2031-01-02\n---\n\n"
    "## Summary\n\nThe harbour reopened on Tuesday.\n"
)


@pytest.fixture(autouse=True)
def quick_looks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tui.library_service, "WATCH_INTERVAL", 0.1)
    monkeypatch.setattr(tui.library_service, "POLL_INTERVAL", 0.2)


def _main(app: BriefingApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


def _status(app: BriefingApp) -> str:
    return str(_main(app).query_one("#status", Static).render())


def _problems(app: BriefingApp) -> list[str]:
    return [n.message for n in app._notifications if n.severity != "information"]


async def _until(pilot: Pilot[None], condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
        await pilot.pause()
    raise AssertionError(f"not within {timeout} s: {what}")


@asynccontextmanager
async def _reader(root: Path, watch_folder: Path | None = None
                  ) -> AsyncIterator[tuple[BriefingApp, Pilot[None]]]:
    with Library(root) as library:
        app = BriefingApp(library, watch_folder=watch_folder)
        async with app.run_test(size=(120, 32)) as pilot:
            yield app, pilot


@pytest.fixture
def harbour(tmp_path: Path) -> Path:
    """A briefing file newer than every other one in the test library, naming a harbour."""
    path = tmp_path / "harbour.md"
    path.write_text(HARBOUR, encoding="utf-8")
    return path


async def _briefing(library: Path, *args: str) -> None:
    """The `briefing` command in a process of its own, as a user would run it in another terminal."""
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import sys; from cli.main import main; sys.exit(main())",
        "--library", str(library), *args, cwd=ROOT, env=os.environ.copy(),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )
    _, err = await child.communicate()
    assert child.returncode == 0, err


async def test_a_file_dropped_in_the_inbox_appears_in_the_list(library_path: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    async with _reader(library_path, inbox) as (app, pilot):
        screen = _main(app)
        before = len(screen.entries)
        (inbox / "harbour.md").write_text(HARBOUR, encoding="utf-8")
        await _until(pilot, lambda: len(screen.entries) > before, "the inbox file listed")
        assert len(screen.entries) == before + 1
        assert screen.entries[0].title == "Harbour reopens after the storm"  # newest first
        assert screen.sub_title == f"{before + 1:,} briefings"
        await pilot.press("q")


async def test_a_large_library_shows_its_newest_first_then_the_whole_list(
    library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tui.library_service, "FIRST_SCREEN_ENTRIES", 3)
    with Library(library_path) as library:
        everything = library.entries()
        assert library.newest_entries(3) == everything[:3]  # the same order, read through the date index
    async with _reader(library_path) as (app, pilot):
        screen = _main(app)
        assert screen.sub_title == f"{len(everything):,} briefings"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.entries == everything


async def test_the_reader_on_an_empty_library_searches_and_says_how_to_add_briefings(tmp_path: Path) -> None:
    async with _reader(tmp_path / "new-library") as (app, pilot):
        await settle(pilot)
        screen = _main(app)
        assert screen.index is not None  # the search box works
        assert _status(app) == "0 briefings"
        listing = screen.query_one(BriefingList)
        shown = " ".join(listing.render_line(y).text.strip() for y in range(listing.size.height))
        assert " ".join(shown.split()) == EMPTY_LIBRARY  # wrapped to the pane, every word of it
        await pilot.press("slash", *"harbour", "enter")
        await settle(pilot)
        assert isinstance(screen.query_one(BriefingList).rows, HitRows)
        assert _status(app).startswith("0 hits")
        assert [n.message for n in app._notifications] == []  # nothing rebuilt, nothing failed


async def test_the_inbox_of_an_empty_library_ingests_what_arrives(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    async with _reader(tmp_path / "new-library", inbox) as (app, pilot):
        screen = _main(app)
        await _until(pilot, lambda: screen.index is not None, "the index open")
        (inbox / "harbour.md").write_text(HARBOUR, encoding="utf-8")
        await _until(pilot, lambda: len(screen.entries) == 1, "the inbox file listed")
        assert screen.entries[0].title == "Harbour reopens after the storm"
        assert _status(app).startswith("1 briefing, newest first")
        assert _problems(app) == []


@pytest.mark.slow
async def test_briefings_another_process_adds_appear_and_the_cursor_stays_put(library_path: Path,
                                                                              harbour: Path) -> None:
    async with _reader(library_path) as (app, pilot):
        await settle(pilot)
        screen, listing = _main(app), _main(app).query_one(BriefingList)
        before = len(screen.entries)
        await pilot.press("home", "j", "j")
        chosen = listing.target
        assert chosen is not None and listing.cursor == 2
        await _briefing(library_path, "ingest", str(harbour))
        await _until(pilot, lambda: len(screen.entries) == before + 1, "the new briefing listed")
        assert screen.entries[0].title == "Harbour reopens after the storm"
        assert isinstance(listing.rows, CatalogRows) and len(listing.rows) == before + 1
        assert listing.target == chosen and listing.cursor == 3  # on the same briefing, one row down
        assert "1 new" in _status(app) and screen.sub_title == f"{before + 1:,} briefings"


@pytest.mark.slow
async def test_an_open_search_takes_in_what_another_process_indexes(library_path: Path,
                                                                    harbour: Path) -> None:
    async with _reader(library_path) as (app, pilot):
        await settle(pilot)
        listing = _main(app).query_one(BriefingList)
        await pilot.press("slash", *"harbour", "enter")
        await settle(pilot)
        assert isinstance(listing.rows, HitRows)

        def titles() -> list[str]:
            assert isinstance(listing.rows, HitRows)
            return [row.title for row in listing.rows.rows if row.title]

        assert "Harbour reopens after the storm" not in titles()
        await _briefing(library_path, "ingest", str(harbour))
        await _until(pilot, lambda: "Harbour reopens after the storm" in titles(), "the new hit listed")
        assert "hit" in _status(app) and _problems(app) == []


@pytest.mark.slow
async def test_searching_after_another_process_rebuilt_the_index(library_path: Path, harbour: Path) -> None:
    async with _reader(library_path) as (app, pilot):
        await settle(pilot)
        screen, listing = _main(app), _main(app).query_one(BriefingList)
        await pilot.press("slash", *"coffee", "enter")
        await settle(pilot)
        assert screen.results is not None
        found = {hit.briefing_id for hit in screen.results.hits}
        assert found
        await _briefing(library_path, "index", "--rebuild")
        await pilot.press("slash", "ctrl+u", *"coffee", "enter")
        await settle(pilot)
        assert isinstance(listing.rows, HitRows)  # never the whole catalogue
        assert {hit.briefing_id for hit in screen.results.hits} == found
        assert f"of {screen.results.total} in" in _status(app)  # "Hit 1 of 9 in 1 briefing · …"
        await _briefing(library_path, "ingest", str(harbour))  # into the new index
        await pilot.press("slash", "ctrl+u", *"harbour", "enter")
        await _until(pilot, lambda: screen.results is not None and "Harbour reopens after the storm" in
                     {hit.briefing_title for hit in screen.results.hits}, "the new index searched")
        assert _problems(app) == []


@pytest.mark.slow
async def test_a_briefing_another_process_removes_leaves_the_list(library_path: Path) -> None:
    async with _reader(library_path) as (app, pilot):
        await settle(pilot)
        screen = _main(app)
        before, gone = len(screen.entries), screen.entries[0]
        remover = ("import sys\nfrom briefings.library import Library\nfrom search import SearchIndex\n"
                   "with Library(sys.argv[1]) as library, SearchIndex.open(None, library) as index:\n"
                   "    library.remove(sys.argv[2]); index.delete([sys.argv[2]])\n")
        child = await asyncio.create_subprocess_exec(sys.executable, "-c", remover, str(library_path),
                                                     gone.id, cwd=ROOT, env=os.environ.copy())
        assert await child.wait() == 0
        await _until(pilot, lambda: len(screen.entries) == before - 1, "the removed briefing gone")
        assert gone.id not in {entry.id for entry in screen.entries}
        assert _problems(app) == []


async def test_a_reader_opened_during_an_ingest_says_what_is_pending_then_catches_up(library_path: Path,
                                                                                     harbour: Path) -> None:
    with Library(library_path) as library, SearchIndex.open(None, library) as ingest, ExitStack() as running:
        running.enter_context(ingest.ingesting())  # an ingest runs: it has saved this, not yet indexed it
        assert [o.status.value for o in ingest_file(library, harbour)] == ["added"]
        async with _reader(library_path) as (app, pilot):
            screen = _main(app)
            await _until(pilot, lambda: screen.index is not None, "the index open")
            assert screen.index is not None and screen.index.pending == 1
            assert pending_message(1) in [n.message for n in app._notifications]
            assert "1 still being indexed" in _status(app)
            running.close()  # the ingest stops without indexing it (killed): the reader catches up, once
            await _until(pilot, lambda: screen.index is not None and not screen.index.pending, "caught up")
            await _until(pilot, lambda: "still being indexed" not in _status(app), "the status updated")
            await pilot.press("slash", *"harbour", "enter")
            await settle(pilot)
            assert screen.results is not None
            assert "Harbour reopens after the storm" in {hit.briefing_title for hit in screen.results.hits}
            assert _problems(app) == []


async def test_an_index_replaced_by_a_damaged_one_is_said_once_and_followed_when_repaired(
    library_path: Path,
) -> None:
    async with _reader(library_path) as (app, pilot):
        await settle(pilot)
        screen = _main(app)
        folder = library_path / "index"
        folder.rename(library_path / "index-aside")
        folder.mkdir()  # another process swapped in something unreadable
        (folder / "_MAIN_1.toc").write_bytes(b"not an index")

        def warnings() -> list[str]:
            return [n.message for n in app._notifications if n.severity == "warning"]

        await _until(pilot, lambda: bool(warnings()), "the poll saying so")
        await asyncio.sleep(1.0)  # five more looks
        await pilot.pause()
        assert len(warnings()) == 1 and "was replaced by another process and is damaged" in warnings()[0]
        with Library(library_path) as library, SearchIndex.open(None, library) as other:  # rebuilds it
            assert "damaged" in other.messages[0]
        await pilot.press("slash", *"coffee", "enter")
        await settle(pilot)
        assert screen.results is not None and screen.results.hits
        assert len(warnings()) == 1 and not [n for n in app._notifications if n.severity == "error"]


async def test_the_poll_worker_is_not_named_by_the_repr_of_the_whole_catalogue(
    make_app: Callable[[], BriefingApp],
) -> None:
    """Textual names a worker by the repr of its arguments unless told: for the poll that was every catalogue
    entry, 126 ms of the event loop at each poll of 20,000 briefings."""
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        service = app.screen.query_one(tui.library_service.LibraryService)
        assert len(service.entries) >= 5
        service.poll()
        polls = [worker for worker in app.workers if worker.group == "poll"]
        assert polls and all(worker.description == "poll the library" for worker in polls)
        await settle(pilot)
