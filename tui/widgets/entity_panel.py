"""The right pane: who and what the open briefing is about, their timeline across the library,
and the other briefings naming them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from briefings.catalog import TimelineRow
from briefings.model import Briefing, Entity
from briefings.wording import CUT_MARK, date_label, entity_inferred, event_date
from tui.actions import Context, bindings
from tui.blocks import plain
from tui.jobs import Done, finish
from tui.protocols import reader_app
from tui.widgets.trend import last_day, sparkline, weekly_counts

if TYPE_CHECKING:
    from search import SearchEngine
    from search.engine import Mention

TIMELINE_LIMIT = 200
"""Dated events listed for an entity: a screenful of years; the CLI prints them all."""
EVENT_TITLE_CHARS = 40
"""A briefing title under a dated event is a pointer, not the event: about a line of the panel."""
TREND_LIMIT = 5_000
"""Briefings naming an entity read for its trend, newest first: far more than a few weeks hold."""
Trend = tuple[int, ...]
"""Briefings naming an entity per week, oldest week first (`tui.widgets.trend`)."""


def _entity_prompt(entity: Entity, trend: Trend | None = None) -> Text:
    text = plain(entity.name, "bold")
    if entity.kind.value != "unknown":
        text.append(f"  {entity.kind.value}", "dim")
    if trend is not None:  # under the name: a story heating up shows without reading its description
        text.append("\n")
        text.append_text(sparkline(trend))
    if entity.inferred:
        text.append("\n")
        text.append_text(plain(entity_inferred(entity), "italic"))
    if entity.description:
        text.append("\n")
        text.append_text(plain(entity.description))
        if entity.truncated:
            text.append(CUT_MARK, "italic")
    if not entity.mentioned:
        text.append("\n(described, not named in the text)", "dim italic")
    return text


def _event_prompt(row: TimelineRow, here: str | None) -> Text:
    text = plain(event_date(row.date, row.precision, row.date_text), "bold")
    text.append("  ")
    title = "this briefing" if row.briefing_id == here else row.briefing_title
    if len(title) > EVENT_TITLE_CHARS:
        title = title[: EVENT_TITLE_CHARS - 1].rstrip() + "…"
    text.append_text(plain(title, "dim"))
    text.append("\n")
    text.append_text(plain(row.sentence))
    return text


def _note(message: str) -> list[Option | None]:
    return [Option(Text(message, "dim"), disabled=True)]


def _mention_prompt(title: str, date: dt.date | None) -> Text:
    text = plain(title)
    text.append(f"\n{date_label(date) if date else 'undated'}", "dim")
    return text


class EntityPanel(Vertical):
    """Enter on an entity shows its timeline and the other briefings naming it; enter on a row opens it."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Context.ENTITIES)

    class BriefingChosen(Message):
        """Open a briefing, at a card when the row was a dated event."""

        def __init__(self, briefing_id: str, card_index: int | None = None) -> None:
            super().__init__()
            self.briefing_id = briefing_id
            self.card_index = card_index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entities: tuple[Entity, ...] = ()
        self._events: Sequence[TimelineRow] = ()
        self.briefing_id: str | None = None
        self._found: dict[str, bool] = {}
        """For the entity just chosen: which of "timeline" and "mentions" have arrived, and non-empty."""

    def compose(self) -> ComposeResult:
        yield Static(Text("Entities"), classes="pane-title")
        yield OptionList(id="entities")
        yield Static(Text(""), id="timeline-title", classes="pane-title")
        yield OptionList(id="timeline")
        yield Static(Text(""), id="mentions-title", classes="pane-title")
        yield OptionList(id="mentions")

    def show_briefing(self, briefing: Briefing | None) -> None:
        self.briefing_id = briefing.id if briefing else None
        self._entities = briefing.entities if briefing else ()
        entities = self.query_one("#entities", OptionList)
        options: list[Option | None] = []
        for number, entity in enumerate(self._entities):
            options += [None] if options else []
            options.append(Option(_entity_prompt(entity), id=f"e{number}"))
        entities.set_options(options or _note("No entities in this briefing."))
        if self._entities:
            entities.highlighted = 0  # else the first enter finds no row to open, only a cursor to place
        self.show_timeline(None, ())
        self.show_mentions(None, ())
        self.find_trends()

    def find_trends(self) -> None:
        """Each entity's weekly trend, from a worker; again once the index opens (it counts them)."""
        index = reader_app(self).index
        if index is not None and self._entities and self.briefing_id is not None:
            self._find_trends(index, self.briefing_id, self._entities)

    @work(thread=True, exclusive=True, group="trends", exit_on_error=False)
    def _find_trends(self, index: SearchEngine, briefing_id: str, entities: tuple[Entity, ...]) -> Done:
        """One indexed query per entity, its weeks ending with the library's newest briefing (`last_day`)."""
        ending = last_day(reader_app(self).library)
        trends = tuple(
            weekly_counts((date for _, _, date in index.briefings_mentioning(entity.name, limit=TREND_LIMIT)),
                          ending)
            for entity in entities
        )
        return partial(self._show_trends, briefing_id, trends)

    def _show_trends(self, briefing_id: str, trends: tuple[Trend, ...]) -> None:
        if briefing_id != self.briefing_id:  # another briefing opened meanwhile
            return
        entities = self.query_one("#entities", OptionList)
        for number, (entity, trend) in enumerate(zip(self._entities, trends, strict=True)):
            entities.replace_option_prompt(f"e{number}", _entity_prompt(entity, trend))

    def select_entity(self, name: str) -> Entity:
        """Highlight an entity by name (from the command palette) and return it; one the open briefing
        does not name is returned all the same, by name alone, for its timeline and mentions."""
        entities = self.query_one("#entities", OptionList)
        self.screen.set_focus(entities)
        for index, entity in enumerate(self._entities):
            if entity.name.casefold() == name.casefold():
                entities.highlighted = index
                return entity
        entities.highlighted = None
        return Entity(name=name)

    def choose(self, entity: Entity) -> None:
        """Show both lists as pending and fill them from workers."""
        self._found = {}
        self.show_timeline(entity, None)
        self.show_mentions(entity, None)
        app = reader_app(self)
        self._find_timeline(entity)
        if app.index is None:
            self.show_mentions(entity, ())
            self.notify("The search index is still opening; try again in a moment.", severity="warning")
            return
        self._find_mentions(app.index, entity, self.briefing_id)

    @work(thread=True, exclusive=True, group="timeline", exit_on_error=False)
    def _find_timeline(self, entity: Entity) -> Done:
        """One indexed query on the catalog, but still off the event loop: the disk may be slow."""
        rows = reader_app(self).library.timeline_for(entity.name, limit=TIMELINE_LIMIT)
        return partial(self.show_timeline, entity, rows)

    @work(thread=True, exclusive=True, group="mentions", exit_on_error=False)
    def _find_mentions(self, index: SearchEngine, entity: Entity, exclude: str | None) -> Done:
        mentions = index.briefings_mentioning(entity.name, exclude=exclude)
        return partial(self.show_mentions, entity, mentions)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if (error := finish(event)) is not None:
            title = _FAILURES.get(event.worker.group, "Entity lookup failed")
            self.notify(error, title=title, severity="error", markup=False)

    def show_timeline(self, entity: Entity | None, events: Sequence[TimelineRow] | None) -> None:
        """`events` None means still reading; the list is hidden until an entity is chosen."""
        self.query_one("#timeline-title").display = self.query_one("#timeline").display = entity is not None
        self._events = events or ()
        if entity is not None:
            options = None
            if events is not None:
                here = self.briefing_id
                options = [Option(_event_prompt(row, here), id=f"t{n}") for n, row in enumerate(events)]
            self._fill(
                "timeline", f"Timeline of {entity.name}", options, "Reading…", "No dated event names it."
            )

    def show_mentions(self, entity: Entity | None, mentions: Sequence[Mention] | None) -> None:
        """`mentions` None means still searching."""
        if entity is None:
            self.query_one("#mentions-title", Static).update(Text(""))
            self.query_one("#mentions", OptionList).set_options(
                _note("Enter on an entity shows its timeline and the other briefings naming it.")
            )
            return
        options = None
        if mentions is not None:
            options = [
                Option(_mention_prompt(title, date), id=f"b:{briefing_id}")
                for briefing_id, title, date in mentions
            ]
        self._fill(
            "mentions", f"Also naming {entity.name}", options, "Searching…", "No other briefing names it."
        )

    def _fill(self, part: str, title: str, options: list[Option] | None, pending: str, empty: str) -> None:
        """One of the entity's lists: `options` None while its worker runs."""
        self.query_one(f"#{part}-title", Static).update(plain(title, "bold"))
        listing = self.query_one(f"#{part}", OptionList)
        if options is None:
            listing.set_options(_note(pending))
            return
        listing.set_options(options or _note(empty))
        if options:
            listing.highlighted = 0
        self._arrived(part, bool(options))

    def _arrived(self, part: str, filled: bool) -> None:
        """Move focus from the entities to the first list with rows, the timeline first, once it is
        known which that is (the two lists arrive from different workers in either order)."""
        self._found[part] = filled
        entities = self.query_one("#entities", OptionList)
        if self.screen.focused is not entities:
            return
        if self._found.get("timeline"):
            self.screen.set_focus(self.query_one("#timeline", OptionList))
        elif self._found.get("timeline") is False and self._found.get("mentions"):
            self.screen.set_focus(self.query_one("#mentions", OptionList))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if event.option_list.id == "entities" and option_id.startswith("e"):
            self.choose(self._entities[int(option_id[1:])])
        elif option_id.startswith("t"):
            row = self._events[int(option_id[1:])]
            self.post_message(self.BriefingChosen(row.briefing_id, row.card))
        elif option_id.startswith("b:"):
            self.post_message(self.BriefingChosen(option_id[2:]))

    def action_cursor_down(self) -> None:
        self._focused_list().action_cursor_down()

    def action_cursor_up(self) -> None:
        self._focused_list().action_cursor_up()

    def _focused_list(self) -> OptionList:
        focused = self.screen.focused
        return focused if isinstance(focused, OptionList) else self.query_one("#entities", OptionList)


_FAILURES = {"timeline": "Could not read the timeline", "trends": "Could not count the entities' trends"}
