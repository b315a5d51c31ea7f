"""Every note in the library, newest first, filtered by tag and by briefing; enter opens the note's card,
d removes the note, y copies it. Notes whose passage is gone are marked orphaned.

The note files are read in a worker when the screen opens and after each removal; a file that cannot be
read is one warning line, and the others are listed.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from briefings.errors import BriefingError
from briefings.notes import Note, NoteBook
from tui.actions import Context, bindings
from tui.blocks import plain
from tui.clipboard import copy, note_copy
from tui.jobs import Done, finish
from tui.protocols import ReaderApp, reader_app
from tui.render import plural
from tui.screens.dialog import ListDialog
from tui.screens.note_dialog import AskDialog
from tui.widgets.annotations import NOTE_MARK, quote_shown

MAX_WARNINGS_SHOWN = 3


class NotesScreen(ListDialog[Note | None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings(Context.NOTES)

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[Note] = []
        """Every note, newest first, as last read."""
        self.tag = ""
        self.briefing_words = ""
        """Filters: a tag (any case), words of the briefing's title; empty: every note."""
        self._loaded = False

    @property
    def reader_app(self) -> ReaderApp:
        return reader_app(self)

    @property
    def shown(self) -> list[Note]:
        """The notes the filters keep, in the list's order."""
        tag, words = self.tag.casefold(), self.briefing_words.casefold().split()
        return [note for note in self.notes
                if (not tag or tag in (kept.casefold() for kept in note.tags))
                and all(word in f"{note.briefing_title} {note.anchor.briefing_id}".casefold()
                        for word in words)]

    def compose(self) -> ComposeResult:
        with Vertical(id="notes-body"):
            yield Static(Text("Notes", style="bold"), classes="pane-title")
            yield Static(id="notes-filters")
            yield OptionList(id="notes-options")
            yield Static(Text("enter opens · d removes · t tag · b briefing · y copies · escape closes",
                              style="dim"))

    def on_mount(self) -> None:
        self._fill()
        self.load()

    def load(self, keep: int = 0) -> None:
        self.run_worker(partial(self._read, keep), thread=True, group="notes", exclusive=True,
                        exit_on_error=False)

    def _read(self, keep: int) -> Done:
        notes, warnings = NoteBook(self.reader_app.library.root).notes()
        return partial(self._loaded_notes, list(reversed(notes)), warnings, keep)

    def _loaded_notes(self, notes: list[Note], warnings: list[str], keep: int) -> None:
        self.notes = notes
        self._loaded = True
        say_problems(self, warnings, "note file")
        self._fill(keep)

    def _fill(self, keep: int = 0) -> None:
        listing = self.query_one(OptionList)
        shown = self.shown
        filters = [f"tag “{self.tag}”" if self.tag else "any tag",
                   f"briefing “{self.briefing_words}”" if self.briefing_words else "any briefing"]
        counted = f"{plural(len(shown), 'note')} of {len(self.notes)}" if self._loaded else "Reading notes…"
        self.query_one("#notes-filters", Static).update(plain(f"{counted} · {' · '.join(filters)}", "dim"))
        if not shown:
            empty = ("No notes yet: in the reader, v selects a passage and a notes it (or the whole card)."
                     if not self.notes else "No note matches these filters: t and b change them.")
            listing.set_options([Option(Text(empty, style="dim"), disabled=True)] if self._loaded else [])
            return
        listing.set_options([Option(_prompt(note), id=note.id) for note in shown])
        listing.highlighted = max(0, min(keep, len(shown) - 1))

    def _highlighted(self) -> Note | None:
        listing = self.query_one(OptionList)
        shown = self.shown
        index = listing.highlighted
        return shown[index] if index is not None and 0 <= index < len(shown) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        picked = next((note for note in self.notes if note.id == event.option.id), None)
        if picked is not None:
            self.dismiss(picked)

    def action_remove(self) -> None:
        picked = self._highlighted()
        if picked is None:
            return
        keep = self.query_one(OptionList).highlighted or 0
        self.run_worker(partial(self._remove, picked, keep), thread=True, group="notes", exit_on_error=False)

    def _remove(self, picked: Note, keep: int) -> Done:
        removed = NoteBook(self.reader_app.library.root).remove(picked.id)

        def done() -> None:
            said = "Removed" if removed else "Already gone (removed elsewhere)"
            self.notify(f"{said}: note {picked.id}.", markup=False)
            self.load(keep)
        return done

    def action_filter_tag(self) -> None:
        tags = sorted({tag for note in self.notes for tag in note.tags}, key=str.casefold)
        self._ask("Filter by tag", "Show the notes with this tag (empty: every note):", self.tag, tags,
                  "Tags", "tag")

    def action_filter_briefing(self) -> None:
        titles = sorted({note.briefing_title for note in self.notes if note.briefing_title}, key=str.casefold)
        self._ask("Filter by briefing",
                  "Show the notes on briefings whose title has these words (empty: all):",
                  self.briefing_words, titles, "Briefings", "briefing_words")

    def _ask(self, title: str, about: str, current: str, choices: list[str], label: str, field: str) -> None:
        def chosen(value: str | None) -> None:
            if value is not None:
                setattr(self, field, value)
                self._fill()

        self.app.push_screen(AskDialog(title, about, current, choices, label), chosen)

    def action_copy(self) -> None:
        picked = self._highlighted()
        if picked is not None:
            self.run_worker(partial(self._copy, picked), thread=True, group="notes", exit_on_error=False)

    def _copy(self, picked: Note) -> Done:
        try:
            briefing = self.reader_app.library.get(picked.anchor.briefing_id)
        except (KeyError, BriefingError):
            briefing = None
        return partial(copy, self.app, note_copy(picked, briefing), "the note")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if (error := finish(event)) is not None:
            self.notify(error, title="Notes", severity="error", markup=False)


def say_problems(node: Widget, warnings: list[str], kind: str) -> None:
    """The first few lines about files that could not be read in full, then how many more there are."""
    for warning in warnings[:MAX_WARNINGS_SHOWN]:
        node.notify(warning, severity="warning", markup=False, timeout=8)
    if len(warnings) > MAX_WARNINGS_SHOWN:
        node.notify(f"{plural(len(warnings) - MAX_WARNINGS_SHOWN, f'more problem in a {kind}')}.",
                    severity="warning", markup=False)


def _prompt(note: Note) -> Text:
    """The note's text, then where it is and its tags and grade, then the start of its passage."""
    text = plain(NOTE_MARK + (note.text or "(a highlight without a note)"), "bold")
    where = " — ".join(part for part in (note.briefing_title or note.anchor.briefing_id, note.card_heading)
                       if part)
    details = [where, *([", ".join(note.tags)] if note.tags else []),
               *([f"grade: {note.grade}"] if note.grade else [])]
    text.append("\n")
    if note.orphaned:
        text.append_text(plain("orphaned · ", "bold italic"))
    text.append_text(plain(" · ".join(details), "dim"))
    if note.anchor.quote:
        text.append("\n")
        text.append_text(plain(f"“{quote_shown(note.anchor.quote)}”", "italic dim"))
    return text
