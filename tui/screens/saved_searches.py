"""The `s` dialog: the saved searches, each with "unread/total", how many are new since it was last opened
and its trend (drawn as the side list draws them, tui/widgets/saved_list.py) and its query below; enter
runs one in the search pane, `d` forgets one. Counted in a worker when the view opens, and again when the
index takes in briefings (the library service's polling, another process's ingest)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from briefings import saved_searches as saved
from briefings.errors import BriefingError
from briefings.library import Library
from tui.actions import Context, bindings
from tui.jobs import Done, finish
from tui.layout import NARROW_BELOW
from tui.library_service import LibraryService
from tui.protocols import reader_app
from tui.screens.dialog import ListDialog
from tui.widgets.reader import Reader
from tui.widgets.saved_list import NO_SEARCHES, SavedList, Tracked, query_line, summary_line, track
from tui.widgets.search_pane import SearchPane


class SavedSearchesScreen(ListDialog[saved.SavedSearch | None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings(Context.SAVED)

    def __init__(self, engine: saved.Searcher | None) -> None:
        super().__init__()
        self.engine = engine
        self.counted: list[Tracked] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="saved-body"):
            yield Static(Text("Saved searches", style="bold"), classes="pane-title")
            yield OptionList(id="saved-options")
            yield Static(Text("enter runs · d removes · escape closes", style="dim"))

    def on_mount(self) -> None:
        found = saved.load(reader_app(self).library.root)
        for problem in found.problems:
            self.notify(problem, severity="warning", markup=False)
        self.counted = [Tracked(search) for search in found.searches]
        self._fill()
        self.recount()

    def recount(self) -> None:
        """Count again, in a worker: the main screen calls this when the index took in new briefings."""
        if self.engine is not None and self.counted:
            self.count(self.engine, reader_app(self).library, [row.search for row in self.counted],
                       set(reader_app(self).state.read))

    @work(thread=True, exclusive=True, group="saved-counts", exit_on_error=False)
    def count(self, engine: saved.Searcher, library: Library, searches: list[saved.SavedSearch],
              read: set[str]) -> Done:
        return partial(self._counted, track(engine, library, searches, read))

    def _counted(self, counted: list[Tracked]) -> None:
        names = {row.search.name for row in self.counted}  # one removed meanwhile stays removed
        self.counted = [row for row in counted if row.search.name in names]
        self._fill()

    def _fill(self) -> None:
        listing = self.query_one(OptionList)
        highlighted = listing.highlighted
        if not self.counted:
            listing.set_options([Option(Text(NO_SEARCHES, style="dim"), disabled=True)])
            return
        read = reader_app(self).state.read
        listing.set_options([Option(Text("\n").join([summary_line(row, read), query_line(row.search)]),
                                    id=str(number))
                             for number, row in enumerate(self.counted)])
        listing.highlighted = min(highlighted or 0, len(self.counted) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.counted[int(event.option.id)].search)

    def action_remove(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None or index >= len(self.counted):
            return
        root = reader_app(self).library.root
        try:
            saved.write(root, saved.removed(saved.load_for_change(root), self.counted[index].search.name))
        except (BriefingError, OSError) as error:
            self.notify(str(error), severity="error", markup=False)
            return
        del self.counted[index]
        self._fill()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if (error := finish(event)) is not None:
            self.notify(f"Counting saved searches failed: {error}", severity="error", markup=False)


class SavedSearchKeys:
    """The main screen's saved-search keys: open the view, show or hide the side list, run a search, save
    the search shown, mark its results read, and walk its unread results (tui/screens/main.py delegates
    here, as it does to `Workbench`)."""

    def __init__(self, screen: Screen[Any], open_briefing: Callable[[str, int], None],
                 show_list: Callable[[], None]) -> None:
        self.screen = screen
        self.open_briefing = open_briefing
        self.show_list = show_list

    @property
    def pane(self) -> SearchPane:
        return self.screen.query_one(SearchPane)

    @property
    def side_list(self) -> SavedList:
        return self.screen.query_one(SavedList)

    @property
    def engine(self) -> saved.Searcher | None:
        return self.screen.query_one(LibraryService).index

    def index_changed(self) -> None:
        """The index opened, or took in briefings (the inbox, another process): count again."""
        self.side_list.recount(self.engine)
        if isinstance(view := self.screen.app.screen, SavedSearchesScreen):
            view.recount()

    def read_changed(self) -> None:
        """Briefings were read, or became unread: the side list's counts follow at once."""
        self.side_list.show_counts()

    def fit_list(self, width: int) -> None:
        """The side list shown by default where the list has room beside the reader."""
        self.side_list.fit(width >= NARROW_BELOW)

    def toggle_list(self) -> None:
        self.screen.notify(self.side_list.toggle())

    def open_view(self) -> None:
        def chosen(search: saved.SavedSearch | None) -> None:
            if search is not None:
                self.run(search)
            else:  # one may have been forgotten there
                self.side_list.recount(self.engine)

        self.screen.app.push_screen(SavedSearchesScreen(self.engine), chosen)

    def run(self, search: saved.SavedSearch) -> None:
        """The search in the box with its filters, remembered as viewed now: what arrives later is new."""
        screen, pane = self.screen, self.pane
        root = reader_app(screen).library.root
        try:
            saved.write(root, saved.viewed(saved.load_for_change(root), search.name))
        except (BriefingError, OSError) as error:  # the search still runs; only "new" stays as it was
            screen.notify(f"Cannot remember viewing {search.name}: {error}", severity="warning",
                          markup=False)
        self.show_list()
        pane.run_saved(search.query, search.filters)
        screen.set_focus(pane.listing)
        self.side_list.recount(self.engine)

    def save_current(self) -> None:
        screen = self.screen
        query, filters = self.pane.query_text, self.pane.filters
        if not query and not filters:
            screen.notify("Nothing to save: search first (/).", severity="warning")
            return
        root = reader_app(screen).library.root

        def named(name: str | None) -> None:
            if not name:
                return
            try:
                searches = saved.added(saved.load_for_change(root), name, query, filters)
                saved.write(root, searches)
            except (BriefingError, OSError) as error:
                screen.notify(str(error), severity="error", markup=False)
                return
            screen.notify(f"Saved search {searches[-1].name}", markup=False)
            self.side_list.recount(self.engine)

        from tui.screens.note_dialog import AskDialog

        shown = " ".join([query, *(f"{field}:{value}" for field, value in filters.items())])
        screen.app.push_screen(AskDialog("Save search", f"A name for: {shown}", default=query), named)

    def mark_results_read(self) -> None:
        screen, app = self.screen, reader_app(self.screen)
        ids = self._result_briefings()
        if not ids:
            screen.notify("No search results to mark read: search first (/).", severity="warning")
            return
        app.state.mark_read(*ids)
        app.save_state()
        self.pane.listing.redraw()
        self.read_changed()
        screen.notify(f"Marked {len(ids)} briefing{'s' if len(ids) != 1 else ''} read")

    def toggle_unread_only(self) -> None:
        self.screen.notify(self.pane.toggle_unread_only())

    def step_unread(self, step: int) -> None:
        """The next (`step` 1) or previous (-1) result whose briefing is unread, from the open one, round
        again at the end; opening it marks it read, so the same key walks them all."""
        screen = self.screen
        results = self.pane.results
        if results is None:
            screen.notify("No search results: search first (/).", severity="warning")
            return
        from search import group_by_briefing

        order = [(briefing_id, hits[0].card_index) for briefing_id, hits in group_by_briefing(results.hits)]
        briefing = screen.query_one(Reader).briefing
        opened = [index for index, (briefing_id, _) in enumerate(order)
                  if briefing is not None and briefing_id == briefing.id]
        if step < 0:
            order.reverse()
            opened = [len(order) - 1 - index for index in opened]
        start = opened[0] + 1 if opened else 0
        read = reader_app(screen).state.read
        unread = [place for place in order[start:] + order[:start] if place[0] not in read]
        if not unread:
            screen.notify("No unread search results.", severity="information")
            return
        self.open_briefing(*unread[0])

    def _result_briefings(self) -> list[str]:
        results = self.pane.results
        return list(dict.fromkeys(hit.briefing_id for hit in results.hits)) if results is not None else []
