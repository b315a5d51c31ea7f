"""Copying to the clipboard: OSC 52 through the terminal (`App.copy_to_clipboard`; it works over SSH, and in
tmux with `set-clipboard on`), and always a file in the user's state folder too.

No terminal says whether it took an OSC 52 write, so the file is written every time and the status line
names it: a person whose terminal ignores OSC 52 still finds the text there. Only where there is no
terminal at all (a headless run) is the clipboard said to be out of reach.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from textual.app import App

from briefings.dossier_export import compile_dossier, entry_heading, provenance
from briefings.dossiers import Dossier, DossierItem
from briefings.export import card_markdown
from briefings.files import make_private_dir, write_atomic
from briefings.model import Briefing
from briefings.notes import Note
from briefings.text import strip_control
from briefings.wording import reference_line

CLIPBOARD_FILE = "clipboard.txt"


def clipboard_path() -> Path:
    return platformdirs.user_state_path("briefing-reader", appauthor=False) / CLIPBOARD_FILE


def copy(app: App[object], text: str, what: str) -> None:
    """Put `text` on the clipboard and in the clipboard file (in a worker), then say where it went.
    Control characters are left out: pasted into a terminal, an escape sequence would run."""
    clean = strip_control(text)
    app.copy_to_clipboard(clean)
    path = clipboard_path()

    def write() -> None:
        try:
            make_private_dir(path.parent)
            write_atomic(path, clean if clean.endswith("\n") else clean + "\n")
        except OSError as error:
            app.call_from_thread(app.notify, copied_message(what, app.is_headless, path,
                                                            error.strerror or str(error)), markup=False)
            return
        app.call_from_thread(app.notify, copied_message(what, app.is_headless, path), markup=False)

    app.run_worker(write, thread=True, group="clipboard", exit_on_error=False)


def copied_message(what: str, headless: bool, path: Path, failure: str = "") -> str:
    """What the status line says: where the text went, and where it did not."""
    if failure:
        where = "to the clipboard (OSC 52)" if not headless else "nowhere: there is no terminal"
        return f"Copied {what} {where}; could not write {path}: {failure}"
    if headless:
        return f"No terminal to take the clipboard: {what} written to {path}"
    return f"Copied {what} to the clipboard (OSC 52) and to {path} (for terminals without OSC 52)"


def card_copy(briefing: Briefing, index: int) -> str:
    """A card as a reader would paste it: its Markdown with the outlets named, then its citation."""
    return f"{card_markdown(briefing.cards[index])}\n\n— {citation(briefing, index)}"


def passage_copy(briefing: Briefing, index: int, quote: str) -> str:
    return f"“{' '.join(quote.split())}”\n\n— {citation(briefing, index)}"


def note_copy(note: Note, briefing: Briefing | None) -> str:
    """The note, the passage it is on, and a citation of its card when the briefing still has it."""
    parts = [note.text] if note.text else []
    meta = [*([f"tags: {', '.join(note.tags)}"] if note.tags else []),
            *([f"grade: {note.grade}"] if note.grade else [])]
    if meta:
        parts.append(" · ".join(meta))
    if note.anchor.quote:
        parts.append(f"“{' '.join(note.anchor.quote.split())}”")
    ids = briefing.card_ids() if briefing is not None else ()
    if briefing is not None and note.anchor.card_id in ids:
        parts.append(citation(briefing, ids.index(note.anchor.card_id)))
    else:
        parts.append(f"{note.briefing_title} — {note.card_heading}".strip(" —"))
    return "\n\n".join(parts)


def citation(briefing: Briefing, index: int) -> str:
    """The card's heading and briefing, outlets, journalists, date, and the references it cites with their
    URLs, worded as the dossier exports word them."""
    item = DossierItem(briefing.id, briefing.card_ids()[index])
    compiled = compile_dossier(Dossier("citation", (item,)), lambda _: briefing, ())
    entry = compiled.entries[0]
    heading = entry_heading(entry).partition(". ")[2]
    lines = [heading, *provenance(entry)[1:]]
    lines += [reference_line(source.reference) for source in compiled.sources]
    return "\n".join(lines)
