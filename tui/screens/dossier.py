"""The dossiers: their names on the left, the chosen one's cards on the right in the analyst's order.
K/J (or shift+up/down) move a card, d removes it, enter opens it; m and h export the dossier as Markdown
or as one self-contained HTML page into the library's `exports/` folder, and the status line says where.

Dossier files, the briefings their cards come from and the notes are read in workers; every change is
written by `briefings.dossiers`, which locks the file, so another process changing the dossier meanwhile
loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from briefings.dossier_export import compile_dossier, dossier_html, dossier_markdown, library_lookup
from briefings.dossiers import Dossier, DossierItem, Dossiers, slug
from briefings.files import make_private_dir, write_atomic
from briefings.notes import Note, NoteBook
from briefings.wording import card_title
from tui.actions import Context, bindings
from tui.blocks import plain
from tui.jobs import Done, finish
from tui.protocols import ReaderApp, reader_app
from tui.render import plural
from tui.screens.notes import say_problems
from tui.widgets.annotations import NOTE_MARK

EXPORTS_DIR = "exports"
"""In the library folder: where dossiers are exported, beside the briefings they quote."""
EXPORTERS = {"md": dossier_markdown, "html": dossier_html}
FORMAT_NAMES = {"md": "Markdown", "html": "HTML"}


@dataclass(frozen=True)
class Row:
    """A dossier's item as listed: its card and briefing, and the note that goes with it."""

    item: DossierItem
    heading: str
    briefing_title: str
    note: str = ""
    missing: bool = False


def export_path(library_root: Path, dossier: Dossier, fmt: str) -> Path:
    return library_root / EXPORTS_DIR / f"dossier-{slug(dossier.name)}.{fmt}"


