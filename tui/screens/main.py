"""The three panes: briefing list (or search hits), reader, entity panel; and the work behind them.

Everything slow runs in thread workers (opening the index, searching, loading a briefing, finding
mentions). One `Worker.StateChanged` handler applies results and turns failures into notifications;
stale search results are dropped by generation number, so the list always shows the latest query.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from briefings.catalog import CatalogEntry, TimelineRow
from briefings.library import EMPTY_LIBRARY, IngestOutcome, IngestStatus
from briefings.model import Briefing, Entity
from briefings.wording import card_title, extra_heading
from tui.render import match_words, plain
from tui.state import Bookmark
from tui.widgets.briefing_list import BriefingList, CatalogRows, HitRow, HitRows, Target
from tui.widgets.entity_panel import EntityPanel
from tui.widgets.reader import Page, Reader, Settings, prepare

if TYPE_CHECKING:
    from search import SearchIndex, SearchResults
    from tui.app import BriefingApp

FIRST_SCREEN_ENTRIES = 2_000
"""Larger libraries show their newest briefings at once and the full list from a worker."""
WATCH_INTERVAL = 1.0
"""Seconds between looks at the inbox folder."""
POLL_INTERVAL = 2.0
"""Seconds between looks for briefings other processes added or removed, and for their index commits."""
Polled = tuple[tuple[int, int], list[CatalogEntry] | None, int, bool]
"""The catalog's stamp, its entries when they changed, how many of those are new, and whether the index
(or the count of briefings it still lacks) did."""

TIMELINE_LIMIT = 200
"""Dated events listed for an entity: a screenful of years; the CLI prints them all."""
TYPING_LIMIT = 20
SUBMIT_LIMIT = 100
SAVE_DELAY = 1.0
"""Seconds of staying on a card before the reading position is written."""
Loaded = tuple[Briefing, Page, frozenset[str], int, bool]


class SearchBox(Input):
    """The query box; down moves to the results."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "down",
            "app.focus_next",
            "Results",
            show=False,
            id="search.results",
            tooltip="Move to the results",
        ),
    ]


