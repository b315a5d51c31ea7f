"""Where the reader has been, as a browser's back and forward: briefings, cards and the search at each.

A list of places with a current one. Opening something new (a briefing, a search hit, an entity's
mention, a figure's card) drops the places ahead and adds it, with the search that led there; back and
forward only move. The current place follows the card being read, so coming back returns where reading
stopped, not where it began.
Kept in the reader state (tui/state.py) and read back from it as hostile input: whatever is wrong with
an entry leaves that entry out, with one line saying how many.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

MAX_PLACES = 100
"""Places kept; the oldest go first."""
MAX_TEXT = 2_000
"""Longest briefing id, card id or query a saved place may have; longer ones are not ours."""


@dataclass(frozen=True)
class Place:
    briefing_id: str
    card: str
    """As `Briefing.card_ids()` names it (a re-split keeps it); empty: the first card."""
    query: str = ""
    """The search box's text there; empty: no search."""


class History:
    def __init__(self, places: list[Place] | None = None, position: int | None = None) -> None:
        self.places: list[Place] = list(places or [])[-MAX_PLACES:]
        last = len(self.places) - 1
        self.position = last if position is None or not 0 <= position <= last else position
        """The current place's index; -1 with no places."""

    @property
    def current(self) -> Place | None:
        return self.places[self.position] if self.places else None

    def visit(self, place: Place) -> None:
        """A new place: the ones ahead of the current go, as in a browser; the same card again only
        updates its query."""
        here = self.current
        if here is not None and (here.briefing_id, here.card) == (place.briefing_id, place.card):
            self.places[self.position] = place
            return
        del self.places[self.position + 1 :]
        self.places.append(place)
        del self.places[:-MAX_PLACES]
        self.position = len(self.places) - 1

    def follow(self, card: str) -> None:
        """The current place follows the card being read."""
        if (here := self.current) is not None:
            self.places[self.position] = replace(here, card=card)

    def step(self, step: int, usable: Callable[[str], bool]) -> tuple[Place | None, list[Place]]:
        """Move one place back (-1) or forward (1), leaving out places whose briefing is no longer
        `usable`: (the place now current, or None when there is none that way; the places left out)."""
        dropped: list[Place] = []
        index = self.position + step
        while 0 <= index < len(self.places):
            place = self.places[index]
            if usable(place.briefing_id):
                self.position = index
                return place, dropped
            dropped.append(self.places.pop(index))
            if index < self.position:
                self.position -= 1
            if step < 0:
                index -= 1
        return None, dropped

    def keep_only(self, usable: Callable[[str], bool]) -> list[Place]:
        """Leave out places whose briefing is not `usable` (gone from the library); the ones left out. The
        current place stays, or the nearest kept one before it becomes current."""
        kept = [usable(place.briefing_id) for place in self.places]
        dropped = [place for place, keep in zip(self.places, kept, strict=True) if not keep]
        if dropped:
            up_to_current = sum(kept[: self.position + 1])
            self.places = [place for place, keep in zip(self.places, kept, strict=True) if keep]
            self.position = max(up_to_current - 1, 0) if self.places else -1
        return dropped

    # The reader state ---------------------------------------------------------------------------

    def to_data(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "places": [
                {"briefing": place.briefing_id, "card": place.card, "query": place.query}
                for place in self.places
            ],
        }

    @classmethod
    def from_data(cls, data: Any) -> tuple[History, str | None]:
        """The history a state file keeps, and one line on what had to be left out (None: nothing). Only
        the last MAX_PLACES entries are looked at, so a huge list costs no more than a full one."""
        if data is None:
            return cls(), None
        if not isinstance(data, dict) or not isinstance(data.get("places"), list):
            return cls(), "its history is not a list of places; left out"
        entries: list[Any] = data["places"]
        places = [place for entry in entries[-MAX_PLACES:] if (place := _place(entry)) is not None]
        if left_out := len(entries) - len(places):
            # positions no longer match once entries are left out: the newest is current
            return cls(places), (f"{left_out:,} of its {len(entries):,} history places left out "
                                 f"(damaged, or older than the last {MAX_PLACES})")
        position = data.get("position")
        if not places:
            return cls(), None
        if isinstance(position, int) and not isinstance(position, bool) and 0 <= position < len(places):
            return cls(places, position), None
        return cls(places), "its history position is not one of its places; the newest is current"


def _place(entry: Any) -> Place | None:
    if not isinstance(entry, dict):
        return None
    briefing, card, query = entry.get("briefing"), entry.get("card", ""), entry.get("query", "")
    if not (isinstance(briefing, str) and briefing and isinstance(card, str) and isinstance(query, str)):
        return None
    if any(len(text) > MAX_TEXT or not text.isprintable() for text in (briefing, card, query)):
        return None
    return Place(briefing, card, query)
