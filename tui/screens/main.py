"""The main screen: the search pane (box, status, list), the reader and the entity panel.

The screen wires them together; slow work runs in workers owned by the widgets that need it (the
search pane's searches, the library service's index and looks at other processes) or, for loading a
briefing and an entity's timeline and mentions, here. Results arrive as typed messages or calls on the
event loop, never as tuples looked up by a worker's group name.
"""

from __future__ import annotations

import gc
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Input, OptionList
from textual.worker import Worker

from briefings.catalog import CatalogEntry
from briefings.grouping import Story
from briefings.model import Briefing
from briefings.notes import Note, NoteBook
from briefings.story_library import StoryShelf
from briefings.wording import card_title
from tui.actions import Context, bindings
from tui.history import Place
from tui.jobs import Done, finish
from tui.layout import View, arrange, room_for_three
from tui.library_service import FIRST_SCREEN_ENTRIES, LibraryService, read_folded
from tui.page import Page, Settings
from tui.protocols import ReaderApp, reader_app
from tui.render import plural
from tui.screens.saved_searches import SavedSearchKeys
from tui.screens.workbench import FAILURES as WORKBENCH_FAILURES
from tui.screens.workbench import Workbench
from tui.search_marks import Passage, hit_passage
from tui.state import Bookmark
from tui.story_list import FoldedList
from tui.widgets.annotations import annotated_page
from tui.widgets.briefing_list import BriefingList, CatalogRows, HitRows, Target
from tui.widgets.entity_panel import EntityPanel
from tui.widgets.reader import Reader
from tui.widgets.reader_footer import ReaderFooter
from tui.widgets.saved_list import SavedList
from tui.widgets.search_pane import SearchPane

if TYPE_CHECKING:
    from search import SearchEngine, SearchResults

SAVE_DELAY = 1.0
"""Seconds of staying on a card before the reading position is written."""


