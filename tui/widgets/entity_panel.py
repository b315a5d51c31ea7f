"""The right pane: who and what the open briefing is about, and where else each one appears."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from briefings.model import Briefing, Entity
from tui.printing import CUT_MARK
from tui.render import plain

Mention = tuple[str, str, dt.date | None]
"""(briefing id, title, date) as the search layer returns them."""


def _entity_prompt(entity: Entity) -> Text:
    text = plain(entity.name, "bold")
    if entity.kind.value != "unknown":
        text.append(f"  {entity.kind.value}", "dim")
    if entity.description:
        text.append("\n")
        text.append_text(plain(entity.description))
        if entity.truncated:
            text.append(CUT_MARK, "italic")
    if not entity.mentioned:
        text.append("\n(described, not named in the text)", "dim italic")
    return text


def _mention_prompt(title: str, date: dt.date | None) -> Text:
    text = plain(title)
    text.append(f"\n{date.isoformat() if date else 'undated'}", "dim")
    return text


class EntityPanel(Vertical):
    """Enter on an entity lists the other briefings naming it; enter on one of those opens it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="entities.down"),
        Binding("k", "cursor_up", "Up", show=False, id="entities.up"),
    ]

    class EntityChosen(Message):
        def __init__(self, entity: Entity) -> None:
            super().__init__()
            self.entity = entity

    class BriefingChosen(Message):
        def __init__(self, briefing_id: str) -> None:
            super().__init__()
            self.briefing_id = briefing_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entities: tuple[Entity, ...] = ()
        self.briefing_id: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Entities"), classes="pane-title")
        yield OptionList(id="entities")
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
        entities.set_options(options)
        if not self._entities:
            entities.set_options([Option(Text("No entities in this briefing.", "dim"), disabled=True)])
        self.show_mentions(None, ())

    def select_entity(self, name: str) -> Entity | None:
        """Highlight an entity by name (from the command palette) and return it."""
        for index, entity in enumerate(self._entities):
            if entity.name == name:
                entities = self.query_one("#entities", OptionList)
                entities.highlighted = index
                self.screen.set_focus(entities)
                return entity
        return None

    def show_mentions(self, entity: Entity | None, mentions: Sequence[Mention] | None) -> None:
        """`mentions` None means still searching."""
        title = self.query_one("#mentions-title", Static)
        listing = self.query_one("#mentions", OptionList)
        if entity is None:
            title.update(Text(""))
            listing.set_options(
                [
                    Option(
                        Text("Enter on an entity lists the other briefings naming it.", "dim"), disabled=True
                    )
                ]
            )
            return
        heading = plain(f"Also naming {entity.name}", "bold")
        title.update(heading)
        if mentions is None:
            listing.set_options([Option(Text("Searching…", "dim"), disabled=True)])
        elif not mentions:
            listing.set_options([Option(Text("No other briefing names it.", "dim"), disabled=True)])
        else:
            listing.set_options(
                Option(_mention_prompt(title_text, date), id=f"b:{briefing_id}")
                for briefing_id, title_text, date in mentions
            )
            listing.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if event.option_list.id == "entities" and option_id.startswith("e"):
            entity = self._entities[int(option_id[1:])]
            self.show_mentions(entity, None)
            self.post_message(self.EntityChosen(entity))
        elif option_id.startswith("b:"):
            self.post_message(self.BriefingChosen(option_id[2:]))

    def action_cursor_down(self) -> None:
        self._focused_list().action_cursor_down()

    def action_cursor_up(self) -> None:
        self._focused_list().action_cursor_up()

    def _focused_list(self) -> OptionList:
        focused = self.screen.focused
        return focused if isinstance(focused, OptionList) else self.query_one("#entities", OptionList)

    def focus_mentions(self) -> None:
        self.screen.set_focus(self.query_one("#mentions", OptionList))