class DossierScreen(ModalScreen[DossierItem | None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings(Context.DOSSIER)

    def __init__(self, current: str = "") -> None:
        super().__init__()
        self.current = current
        """The dossier shown; the last used when the screen opens."""
        self.dossiers: list[Dossier] = []
        self.rows: list[Row] = []

    @property
    def reader_app(self) -> ReaderApp:
        return reader_app(self)

    @property
    def dossier(self) -> Dossier | None:
        return next((dossier for dossier in self.dossiers if slug(dossier.name) == slug(self.current)), None)

    def compose(self) -> ComposeResult:
        with Vertical(id="dossier-body"):
            yield Static(Text("Dossiers", style="bold"), classes="pane-title")
            with Horizontal(id="dossier-panes"):
                yield OptionList(id="dossier-names")
                yield OptionList(id="dossier-items")
            yield Static(id="dossier-status")
            yield Static(Text("enter opens · K/J move · d removes · m Markdown · h HTML · tab switches · "
                              "escape closes", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#dossier-status", Static).update(Text("Reading dossiers…", style="dim"))
        self.load()

    # Reading ----------------------------------------------------------------------------------------

    def load(self, keep: int | None = None) -> None:
        """Every dossier's name, and the cards of the one shown; `keep`: the item to put the cursor on."""
        self.run_worker(partial(self._read, self.current, keep), thread=True, group="dossier-read",
                        exclusive=True, exit_on_error=False)

    def _read(self, current: str, keep: int | None) -> Done:
        app = self.reader_app
        dossiers, warnings = Dossiers(app.library.root).dossiers()
        chosen = next((dossier for dossier in dossiers if current and slug(dossier.name) == slug(current)),
                      dossiers[0] if dossiers else None)
        rows = _rows(chosen, app) if chosen is not None else []
        return partial(self._show, dossiers, chosen, rows, warnings, keep)

    def _show(self, dossiers: list[Dossier], chosen: Dossier | None, rows: list[Row], warnings: list[str],
              keep: int | None) -> None:
        self.dossiers, self.rows = dossiers, rows
        self.current = chosen.name if chosen is not None else ""
        say_problems(self, warnings, "dossier file")
        names = self.query_one("#dossier-names", OptionList)
        with names.prevent(OptionList.OptionHighlighted):
            names.set_options([Option(plain(dossier.name), id=str(number))
                               for number, dossier in enumerate(dossiers)])
            if chosen is not None:
                names.highlighted = dossiers.index(chosen)
        self._fill_items(keep)
        if keep is None:
            self.set_focus(self.query_one("#dossier-items" if rows else "#dossier-names", OptionList))

    def _fill_items(self, keep: int | None) -> None:
        items = self.query_one("#dossier-items", OptionList)
        status = self.query_one("#dossier-status", Static)
        if not self.dossiers:
            items.set_options([Option(Text("No dossiers yet: in the reader, d adds the current card to one.",
                                           style="dim"), disabled=True)])
            status.update("")
            return
        dossier = self.dossier
        if not self.rows:
            items.set_options([Option(Text("This dossier is empty.", style="dim"), disabled=True)])
        else:
            items.set_options([Option(_prompt(number, row), id=str(number))
                               for number, row in enumerate(self.rows, start=1)])
            items.highlighted = max(0, min(keep or 0, len(self.rows) - 1))
        title = dossier.heading if dossier is not None else self.current
        status.update(plain(f"“{title}”: {plural(len(self.rows), 'card')}", "dim"))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Moving over a dossier's name shows its cards."""
        if event.option_list.id == "dossier-names" and event.option.id is not None:
            picked = self.dossiers[int(event.option.id)]
            if slug(picked.name) != slug(self.current):
                self.current = picked.name
                self.load(keep=0)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "dossier-names":
            self.set_focus(self.query_one("#dossier-items", OptionList))
        elif event.option.id is not None:
            self.dismiss(self.rows[int(event.option.id) - 1].item)

    # Changing ---------------------------------------------------------------------------------------

    def _item_index(self) -> int | None:
        """The highlighted card's place in the dossier, when the cards have the focus."""
        items = self.query_one("#dossier-items", OptionList)
        index = items.highlighted
        if not items.has_focus or index is None or not 0 <= index < len(self.rows) or self.dossier is None:
            return None
        return index

    def action_move(self, step: int) -> None:
        index = self._item_index()
        if index is None or not 0 <= index + step < len(self.rows):
            return
        self._change(partial(_move, self.current, index, index + step), index + step)

    def action_remove(self) -> None:
        index = self._item_index()
        if index is not None:
            self._change(partial(_remove, self.current, index), index)

    def _change(self, change: partial[Dossier], keep: int) -> None:
        root = self.reader_app.library.root

        def run() -> Done:
            change(Dossiers(root))
            return partial(self.load, keep)
        self.run_worker(run, thread=True, group="dossier", exit_on_error=False)

    def action_cursor(self, direction: str) -> None:
        focused = self.focused
        if isinstance(focused, OptionList):
            (focused.action_cursor_down if direction == "down" else focused.action_cursor_up)()

    # Exporting --------------------------------------------------------------------------------------

    def action_export(self, fmt: str) -> None:
        dossier = self.dossier
        if dossier is None:
            self.notify("No dossier to export: d in the reader adds a card to one.", severity="warning")
            return
        self.run_worker(partial(self._export, dossier, fmt), thread=True, group="dossier",
                        exit_on_error=False)

    def _export(self, dossier: Dossier, fmt: str) -> Done:
        app = self.reader_app
        notes, _warnings = NoteBook(app.library.root).notes()
        compiled = compile_dossier(dossier, library_lookup(app.library), notes)
        path = export_path(app.library.root, dossier, fmt)
        make_private_dir(path.parent)
        write_atomic(path, EXPORTERS[fmt](compiled))
        gone = (f"; {plural(len(compiled.warnings), 'item')} no longer in the library"
                if compiled.warnings else "")
        said = f"Exported “{dossier.name}” as {FORMAT_NAMES[fmt]} to {path}{gone}"
        return partial(self._exported, said)

    def _exported(self, said: str) -> None:
        self.query_one("#dossier-status", Static).update(plain(said, "dim"))
        self.notify(said, markup=False, timeout=10)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if (error := finish(event)) is not None:
            self.notify(error, title="Dossier", severity="error", markup=False)


def _move(name: str, index: int, to: int, dossiers: Dossiers) -> Dossier:
    return dossiers.move(name, index, to)


def _remove(name: str, index: int, dossiers: Dossiers) -> Dossier:
    return dossiers.remove(name, index)


def _rows(dossier: Dossier, app: ReaderApp) -> list[Row]:
    """The dossier's items with their cards' headings, briefings' titles and notes (read once each)."""
    lookup = library_lookup(app.library)
    briefings = {briefing_id: lookup(briefing_id)
                 for briefing_id in {item.briefing_id for item in dossier.items}}
    notes: dict[str, Note] = {}
    if any(item.note_id for item in dossier.items):
        notes = {note.id: note for note in NoteBook(app.library.root).notes()[0]}
    rows = []
    for item in dossier.items:
        briefing = briefings[item.briefing_id]
        note = notes.get(item.note_id)
        note_text = (note.text or "(a highlight)") if note is not None else ""
        if briefing is None:
            rows.append(Row(item, item.card_id or "whole briefing", item.briefing_id, note_text,
                            missing=True))
            continue
        position = briefing.card_position(item.card_id) if item.card_id else None
        if item.card_id and position is None:
            rows.append(Row(item, item.card_id, briefing.title, note_text, missing=True))
            continue
        heading = ("whole briefing" if position is None else
                   card_title(briefing.cards[position].kind, briefing.cards[position].heading))
        rows.append(Row(item, heading, briefing.title, note_text))
    return rows


def _prompt(number: int, row: Row) -> Text:
    """The card, its briefing under it, then the note that goes with it."""
    text = plain(f"{number}. {row.heading}", "bold")
    if row.missing:
        text.append_text(plain("  (no longer in the library)", "italic"))
    text.append("\n")
    text.append_text(plain(row.briefing_title, "dim"))
    if row.note:
        text.append("\n")
        text.append_text(plain(f"{NOTE_MARK}{row.note}", "italic"))
    return text
