"""Every key of the reader in one place, read from the action registry (with the user's keymap applied)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.actions import Context, bindings, in_context

if TYPE_CHECKING:
    from tui.app import BriefingApp


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings(Context.HELP)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text("Keys", style="bold"), classes="pane-title")
            for title, rows in self.sections():
                yield Static(self._table(title, rows), classes="help-section")
            yield Static(Text("escape closes this screen; ctrl+p finds any command by name.", style="dim"))

    def sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(group, [(keys as shown, what they do)]) for every action of the registry, in its order."""
        from tui.app import BriefingApp

        app = self.app
        assert isinstance(app, BriefingApp)
        return [(context.value, self._rows(app, context)) for context in Context]

    @staticmethod
    def _rows(app: BriefingApp, context: Context) -> list[tuple[str, str]]:
        shown = in_context(context, shown_only=True)
        return [(app.key_display(action), action.description) for action in shown]

    def action_cursor(self, direction: str) -> None:
        body = self.query_one(VerticalScroll)
        (body.action_scroll_down if direction == "down" else body.action_scroll_up)()

    @staticmethod
    def _table(title: str, rows: list[tuple[str, str]]) -> Table:
        table = Table(
            title=Text(title, style="bold"),
            title_justify="left",
            box=None,
            show_header=False,
            pad_edge=False,
            expand=True,
        )
        table.add_column("key", width=14, no_wrap=True)
        table.add_column("action", ratio=1)
        for keys, description in rows:
            table.add_row(Text(keys, style="bold"), Text(description))
        return table
