"""The left pane: the search box, its status line and the list (every briefing, or the hits of the query),
with the searches behind them. Stale results are dropped by generation number, so the list always shows
the latest query; the screen hears of new results through `ResultsShown` and of a choice through
`BriefingList.Opened`."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import Worker, get_current_worker

from briefings.archive import archived_ids
from briefings.archive import load as load_archive
from briefings.catalog import CatalogEntry
from briefings.grouping import Story
from briefings.library import EMPTY_LIBRARY, Library
from briefings.story_library import StoryShelf
from briefings.wording import briefing_date, date_label, extra_heading
from tui.actions import BY_ID, Context, bindings
from tui.blocks import plain
from tui.jobs import Done, finish
from tui.protocols import reader_app
from tui.render import plural
from tui.search_marks import match_words
from tui.widgets.briefing_list import BriefingList, CatalogRows, HitRow, HitRows, Target
from tui.widgets.filter_chips import (
    NAMED_FACETS,
    Filter,
    FilterChips,
    FilterEdit,
    Names,
    kept_filters,
    name_values,
    toggle_pins,
)
from tui.widgets.saved_list import SavedList

if TYPE_CHECKING:
    from search import SearchEngine, SearchResults
    from search.by_story import StoryResults, StoryRow
    from search.results import Hit

TYPING_LIMIT = 20
SUBMIT_LIMIT = 100
SETTLE_SECONDS = 0.3
"""A pause in typing this long runs the query in full: what then shows is what Enter shows."""
FILTER_KEYS = (("search.remove_filter", "removes the last"), ("search.clear_filters", "clears all"),
               ("search.pin_filters", "pins"))
"""The keys the chips end with (the list has the same ones by default)."""


class SearchBox(Input):
    """The query box; down and up move through the hits while the cursor stays here (as in fzf)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Context.SEARCH)

    class Step(Message):
        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    def action_select_hit(self, step: int) -> None:
        self.post_message(self.Step(step))

    def action_edit_filters(self, edit: str) -> None:
        self.post_message(FilterEdit(edit))


def hit_rows(results: SearchResults, entries: Mapping[str, CatalogEntry],
             provisional: bool = False, filtered: bool = False,
             archived: frozenset[str] = frozenset()) -> list[HitRow]:
    """The hits grouped per briefing: a heading row per briefing, then a row per matching card. The
    date is the catalog `entries`' as the list shows it (the index keeps only the day). `provisional`:
    a keystroke's quick search, which may have found nothing yet where the full search will;
    `filtered`: filters narrowed it (shown as chips above the list); `archived`: the archived
    briefings' ids, their headings marked so."""
    from search import group_by_briefing

    rows: list[HitRow] = []
    for briefing_id, hits in group_by_briefing(results.hits):
        first = hits[0]
        rows.append(
            HitRow(
                Target(briefing_id, first.card_index),
                title=first.briefing_title,
                date=_listed_date(first, entries),
                detail=plural(len(hits), "hit") + (" · archived" if briefing_id in archived else ""),
            )
        )
        rows.extend(_card_row(hit) for hit in hits)
    return rows + _notes(results, provisional, filtered)


def story_hit_rows(results: SearchResults, rows: Sequence[StoryRow], entries: Mapping[str, CatalogEntry],
                   provisional: bool = False, filtered: bool = False,
                   archived: frozenset[str] = frozenset()) -> list[HitRow]:
    """The hits by story (`search.by_story`): a heading per story, its headline (its first article's, as
    the list names it) and outlets, then its best card headed "3 matching articles · CARD" (under the
    headline, so a narrow list cuts neither); a briefing in no story as by article, with its best card
    only (marked when archived). The pane knows which rows are stories (`SearchPane.story_at`)."""
    listed: list[HitRow] = []
    for row in rows:
        best = row.best
        title, count = best.briefing_title, ""
        detail = plural(row.hits, "hit") + (" · archived" if best.briefing_id in archived else "")
        if row.story is not None:
            head = entries.get(row.story.id)
            title = head.title if head is not None else title
            detail, count = ", ".join(row.outlets), f"{plural(row.articles, 'matching article')} · "
        target = Target(best.briefing_id, best.card_index)
        listed += [HitRow(target, title=title, date=_listed_date(best, entries), detail=detail),
                   _card_row(best, count)]
    return listed + _notes(results, provisional, filtered)


