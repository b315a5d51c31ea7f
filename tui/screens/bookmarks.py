"""The bookmarked cards, newest first; enter opens one, d removes it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.actions import Context, bindings
from tui.blocks import plain
from tui.protocols import ReaderApp, reader_app
from tui.screens.dialog import ListDialog
from tui.state import Bookmark


class BookmarksScreen(ListDialog[Bookmark | None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings(Context.BOOKMARKS)

    @property
    def reader_app(self) -> ReaderApp:
        return reader_app(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="bookmark-body"):
            yield Static(Text("Bookmarks", style="bold"), classes="pane-title")
            yield OptionList(id="bookmark-options")
            yield Static(Text("enter opens · d removes · escape closes", style="dim"))

    def on_mount(self) -> None:
        self._fill()

    def _fill(self) -> None:
        listing = self.query_one(OptionList)
        bookmarks = self.reader_app.state.bookmarks
        if not bookmarks:
            listing.set_options(
                [
                    Option(
                        Text("No bookmarks yet: b bookmarks the card you are reading.", style="dim"),
                        disabled=True,
                    )
                ]
            )
            return
        options = []
        for number, bookmark in enumerate(bookmarks):
            prompt = plain(bookmark.title, "bold")
            prompt.append("\n")
            prompt.append_text(plain(bookmark.heading or "card", "dim"))
            options.append(Option(prompt, id=str(number)))
        listing.set_options(options)
        listing.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.reader_app.state.bookmarks[int(event.option.id)])

    def action_remove(self) -> None:
        listing = self.query_one(OptionList)
        index = listing.highlighted
        bookmarks = self.reader_app.state.bookmarks
        if index is None or not bookmarks or index >= len(bookmarks):
            return
        self.reader_app.state.toggle_bookmark(bookmarks[index])
        self.reader_app.save_state()
        self._fill()
        if remaining := len(self.reader_app.state.bookmarks):
            listing.highlighted = min(index, remaining - 1)
