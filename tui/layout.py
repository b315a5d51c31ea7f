"""Which panes the main screen shows at a width, so the reader never gets fewer than READER_MIN columns.

Wide terminals show the list beside the reader (and the entity panel when there is room for all three).
Below NARROW_BELOW columns the list, the reader and the entity panel take turns at full width, as
newsboat's list and article views do: opening a briefing shows the reader, escape goes back to the list.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

NARROW_BELOW = 120
READER_MIN = 60
ENTITY_WIDTH = 28
LIST_SHARE, LIST_MIN, LIST_MAX = 0.35, 32, 60


class View(enum.Enum):
    """What the reader is looking at, when not everything fits."""

    LIST = "list"
    READER = "reader"
    ENTITIES = "entities"


@dataclass(frozen=True)
class Arrangement:
    narrow: bool
    list: bool
    reader: bool
    entities: bool
    list_width: int
    """Columns of the list beside the reader (the whole width when narrow)."""


def list_width(width: int) -> int:
    return max(LIST_MIN, min(LIST_MAX, round(width * LIST_SHARE)))


def room_for_three(width: int) -> bool:
    """The list, at its narrowest, the reader and the entity panel side by side."""
    return width - LIST_MIN - ENTITY_WIDTH >= READER_MIN


def arrange(width: int, view: View, entities_wanted: bool) -> Arrangement:
    """`entities_wanted` is the `e` toggle where all three panes fit; elsewhere `view` decides."""
    if width < NARROW_BELOW:
        return Arrangement(
            True, view is View.LIST, view is View.READER, view is View.ENTITIES, list_width=width
        )
    if room_for_three(width):
        shown = entities_wanted  # the list gives up columns for the panel, down to LIST_MIN
        room = width - READER_MIN - (ENTITY_WIDTH if shown else 0)
        return Arrangement(False, True, True, shown, min(list_width(width), room))
    beside = view is View.ENTITIES  # the entity panel takes the list's place beside the reader
    return Arrangement(False, not beside, True, beside, list_width(width))
