"""What screens and widgets may know of the app: a narrow Protocol instead of importing `BriefingApp`,
so the app imports its screens and nothing imports the app back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from briefings.library import Library
    from search import SearchEngine
    from tui.actions import Action
    from tui.state import ReaderState


class ReaderApp(Protocol):
    library: Library
    state: ReaderState
    index: SearchEngine | None
    previous_visit: dt.datetime | None
    watch_folder: Path | None

    def save_state(self, *, wait: bool = False) -> None: ...
    def key_display(self, action: Action) -> str: ...
    def action_help(self) -> None: ...
    def action_toggle_theme(self) -> None: ...


def reader_app(node: DOMNode) -> ReaderApp:
    """The running app, seen through `ReaderApp` (only `tui.app.BriefingApp` runs these screens)."""
    return cast("ReaderApp", node.app)
