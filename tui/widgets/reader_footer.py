"""The footer, with the help key first: on a narrow terminal the keys at the end are cut off, and `?`
is the one that lists all the others."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widget import Widget
from textual.widgets import Footer

HELP_ACTION = "help"


class ReaderFooter(Footer):
    def compose(self) -> Iterable[Widget]:
        keys = list(super().compose())
        return sorted(keys, key=lambda key: getattr(key, "action", None) != HELP_ACTION)
