"""The analyst's workbench on a screen with a reader: noting a card or the passage selected, adding a card
to a dossier, copying, and opening the Notes and Dossiers screens.

The main screen owns one `Workbench` and its actions call it, so the screen stays about reading; the
workbench knows the screen only as a Textual screen holding a `Reader`, and opens a card through the
callback it is given. Files are read and written in the screen's workers, whose result is the change to
make on the event loop (`tui.jobs`); a failure is one line, titled by the worker's group (`FAILURES`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from textual.screen import Screen

from briefings.dossiers import DossierItem, Dossiers
from briefings.model import Briefing
from briefings.notes import Anchor, Note, NoteBook
from briefings.sentences import split_sentences
from briefings.wording import card_title
from tui.clipboard import card_copy, citation, copy, passage_copy
from tui.jobs import Done
from tui.protocols import reader_app
from tui.render import plural
from tui.screens.note_dialog import AskDialog, NoteDialog, NoteForm
from tui.search_marks import Passage
from tui.widgets.reader import Reader

FAILURES = {
    "notes": "Could not save the note",
    "dossier": "Could not add to the dossier",
}
"""Titles of the failures of the workers here, by group."""

OpenCard = Callable[[str, str, Passage | None], None]
"""Opens briefing `id` at card `card id` (the briefing's first card for ""), landing on the passage."""


class Workbench:
    def __init__(self, screen: Screen[Any], open_card: OpenCard) -> None:
        self.screen = screen
        self.open_card = open_card
        self.last_dossier = ""
        """The dossier a card was last added to, offered first the next time."""

    @property
    def reader(self) -> Reader:
        return self.screen.query_one(Reader)

    def _library_root(self) -> Path:
        return reader_app(self.screen).library.root

    def _run(self, work: Callable[[], Done], group: str) -> None:
        self.screen.run_worker(work, thread=True, group=group, exit_on_error=False)

    def _current_card(self) -> tuple[Briefing, int] | None:
        """The open briefing and the reader's current card; None (and said) when no briefing is open."""
        briefing = self.reader.briefing
        if briefing is None or not briefing.cards:
            self.screen.notify("Open a briefing first.", severity="warning")
            return None
        return briefing, self.reader.cursor_card

    # Notes ------------------------------------------------------------------------------------------

    def note(self) -> None:
        """The note dialog for the passage selected, else for the whole current card; saved in a worker."""
        here = self._current_card()
        if here is None:
            return
        briefing, index = here
        index, quote = self.reader.selected_passage() or (index, "")
        card = briefing.cards[index]
        heading = card_title(card.kind, card.heading)
        anchor = Anchor(briefing.id, briefing.card_ids()[index], quote)

        def save(form: NoteForm | None) -> None:
            if form is not None:
                self._run(partial(self._add_note, anchor, form, briefing.title, heading), "notes")

        about = f"{'A passage of ' if quote else ''}{heading} — {briefing.title}"
        self.screen.app.push_screen(NoteDialog(about, quote), save)

    def _add_note(self, anchor: Anchor, form: NoteForm, title: str, heading: str) -> Done:
        book = NoteBook(self._library_root())
        added = book.add(anchor, form.text, tags=form.tags, grade=form.grade, briefing_title=title,
                         card_heading=heading)
        return partial(self._noted, book.for_briefing(anchor.briefing_id), added)

    def _noted(self, notes: list[Note], added: Note) -> None:
        reader = self.reader
        if reader.briefing is not None and reader.briefing.id == added.anchor.briefing_id:
            reader.selection = None
            reader.set_notes(notes)
        what = "passage" if added.anchor.quote else "card"
        self.screen.notify(f"Noted the {what} ({added.id}); A lists every note, d adds the card to a "
                           "dossier.", markup=False)

    def reload_notes(self) -> None:
        """The open briefing's notes read again (one was removed on the Notes screen)."""
        if self.reader.briefing is not None:
            self._run(partial(self._briefing_notes, self.reader.briefing.id), "notes")

    def _briefing_notes(self, briefing_id: str) -> Done:
        notes = NoteBook(self._library_root()).for_briefing(briefing_id)

        def show() -> None:
            reader = self.reader
            if reader.briefing is not None and reader.briefing.id == briefing_id:
                reader.set_notes(notes)
        return show

    def notes_screen(self) -> None:
        from tui.screens.notes import NotesScreen

        def chosen(picked: Note | None) -> None:
            self.reload_notes()
            if picked is not None:
                quote = picked.anchor.quote
                self.open_card(picked.anchor.briefing_id, picked.anchor.card_id,
                               Passage(tuple(split_sentences(quote))) if quote else None)

        self.screen.app.push_screen(NotesScreen(), chosen)

    # Dossiers ---------------------------------------------------------------------------------------

    def add_to_dossier(self) -> None:
        """Ask which dossier (the last used offered, the others completed as typed), then add the current
        card with its newest note."""
        here = self._current_card()
        if here is None:
            return
        briefing, index = here
        card_id = briefing.card_ids()[index]
        on_card = [note for note in self.reader.notes if note.anchor.card_id == card_id]
        item = DossierItem(briefing.id, card_id, on_card[-1].id if on_card else "")
        card = briefing.cards[index]
        with_note = " with its note" if on_card else ""
        about = f"Add “{card_title(card.kind, card.heading)}” of {briefing.title}{with_note} to:"
        self._run(partial(self._ask_dossier, item, about), "dossier")

    def _ask_dossier(self, item: DossierItem, about: str) -> Done:
        names = Dossiers(self._library_root()).names()

        def add(name: str | None) -> None:
            if name is None:
                return
            if not name:
                self.screen.notify("A dossier needs a name; nothing added.", severity="warning")
                return
            self.last_dossier = name
            self._run(partial(self._add_item, name, item), "dossier")

        def ask() -> None:
            default = self.last_dossier or (names[0] if names else "")
            self.screen.app.push_screen(AskDialog("Add to dossier", about, default, names, "Dossiers"), add)
        return ask

    def _add_item(self, name: str, item: DossierItem) -> Done:
        dossier = Dossiers(self._library_root()).add(name, [item])
        place = dossier.items.index(item) + 1
        said = (f"Added to dossier “{dossier.name}”: {plural(len(dossier.items), 'card')}, this one at "
                f"{place}; D shows it.")
        return partial(self.screen.notify, said, markup=False)

    def dossiers_screen(self) -> None:
        from tui.screens.dossier import DossierScreen

        def chosen(item: DossierItem | None) -> None:
            if item is not None:
                self.open_card(item.briefing_id, item.card_id, None)

        self.screen.app.push_screen(DossierScreen(self.last_dossier), chosen)

    # Copying ----------------------------------------------------------------------------------------

    def copy_card(self) -> None:
        """The passage selected, else the current card, each with its citation."""
        here = self._current_card()
        if here is None:
            return
        briefing, index = here
        selected = self.reader.selected_passage()
        if selected is not None:
            copy(self.screen.app, passage_copy(briefing, *selected), "the passage")
        else:
            copy(self.screen.app, card_copy(briefing, index), "the card")

    def copy_citation(self) -> None:
        here = self._current_card()
        if here is not None:
            copy(self.screen.app, citation(*here), "the citation")
