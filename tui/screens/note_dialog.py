"""Small forms: a note's text, tags and grade; a dossier's name. Enter in any field saves, escape cancels.

What the analyst types is data like any other text: shown in `Input`s, never read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from briefings.notes import clean_tags
from tui.actions import Context, bindings
from tui.blocks import plain
from tui.widgets.annotations import quote_shown

QUOTE_SHOWN = 240
"""Characters of the passage repeated in the note dialog, enough to recognise it."""


@dataclass(frozen=True)
class NoteForm:
    text: str
    tags: tuple[str, ...]
    grade: str


class NoteDialog(ModalScreen[NoteForm | None]):
    """The note on `about` (a card, or the passage `quote` of it)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Context.FORM)

    def __init__(self, about: str, quote: str = "") -> None:
        super().__init__()
        self.about = about
        self.quote = quote

    def compose(self) -> ComposeResult:
        with Vertical(id="note-body", classes="form-body"):
            yield Static(Text("Note", style="bold"), classes="pane-title")
            yield Static(plain(self.about, "bold"), id="note-about")
            if self.quote:
                yield Static(plain(f"“{quote_shown(self.quote, QUOTE_SHOWN)}”", "italic"), id="note-quote")
            yield Label("Note")
            yield Input(placeholder="what this passage tells you", id="note-text")
            yield Label("Tags")
            yield Input(placeholder="comma-separated, e.g. troops, sources-disagree", id="note-tags")
            yield Label("Grade")
            yield Input(placeholder="your confidence or scale, e.g. high, B2", id="note-grade")
            yield Static(Text("enter saves · tab next field · escape cancels", style="dim"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(NoteForm(
            self.query_one("#note-text", Input).value.strip(),
            clean_tags(self.query_one("#note-tags", Input).value.split(",")),
            self.query_one("#note-grade", Input).value.strip(),
        ))


class AskDialog(ModalScreen[str | None]):
    """One line of text, offered `default` and completed from `choices` as typed (→ takes the suggestion);
    the text as typed, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Context.FORM)

    def __init__(self, title: str, about: str, default: str = "", choices: Sequence[str] = (),
                 choices_label: str = "") -> None:
        super().__init__()
        self.heading = title
        self.about = about
        self.default = default
        self.choices = list(choices)
        self.choices_label = choices_label

    def compose(self) -> ComposeResult:
        with Vertical(id="ask-body", classes="form-body"):
            yield Static(plain(self.heading, "bold"), classes="pane-title")
            yield Static(plain(self.about))
            yield Input(self.default, id="ask-input",
                        suggester=SuggestFromList(self.choices, case_sensitive=False))
            if self.choices_label:
                yield Static(plain(f"{self.choices_label}: {', '.join(self.choices) or 'none yet'}", "dim"),
                             id="ask-choices")
            yield Static(Text("enter saves · → takes the suggestion · escape cancels", style="dim"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())
