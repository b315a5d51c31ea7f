"""Figures side by side: every subject the open briefing gives numbers for, disagreements first.

Within the briefing the groups come straight from its stored claims. `a` widens them to the
briefings that name the same entities (found in the search index, read in a worker), so a figure
another briefing states about the same subject sits in the same group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from briefings.analysis import FigureGroup, group_figures
from briefings.library import Library
from briefings.model import Briefing
from tui.actions import Context, bindings
from tui.blocks import plain
from tui.lens import FigureRow, figure_rows, group_heading
from tui.screens.dialog import ListDialog
from tui.search_marks import Passage
from tui.widgets.briefing_list import Target

if TYPE_CHECKING:
    from search import SearchEngine

RELATED_PER_ENTITY = 20
MAX_RELATED = 60
"""Other briefings read for the library-wide view: enough to widen a group, few enough to read in ~0.2 s."""
COLUMNS = ("", "Figure", "Qualifier", "When", "About")
FIXED = (2, 22, 16, 10, 0)
"""Widths; "About" takes what is left. Who says it and where go on a second line, at full width."""
CONFLICT = "≠"


def _widths(width: int) -> list[int]:
    rest = max(12, width - sum(FIXED) - len(COLUMNS))
    return [fixed or rest for fixed in FIXED]


def _cells(values: Sequence[str], widths: Sequence[int], style: str = "") -> Text:
    row = Text(end="", no_wrap=True)
    for value, width in zip(values, widths, strict=True):
        cell = plain(value, style)
        cell.truncate(width, overflow="ellipsis", pad=True)
        row.append_text(cell)
        row.append(" ")
    return row


def _prompt(row: FigureRow, widths: Sequence[int]) -> Text:
    mark = CONFLICT if row.conflicting else ""
    text = _cells((mark, row.figure, row.qualifier, row.when, row.about), widths)
    source = plain(" " * (widths[0] + 1) + " · ".join(part for part in (row.who, row.where) if part), "dim")
    source.truncate(sum(widths) + len(widths), overflow="ellipsis")
    text.append("\n")
    text.append_text(source)
    return text


@dataclass(frozen=True)
class FigureTarget(Target):
    """A figure's card, and the sentence stating it: the reader lands on that paragraph."""

    passage: Passage | None = None


class FiguresScreen(ListDialog[FigureTarget | None]):
    """Enter on a figure goes to its card (in its briefing); `a` adds briefings sharing entities."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Context.FIGURES)

    def __init__(self, briefing: Briefing, library: Library, index: SearchEngine | None) -> None:
        super().__init__()
        self.briefing = briefing
        self.library = library
        self.index = index
        self.wide = False
        self._own = group_figures([briefing])
        self._library_groups: list[FigureGroup] | None = None
        self._briefings: dict[str, Briefing] = {briefing.id: briefing}
        self._rows: list[FigureRow] = []
        self._passages: list[Passage] = []
        """Per row: the figure as written and its subject, which the sentence stating it holds."""

    def compose(self) -> ComposeResult:
        with Vertical(id="figures-body"):
            yield Static(plain(f"Figures in “{self.briefing.title}”", "bold"), classes="pane-title")
            yield Static(Text(""), id="figures-scope")
            yield Static(Text(""), id="figures-header")
            yield OptionList(id="figure-options")
            yield Static(
                Text(
                    f"enter goes to the card · a adds other briefings · {CONFLICT} marks a figure whose "
                    "range excludes another's · escape closes",
                    style="dim",
                )
            )

    def on_mount(self) -> None:
        self.call_after_refresh(self._fill)

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._fill, keep_place=True)

    @property
    def groups(self) -> list[FigureGroup]:
        return self._library_groups if self.wide and self._library_groups is not None else self._own

    def _fill(self, keep_place: bool = False) -> None:
        listing = self.query_one(OptionList)
        widths = _widths(listing.scrollable_content_region.width - 3)
        header = _cells(COLUMNS, widths, "bold")
        header.append_text(plain("\n" + " " * (widths[0] + 1) + "Who says it · where", "bold"))
        self.query_one("#figures-header", Static).update(header)
        scope = (
            "This briefing and the briefings naming the same entities"
            if self.wide
            else "This briefing only (a adds briefings naming the same entities)"
        )
        self.query_one("#figures-scope", Static).update(Text(scope, style="dim"))
        options: list[Option | None] = []
        self._rows, self._passages = [], []
        for found in self.groups:
            options += [None] if options else []
            briefings = len({figure.briefing_id for figure in found.figures})
            marker = f"{CONFLICT} " if found.disagrees else "= "
            options.append(Option(plain(marker + group_heading(found, briefings), "bold"), disabled=True))
            rows = figure_rows(found, self._briefings, self.briefing.id)
            for row, figure in zip(rows, found.figures, strict=True):
                options.append(Option(_prompt(row, widths), id=str(len(self._rows))))
                self._rows.append(row)
                self._passages.append(Passage((figure.claim.text, figure.claim.subject)))
        if not self._rows:
            options = [Option(Text("No subject has two figures here.", style="dim"), disabled=True)]
        place = listing.highlighted if keep_place else None
        listing.set_options(options)
        if self._rows:
            listing.highlighted = place if place is not None and place < len(options) else 1
        self.set_focus(listing)

    @property
    def rows(self) -> list[FigureRow]:
        """The figure rows in the order shown (for tests)."""
        return list(self._rows)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            index = int(event.option.id)
            row = self._rows[index]
            self.dismiss(FigureTarget(row.briefing_id, row.card, self._passages[index]))

    def action_toggle_library(self) -> None:
        self.wide = not self.wide
        if self.wide and self._library_groups is None:
            if self.index is None:
                self.wide = False
                self.notify("The search index is still opening; try again in a moment.", severity="warning")
                return
            self.query_one("#figures-scope", Static).update(
                Text("Reading briefings naming the same entities…")
            )
            self.read_related(self.index)
            return
        self._fill()

    @work(thread=True, exclusive=True, group="figures", exit_on_error=False)
    def read_related(self, index: SearchEngine) -> list[Briefing]:
        named = [entity for entity in self.briefing.entities if entity.mentioned] or self.briefing.entities
        found: dict[str, None] = {}
        for entity in named:
            for briefing_id, _title, _date in index.briefings_mentioning(
                entity.name, exclude=self.briefing.id, limit=RELATED_PER_ENTITY
            ):
                found.setdefault(briefing_id)
        others = []
        for briefing_id in list(found)[:MAX_RELATED]:
            try:
                others.append(self.library.get(briefing_id))
            except KeyError:
                continue  # removed since it was indexed
        return others

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "figures":
            return
        if event.state is WorkerState.ERROR:
            self.wide = False
            self.notify(
                str(event.worker.error),
                title="Could not read other briefings",
                severity="error",
                markup=False,
            )
            self._fill()
        elif event.state is WorkerState.SUCCESS and isinstance(event.worker.result, list):
            others: list[Briefing] = event.worker.result
            self._briefings.update((other.id, other) for other in others)
            subjects = {claim.group for claim in self.briefing.claims}
            self._library_groups = [
                found for found in group_figures([self.briefing, *others]) if found.group in subjects
            ]
            self._fill()
