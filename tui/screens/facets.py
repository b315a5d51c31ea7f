"""Narrowing a search by the facets of its results: card kind, outlet, entity, topic, quality flag."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.actions import Context, bindings
from tui.blocks import plain
from tui.screens.dialog import ListDialog
from tui.widgets.filter_chips import Names, facet_label

FACET_TITLES = {
    "kind": "Card kind",
    "outlet": "Outlet",
    "entity": "Entity",
    "topic": "Topic",
    "quality": "Quality notes",
}
CLEAR = "clear"


class FacetScreen(ListDialog[dict[str, str] | None]):
    """Enter on a value filters by it (one value per facet), on a ticked value removes that filter. The
    filters come back in the order chosen, the newest last (the one the remove key takes first)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Context.FACETS)

    def __init__(
        self, facets: Mapping[str, Sequence[tuple[str, int]]], filters: Mapping[str, str], names: Names
    ) -> None:
        """`names`: values as the briefings write them (the index lowercases names)."""
        super().__init__()
        self.facets = facets
        self.filters = dict(filters)
        self.names = names

    def compose(self) -> ComposeResult:
        with Vertical(id="facet-body"):
            yield Static(Text("Filter the results", style="bold"), classes="pane-title")
            yield OptionList(*self._options(), id="facet-options")
            yield Static(Text("enter applies or removes a filter · escape closes", style="dim"))

    def _options(self) -> list[Option | None]:
        options: list[Option | None] = []
        if self.filters:
            options.append(Option(Text("✕ Remove all filters"), id=CLEAR))
        for facet, title in FACET_TITLES.items():
            values = self.facets.get(facet) or []
            if not values:
                continue
            options.append(Option(Text(title, style="bold"), disabled=True))
            for value, count in values:
                ticked = self.filters.get(facet) == value
                prompt = Text("✓ " if ticked else "  ", style="bold")
                prompt.append_text(plain(facet_label(facet, value, self.names)))
                prompt.append(f"  {count:,}", style="dim")
                options.append(Option(prompt, id=f"{facet}\x00{value}"))
        if not options:
            options.append(Option(Text("These results have no facets.", style="dim"), disabled=True))
        return options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id == CLEAR:
            self.dismiss({})
            return
        facet, _, value = option_id.partition("\x00")
        filters = dict(self.filters)
        if filters.pop(facet, None) != value:
            filters[facet] = value
        self.dismiss(filters)