def _listed_date(hit: Hit, entries: Mapping[str, CatalogEntry]) -> str:
    """The hit's briefing's date as the list shows it (the index keeps only the day)."""
    entry = entries.get(hit.briefing_id)
    if entry is not None:
        return briefing_date(entry.date, entry.date_precision, bool(entry.date_inferred), undated="",
                             short=True)
    return date_label(hit.date) if hit.date else ""


def _card_row(hit: Hit, lead: str = "") -> HitRow:
    """A matching card: its heading (after `lead`) over its fragment."""
    label = hit.card_kind.label
    extra = extra_heading(hit.card_kind, hit.heading)
    heading = f"{lead}{label} · {extra}" if extra else f"{lead}{label}"
    return HitRow(Target(hit.briefing_id, hit.card_index), heading=heading, fragment=hit.fragment)


def _notes(results: SearchResults, provisional: bool, filtered: bool) -> list[HitRow]:
    """What the list says under the hits: that there are none (yet), and a "did you mean"."""
    notes: list[HitRow] = []
    if not results.hits:
        asked = f"“{results.query}”"
        if filtered:
            asked = f"{asked} with the filters above" if results.query else "the filters above"
        notes.append(HitRow(None, note=f"Searching {asked}…" if provisional else f"No hits for {asked}."))
    if results.suggestion:
        notes.append(HitRow(None, note=f"Did you mean: {results.suggestion}"))
    return notes


