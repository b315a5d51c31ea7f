"""The saved searches always at hand, as newsboat's feed list: a short list under the briefings, each search
with unread/total, how many are new since it was last opened, and its weekly trend; enter runs one.

Matching is counted in a worker (a search per saved search) when the index opens or takes in briefings;
what a read mark changes is counted again at once from the matches kept, without searching. The rows are
drawn here for the `s` dialog too (tui/screens/saved_searches.py), which adds each search's query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from briefings import saved_searches as saved
from briefings.errors import BriefingError
from briefings.library import Library
from tui.blocks import plain
from tui.jobs import Done, finish
from tui.protocols import reader_app
from tui.widgets.trend import last_day, sparkline, weekly_counts

NO_SEARCHES = "No saved searches yet: ctrl+s in the search saves the current one."
PROBLEM_SHORT = "mistake in the query: see s"


@dataclass(frozen=True)
class Tracked:
    """A saved search and what its last count found: the briefings it matches (None while counting, or
    when its query has a mistake, said in `problem`), when each arrived, and matches per week."""

    search: saved.SavedSearch
    matching: frozenset[str] | None = None
    arrived: Mapping[str, dt.datetime | None] = field(default_factory=dict)
    """When each match unread at the count arrived (looked up only for those, and only once the search
    was viewed); one missing counts as new, as `saved.count` says."""
    weeks: tuple[int, ...] = ()
    problem: str = ""

    def counts(self, read: set[str]) -> saved.Counts | None:
        """Unread and new as the read marks stand now (the matches as last counted)."""
        if self.matching is None:
            return None
        return saved.count(self.search, set(self.matching), read, self.arrived.get)


def track(engine: saved.Searcher, library: Library, searches: Iterable[saved.SavedSearch],
          read: set[str]) -> list[Tracked]:
    """Each search counted: its matches, when the unread ones arrived (a story that arrived again is new
    again) and its matches per week ending with the library's newest briefing. Slow: call it from a
    worker, with a copy of the read marks."""
    ending = last_day(library)
    found: list[Tracked] = []
    for search in searches:
        try:
            matching = saved.matching_briefings(engine, search)
        except BriefingError as error:
            found.append(Tracked(search, problem=str(error)))
            continue
        entries = library.entries_for(matching)
        weeks = weekly_counts((entry.date for entry in entries.values()), ending)
        unread = matching - read if search.last_viewed is not None else set()
        arrivals = {briefing_id: saved.arrived(library, briefing_id) for briefing_id in unread}
        found.append(Tracked(search, frozenset(matching), arrivals, weeks))
    return found


def summary_line(row: Tracked, read: set[str], *, trend: bool = True) -> Text:
    """Name, unread/total, "N new" and (`trend`) the weekly trend or the query's mistake; the name is
    data, never markup."""
    line = plain(row.search.name, "bold")
    counts = row.counts(read)
    if row.problem:
        if trend:
            line.append_text(plain(f"  {row.problem}", "red"))
    elif counts is None:
        line.append("  counting…", style="dim")
    else:
        line.append(f"  {counts.unread}/{counts.total}")
        if counts.new:
            line.append(f"  {counts.new} new", style="bold")
        if trend and row.weeks:
            line.append("  ")
            line.append_text(sparkline(row.weeks))
    return line


def side_row(row: Tracked, read: set[str]) -> Text:
    """The side list's two lines: the name and counts; the trend, or that the query has a mistake (the
    `s` dialog says which, with room for it)."""
    second = (Text(PROBLEM_SHORT, "red") if row.problem else sparkline(row.weeks) if row.weeks
              else Text(""))
    return Text("\n").join([summary_line(row, read, trend=False), Text("  ").append_text(second)])


def query_line(search: saved.SavedSearch) -> Text:
    """The query with its filters, as typed in the box (data, never markup), dimmed."""
    return plain(" ".join([search.query, *(f"{name}:{value}" for name, value in search.filters)]), "dim")


class SavedList(Vertical):
    """Shown by default where the list has room beside the reader (NARROW_BELOW columns and more) and
    there are saved searches; the toggle key shows or hides it at any width (shown empty, it says how to
    save one)."""

    class Chosen(Message):
        """Enter on a saved search: the screen runs it."""

        def __init__(self, search: saved.SavedSearch) -> None:
            super().__init__()
            self.search = search

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tracked: list[Tracked] = []
        self.wanted: bool | None = None
        """The toggle; None until pressed: then the width decides (`fit`)."""
        self._wide = False
        self._said: set[str] = set()
        """Problems with the saved-searches file already said, so a recount does not say them again."""

    def compose(self) -> ComposeResult:
        yield Static(Text("Saved searches", style="bold"), classes="pane-title")
        yield OptionList(id="saved-list-options")

    def on_mount(self) -> None:
        self.recount(None)  # the names at once; the counts once the index opens

    @property
    def options(self) -> OptionList:
        return self.query_one(OptionList)

    def fit(self, wide: bool) -> None:
        """Shown as toggled, else where the screen is `wide` and searches are saved."""
        self._wide = wide
        self._show()

    def _show(self) -> None:
        self.display = self._wide and bool(self.tracked) if self.wanted is None else self.wanted

    def toggle(self) -> str:
        self.wanted = not self.display
        self._show()
        if not self.display and self.options.has_focus:
            self.screen.focus_next()
        return "Saved searches shown" if self.display else "Saved searches hidden"

    def recount(self, engine: saved.Searcher | None) -> None:
        """Load the saved searches and count them again, in a worker; without an index yet, only list
        them (the counts follow when it opens)."""
        self.count(engine, reader_app(self).library, set(reader_app(self).state.read))

    @work(thread=True, exclusive=True, group="saved-list", exit_on_error=False)
    def count(self, engine: saved.Searcher | None, library: Library, read: set[str]) -> Done:
        found = saved.load(library.root)
        rows = (track(engine, library, found.searches, read) if engine is not None
                else [Tracked(search) for search in found.searches])
        return partial(self._counted, rows, found.problems)

    def _counted(self, rows: list[Tracked], problems: tuple[str, ...]) -> None:
        for problem in problems:
            if problem not in self._said:
                self.notify(problem, title="Saved searches", severity="warning", markup=False)
        self._said = set(problems)
        self.tracked = rows
        self.show_counts()
        self._show()

    def show_counts(self) -> None:
        """Draw the rows with the read marks as they are now (after reading or marking read)."""
        read = reader_app(self).state.read
        options = self.options
        if not self.tracked:
            options.set_options([Option(Text(NO_SEARCHES, style="dim"), disabled=True)])
            return
        highlighted = options.highlighted
        options.set_options([Option(side_row(row, read), id=str(number))
                             for number, row in enumerate(self.tracked)])
        options.highlighted = min(highlighted or 0, len(self.tracked) - 1)

    @on(OptionList.OptionSelected, "#saved-list-options")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(self.tracked[int(event.option.id)].search))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if (error := finish(event)) is not None:
            self.notify(f"Counting saved searches failed: {error}", severity="error", markup=False)