class MainScreen(Screen[None]):
    AUTO_FOCUS = "#briefings"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash", "focus_search", "Search", id="main.search", tooltip="Put the cursor in the search box"
        ),
        Binding(
            "escape",
            "clear_search",
            "Clear search",
            show=False,
            id="main.clear_search",
            tooltip="Clear the search and its filters; show every briefing",
        ),
        Binding(
            "n",
            "next_hit",
            "Next hit",
            show=False,
            id="main.next_hit",
            tooltip="Next card of the open briefing that matches the search",
        ),
        Binding(
            "N",
            "previous_hit",
            "Previous hit",
            show=False,
            id="main.previous_hit",
            tooltip="Previous card that matches the search",
        ),
        Binding(
            "f",
            "facets",
            "Filter",
            id="main.facets",
            tooltip="Filter results by kind, outlet, entity, topic, quality",
        ),
        Binding(
            "F",
            "figures",
            "Figures",
            id="main.figures",
            tooltip="Figures side by side, disagreeing ones first",
        ),
        Binding(
            "e", "toggle_entities", "Entities", id="main.entities", tooltip="Show or hide the entity panel"
        ),
        Binding(
            "b",
            "bookmark",
            "Bookmark",
            id="main.bookmark",
            tooltip="Bookmark the current card (again to remove)",
        ),
        Binding(
            "B",
            "bookmarks",
            "Bookmarks",
            show=False,
            id="main.bookmarks",
            tooltip="List bookmarks; enter opens one, d removes it",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.index: SearchIndex | None = None
        self.results: SearchResults | None = None
        self.filters: dict[str, str] = {}
        self.briefing: Briefing | None = None
        self._generation = 0
        self._save_timer: Any = None
        self._stamp = (0, 0)
        self._polling = self._poll_again = self._keep_place = False
        self._poll_failure = ""

    @property
    def reader_app(self) -> BriefingApp:
        from tui.app import BriefingApp

        assert isinstance(self.app, BriefingApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="≡")
        with Horizontal(id="panes"):
            with Vertical(id="left"):
                yield SearchBox(placeholder="/ search all cards", id="search")
                yield Static(Text(""), id="status")
                yield BriefingList(id="briefings")
            yield Reader(id="reader")
            yield EntityPanel(id="entity-panel")
        yield Footer()

    def on_mount(self) -> None:
        app = self.reader_app
        library = app.library
        self._stamp = library.stamp()
        self.total = len(library)
        if self.total > FIRST_SCREEN_ENTRIES:  # the newest now, all of them from a worker (1 s at 200,000)
            self.entries = library.newest_entries(FIRST_SCREEN_ENTRIES)
            self.load_catalogue()
        else:
            self.entries = library.entries()
        self.title = library.root.name or str(library.root)
        self.sub_title = f"{self.total:,} briefings"
        self.show_catalogue()
        self.set_interval(POLL_INTERVAL, self.poll)
        state = app.state
        if state.last_briefing and state.last_briefing in library:
            self.open_briefing(state.last_briefing, state.last_card, focus_reader=False)
            self.query_one(BriefingList).move_to(state.last_briefing)
        else:
            self.query_one(EntityPanel).show_briefing(None)
        self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        """The catalogue, widgets and styles live as long as the app: freezing them keeps the garbage
        collector's full passes (60-110 ms pauses with 20,000 briefings loaded) from ever walking them."""
        gc.freeze()
        self.open_index()

    # Status and list ------------------------------------------------------------------------

    def set_status(self, message: str) -> None:
        self.query_one("#status", Static).update(plain(message))

    def show_catalogue(self) -> None:
        state = self.reader_app.state
        rows = CatalogRows(self.entries, state.read.__contains__, state.is_bookmarked)
        listing = self.query_one(BriefingList)
        listing.placeholder = "" if self.entries else EMPTY_LIBRARY
        if isinstance(listing.rows, CatalogRows):
            listing.replace_rows(rows)
        else:
            listing.show_rows(rows)
            if self.briefing is not None:
                listing.move_to(self.briefing.id)
        self.set_status(self._catalogue_status())

    def _catalogue_status(self, new: int = 0) -> str:
        if not self.entries:
            return "0 briefings"  # the list says how to add some
        parts = [f"{self.total:,} briefings, newest first"]
        if new:
            parts.append(f"{new:,} new")
        if self.index is not None and self.index.pending:
            parts.append(f"{self.index.pending:,} still being indexed")
        return " · ".join(parts)

    @work(thread=True, exclusive=True, group="catalogue", exit_on_error=False)
    def load_catalogue(self) -> list[CatalogEntry]:
        return self.reader_app.library.entries()

    def _catalogue_loaded(self, entries: list[CatalogEntry]) -> None:
        self.entries, self.total = entries, len(entries)
        gc.freeze()  # the full catalogue lives as long as the app (see _after_first_paint)
        if not (self.query_text or self.filters):
            self.show_catalogue()

    def show_results(self, results: SearchResults) -> None:
        from search import group_by_briefing

        if results.error:  # under the box, which shows the query; the last good results stay listed
            self.set_status(results.error)
            return
        self.results = results
        rows: list[HitRow] = []
        for briefing_id, hits in group_by_briefing(results.hits):
            first = hits[0]
            date = first.date.isoformat() if first.date else ""
            count = f"{len(hits)} hit{'s' if len(hits) > 1 else ''}"
            rows.append(
                HitRow(
                    Target(briefing_id, first.card_index), title=first.briefing_title, date=date, detail=count
                )
            )
            for hit in hits:
                label = hit.card_kind.label
                extra = extra_heading(hit.card_kind, hit.heading)
                heading = f"{label} · {extra}" if extra else label
                rows.append(
                    HitRow(Target(briefing_id, hit.card_index), heading=heading, fragment=hit.fragment)
                )
        if not results.hits:
            rows.append(HitRow(None, note=f"No hits for “{results.query}”."))
        if results.suggestion:
            rows.append(HitRow(None, note=f"Did you mean: {results.suggestion}"))
        listing = self.query_one(BriefingList)
        (listing.replace_rows if self._keep_place else listing.show_rows)(HitRows(rows))
        self.set_status(self._describe(results))
        self._highlight_open_briefing()

    def _describe(self, results: SearchResults) -> str:
        briefings = len({hit.briefing_id for hit in results.hits})
        shown = (
            f"{len(results.hits)} of {results.total:,}"
            if results.total > len(results.hits)
            else f"{results.total}"
        )
        parts = [
            f"{shown} hit{'s' if results.total != 1 else ''} in {briefings} "
            f"briefing{'s' if briefings != 1 else ''}"
        ]
        if self.filters:
            parts.append("filter " + ", ".join(f"{key}: {value}" for key, value in self.filters.items()))
        if results.partial:
            parts.append("stopped early")
        if self.index is not None and self.index.pending:
            parts.append(f"{self.index.pending:,} briefings still being indexed")
        return " · ".join(parts)

    # Searching ------------------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        self.start_search(as_you_type=True)

    @on(Input.Submitted, "#search")
    def _submitted(self, event: Input.Submitted) -> None:
        self.start_search(as_you_type=False)
        self.set_focus(self.query_one(BriefingList))

    @property
    def query_text(self) -> str:
        return self.query_one(SearchBox).value.strip()

    def start_search(self, *, as_you_type: bool, with_facets: bool = False, keep_place: bool = False) -> None:
        """`keep_place`: the same query again on a changed index, the cursor staying on its hit."""
        self._generation += 1
        self._keep_place = keep_place
        if not self.query_text and not self.filters:
            self.results = None
            self.show_catalogue()
            self._highlight_open_briefing()
            return
        if self.index is None:
            self.set_status("Opening the search index… the search runs as soon as it is ready.")
            return
        self.run_search(
            self.index, self.query_text, dict(self.filters), self._generation, as_you_type, with_facets
        )

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(
        self,
        index: SearchIndex,
        text: str,
        filters: dict[str, str],
        generation: int,
        as_you_type: bool,
        with_facets: bool,
    ) -> tuple[int, SearchResults, bool] | None:
        """Debounced by the index lock rather than a timer: a keystroke waits only while an earlier
        search runs, and of the keystrokes that waited only the newest searches (exclusive workers
        cancel the others), so results follow typing by one search time, never a fixed delay."""
        import search

        worker = get_current_worker()
        with index.reading():  # one search at a time: a newer keystroke waiting here makes this one moot
            if worker.is_cancelled:
                return None
            results = search.search(
                index,
                text,
                filters=filters,
                as_you_type=as_you_type,
                limit=TYPING_LIMIT if as_you_type else SUBMIT_LIMIT,
                facets=True if with_facets else None,
            )
        return None if worker.is_cancelled else (generation, results, with_facets)

    def _search_done(self, outcome: tuple[int, SearchResults, bool] | None) -> None:
        if outcome is None or outcome[0] != self._generation:
            return
        _generation, results, wants_facets = outcome
        self.show_results(results)
        if wants_facets and not results.error:
            self._show_facets(results)

    def action_focus_search(self) -> None:
        self.set_focus(self.query_one(SearchBox))

    def action_clear_search(self) -> None:
        box = self.query_one(SearchBox)
        if not box.value and not self.filters:
            self.set_focus(self.query_one(BriefingList))
            return
        self.filters = {}
        with box.prevent(Input.Changed):
            box.value = ""
        self.start_search(as_you_type=True)
        self.set_focus(self.query_one(BriefingList))

    # Facets ---------------------------------------------------------------------------------

    def action_facets(self) -> None:
        if not self.query_text and not self.filters:
            self.notify("Search first: the filter lists the facets of the current query.", severity="warning")
            return
        if self.results is not None and self.results.facets:
            self._show_facets(self.results)
        else:
            self.start_search(as_you_type=True, with_facets=True)

    def _show_facets(self, results: SearchResults) -> None:
        from tui.screens.facets import FacetScreen

        def apply(filters: dict[str, str] | None) -> None:
            if filters is not None and filters != self.filters:
                self.filters = filters
                self.start_search(as_you_type=True)

        self.app.push_screen(FacetScreen(results.facets, self.filters), apply)

    # Hits inside the open briefing ----------------------------------------------------------

    def _hit_cards(self) -> list[int]:
        if self.results is None or self.briefing is None:
            return []
        return sorted({hit.card_index for hit in self.results.hits if hit.briefing_id == self.briefing.id})

    def _hit_words(self, briefing_id: str) -> frozenset[str]:
        """The words the current search matched in a briefing, for the reader to highlight."""
        if self.results is None:
            return frozenset()
        return match_words(hit.fragment for hit in self.results.hits if hit.briefing_id == briefing_id)

    def _highlight_open_briefing(self) -> None:
        if self.briefing is not None:
            self.query_one(Reader).set_highlight(self._hit_words(self.briefing.id))

    def _step_hit(self, step: int) -> None:
        cards = self._hit_cards()
        if not cards:
            self.notify("No search hits in this briefing.", severity="warning")
            return
        reader = self.query_one(Reader)
        current = reader.cursor_card
        following = (
            [c for c in cards if c > current] if step > 0 else [c for c in reversed(cards) if c < current]
        )
        target = following[0] if following else (cards[0] if step > 0 else cards[-1])
        reader.go_to_card(target)
        position = cards.index(target) + 1
        self.set_status(f"Hit {position} of {len(cards)} in this briefing")

    def action_next_hit(self) -> None:
        self._step_hit(1)

    def action_previous_hit(self) -> None:
        self._step_hit(-1)

    # Opening briefings ----------------------------------------------------------------------

    @on(BriefingList.Opened)
    def _list_opened(self, event: BriefingList.Opened) -> None:
        self.open_briefing(event.target.briefing_id, event.target.card_index)

    def open_briefing(
        self, briefing_id: str, card_index: int | None = None, *, focus_reader: bool = True
    ) -> None:
        if card_index is None:
            state = self.reader_app.state
            card_index = state.last_card if state.last_briefing == briefing_id else 0
        words = self._hit_words(briefing_id)
        settings = self.query_one(Reader).settings()
        self.load_briefing(briefing_id, card_index, focus_reader, words, settings)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def load_briefing(
        self, briefing_id: str, card_index: int, focus_reader: bool, words: frozenset[str], settings: Settings
    ) -> Loaded:
        """Reading the YAML, rendering the cards and wrapping them all happen here, off the event loop."""
        try:
            briefing = self.reader_app.library.get(briefing_id)
        except KeyError:
            raise LookupError(f"Briefing {briefing_id} is no longer in the library.") from None
        return briefing, prepare(briefing, settings), words, card_index, focus_reader

    def _briefing_loaded(
        self, briefing: Briefing, page: Page, words: frozenset[str], card_index: int, focus_reader: bool
    ) -> None:
        self.briefing = briefing
        reader = self.query_one(Reader)
        reader.show(briefing, card_index, words, page)
        self.query_one(EntityPanel).show_briefing(briefing)
        state = self.reader_app.state
        state.read.add(briefing.id)
        state.last_briefing, state.last_card = briefing.id, card_index
        self.reader_app.save_state()
        self.query_one(BriefingList).redraw()
        if focus_reader:
            self.set_focus(reader)

    @on(Reader.CardChanged)
    def _card_changed(self, event: Reader.CardChanged) -> None:
        state = self.reader_app.state
        if (state.last_briefing, state.last_card) == (event.briefing_id, event.card_index):
            return
        state.last_briefing, state.last_card = event.briefing_id, event.card_index
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.reader_app.save_state)

    # Figures --------------------------------------------------------------------------------

    def action_figures(self) -> None:
        from tui.screens.figures import FiguresScreen

        if self.briefing is None:
            self.notify("Open a briefing first.", severity="warning")
            return

        def chosen(target: Target | None) -> None:
            if target is not None:
                self.go_to(target)

        self.app.push_screen(FiguresScreen(self.briefing, self.reader_app.library, self.index), chosen)

    def go_to(self, target: Target) -> None:
        """A card of the open briefing is shown at once; another briefing is loaded first."""
        reader = self.query_one(Reader)
        if self.briefing is not None and target.briefing_id == self.briefing.id:
            reader.go_to_card(target.card_index or 0)
            self.set_focus(reader)
        else:
            self.open_briefing(target.briefing_id, target.card_index or 0)

    # Entities -------------------------------------------------------------------------------

    def action_toggle_entities(self) -> None:
        panel = self.query_one(EntityPanel)
        panel.display = not panel.display
        if not panel.display and panel.has_focus_within:
            self.set_focus(self.query_one(Reader))

    @on(EntityPanel.EntityChosen)
    def _entity_chosen(self, event: EntityPanel.EntityChosen) -> None:
        self.find_timeline(event.entity)
        if self.index is None:
            self.query_one(EntityPanel).show_mentions(event.entity, ())
            self.notify("The search index is still opening; try again in a moment.", severity="warning")
            return
        self.find_mentions(self.index, event.entity, self.briefing.id if self.briefing else None)

    @work(thread=True, exclusive=True, group="timeline", exit_on_error=False)
    def find_timeline(self, entity: Entity) -> tuple[Entity, list[TimelineRow]]:
        """One indexed query on the catalog, but still off the event loop: the disk may be slow."""
        return entity, self.reader_app.library.timeline_for(entity.name, limit=TIMELINE_LIMIT)

    @work(thread=True, exclusive=True, group="mentions", exit_on_error=False)
    def find_mentions(
        self, index: SearchIndex, entity: Entity, exclude: str | None
    ) -> tuple[Entity, list[Any]]:
        import search

        return entity, search.briefings_mentioning(index, entity.name, exclude=exclude)

    @on(EntityPanel.BriefingChosen)
    def _mention_chosen(self, event: EntityPanel.BriefingChosen) -> None:
        self.go_to(Target(event.briefing_id, event.card_index))

    def go_to_entity(self, name: str) -> None:
        """From the command palette: show the panel, select the entity, its timeline and mentions."""
        panel = self.query_one(EntityPanel)
        panel.display = True
        entity = panel.select_entity(name)
        if entity is not None:
            panel.choose(entity)

    # Bookmarks ------------------------------------------------------------------------------

    def action_bookmark(self) -> None:
        if self.briefing is None:
            self.notify("Open a briefing first.", severity="warning")
            return
        card_index = self.query_one(Reader).cursor_card
        heading = ""
        if 0 <= card_index < len(self.briefing.cards):
            card = self.briefing.cards[card_index]
            heading = card_title(card.kind, card.heading)
        added = self.reader_app.state.toggle_bookmark(
            Bookmark(self.briefing.id, card_index, self.briefing.title, heading)
        )
        self.reader_app.save_state()
        self.query_one(BriefingList).redraw()
        self.notify(
            f"{'Bookmarked' if added else 'Removed bookmark'}: {self.briefing.title} — {heading}",
            markup=False,
        )

    def action_bookmarks(self) -> None:
        from tui.screens.bookmarks import BookmarksScreen

        def chosen(bookmark: Bookmark | None) -> None:
            self.query_one(BriefingList).redraw()
            if bookmark is not None:
                self.open_briefing(bookmark.briefing_id, bookmark.card_index)

        self.app.push_screen(BookmarksScreen(), chosen)

    # The search index -----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def open_index(self) -> SearchIndex:
        import search
        from search import SearchIndex

        def progress(done: int, total: int) -> None:
            if done == total or done % 200 == 0:
                self.app.call_from_thread(
                    self.set_status, f"Indexing briefings for search: {done:,} of {total:,}"
                )

        index = SearchIndex.open(None, self.reader_app.library, on_progress=progress)
        search.warm(index)  # word and facet tables now, so the first keystroke's search is fast
        return index

    def _index_opened(self, index: SearchIndex) -> None:
        self.index = index
        self.reader_app.index = index
        gc.freeze()
        for message in index.messages:
            self.notify(message, markup=False)
        if self.reader_app.watch_folder is not None:
            self.watch_inbox(self.reader_app.watch_folder, index)
        if self.query_text or self.filters:
            self.start_search(as_you_type=True)
        else:
            self.set_status(self._catalogue_status())

    # Other processes ------------------------------------------------------------------------

    def poll(self) -> None:
        """Every POLL_INTERVAL, and after the inbox ingests: look for changes, in a worker."""
        if self._polling:
            self._poll_again = True
            return
        self._polling, self._poll_again = True, False
        self.poll_library(self.index, self._stamp, self.entries)

    @work(thread=True, group="poll", exit_on_error=False)
    def poll_library(
        self, index: SearchIndex | None, stamp: tuple[int, int], entries: list[CatalogEntry]
    ) -> Polled:
        """A pragma and a stat or two when nothing changed. While an ingest elsewhere leaves briefings
        unindexed, they are counted again each time; once it has ended, whatever it left is indexed."""
        library = self.reader_app.library
        now = library.stamp()
        changed = library.entries() if now != stamp else None
        new = len({e.id for e in changed} - {e.id for e in entries}) if changed is not None else 0
        index_changed = index is not None and index.refresh()
        if index is not None and index.pending:
            pending = index.pending
            index.reconcile(library)  # while the ingest runs, this only counts
            index_changed = index_changed or index.pending != pending
        return now, changed, new, index_changed

    def _library_polled(self, polled: Polled) -> None:
        self._stamp, entries, new, index_changed = polled
        searching = bool(self.query_text or self.filters)
        if entries is not None:
            self.entries, self.total = entries, len(entries)
            self.sub_title = f"{self.total:,} briefings"
            if not searching:
                self.show_catalogue()
                self.set_status(self._catalogue_status(new))
        if searching and index_changed and self.index is not None:
            self.start_search(as_you_type=False, keep_place=True)
        elif not searching and index_changed and entries is None:
            self.set_status(self._catalogue_status())

    # The inbox (`briefing --watch FOLDER`) ---------------------------------------------------

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def watch_inbox(self, folder: Path, index: SearchIndex) -> None:
        """Ingest what arrives in `folder` while the reader is open; the list follows."""
        import search
        from briefings.inbox import Inbox

        library = self.reader_app.library
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
        worker = event.worker
        if worker.group == "poll" and event.state in (WorkerState.SUCCESS, WorkerState.ERROR):
            self._polled(worker, event.state)
            return
        if event.state is WorkerState.ERROR and worker.group == "search":  # one line, not a toast a keystroke
            self.set_status(f"{_FAILURES['search']}: {worker.error or 'no reason given'}")
            return
        if event.state is WorkerState.ERROR:
            error = worker.error
            self.notify(
                str(error) if error else "Something went wrong.",
                title=_FAILURES.get(worker.group, ""),
                severity="error",
                markup=False,
            )
            return
        if event.state is not WorkerState.SUCCESS or worker.result is None:
            return
        handlers: dict[str, Callable[..., None]] = {
            "search": self._search_done,
            "open": lambda result: self._briefing_loaded(*result),
            "mentions": lambda result: self.query_one(EntityPanel).show_mentions(*result),
            "timeline": lambda result: self.query_one(EntityPanel).show_timeline(*result),
            "index": self._index_opened,
            "catalogue": self._catalogue_loaded,
        }
        handler = handlers.get(worker.group)
        if handler is not None:
            handler(worker.result)

    def _polled(self, worker: Worker[Any], state: WorkerState) -> None:
        """A failure is said once, not every POLL_INTERVAL (a replaced index may take a moment to open)."""
        self._polling = False
        if state is WorkerState.ERROR:
            if str(worker.error) != self._poll_failure:
                self.notify(str(worker.error), title="Could not follow the library", severity="warning",
                            markup=False)
            self._poll_failure = str(worker.error)
        elif worker.result is not None:
            self._poll_failure = ""
            self._library_polled(worker.result)
        if self._poll_again:
            self.poll()

_FAILURES = {
    "search": "Search failed",
    "open": "Could not open the briefing",
    "mentions": "Entity lookup failed",
    "timeline": "Could not read the timeline",
    "index": "Search is unavailable",
    "watch": "The inbox stopped",
    "catalogue": "Could not list the library",
}
