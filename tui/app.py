"""The Textual reader. `run(library_path)` is what `briefing` with no arguments calls.

Start-up stays lean: this module imports Textual and the library only; Whoosh is imported and the
index opened in a worker after the first screen is drawn.
"""

from __future__ import annotations

import gc
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import BindingType

from briefings.library import Library
from tui.actions import Action, Context, bindings, keys_of
from tui.commands import BriefingCommands, EntityCommands, ReaderCommands
from tui.keymap import keymap_path, load_keymap
from tui.screenshots import screenshot_folder
from tui.state import ReaderState
from tui.theme import DARK, THEMES, other_variant

if TYPE_CHECKING:
    from search import SearchEngine

FULL_COLLECTION_EVERY = 2
"""Young-generation passes between full garbage collections (Python's default is 10). Textual's strips
hold themselves in their own caches, so repaints leave cyclic garbage that reaches the oldest
generation; collecting it more often keeps each pause short (on 200,000 briefings, worst pauses
while opening briefings after a search fell from 37-83 ms to 31-46 ms)."""


class BriefingApp(App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "Briefings"
    COMMANDS: ClassVar = App.COMMANDS | {BriefingCommands, EntityCommands, ReaderCommands}
    BINDINGS: ClassVar[list[BindingType]] = bindings(Context.APP)
    MAX_KEYMAP_NOTES = 5

    def __init__(self, library: Library, watch_folder: Path | None = None) -> None:
        super().__init__()
        self.library = library
        self.watch_folder = watch_folder
        self.index: SearchEngine | None = None
        self.state, self._startup_warning = ReaderState.for_library(library.root)
        self.previous_visit = self.state.begin_visit()
        """When the reader last started on this library: the list marks what arrived since."""
        self._save_warned = False
        self._save_lock = threading.Lock()
        self._save_sequence = self._saved_sequence = 0
        self._gc_thresholds = gc.get_threshold()
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = self.state.theme if self.state.theme in self.available_themes else DARK.name
        self.keymap = load_keymap(keymap_path())
        self.set_keymap(self.keymap.textual())

    def keys_for(self, action: Action) -> tuple[str, ...]:
        """The keys `action` has now: the user's keymap over the defaults."""
        return keys_of(action, self.keymap.remaps)

    def key_display(self, action: Action) -> str:
        return " ".join(self.get_key_display(action.binding([key])) for key in self.keys_for(action))

    def on_mount(self) -> None:
        from tui.screens.main import MainScreen

        gc.set_threshold(*self._gc_thresholds[:2], FULL_COLLECTION_EVERY)
        self.push_screen(MainScreen())
        if self._startup_warning:
            self.notify(self._startup_warning, severity="warning", markup=False)
        problems = self.keymap.problems
        for problem in problems[: self.MAX_KEYMAP_NOTES]:
            self.notify(problem, severity="warning", markup=False, timeout=10)
        if len(problems) > self.MAX_KEYMAP_NOTES:
            more = len(problems) - self.MAX_KEYMAP_NOTES
            self.notify(f"{self.keymap.path}: {more} more problems.", severity="warning", markup=False)

    def watch_theme(self, theme: str) -> None:
        self.state.theme = theme

    def save_state(self, *, wait: bool = False) -> None:
        """Write the reading state, in a worker unless `wait`; newer snapshots always win."""
        self._save_sequence += 1
        data, sequence = self.state.to_data(), self._save_sequence
        if wait:
            if error := self._write_state(data, sequence):
                self._cannot_save(error)
            return

        def write() -> None:
            if error := self._write_state(data, sequence):
                self.call_from_thread(self._cannot_save, error)

        self.run_worker(write, thread=True, group="state", exit_on_error=False)

    def _write_state(self, data: dict[str, Any], sequence: int) -> OSError | None:
        with self._save_lock:
            if sequence <= self._saved_sequence:
                return None
            try:
                self.state.save(data)
            except OSError as error:
                return error
            self._saved_sequence = sequence
            return None

    def _cannot_save(self, error: OSError) -> None:
        """A state folder that cannot be written (disk full) is said once, then tolerated."""
        if not self._save_warned:
            self._save_warned = True
            self.notify(
                f"Cannot save reading state in {self.state.path.parent}: {error.strerror or error}",
                severity="warning",
                markup=False,
                timeout=8,
            )

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        folder = path or str(screenshot_folder(self.library))
        return super().deliver_screenshot(filename, folder, time_format)

    def action_toggle_theme(self) -> None:
        self.theme = other_variant(self.theme)

    async def action_quit(self) -> None:
        self.save_state(wait=True)
        self.exit()

    def on_unmount(self) -> None:
        gc.set_threshold(*self._gc_thresholds)
        if self.index is not None:
            self.index.close()


def run(library_path: Path, watch_folder: Path | None = None) -> None:
    library = Library(library_path)
    try:
        BriefingApp(library, watch_folder).run()
    finally:
        library.close()
