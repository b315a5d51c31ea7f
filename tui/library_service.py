"""The library and its search index behind the screens: opening the index, following other processes,
the inbox. A widget without a look, so its workers belong to it and its news reaches the screen as typed
messages carrying small frozen records, never tuples or worker group names."""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker, WorkerState, get_current_worker

from briefings.catalog import CatalogEntry
from briefings.ingest import IngestOutcome, IngestStatus
from tui.jobs import Done, finish
from tui.protocols import reader_app

if TYPE_CHECKING:
    from briefings.story_library import StoryShelf
    from search import SearchEngine, SearchIndex, WhooshEngine
    from tui.story_list import FoldedList

FIRST_SCREEN_ENTRIES = 2_000
"""Larger libraries show their newest briefings at once and the full list from a worker."""
WATCH_INTERVAL = 1.0
"""Seconds between looks at the inbox folder."""
POLL_INTERVAL = 2.0
"""Seconds between looks for briefings other processes added or removed, and for their index commits."""


@dataclass(frozen=True)
class Polled:
    """One look at the library: the catalog's stamp, its entries when they changed, how many of those
    are new, and whether the index (or the count of briefings it still lacks) changed."""

    stamp: tuple[int, int]
    entries: list[CatalogEntry] | None
    new: int
    index_changed: bool
    stories: tuple[int, ...] = ()
    """The stories file's stamp (`stories_stamp`)."""