class MainScreen(Screen[None]):
    AUTO_FOCUS = "#briefings"
    BINDINGS: ClassVar[list[BindingType]] = bindings(Context.MAIN)

    def __init__(self) -> None:
        super().__init__()
        self.briefing: Briefing | None = None
        self._save_timer: Any = None
        self.view = View.LIST
        self.entities_wanted = True
        """The `e` toggle, where the entity panel fits beside the list and the reader."""
        self._restoring_search = False
        """A history step ran its place's search again: once shown, the list's cursor goes to the hit."""
        self.workbench = Workbench(self, self._open_card)
        """Notes, dossiers and copying (tui/screens/workbench.py)."""
        self.saved_searches = SavedSearchKeys(self, self.open_briefing, partial(self.show_view, View.LIST))
        """Saved searches and unread results (tui/screens/saved_searches.py)."""
        self.shelf = StoryShelf(())
        """The library's stories (`LibraryService.load_stories`): the list shows each as one row."""
        self.folded = FoldedList([])
        self._arrived = 0
        """The catalogue's last count of briefings other processes added, kept while stories re-fold it."""

    @property
    def reader_app(self) -> ReaderApp:
        return reader_app(self)

    @property
    def pane(self) -> SearchPane:
        return self.query_one(SearchPane)

    @property
    def service(self) -> LibraryService:
        return self.query_one(LibraryService)

    @property
    def entries(self) -> list[CatalogEntry]:
        return self.service.entries

    @property
    def index(self) -> SearchEngine | None:
        return self.service.index

    @property
    def results(self) -> SearchResults | None:
        return self.pane.results

    @property
    def query_text(self) -> str:
        return self.pane.query_text

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="≡")
        with Horizontal(id="panes"):
            yield SearchPane(id="left")
            yield Reader(id="reader")
            yield EntityPanel(id="entity-panel")
        yield ReaderFooter()
        yield LibraryService()

    def on_mount(self) -> None:
        app = self.reader_app
        library = app.library
        service = self.service
        service.start()
        self.title = library.root.name or str(library.root)
        first = LibraryService.CatalogueChanged(service.entries)
        if service.total <= FIRST_SCREEN_ENTRIES:  # read now, as the catalogue was: the first paint is folded
            self._stories_read(LibraryService.StoriesRead(*read_folded(library.root, service.entries)))
            self._take_catalogue(first)  # its stories are read: no worker to read them again
        else:
            self._catalogue_changed(first)
        if app.previous_visit is not None:
            self.pane.find_arrivals(library, app.previous_visit)
        app.save_state()  # this visit's start, for the next one
        state = app.state
        if gone := state.history.keep_only(library.__contains__):
            self.notify(f"History: {plural(len(gone), 'place')} left out, their briefings no longer in the "
                        "library.", severity="warning", markup=False)
        if state.last_briefing and state.last_briefing in library:
            self.open_briefing(state.last_briefing, state.last_card, focus_reader=False, remember=False)
            self.query_one(BriefingList).move_to(state.last_briefing)
        else:
            self.query_one(EntityPanel).show_briefing(None)
        self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        """The catalogue, widgets and styles live as long as the app: freezing them keeps the garbage
        collector's full passes (60-110 ms pauses with 20,000 briefings loaded) from ever walking them."""
        gc.freeze()
        self.service.open_index()

    # Layout ---------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._arrange()

    def _arrange(self) -> None:
        """Show the panes the width allows (tui/layout.py); focus stays on a pane that is shown."""
        shown = arrange(self.size.width, self.view, self.entities_wanted)
        self.set_class(shown.narrow, "-narrow")
        self.saved_searches.fit_list(self.size.width)
        pane, reader, panel = self.pane, self.query_one(Reader), self.query_one(EntityPanel)
        pane.styles.width = shown.list_width
        pane.display, reader.display, panel.display = shown.list, shown.reader, shown.entities
        focused = self.focused
        if focused is not None and _shown(focused):
            return
        if shown.list and (self.view is View.LIST or not shown.reader):
            self.set_focus(pane.listing)
        elif shown.entities and (self.view is View.ENTITIES or not shown.reader):
            self.set_focus(panel.query_one("#entities", OptionList))
        else:
            self.set_focus(reader)

    def show_view(self, view: View) -> None:
        """Where panes take turns, bring `view` forward and put the cursor in it."""
        self.view = view
        self._arrange()
        if view is View.READER:
            self.set_focus(self.query_one(Reader))
        elif view is View.LIST:
            self.set_focus(self.pane.listing)
        elif self.query_one(EntityPanel).display:
            self.set_focus(self.query_one(EntityPanel).query_one("#entities", OptionList))

    # The library ----------------------------------------------------------------------------

    @on(LibraryService.CatalogueChanged)
    def _catalogue_changed(self, event: LibraryService.CatalogueChanged) -> None:
        self._take_catalogue(event)
        self.service.load_stories(event.entries)

    def _take_catalogue(self, event: LibraryService.CatalogueChanged) -> None:
        """The catalogue's entries listed (folded once the stories worker has read them) and counted."""
        state = self.reader_app.state
        if state.follow_versions({entry.id: entry.version for entry in event.entries}):
            self.reader_app.save_state()  # briefings read before their new version are unread again
            self.saved_searches.read_changed()
        total = self.service.total
        self.sub_title = f"{total:,} briefings"
        self._arrived = event.new
        if not self.shelf.stories:  # else the list changes once the stories worker has folded it
            self._list(FoldedList(event.entries))

    def _list(self, folded: FoldedList) -> None:
        """The catalogue in the list, each story one row (tui/story_list.py)."""
        self.folded = folded
        self.pane.catalogue_changed(folded.entries, self.service.total, self._arrived)

    @on(LibraryService.StoriesRead)
    def _stories_read(self, event: LibraryService.StoriesRead) -> None:
        for warning in set(event.shelf.warnings) - set(self.shelf.warnings):
            self.notify(warning, title="Stories", severity="warning", markup=False)
        self.shelf = event.shelf
        self._list(event.folded)
        self.pane.stories_changed(event.shelf)

    def open_story(self, story: Story) -> None:
        """A story's row chosen: the story briefing; an article chosen there opens whole, and an
        ungrouping there reaches the list when the story is left."""
        from tui.screens.story import StoryOutcome, StoryScreen

        def left(outcome: StoryOutcome | None) -> None:
            self.query_one(BriefingList).redraw()  # its articles were marked read
            if outcome is not None and outcome.changed:
                self.service.load_stories(self.service.entries)
            if outcome is not None and outcome.article:
                self.open_briefing(outcome.article)

        self.app.push_screen(StoryScreen(story, dict(self.shelf.outlets)), left)

    @on(LibraryService.Progress)
    def _index_progress(self, event: LibraryService.Progress) -> None:
        self.pane.set_status(event.text)

    @on(LibraryService.IndexOpened)
    def _index_opened(self, event: LibraryService.IndexOpened) -> None:
        pane = self.pane
        pane.index = event.index
        self.query_one(EntityPanel).find_trends()  # the briefing opened before the index could count them
        self.saved_searches.index_changed()
        if pane.searching:  # typed while the index opened: the full search at once, typing is over
            pane.start_search(as_you_type=False)
        else:
            pane.set_status(pane.catalogue_status())

    @on(LibraryService.IndexChanged)
    def _index_changed(self) -> None:
        self.pane.index_changed()
        self.saved_searches.index_changed()

    # Searching ------------------------------------------------------------------------------

    @on(SearchPane.ResultsShown)
    def _results_shown(self) -> None:
        self._highlight_open_briefing()
        if self._restoring_search and self.briefing is not None:
            self._show_hit(self.briefing.id, self.query_one(Reader).cursor_card)
        self._restoring_search = False

    def action_focus_search(self) -> None:
        self.show_view(View.LIST)
        self.set_focus(self.pane.box)

    def action_clear_search(self) -> None:
        """Escape: back from the entity panel or the reader when they hide the list; else clear."""
        if not self.pane.display:
            self.show_view(View.READER if self.view is View.ENTITIES else View.LIST)
            return
        self.pane.clear()
        self.show_view(View.LIST)

    def action_facets(self) -> None:
        self.pane.facets()

    def action_toggle_sort(self) -> None:
        self.notify(self.pane.toggle_sort())

    def action_toggle_by_story(self) -> None:
        self.notify(self.pane.toggle_by_story())

    def action_toggle_archived(self) -> None:
        self.notify(self.pane.toggle_archived())

    # Hits inside the open briefing ----------------------------------------------------------

    def _highlight_open_briefing(self) -> None:
        if self.briefing is not None:
            self.query_one(Reader).set_highlight(self.pane.hit_words(self.briefing.id))

    def _step_hit(self, step: int) -> None:
        briefing_id = self.briefing.id if self.briefing is not None else ""
        cards = self.pane.hit_cards(briefing_id) if briefing_id else []
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
        self._show_hit(briefing_id, target)

    def action_next_hit(self) -> None:
        self._step_hit(1)

    def action_previous_hit(self) -> None:
        self._step_hit(-1)

    # Search results from anywhere -----------------------------------------------------------

    def _result_order(self) -> list[tuple[str, int]]:
        """(briefing, card) of every hit in the list's order: briefings by their best hit, best card first;
        by story, each story's best card, so J and K step from story to story as the list lists them."""
        if self.results is None:
            return []
        if (stories := self.pane.by_stories) is not None:
            return [(row.best.briefing_id, row.best.card_index) for row in stories.rows]
        from search import group_by_briefing

        return [(briefing_id, hit.card_index)
                for briefing_id, hits in group_by_briefing(self.results.hits) for hit in hits]

    def _show_hit(self, briefing_id: str, card_index: int) -> bool:
        """While searching, say in the status line where this card stands among all the hits and among
        its briefing's; when it is a hit, also put the list's cursor on it. False when it is not a hit."""
        order = self._result_order()
        if self.results is None or not order:
            return False
        stories = self.pane.by_stories
        # by story, the order is each story's best card: say which story this is, not which hit
        if stories is not None:
            one, many, within, total = "Story", "stories", "", stories.stories
        else:
            one, many, total = "Hit", "hits", self.results.total
            within = f" in {plural(len({b for b, _ in order}), 'briefing')}"
        in_briefing = self.pane.hit_cards(briefing_id)
        hit = (briefing_id, card_index) in order
        if hit:
            self._select_hit(Target(briefing_id, card_index))
            parts = [f"{one} {order.index((briefing_id, card_index)) + 1} of {len(order)}{within}"]
        else:
            parts = [f"{len(order):,} {many if len(order) != 1 else one.lower()}{within}"]
        if total > len(order):
            parts.append(f"{total:,} in all")
        parts.append(f"{in_briefing.index(card_index) + 1} of {len(in_briefing)} in this briefing" if hit
                     else f"{len(in_briefing) or 'none'} in this briefing")
        self.pane.set_status(" · ".join(parts))
        return hit

    def _select_hit(self, target: Target) -> None:
        """The list's cursor on the hit's own row, not on its briefing's heading row (the same target)."""
        listing = self.pane.listing
        rows = listing.rows
        if not isinstance(rows, HitRows):
            return
        if found := [index for index in range(len(rows)) if rows.target(index) == target]:
            listing.cursor = found[-1]

    def _next_result(self, order: list[tuple[str, int]], step: int) -> int:
        """Where `step` leads in `order`: from the hit being read; else from the list's selected hit,
        which counts as not yet read when its briefing is not open (J opens it); else from either end."""
        reader = self.query_one(Reader)
        if self.briefing is not None and (here := (self.briefing.id, reader.cursor_card)) in order:
            return order.index(here) + step
        selected = self.pane.listing.target
        if selected is not None and (chosen := (selected.briefing_id, selected.card_index)) in order:
            opened = self.briefing is not None and self.briefing.id == selected.briefing_id
            return order.index(chosen) + (step if opened or step < 0 else 0)
        return 0 if step > 0 else len(order) - 1

    def action_step_result(self, step: int) -> None:
        """The next (1) or previous (-1) search result at its card, without leaving the reader."""
        order = self._result_order()
        if not order:
            self.notify("No search results to step through: search first (/).", severity="warning")
            return
        index = self._next_result(order, step)
        if not 0 <= index < len(order):
            self.notify(f"That was the {'last' if step > 0 else 'first'} search result.", severity="warning")
            return
        target = Target(*order[index])
        if self.briefing is not None and target.briefing_id == self.briefing.id:
            self.go_to(target, self._hit_paragraph(target))
        else:
            self.open_briefing(target.briefing_id, target.card_index, paragraph=self._hit_paragraph(target))

    def action_focus_results(self) -> None:
        """The list, its cursor on the hit being read (on the open briefing when not searching)."""
        self.show_view(View.LIST)
        if self.briefing is None:
            return
        if not self._show_hit(self.briefing.id, self.query_one(Reader).cursor_card):
            self.pane.listing.move_to(self.briefing.id)

    # History --------------------------------------------------------------------------------

    def _remember(self, briefing: Briefing, card_index: int) -> None:
        """A new place in the history, with the search that led there."""
        place = Place(briefing.id, _card_id(briefing, card_index), self.query_text)
        self.reader_app.state.history.visit(place)

    def action_travel(self, step: int) -> None:
        """Back (-1) or forward (1): the place's briefing at its card, with its search run again. A
        briefing deleted since is skipped, and said so."""
        app = self.reader_app
        place, skipped = app.state.history.step(step, app.library.__contains__)
        if skipped:
            gone = ", ".join(dict.fromkeys(left.briefing_id for left in skipped))
            self.notify(f"Skipped {gone}: no longer in the library.", severity="warning", markup=False)
        if place is None:
            self.notify(f"Nothing {'before' if step < 0 else 'after'} this in the history.")
            return
        if place.query != self.query_text:
            self._restore_search(place.query)
        if self.briefing is not None and place.briefing_id == self.briefing.id:
            card_index = self.briefing.card_position(place.card) or 0
            self.query_one(Reader).go_to_card(card_index)
            self._show_hit(place.briefing_id, card_index)
            self.show_view(View.READER)
        else:
            self.open_briefing(place.briefing_id, place.card, remember=False)

    def _restore_search(self, query: str) -> None:
        """A place's search, run again in full; `_results_shown` then selects the hit being read."""
        pane = self.pane
        if not query:
            pane.clear()
            return
        with pane.box.prevent(Input.Changed):
            pane.box.value = query
        self._restoring_search = True
        pane.start_search(as_you_type=False)

    # Opening briefings ----------------------------------------------------------------------

    @on(BriefingList.Opened)
    def _list_opened(self, event: BriefingList.Opened) -> None:
        target = event.target
        if isinstance(self.pane.listing.rows, CatalogRows) and target.briefing_id in self.folded.stories:
            self.open_story(self.folded.stories[target.briefing_id])
            return
        if (story := self.pane.story_at(target)) is not None:  # a story's row of the results by story
            self.open_story(story)
            return
        self.open_briefing(target.briefing_id, target.card_index, paragraph=self._hit_paragraph(target))

    def _hit_paragraph(self, target: Target) -> Passage | None:
        """The passage a search hit at `target` matched, to land on its paragraph (one hit per card)."""
        results = self.results
        if results is None or target.card_index is None:
            return None
        return next((hit_passage(hit.fragment, hit.part) for hit in results.hits
                     if (hit.briefing_id, hit.card_index) == (target.briefing_id, target.card_index)), None)

    def open_briefing(
        self, briefing_id: str, card: int | str | None = None, *, focus_reader: bool = True,
        paragraph: Passage | None = None, remember: bool = True,
    ) -> None:
        """Open at `card`: its index, or as the state keeps it (`Bookmark.card`, resolved by
        `Briefing.card_position`, the first card when it is gone); None: where the reader left it.
        `paragraph`: the paragraph of the card to land on (`Reader.show`). `remember`: a new place
        in the history (not when the history itself moves there)."""
        if card is None:
            state = self.reader_app.state
            card = state.last_card if state.last_briefing == briefing_id else 0
        settings = self.query_one(Reader).settings()
        self.load_briefing(briefing_id, card, focus_reader, settings, paragraph, remember)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def load_briefing(
        self, briefing_id: str, card: int | str, focus_reader: bool, settings: Settings,
        paragraph: Passage | None = None, remember: bool = True,
    ) -> Done:
        """Reading the YAML, rendering the cards and wrapping them all happen here, off the event loop."""
        try:
            briefing = self.reader_app.library.get(briefing_id)
        except KeyError:
            raise LookupError(f"Briefing {briefing_id} is no longer in the library.") from None
        try:
            notes = NoteBook(self.reader_app.library.root).for_briefing(briefing_id)
        except OSError:  # the notes folder cannot be read: the briefing still opens, without them
            notes = []
        page = annotated_page(briefing, settings, notes)
        index = card if isinstance(card, int) else briefing.card_position(card) or 0
        return partial(self._briefing_loaded, briefing, page, index, focus_reader, paragraph, remember,
                       tuple(notes))

    def _briefing_loaded(
        self, briefing: Briefing, page: Page, card_index: int, focus_reader: bool,
        paragraph: Passage | None = None, remember: bool = True, notes: tuple[Note, ...] = (),
    ) -> None:
        """The search words are looked up now, not when opening: a history step may have changed the
        search meanwhile."""
        history = self.reader_app.state.history
        if remember or history.current is None or history.current.briefing_id != briefing.id:
            self._remember(briefing, card_index)
        self.briefing = briefing
        self.pane.open_briefing_id = briefing.id
        reader = self.query_one(Reader)
        reader.show(briefing, card_index, self.pane.hit_words(briefing.id), page, paragraph, notes)
        self.query_one(EntityPanel).show_briefing(briefing)
        state = self.reader_app.state
        state.mark_read(briefing.id)
        state.last_briefing, state.last_card = briefing.id, _card_id(briefing, card_index)
        self.reader_app.save_state()
        self.saved_searches.read_changed()
        self.query_one(BriefingList).redraw()
        self._show_hit(briefing.id, card_index)
        if focus_reader:
            self.show_view(View.READER)

    @on(Reader.Left)
    def _reader_left(self) -> None:
        if not self.pane.display:
            self.show_view(View.LIST)

    @on(Reader.CardChanged)
    def _card_changed(self, event: Reader.CardChanged) -> None:
        state = self.reader_app.state
        if self.briefing is None or event.briefing_id != self.briefing.id:
            return
        card = _card_id(self.briefing, event.card_index)
        if (here := state.history.current) is not None and here.briefing_id == event.briefing_id:
            state.history.follow(card)
        if (state.last_briefing, state.last_card) == (event.briefing_id, card):
            return
        state.last_briefing, state.last_card = event.briefing_id, card
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.reader_app.save_state)

    # Figures --------------------------------------------------------------------------------

    def action_figures(self) -> None:
        from tui.screens.figures import FiguresScreen, FigureTarget

        if self.briefing is None:
            self.notify("Open a briefing first.", severity="warning")
            return

        def chosen(target: FigureTarget | None) -> None:
            if target is not None:
                self.go_to(target, target.passage)

        self.app.push_screen(FiguresScreen(self.briefing, self.reader_app.library, self.index), chosen)

    def action_changes(self) -> None:
        from tui.screens.changes import ChangesScreen

        if self.briefing is None:
            self.notify("Open a briefing first.", severity="warning")
            return
        self.app.push_screen(ChangesScreen(self.reader_app.library, self.briefing.id, self.briefing.title))

    def go_to(self, target: Target, passage: Passage | None = None) -> None:
        """A card of the open briefing is shown at once (at `passage`'s paragraph); another briefing is
        loaded first."""
        reader = self.query_one(Reader)
        if self.briefing is not None and target.briefing_id == self.briefing.id:
            self._remember(self.briefing, target.card_index or 0)
            reader.go_to_card(target.card_index or 0, passage)
            self._show_hit(target.briefing_id, target.card_index or 0)
            self.show_view(View.READER)
        else:
            self.open_briefing(target.briefing_id, target.card_index or 0, paragraph=passage)

    # Entities -------------------------------------------------------------------------------

    def action_toggle_entities(self) -> None:
        """Where all three panes fit, show or hide the panel; elsewhere switch it with the reader."""
        panel = self.query_one(EntityPanel)
        if room_for_three(self.size.width):
            self.entities_wanted = not panel.display
            self._arrange()
            if not panel.display and panel.has_focus_within:
                self.set_focus(self.query_one(Reader))
        elif self.view is View.ENTITIES:
            self.show_view(View.READER)
        else:
            self.show_view(View.ENTITIES)

    @on(EntityPanel.BriefingChosen)
    def _mention_chosen(self, event: EntityPanel.BriefingChosen) -> None:
        self.go_to(Target(event.briefing_id, event.card_index))

    def go_to_entity(self, name: str) -> None:
        """From the command palette: show the panel, select the entity, its timeline and mentions."""
        panel = self.query_one(EntityPanel)
        self.entities_wanted = True
        self.show_view(View.ENTITIES)
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
            Bookmark(self.briefing.id, _card_id(self.briefing, card_index), self.briefing.title, heading)
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
                self.open_briefing(bookmark.briefing_id, bookmark.card)

        self.app.push_screen(BookmarksScreen(), chosen)

    # Saved searches and unread results (tui/screens/saved_searches.py) --------------------------

    def action_saved_searches(self) -> None:
        self.saved_searches.open_view()

    def action_toggle_saved_list(self) -> None:
        self.saved_searches.toggle_list()

    @on(SavedList.Chosen)
    def _saved_chosen(self, event: SavedList.Chosen) -> None:
        self.saved_searches.run(event.search)

    def action_save_search(self) -> None:
        self.saved_searches.save_current()

    def action_mark_results_read(self) -> None:
        self.saved_searches.mark_results_read()

    def action_toggle_unread_only(self) -> None:
        self.saved_searches.toggle_unread_only()

    def action_step_unread(self, step: int) -> None:
        self.saved_searches.step_unread(step)

    # Notes, dossiers, copying (tui/screens/workbench.py) ------------------------------------------

    def action_note(self) -> None:
        self.workbench.note()

    def action_notes(self) -> None:
        self.workbench.notes_screen()

    def action_add_to_dossier(self) -> None:
        self.workbench.add_to_dossier()

    def action_dossiers(self) -> None:
        self.workbench.dossiers_screen()

    def action_copy(self) -> None:
        self.workbench.copy_card()

    def action_copy_citation(self) -> None:
        self.workbench.copy_citation()

    def _open_card(self, briefing_id: str, card_id: str, passage: Passage | None) -> None:
        """A note's or a dossier's card: its briefing opened at it (at its first card when gone)."""
        self.open_briefing(briefing_id, card_id, paragraph=passage)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if (error := finish(event)) is not None:
            self.notify(error, title=_FAILURES.get(event.worker.group, ""), severity="error", markup=False)


def _shown(widget: Widget) -> bool:
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


_FAILURES = {
    "open": "Could not open the briefing",
    **WORKBENCH_FAILURES,
}


def _card_id(briefing: Briefing, index: int) -> str:
    """The card at `index` as the state keeps it: its id, which a re-split does not change."""
    ids = briefing.card_ids()
    return ids[index] if 0 <= index < len(ids) else ""
