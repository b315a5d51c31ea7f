"""Every key of the reader in one place, read from the bindings themselves so it cannot drift."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def _sections(app_bindings: list[BindingType]) -> list[tuple[str, list[BindingType]]]:
    from tui.screens.figures import FiguresScreen
    from tui.screens.main import MainScreen
    from tui.widgets.briefing_list import BriefingList
    from tui.widgets.entity_panel import EntityPanel
    from tui.widgets.reader import Reader
    from tui.widgets.search_pane import SearchBox

    return [
        (
            "Everywhere",
            [
                *app_bindings,
                Binding("ctrl+p", "command_palette", "Command palette"),
                Binding("tab", "focus_next", "Next pane"),
                Binding("shift+tab", "focus_previous", "Previous pane"),
            ],
        ),
        ("Main screen", MainScreen.BINDINGS),
        ("Search box", [Binding("enter", "submit", "Search and go to the results"), *SearchBox.BINDINGS]),
        ("Briefing list and search hits", BriefingList.BINDINGS),
        ("Reader", [Binding("up,down,pageup,pagedown,home,end", "scroll", "Scroll"), *Reader.BINDINGS]),
        (
            "Entity panel",
            [
                Binding("enter", "select", "Show its timeline and the other briefings naming it / open one"),
                *EntityPanel.BINDINGS,
            ],
        ),
        ("Figures (F)", [Binding("enter", "select", "Go to the figure's card"), *FiguresScreen.BINDINGS]),
    ]


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text("Keys", style="bold"), classes="pane-title")
            for title, rows in self.sections():
                yield Static(self._table(title, rows), classes="help-section")
            yield Static(Text("escape closes this screen; ctrl+p finds any command by name.", style="dim"))

    def sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(section, [(keys as shown, what they do)]) for every binding of the reader."""
        shown: list[tuple[str, list[tuple[str, str]]]] = []
        for title, bindings in _sections(type(self.app).BINDINGS):
            rows = []
            for binding in bindings:
                if not isinstance(binding, Binding):
                    binding = Binding(*binding)
                keys = [Binding(key.strip(), binding.action) for key in binding.key.split(",")]
                shown_keys = " ".join(self.app.get_key_display(key) for key in keys)
                rows.append((shown_keys, binding.tooltip or binding.description))
            shown.append((title, rows))
        return shown

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