class SearchPane(Vertical):
    class ResultsShown(Message):
        """The list shows new results, or (`results` None) every briefing again."""

        def __init__(self, results: SearchResults | None) -> None:
            super().__init__()
            self.results = results

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.index: SearchEngine | None = None
        self.results: SearchResults | None = None
        self.chosen: list[Filter] = []
        """The facet filters, oldest first: the last is the one the remove key takes."""
        self.names: dict[tuple[str, str], str] = {}
        """Facet values as the briefings write them, looked up by the searches that listed them."""
        self.entries: Sequence[CatalogEntry] = ()
        self.total = 0
        """Briefings in the library: more than `entries` while a long list is still being read."""
        self.open_briefing_id: str | None = None
        """The briefing in the reader, for the cursor to rest on when the catalogue comes back."""
        self._generation = 0
        self._one_search = threading.Lock()
        """Held by the search running in a worker; the next keystroke's search waits for it."""
        self._keep_place = self._then_open = False
        self._provisional = False
        """The results shown came from a keystroke's quick search; the full one replaces them."""
        self._settle: Timer | None = None
        self._new = 0
        """Briefings the last change of the catalogue added, said in its status until the next."""
        self.since_last_visit: frozenset[str] = frozenset()
        """Briefings that arrived since the reader last started on this library (`find_arrivals`)."""
        self.by_date = False
        """Hits newest first (undated last, best first within a day), as `briefing search --sort date`."""
        self.unread_only = False
        """Only the hits of briefings not read yet, as they stood when the results came."""
        self.archived_only = False
        """The list shows the archived briefings (`briefing archive`) instead of the others, and searches
        include them, marked."""
        self.by_story = False
        """Results one row per story (`search.by_story`), for the session, as `by_date`."""
        self.shelf = StoryShelf(())
        """The library's stories, as the screen last read them (`stories_changed`)."""
        self.by_stories: StoryResults | None = None
        """The results by story, as listed and as counted over every match (None by article)."""

    def compose(self) -> ComposeResult:
        yield SearchBox(placeholder="/ search all cards", id="search")
        yield Static(Text(""), id="status")
        yield FilterChips(id="chips")
        yield BriefingList(id="briefings")
        yield SavedList(id="saved-list")

    @property
    def listing(self) -> BriefingList:
        return self.query_one(BriefingList)

    @property
    def box(self) -> SearchBox:
        return self.query_one(SearchBox)

    @property
    def query_text(self) -> str:
        return self.box.value.strip()

    @property
    def filters(self) -> dict[str, str]:
        """Facet -> value, as the search takes them."""
        return {chosen.facet: chosen.value for chosen in self.chosen}

    @property
    def searching(self) -> bool:
        return bool(self.query_text or self.filters)

    def set_status(self, message: str) -> None:
        self.query_one("#status", Static).update(plain(message))

    # The catalogue --------------------------------------------------------------------------

    def show_catalogue(self) -> None:
        state = reader_app(self).state
        shown = self.listed_entries()
        rows = CatalogRows(shown, state.read.__contains__, state.is_bookmarked,
                           self.since_last_visit.__contains__)
        listing = self.listing
        listing.placeholder = "" if self.entries else EMPTY_LIBRARY
        if isinstance(listing.rows, CatalogRows):
            listing.replace_rows(rows)
        else:
            listing.show_rows(rows)
            if self.open_briefing_id is not None:
                listing.move_to(self.open_briefing_id)
        self.set_status(self.catalogue_status())

    def listed_entries(self) -> list[CatalogEntry]:
        """The catalogue without its archived briefings, or (toggled) those only."""
        archived = archived_ids(reader_app(self).library.root)
        return [entry for entry in self.entries if (entry.id in archived) == self.archived_only]

    def toggle_archived(self) -> str:
        """Between the usual list and the archived briefings only; searches leave them out, or (toggled)
        include them; a search shown runs again."""
        self.archived_only = not self.archived_only
        for problem in load_archive(reader_app(self).library.root).problems:  # a damaged file: said here
            self.notify(problem, title="Archive", severity="warning", markup=False)
        if self.searching:
            self.start_search(as_you_type=False, keep_place=True)
        else:
            self.show_catalogue()
        return ("Archived briefings only; searches include them" if self.archived_only
                else "Archived briefings hidden")

    def catalogue_status(self) -> str:
        if not self.entries:
            return "0 briefings"  # the list says how to add some
        hidden = len(self.entries) - len(self.listed_entries())
        if self.archived_only:
            return f"{plural(len(self.entries) - hidden, 'archived briefing')}, newest first"
        parts = [f"{plural(self.total - hidden, 'briefing')}, newest first"]
        if hidden:
            parts.append(f"{hidden:,} archived")
        if self._new:
            parts.append(f"{self._new:,} new")
        if self.since_last_visit:
            parts.append(f"{len(self.since_last_visit):,} new since your last visit (✦)")
        if self.index is not None and self.index.pending:
            parts.append(f"{self.index.pending:,} still being indexed")
        return " · ".join(parts)

    @work(thread=True, exclusive=True, group="arrivals", exit_on_error=False)
    def find_arrivals(self, library: Library, since: dt.datetime) -> Done:
        """The briefings saved since the last visit, found in a worker (a stat per briefing)."""
        found = frozenset(library.saved_after(since.timestamp()))
        return partial(self._arrivals_found, found)

    def _arrivals_found(self, found: frozenset[str]) -> None:
        self.since_last_visit = found
        if not self.searching:
            self.show_catalogue()

    def catalogue_changed(self, entries: Sequence[CatalogEntry], total: int, new: int = 0) -> None:
        self.entries, self.total, self._new = entries, total, new
        if not self.searching:
            self.show_catalogue()

    def index_changed(self) -> None:
        """The same query again on the changed index, the cursor staying on its hit."""
        if self.searching:
            self.start_search(as_you_type=False, keep_place=True)
        else:
            self.set_status(self.catalogue_status())

    # Searching ------------------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        """Each keystroke: the top hits at once (provisional), then, once typing pauses, the full search."""
        event.stop()
        self.start_search(as_you_type=True)
        self._stop_settling()
        self._settle = self.set_timer(SETTLE_SECONDS, self._settled)

    @property
    def settling(self) -> bool:
        """A keystroke's quick results are shown and the full search waits for typing to pause."""
        return self._settle is not None

    def _stop_settling(self) -> None:
        if self._settle is not None:
            self._settle.stop()
            self._settle = None

    def _settled(self) -> None:
        self._settle = None
        if self.searching:
            self.start_search(as_you_type=False, keep_place=True)

    @on(SearchBox.Step)
    def _step(self, event: SearchBox.Step) -> None:
        listing = self.listing
        (listing.action_cursor_down if event.step > 0 else listing.action_cursor_up)()

    @on(Input.Submitted, "#search")
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter searches the whole query and opens the selected hit (the top one unless moved)."""
        event.stop()
        self._stop_settling()
        if self.searching:
            self.start_search(as_you_type=False, keep_place=True, then_open=True)
        else:
            self.start_search(as_you_type=False)
            self.screen.set_focus(self.listing)

    def start_search(
        self,
        *,
        as_you_type: bool,
        with_facets: bool = False,
        keep_place: bool = False,
        then_open: bool = False,
    ) -> None:
        """`keep_place`: the cursor stays on its hit; `then_open`: the hit under it opens once shown. A new
        query drops the filters chosen for another (`kept_filters`)."""
        self.chosen = kept_filters(self.chosen, self.query_text)
        self._show_chips()
        self._generation += 1
        self._keep_place = keep_place
        self._then_open = then_open
        if not self.searching:
            self.results, self.by_stories = None, None
            self.show_catalogue()
            self.post_message(self.ResultsShown(None))
            return
        if self.index is None:
            self.set_status("Opening the search index… the search runs as soon as it is ready.")
            return
        self._run_search(
            self.index, self.box.value, self.filters, self._generation, as_you_type, with_facets,
            named=set(self.names),
        )

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _run_search(
        self,
        index: SearchEngine,
        text: str,
        filters: dict[str, str],
        generation: int,
        as_you_type: bool,
        with_facets: bool,
        named: set[tuple[str, str]],
    ) -> Done | None:
        """Debounced by a lock rather than a timer: a keystroke waits only while an earlier search
        runs, and of the keystrokes that waited only the newest searches (exclusive workers cancel the
        others), so results follow typing by one search time, never a fixed delay. The query means the
        same as in `briefing search`: its unfinished last word completes. The filters' values not
        `named` yet are named from the hits' briefings (`name_values`)."""
        worker = get_current_worker()
        with self._one_search:  # one search at a time: a newer keystroke waiting here makes this one moot
            if worker.is_cancelled:
                return None
            results = index.search(
                text,
                filters=filters,
                as_you_type=as_you_type,
                limit=TYPING_LIMIT if as_you_type else SUBMIT_LIMIT,
                facets=True if with_facets else None,
                complete_last=True,
                sort="date" if self.by_date else "relevance",
                archived=self.archived_only,
            )
        library = reader_app(self).library
        results, stories = self._arranged(results)
        # the hits' dates as the list shows them (the index keeps only the day), looked up as the CLI does;
        # by story, also each story's first article, which names it
        wanted_ids = {hit.briefing_id for hit in results.hits}
        if stories is not None:
            wanted_ids |= {row.story.id for row in stories.rows if row.story is not None}
        entries = library.entries_for(wanted_ids)
        wanted = filters.items() - named  # every hit has every filter's value: the first hit names them
        names = name_values(wanted, (hit.briefing_id for hit in results.hits), library.get) if wanted else {}
        return partial(self._search_done, generation, results, stories, entries, names, with_facets,
                       as_you_type)

    def _arranged(self, results: SearchResults) -> tuple[SearchResults, StoryResults | None]:
        """The results as the list shows them: the unread briefings' only when asked, and grouped by story
        when asked (in the search worker: thousands of matching briefings take milliseconds to group).
        A toggle of either runs the search again, so these flags are the ones the results are shown with."""
        if self.unread_only:
            read = reader_app(self).state.read
            matched = None if results.matched is None else {
                briefing_id: found for briefing_id, found in results.matched.items()
                if briefing_id not in read}
            results = replace(results, hits=tuple(hit for hit in results.hits if hit.briefing_id not in read),
                              matched=matched)
        if not self.by_story or results.error:
            return results, None
        from search.by_story import by_story

        return results, by_story(results, self.shelf.story_of, self.shelf.outlets)

    def _search_done(
        self, generation: int, results: SearchResults, stories: StoryResults | None,
        entries: Mapping[str, CatalogEntry], names: Names, wants_facets: bool, provisional: bool,
    ) -> None:
        if generation != self._generation:
            return
        self.names.update(names)
        self._show_chips()
        self._provisional = provisional
        self.show_results(results, entries, stories)
        if wants_facets and not results.error:
            self.show_facets(results)
        elif self._then_open and not results.error and (target := self.listing.target) is not None:
            # posted from here: a message this pane sends on the list's behalf would not bubble past it
            self.post_message(BriefingList.Opened(target))

    def show_results(self, results: SearchResults, entries: Mapping[str, CatalogEntry],
                     stories: StoryResults | None) -> None:
        """`results` as `_arranged` left them, by story when `stories` is given."""
        if results.error:  # under the box, which shows the query; the last good results stay listed
            self.set_status(results.error)
            return
        self.results, self.by_stories = results, stories
        listing = self.listing
        filtered = bool(self.chosen)
        archived = archived_ids(reader_app(self).library.root) if self.archived_only else frozenset()
        provisional = self._provisional
        rows = HitRows(hit_rows(results, entries, provisional, filtered, archived) if stories is None
                       else story_hit_rows(results, stories.rows, entries, provisional, filtered, archived))
        (listing.replace_rows if self._keep_place else listing.show_rows)(rows)
        self.set_status(self._describe(results))
        self.post_message(self.ResultsShown(results))

    def _describe(self, results: SearchResults) -> str:
        briefings = len(results.matched if results.matched is not None
                        else {hit.briefing_id for hit in results.hits})
        shown = (
            f"{len(results.hits)} of {results.total:,}"
            if results.total > len(results.hits)
            else f"{results.total}"
        )
        within = ""
        if self.by_stories is not None:  # by story, a lone briefing is a story of one
            stories, listed = self.by_stories.stories, len(self.by_stories.rows)
            counted = f"{listed:,} of {stories:,}" if stories > listed else f"{stories:,}"
            within = f"{counted} stor{'y' if stories == 1 else 'ies'} · "
        # while typing, the count is Whoosh's estimate: only the full search that follows counts
        parts = [f"typing: {plural(len(results.hits), 'first hit')}, the full search follows"
                 if self._provisional else
                 f"{shown} hit{'s' if results.total != 1 else ''} in {within}{plural(briefings, 'briefing')}"]
        if self.by_story:
            parts.append("by story")
        if results.partial and not self._provisional:
            parts.append("stopped early")
        if self.by_date:
            parts.append("newest first")
        if self.unread_only:
            parts.append("unread only")
        if self.archived_only:
            parts.append("archived included")
        if self.index is not None and self.index.pending:
            parts.append(f"{self.index.pending:,} briefings still being indexed")
        return " · ".join(parts)

    def toggle_sort(self) -> str:
        """Between best first and newest first; a search shown runs again, its cursor on the same hit."""
        self.by_date = not self.by_date
        if self.searching:
            self.start_search(as_you_type=False, keep_place=True)
        return "Results newest first" if self.by_date else "Results best first"

    def toggle_by_story(self) -> str:
        """Between a row per briefing and a row per story; a search shown runs again, by story its
        stories' headlines looked up too."""
        self.by_story = not self.by_story
        if self.searching:
            self.start_search(as_you_type=False, keep_place=True)
        return "Results by story" if self.by_story else "Results by article"

    def stories_changed(self, shelf: StoryShelf) -> None:
        """The library's stories changed (grouped, ungrouped, new articles placed): results by story
        follow."""
        changed, self.shelf = shelf != self.shelf, shelf
        if changed and self.by_story and self.searching:
            self.start_search(as_you_type=False, keep_place=True)

    def story_at(self, target: Target) -> Story | None:
        """The story a row of the results by story stands for (None: a briefing's row)."""
        rows = self.by_stories.rows if self.by_stories is not None else ()
        return next((row.story for row in rows
                     if Target(row.best.briefing_id, row.best.card_index) == target), None)

    def toggle_unread_only(self) -> str:
        """Between every hit and the unread briefings' only; a search shown runs again."""
        self.unread_only = not self.unread_only
        if self.searching:
            self.start_search(as_you_type=False, keep_place=True)
        return "Only unread results" if self.unread_only else "Every result, read or not"

    def run_saved(self, query: str, filters: Sequence[tuple[str, str]]) -> None:
        """A saved search: its query in the box and its filters as chips, searched in full."""
        with self.box.prevent(Input.Changed):
            self.box.value = query
        self.chosen = [Filter(facet, value, self.query_text) for facet, value in filters]
        self.start_search(as_you_type=False)

    def hit_cards(self, briefing_id: str) -> list[int]:
        """The cards of a briefing the current search matched, in reading order."""
        if self.results is None:
            return []
        return sorted({hit.card_index for hit in self.results.hits if hit.briefing_id == briefing_id})

    def hit_words(self, briefing_id: str) -> frozenset[str]:
        """The words the current search matched in a briefing, for the reader to highlight."""
        if self.results is None:
            return frozenset()
        return match_words(hit.fragment for hit in self.results.hits if hit.briefing_id == briefing_id)

    def clear(self) -> bool:
        """Empty the box (Escape); the filters stay, shown above the list. False when it was empty."""
        if not self.box.value:
            return False
        with self.box.prevent(Input.Changed):
            self.box.value = ""
        self.start_search(as_you_type=True)
        return True

    # Facets ---------------------------------------------------------------------------------

    def facets(self) -> None:
        if not self.searching:
            self.notify("Search first: the filter lists the facets of the current query.", severity="warning")
        elif self.results is not None and self.results.facets:
            self.show_facets(self.results)
        else:
            self.start_search(as_you_type=False, with_facets=True)

    def show_facets(self, results: SearchResults) -> None:
        """The facet picker, once the values it lists are named as the briefings write them."""
        facets = self._facets_of(results)
        listed = {(facet, value) for facet in NAMED_FACETS for value, _count in facets.get(facet, ())}
        if wanted := listed - self.names.keys():
            hits = [hit.briefing_id for hit in results.hits]
            self._name_facets(results, wanted, hits, self._generation)
        else:
            self._pick_facets(results)

    @work(thread=True, exclusive=True, group="names", exit_on_error=False)
    def _name_facets(
        self, results: SearchResults, wanted: set[tuple[str, str]], hits: list[str], generation: int
    ) -> Done:
        names = name_values(wanted, hits, reader_app(self).library.get)
        return partial(self._facets_named, results, names, generation)

    def _facets_named(self, results: SearchResults, names: Names, generation: int) -> None:
        self.names.update(names)
        if generation == self._generation:  # else a newer search replaced these results meanwhile
            self._pick_facets(results)

    def _pick_facets(self, results: SearchResults) -> None:
        from tui.screens.facets import FacetScreen

        def apply(filters: dict[str, str] | None) -> None:
            if filters is not None and filters != self.filters:
                kept = [chosen for chosen in self.chosen if filters.get(chosen.facet) == chosen.value]
                new = filters.items() - {(chosen.facet, chosen.value) for chosen in kept}
                self.chosen = kept + [Filter(facet, value, self.query_text)
                                      for facet, value in filters.items() if (facet, value) in new]
                self.start_search(as_you_type=False)

        self.app.push_screen(FacetScreen(self._facets_of(results), self.filters, self.names), apply)

    def _facets_of(self, results: SearchResults) -> dict[str, list[tuple[str, int]]]:
        """The search's facets; by story, outlets count stories (each once, whichever of its matching
        articles names them), over every match."""
        if self.by_stories is None:
            return results.facets
        return {**results.facets, "outlet": list(self.by_stories.outlets)}

    @on(FilterEdit)
    def _edit_filters(self, event: FilterEdit) -> None:
        """The filter keys: remove the newest filter, remove them all, or pin them (again: unpin)."""
        event.stop()
        if not self.chosen:
            key = reader_app(self).key_display(BY_ID["main.facets"])
            self.notify(f"No filters: {key} lists the facets of the current search.", severity="warning")
            return
        if event.edit == "pin":
            self.chosen = toggle_pins(self.chosen)
            self._show_chips()
            return
        self.chosen = self.chosen[:-1] if event.edit == "remove_last" else []
        self.start_search(as_you_type=False)

    def _show_chips(self) -> None:
        app = reader_app(self)
        hints = [f"{app.key_display(BY_ID[action_id])} {words}" for action_id, words in FILTER_KEYS]
        self.query_one(FilterChips).show(self.query_text, self.chosen, self.names, hints)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed search is one line under the box, not a toast a keystroke."""
        if (error := finish(event)) is not None:
            self.set_status(f"Search failed: {error}")