class LibraryService(Widget):
    """Owns the catalogue list, the open index and the looks at both; posts what changed."""

    DEFAULT_CSS = "LibraryService { display: none; }"

    class IndexOpened(Message):
        def __init__(self, index: SearchEngine) -> None:
            super().__init__()
            self.index = index

    class Progress(Message):
        """Building the index: a line for the status."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class CatalogueChanged(Message):
        """The whole list arrived, or another process added or removed briefings (`new` of them new)."""

        def __init__(self, entries: list[CatalogEntry], new: int = 0) -> None:
            super().__init__()
            self.entries = entries
            self.new = new

    class IndexChanged(Message):
        """Another process committed to the index (or the count of briefings it lacks changed)."""

    class StoriesRead(Message):
        """The library's stories as last grouped (`briefings.story_library.read_stories`), and the
        catalogue's entries with each story one row (`tui.story_list.fold_stories`)."""

        def __init__(self, shelf: StoryShelf, folded: FoldedList) -> None:
            super().__init__()
            self.shelf = shelf
            self.folded = folded

    def __init__(self) -> None:
        super().__init__()
        self.index: SearchEngine | None = None
        """What the screens search through: this user's index of the library (`search.default_index_dir`)
        behind `search.SearchEngine`."""
        self._store: SearchIndex | None = None
        """The same index as the library keeps it in step (following other processes, the inbox)."""
        self.entries: list[CatalogEntry] = []
        self.total = 0
        """Briefings in the library: more than `entries` while a long list is still being read."""
        self._stamp = (0, 0)
        self._stories_stamp: tuple[int, ...] = ()
        self._polling = self._poll_again = False
        self._poll_failure = ""

    def start(self) -> None:
        """The first screenful of entries now (the full list follows from a worker when it is long)."""
        library = reader_app(self).library
        self._stamp = library.stamp()
        self._stories_stamp = stories_stamp(library.root)
        self.total = len(library)
        if self.total > FIRST_SCREEN_ENTRIES:  # the newest now, all of them from a worker (1 s at 200,000)
            self.entries = library.newest_entries(FIRST_SCREEN_ENTRIES)
            self._load_catalogue()
        else:
            self.entries = library.entries()
        self.set_interval(POLL_INTERVAL, self.poll)

    # The catalogue --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="catalogue", exit_on_error=False)
    def _load_catalogue(self) -> Done:
        return partial(self._catalogue_loaded, reader_app(self).library.entries())

    def _catalogue_loaded(self, entries: list[CatalogEntry]) -> None:
        self.entries, self.total = entries, len(entries)
        gc.freeze()  # the full catalogue lives as long as the app
        self.post_message(self.CatalogueChanged(entries))

    # Stories --------------------------------------------------------------------------------

    # Described in words, as `_poll_library` is: the repr of `entries` would cost the event loop.
    @work(thread=True, exclusive=True, group="stories", exit_on_error=False, description="read the stories")
    def load_stories(self, entries: list[CatalogEntry]) -> Done:
        """The stories file read and `entries` folded off the event loop (folding 200,000 entries takes
        0.45 s); a damaged file is a warning and no stories."""
        return partial(self._stories_read, *read_folded(reader_app(self).library.root, entries))

    def _stories_read(self, shelf: StoryShelf, folded: FoldedList) -> None:
        self.post_message(self.StoriesRead(shelf, folded))

    # The search index -----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def open_index(self) -> Done:
        import search
        from search import SearchIndex, WhooshEngine

        def progress(done: int, total: int) -> None:
            if done == total or done % 200 == 0:
                self.post_message(self.Progress(f"Indexing briefings for search: {done:,} of {total:,}"))

        index = SearchIndex.open(None, reader_app(self).library, on_progress=progress)
        search.warm(index)  # word and facet tables now, so the first keystroke's search is fast
        return partial(self._index_opened, WhooshEngine(index))

    def _index_opened(self, engine: WhooshEngine) -> None:
        self._store = store = engine.store
        self.index = engine
        app = reader_app(self)
        app.index = engine
        gc.freeze()
        for message in store.messages:
            self.notify(message, markup=False)
        if app.watch_folder is not None:
            self._watch_inbox(app.watch_folder, store)
        self.post_message(self.IndexOpened(engine))

    # Other processes ------------------------------------------------------------------------

    def poll(self) -> None:
        """Every POLL_INTERVAL, and after the inbox ingests: look for changes, in a worker."""
        if self._polling:
            self._poll_again = True
            return
        self._polling, self._poll_again = True, False
        self._poll_library(self._store, self._stamp, self.entries)

    # Described in words: Textual otherwise names a worker by the repr of its arguments, and the repr of
    # `entries` (every briefing of the catalogue) cost the event loop 126 ms at each poll of 20,000.
    @work(thread=True, group="poll", exit_on_error=False, description="poll the library")
    def _poll_library(
        self, index: SearchIndex | None, stamp: tuple[int, int], entries: list[CatalogEntry]
    ) -> Done:
        """A pragma and a stat or two when nothing changed. While an ingest elsewhere leaves briefings
        unindexed, they are counted again each time; once it has ended, whatever it left is indexed.
        When the library changed, the index catches up too: another user's ingest writes only its own
        index (`search.default_index_dir`), so this process indexes what that one added."""
        library = reader_app(self).library
        now = library.stamp()
        changed = library.entries() if now != stamp else None
        new = len({e.id for e in changed} - {e.id for e in entries}) if changed is not None else 0
        index_changed = index is not None and index.refresh()
        stories = stories_stamp(library.root)
        if index is not None and (index.pending or changed is not None):
            pending = index.pending
            done = index.reconcile(library)  # while an ingest into this index runs, this only counts
            index_changed = index_changed or index.pending != pending or bool(done and not index.pending)
        return partial(self._polled, Polled(now, changed, new, index_changed, stories))

    def _polled(self, polled: Polled) -> None:
        self._poll_failure = ""
        self._stamp = polled.stamp
        stories_changed, self._stories_stamp = polled.stories != self._stories_stamp, polled.stories
        if polled.entries is not None:
            self.entries, self.total = polled.entries, len(polled.entries)
            self.post_message(self.CatalogueChanged(polled.entries, polled.new))  # the stories follow it
        elif stories_changed:  # another process grouped, ungrouped or placed articles
            self.load_stories(self.entries)
        if polled.index_changed:
            self.post_message(self.IndexChanged())

    def _poll_failed(self, error: str) -> None:
        """Said once, not every POLL_INTERVAL (a replaced index may take a moment to open)."""
        if error != self._poll_failure:
            self.notify(error, title="Could not follow the library", severity="warning", markup=False)
        self._poll_failure = error

    # The inbox (`briefing --watch FOLDER`) ---------------------------------------------------

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch_inbox(self, folder: Path, index: SearchIndex) -> None:
        """Ingest what arrives in `folder` while the reader is open; the list follows."""
        import search
        from briefings.inbox import Inbox

        library = reader_app(self).library
        inbox = Inbox(folder, exclude=library.root)
        worker = get_current_worker()
        while not worker.is_cancelled:
            ready = inbox.ready()
            if ready:
                outcomes = list(search.ingest(library, index, ready))
                self.app.call_from_thread(self._inbox_ingested, outcomes)
            for _ in range(10):
                if worker.is_cancelled:
                    return
                time.sleep(WATCH_INTERVAL / 10)

    def _inbox_ingested(self, outcomes: list[IngestOutcome]) -> None:
        changed = [o for o in outcomes if o.status in (IngestStatus.ADDED, IngestStatus.UPDATED)]
        failed = [o for o in outcomes if o.status is IngestStatus.ERROR]
        if changed:
            self.poll()  # the list and the search follow at once
            titles = ", ".join(o.title or o.briefing_id for o in changed[:3])
            more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
            self.notify(f"Inbox: {titles}{more}", title=f"{len(changed)} new or updated", markup=False)
        for outcome in failed:
            self.notify(f"{outcome.path.name}: {outcome.message}", title="Inbox", severity="error",
                        markup=False)

    # Workers --------------------------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        group = event.worker.group
        error = finish(event)
        if group == "poll" and event.state in (WorkerState.SUCCESS, WorkerState.ERROR):
            self._polling = False
            if error is not None:
                self._poll_failed(error)
            if self._poll_again:
                self.poll()
        elif error is not None:
            self.notify(error, title=_FAILURES.get(group, ""), severity="error", markup=False)


def read_folded(library_root: Path, entries: list[CatalogEntry]) -> tuple[StoryShelf, FoldedList]:
    """The stories as last grouped, and `entries` with each story one row."""
    from briefings.story_library import read_stories
    from tui.story_list import fold_stories

    shelf = read_stories(library_root)
    return shelf, fold_stories(entries, shelf)


def stories_stamp(library_root: Path) -> tuple[int, ...]:
    """When the stories file and its write-ahead log last changed, and their sizes: `briefing group`,
    `ungroup` or an ingest in another process writes them (the reader's own reads, read-only, do not)."""
    from briefings.story_store import store_path

    path = store_path(library_root)
    stamp: list[int] = []
    for written in (path, path.with_name(f"{path.name}-wal")):
        try:
            found = written.stat()
        except OSError:  # not there (yet): a library never grouped, or the log checkpointed away
            stamp += [0, 0]
        else:
            stamp += [found.st_mtime_ns, found.st_size]
    return tuple(stamp)


_FAILURES = {
    "index": "Search is unavailable",
    "watch": "The inbox stopped",
    "catalogue": "Could not list the library",
    "stories": "Could not read the stories",
}
