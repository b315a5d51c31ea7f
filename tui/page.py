"""A briefing laid out for the reader: rendered to blocks, wrapped to a width, with where each card starts.

Pure and thread-safe, so the loading worker prepares a page off the event loop and the reader only
draws the lines it shows.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from briefings.model import Briefing
from tui.blocks import Block, Palette, plain
from tui.render import briefing_blocks

EMPTY_HINT = "Choose a briefing on the left and press enter; / searches every card."


@dataclass(frozen=True)
class Line:
    """One wrapped line and the card it belongs to (None: the title, references or notes)."""

    text: Text
    card: int | None


@dataclass(frozen=True)
class Settings:
    """Everything a laid-out page depends on besides the briefing."""

    palette: Palette
    show_unrelated: bool
    width: int
    all_notes: bool = False
    """Show the lens notes held back as not yet precise too."""
    toggled: tuple[str, frozenset[int]] = ("", frozenset())
    """(briefing id, its cards folded or unfolded against their default): for that briefing only."""


@dataclass(frozen=True)
class Page:
    """A briefing rendered and wrapped for one set of Settings."""

    settings: Settings
    blocks: list[tuple[int | None, Block]]
    lines: list[Line]
    card_starts: list[int]
    anchors: dict[str, int]
    block_starts: list[int]
    """The first line of each block, so a paragraph found in the blocks is found on the page without
    laying anything out again."""


def lay_out(blocks: list[tuple[int | None, Block]], settings: Settings) -> Page:
    """Wrap blocks into lines. Pure and thread-safe (its own Console), so a worker can do it."""
    console = Console(width=settings.width + 8, file=io.StringIO(), color_system=None, legacy_windows=False)
    lines: list[Line] = []
    starts: list[int] = []
    anchors: dict[str, int] = {}
    block_starts: list[int] = []
    muted = settings.palette["muted"]
    for card, block in blocks:
        if card is not None and card == len(starts):
            starts.append(len(lines))
        block_starts.append(len(lines))
        if block.anchor:
            anchors[block.anchor] = len(lines)
        text = block.text
        available = max(8, settings.width - cell_len(block.prefix))
        for number, wrapped in enumerate(text.wrap(console, available) if text.plain else [Text("")]):
            line = plain(block.prefix if number == 0 else block.continuation, muted)
            line.append_text(wrapped)
            lines.append(Line(line, card))
        if block.spaced:
            lines.append(Line(Text(""), card))
    return Page(settings, blocks, lines, starts, anchors, block_starts)


def prepare(briefing: Briefing | None, settings: Settings) -> Page:
    """Render and lay out a briefing (or the empty-reader hint) for `settings`."""
    if briefing is None:
        blocks: list[tuple[int | None, Block]] = [(None, Block(plain(EMPTY_HINT, settings.palette["muted"])))]
    else:
        briefing_id, toggled = settings.toggled
        blocks = briefing_blocks(briefing, settings.palette, settings.show_unrelated, settings.all_notes,
                                 toggled if briefing_id == briefing.id else frozenset())
    return lay_out(blocks, settings)
