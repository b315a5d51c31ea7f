"""Every key of the reader in one place, read from the action registry (with the user's keymap applied)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.actions import Context, bindings, in_context
from tui.protocols import reader_app

Row = tuple[str, str, str]
"""(keys as shown, what they do, the action id a keymap remaps it by; empty for Textual's own keys)."""


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings(Context.HELP)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text("Keys", style="bold"), classes="pane-title")
            for context in Context:
                yield Static(self._table(context.value, self._rows(context)), classes="help-section")
            yield Static(
                Text(
                    "escape closes this screen; ctrl+p finds any command by name. keymap.toml remaps a key "
                    "by the dim action id beside it (see README).",
                    style="dim",
                )
            )

    def sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(group, [(keys as shown, what they do)]) for every action of the registry, in its order."""
        return [(context.value, [row[:2] for row in self._rows(context)]) for context in Context]

    def _rows(self, context: Context) -> list[Row]:
        app = reader_app(self)
        shown = in_context(context, shown_only=True)
        return [(app.key_display(action), action.description, action.id) for action in shown]

    def action_cursor(self, direction: str) -> None:
        body = self.query_one(VerticalScroll)
        (body.action_scroll_down if direction == "down" else body.action_scroll_up)()

    @staticmethod
    def _table(title: str, rows: list[Row]) -> Table:
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
        table.add_column("id", no_wrap=True, style="dim")
        for keys, description, action_id in rows:
            table.add_row(Text(keys, style="bold"), Text(description), Text(action_id))
        return table
