"""The active query and filters as chips above the results, shown in full (wrapped, never cut).

A filter belongs to the query it was chosen for: a new query (one that neither continues nor trims that
query) starts without it, unless the analyst pinned it. The index keeps outlet, entity and topic values
lowercased; chips and the facet picker show them as the briefings write them (`name_values`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import islice
from typing import ClassVar

from rich.console import Console
from rich.text import Text
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget

from briefings.errors import BriefingError
from briefings.flag_notes import flag_words
from briefings.model import Briefing, CardKind
from briefings.outlets import known_outlets
from tui.blocks import Palette, plain
from tui.widgets.styling import component_palette

NAMED_FACETS = ("outlet", "entity", "topic")
"""Facets whose values the index lowercases: their names are looked up in the briefings."""
NAMING_READS = 20
"""Briefings of the hits read at most, per search, to name the values it lists."""
Names = Mapping[tuple[str, str], str]
"""(facet, value as the index keeps it) -> the value as the briefings write it."""


@dataclass(frozen=True)
class Filter:
    facet: str
    value: str
    """As the index keeps it (lowercased for the named facets): what the search is given."""
    query: str
    """The query it was chosen for."""
    pinned: bool = False


class FilterEdit(Message):
    """A filter key pressed in the search box or the list; the search pane, which holds the filters, acts."""

    def __init__(self, edit: str) -> None:
        super().__init__()
        self.edit = edit


def _words(text: str) -> str:
    return " ".join(text.casefold().split())


def continues(text: str, query: str) -> bool:
    """Whether `text` is still the query a filter was chosen for: that query typed further or trimmed
    back (an empty box too: Escape clears the query, not the filters). Anything else is a new query."""
    typed, chosen = _words(text), _words(query)
    return typed.startswith(chosen) or chosen.startswith(typed)


def kept_filters(filters: Sequence[Filter], text: str) -> list[Filter]:
    """The filters a search for `text` keeps: pinned ones, and those chosen for the query it continues."""
    return [chosen for chosen in filters if chosen.pinned or continues(text, chosen.query)]


def toggle_pins(filters: Sequence[Filter]) -> list[Filter]:
    """Pin every filter; when all are pinned already, unpin them all."""
    pin = not all(chosen.pinned for chosen in filters)
    return [replace(chosen, pinned=pin) for chosen in filters]


def facet_label(facet: str, value: str, names: Names) -> str:
    """A facet value as people write it: a card kind's label, a quality flag's words, a name's case."""
    if facet == "kind":
        try:
            return CardKind(value).label
        except ValueError:
            return value
    if facet == "quality":
        return flag_words(value)
    return names.get((facet, value), value)


def _keyword(value: str) -> str:
    """A value as the index keeps a keyword before lowercasing it: commas dropped, spaces collapsed."""
    return " ".join(value.replace(",", " ").split())


@cache
def _bundled_outlets() -> dict[str, str]:
    return {_keyword(variant).lower(): _keyword(variant) for variant in known_outlets()}


def spellings(briefing: Briefing) -> dict[tuple[str, str], str]:
    """(facet, indexed value) -> the briefing's own spelling, for the values it gives the named facets."""
    paragraphs = [paragraph for card in briefing.cards for paragraph in card.outlets]
    written = [
        *(("outlet", outlet) for paragraph in paragraphs for outlet in paragraph.outlets),
        *(("outlet", reference.outlet) for reference in briefing.references),
        *(("entity", name) for entity in briefing.entities for name in entity.names),
        *(("topic", topic) for topic in briefing.topics),
    ]
    return {(facet, _keyword(value).lower()): _keyword(value) for facet, value in reversed(written) if value}


def name_values(
    wanted: Iterable[tuple[str, str]], briefing_ids: Iterable[str], read: Callable[[str], Briefing]
) -> dict[tuple[str, str], str]:
    """Names for (facet, value) pairs: an outlet as the bundled list writes it, else as the first of
    these briefings (the hits', best first) that has the value writes it. Reads at most NAMING_READS
    briefings, so a value only matches beyond them keeps the index's lowercase. Runs off the UI thread."""
    missing = {pair for pair in wanted if pair[0] in NAMED_FACETS}
    bundled = _bundled_outlets()
    names = {pair: bundled[pair[1]] for pair in missing if pair[0] == "outlet" and pair[1] in bundled}
    missing -= names.keys()
    for briefing_id in islice(dict.fromkeys(briefing_ids), NAMING_READS):
        if not missing:
            break
        try:
            found = spellings(read(briefing_id))
        except (KeyError, BriefingError, OSError):  # removed or damaged since the search: others may name it
            continue
        names.update((pair, found[pair]) for pair in missing & found.keys())
        missing -= found.keys()
    return names


def chip_lines(chips: Sequence[Text], width: int, console: Console) -> list[Text]:
    """Chips packed into lines `width` cells wide, a space apart; a chip is broken only when it alone is
    wider than a line (at least two cells: a wide character needs them)."""
    width = max(width, 2)
    lines: list[Text] = []
    line = Text(end="")
    for chip in chips:
        if line.cell_len and line.cell_len + 1 + chip.cell_len > width:
            lines.append(line)
            line = Text(end="")
        if line.cell_len:
            line.append(" ")
        if chip.cell_len > width:
            *full, line = chip.wrap(console, width)
            lines.extend(full)
        else:
            line.append_text(chip)
    if line.cell_len:
        lines.append(line)
    return lines


class FilterChips(Widget):
    """`query: "opec"` and a chip per filter (`outlet: The Korean Herald ×`), then the keys that remove
    them; hidden while there is neither."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "filter-chips--query",
        "filter-chips--filter",
        "filter-chips--pinned",
        "filter-chips--hint",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._query = ""
        self._filters: tuple[Filter, ...] = ()
        self._names: Names = {}
        self._hints: tuple[str, ...] = ()
        self.display = False

    def show(self, query: str, filters: Sequence[Filter], names: Names, hints: Sequence[str]) -> None:
        """`hints`: the keys that remove and pin filters, shown after the filters (each kept whole)."""
        self._query, self._filters, self._names, self._hints = query, tuple(filters), names, tuple(hints)
        self.display = bool(query or filters)
        self.refresh(layout=True)

    def chip_texts(self) -> list[str]:
        """The chips as plain text, in the order shown."""
        return [chip.plain for chip in self._chips(Palette())]

    def _chips(self, palette: Palette) -> list[Text]:
        chips = []
        if self._query:
            chips.append(plain(f'query: "{self._query}"', palette["query"]))
        for chosen in self._filters:
            shown = facet_label(chosen.facet, chosen.value, self._names)
            if chosen.pinned:
                chips.append(plain(f" {chosen.facet}: {shown} · pinned × ", palette["pinned"]))
            else:
                chips.append(plain(f" {chosen.facet}: {shown} × ", palette["filter"]))
        if self._filters:
            hints = [f"{hint} ·" for hint in self._hints[:-1]] + list(self._hints[-1:])
            chips.extend(plain(hint, palette["hint"]) for hint in hints)
        return chips

    def _lines(self, width: int) -> list[Text]:
        return chip_lines(self._chips(component_palette(self, "filter-chips--")), width, self.app.console)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Text:
        return Text("\n", end="").join(self._lines(self.size.width))
