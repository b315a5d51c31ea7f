"""What every list dialog shares: j/k move its list like the arrows do."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen
from textual.widgets import OptionList

ResultType = TypeVar("ResultType")


class ListDialog(ModalScreen[ResultType]):
    def action_cursor(self, direction: str) -> None:
        listing = self.query_one(OptionList)
        (listing.action_cursor_down if direction == "down" else listing.action_cursor_up)()
