"""What changed between two versions of a briefing (issue 20): per card the sentences added, removed and
changed, timeline entries, figures that moved, then new and dropped sources and outlets. The same lines
as `briefing changes` (`briefings.changes.change_lines`); `[` and `]` step back and on through the
versions. The versions are read in a worker: the UI thread never waits for the disk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from briefings.changes import change_lines, changes
from briefings.library import Library
from tui.actions import Context, bindings
from tui.blocks import plain

MARK_STYLES = {"+": "green", "-": "red", "~": "dim", "→": "yellow", "=": "bold", "": "bold underline"}


@dataclass(frozen=True)
class Compared:
    """The lines between versions `older` and `newer` of `count`."""

    older: int
    newer: int
    count: int
    lines: list[tuple[str, str]]


class ChangesScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings(Context.CHANGES)

    def __init__(self, library: Library, briefing_id: str, title: str) -> None:
        super().__init__()
        self.library = library
        self.briefing_id = briefing_id
        self.briefing_title = title
        self.newer: int | None = None
        """The version compared with the one before it; None: the current one."""
        self.shown: Compared | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="changes-body"):
            yield Static(plain(f"Changes in “{self.briefing_title}”", "bold"), classes="pane-title")
            yield Static(Text("Reading the versions…", style="dim"), id="changes-scope")
            with VerticalScroll(id="changes-scroll"):
                yield Static(Text(""), id="changes-lines")
            yield Static(Text("[ older · ] newer · + added · - removed · ~ was → now · = figure moved · "
                              "escape closes", style="dim"))

    def on_mount(self) -> None:
        self._compare(self.newer)

    def _compare(self, newer: int | None) -> None:
        self.run_worker(lambda: self._read(newer), thread=True, exclusive=True, group="changes",
                        exit_on_error=False)

    def _read(self, newer: int | None) -> Compared:
        count = len(self.library.versions(self.briefing_id))
        number = count if newer is None else newer
        if number < 2:
            return Compared(1, 1, count, [])
        before = self.library.version(self.briefing_id, number - 1)
        after = self.library.version(self.briefing_id, number) if number < count else \
            self.library.get(self.briefing_id)
        return Compared(number - 1, number, count, change_lines(changes(before, after)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "changes":
            return
        if event.state is WorkerState.ERROR:
            self.query_one("#changes-scope", Static).update(
                plain(f"Could not read the versions: {event.worker.error}", "red"))
        elif event.state is WorkerState.SUCCESS and isinstance(event.worker.result, Compared):
            self._show(event.worker.result)

    def _show(self, compared: Compared) -> None:
        self.shown = compared
        self.newer = compared.newer
        if compared.count < 2:
            scope = "Only one version so far: nothing has changed."
        else:
            scope = f"Version {compared.older} → {compared.newer} of {compared.count}"
            if not compared.lines:
                scope += ": the same content"
        self.query_one("#changes-scope", Static).update(Text(scope, style="dim"))
        text = Text()
        for words, mark in compared.lines:
            if text:
                text.append("\n")
            if mark:
                text.append(f"{mark} ", style=MARK_STYLES[mark])
                text.append(words, style="" if mark in "+-=" else MARK_STYLES[mark])
            else:
                text.append(words, style=MARK_STYLES[""])
        self.query_one("#changes-lines", Static).update(text)

    def action_step(self, step: int) -> None:
        """To the changes one version older (-1) or newer (1), within the versions there are."""
        if self.shown is None or self.shown.count < 2:
            return
        wanted = min(max(self.shown.newer + step, 2), self.shown.count)
        if wanted != self.shown.newer:
            self._compare(wanted)

    def action_cursor(self, direction: str) -> None:
        scroll = self.query_one("#changes-scroll", VerticalScroll)
        (scroll.scroll_down if direction == "down" else scroll.scroll_up)(animate=False)
