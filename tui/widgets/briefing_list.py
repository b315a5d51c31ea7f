"""The left pane: every briefing newest first, or while searching the hits grouped per briefing.

A Line API widget that renders only the rows on screen: OptionList measures every option up
front (4 s for 20,000 briefings here), this draws 30 rows whatever the size of the library.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Protocol

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from briefings.wording import briefing_date
from tui.actions import Context, bindings
from tui.blocks import Palette, plain
from tui.search_marks import fragment_text
from tui.widgets.filter_chips import FilterEdit
from tui.widgets.styling import component_palette, text_strip

if TYPE_CHECKING:
    from briefings.catalog import CatalogEntry

DATE_WIDTH = len("2025-07-12")
ROLES = ("cursor", "unread", "date", "group", "heading", "match", "muted", "marker")


@dataclass(frozen=True)
class Target:
    """What choosing a row opens: a briefing, at a card when the row is a hit."""

    briefing_id: str
    card_index: int | None = None


class Rows(Protocol):
    """A list of rows, some taller than one line; only `lines` of visible rows is ever called."""

    def __len__(self) -> int: ...
    def offset(self, index: int) -> int: ...
    def row_at(self, line: int) -> int: ...
    def height(self, index: int) -> int: ...
    def line_count(self) -> int: ...
    def lines(self, index: int, width: int, palette: Palette) -> list[Text]: ...
    def target(self, index: int) -> Target | None: ...
    def key(self, index: int) -> object:
        """What the row stands for, the same in rows made afresh from the same data."""
    def find(self, key: object) -> int | None: ...


def _fit(left: Text, right: str, width: int, palette: Palette) -> Text:
    """`left` cut with an ellipsis so `right` (a date) ends the line."""
    room = max(1, width - max(DATE_WIDTH, len(right)) - 1)
    left.truncate(room, overflow="ellipsis", pad=True)
    left.append(" ")
    left.append(right.rjust(DATE_WIDTH), palette["date"])
    return left


class CatalogRows:
    """One line per briefing; state lookups happen only for rows being drawn."""

    def __init__(
        self,
        entries: Sequence[CatalogEntry],
        is_read: Callable[[str], bool],
        is_bookmarked: Callable[[str], bool],
        is_new: Callable[[str], bool] = frozenset().__contains__,
    ) -> None:
        self.entries = entries
        self._is_read = is_read
        self._is_bookmarked = is_bookmarked
        self._is_new = is_new
        """Arrived since the last visit: marked ✦ instead of the unread dot."""

    def __len__(self) -> int:
        return len(self.entries)

    def offset(self, index: int) -> int:
        return index

    def row_at(self, line: int) -> int:
        return line

    def height(self, index: int) -> int:
        return 1

    def line_count(self) -> int:
        return len(self.entries)

    def lines(self, index: int, width: int, palette: Palette) -> list[Text]:
        entry = self.entries[index]
        unread = not self._is_read(entry.id)
        text = plain("✦" if self._is_new(entry.id) else "●" if unread else " ", palette["unread"])
        # ↻: it arrived again with new content (C shows what changed)
        marks = ("★" if self._is_bookmarked(entry.id) else "") + ("↻" if entry.updated else "")
        text.append(marks.ljust(2), palette["marker"])
        text.append_text(plain(entry.title, Style(bold=unread)))
        inferred = bool(entry.date_inferred)
        date = briefing_date(entry.date, entry.date_precision, inferred, undated="", short=True)
        return [_fit(text, date, width, palette)]

    def target(self, index: int) -> Target | None:
        return Target(self.entries[index].id)

    def key(self, index: int) -> object:
        return self.entries[index].id

    def find(self, key: object) -> int | None:
        return next((index for index, entry in enumerate(self.entries) if entry.id == key), None)


@dataclass(frozen=True)
class HitRow:
    """A group heading (a briefing), a hit (a card with its fragment) or a note line."""

    target: Target | None
    title: str = ""
    date: str = ""
    detail: str = ""
    heading: str = ""
    fragment: tuple[tuple[str, bool], ...] = ()
    note: str = ""

    @property
    def height(self) -> int:
        return 2 if self.fragment else 1


def _around_first_match(text: Text, first: int, width: int) -> Text:
    """Start the fragment a little before its first match, so the match is on screen."""
    lead = width // 4
    if first <= lead:
        return text
    start = text.plain.rfind(" ", 0, first - lead) + 1 or first - lead
    return Text("…", end="") + text[start:]


class HitRows:
    def __init__(self, rows: Sequence[HitRow]) -> None:
        self.rows = rows
        self._offsets = [0, *itertools.accumulate(row.height for row in rows)]

    def __len__(self) -> int:
        return len(self.rows)

    def offset(self, index: int) -> int:
        return self._offsets[index]

    def row_at(self, line: int) -> int:
        return max(0, bisect.bisect_right(self._offsets, line) - 1)

    def height(self, index: int) -> int:
        return self.rows[index].height

    def line_count(self) -> int:
        return self._offsets[-1]

    def lines(self, index: int, width: int, palette: Palette) -> list[Text]:
        row = self.rows[index]
        if row.note:
            return [plain(row.note, palette["muted"])]
        if row.title:
            title = plain(row.title, palette["group"])
            if row.detail:
                title.append(f"  {row.detail}", palette["muted"])
            return [_fit(title, row.date, width, palette)]
        heading = Text("   ", end="")
        heading.append_text(plain(row.heading, palette["heading"]))
        heading.truncate(width, overflow="ellipsis")
        fragment = Text("   ", end="")
        fragment.append_text(_around_first_match(*fragment_text(row.fragment, palette), width - 3))
        fragment.truncate(width, overflow="ellipsis")
        return [heading, fragment]

    def target(self, index: int) -> Target | None:
        return self.rows[index].target

    def key(self, index: int) -> object:
        row = self.rows[index]  # a briefing's heading row and its first hit share a target
        return (row.target, bool(row.title), row.note)

    def find(self, key: object) -> int | None:
        return next((index for index in range(len(self.rows)) if self.key(index) == key), None)


class BriefingList(ScrollView, can_focus=True):
    """Rows with a cursor; enter or a click posts `Opened`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"briefing-list--{role}" for role in ROLES}
    BINDINGS: ClassVar[list[BindingType]] = bindings(Context.LIST)

    cursor: reactive[int] = reactive(0, repaint=False)

    class Opened(Message):
        def __init__(self, target: Target) -> None:
            super().__init__()
            self.target = target

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: Rows = HitRows(())
        self.placeholder = ""
        """Shown, wrapped to the width, while there are no rows (an empty library)."""
        self._strips: LRUCache[tuple[int, int, bool], Strip] = LRUCache(256)
        self._palette: Palette | None = None

    def show_rows(self, rows: Rows, cursor: int = 0) -> None:
        self.rows = rows
        self._strips.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, rows.line_count())
        self.set_reactive(BriefingList.cursor, -1)
        self.cursor = self._selectable_from(min(cursor, max(0, len(rows) - 1)), 1)
        self.refresh()

    def replace_rows(self, rows: Rows) -> None:
        """The same view made afresh (the library or the index changed underneath): the cursor stays on
        its row, on the same line of the screen, when the new rows still have it."""
        if not 0 <= self.cursor < len(self.rows):
            self.show_rows(rows)
            return
        key, line = self.rows.key(self.cursor), self.rows.offset(self.cursor) - round(self.scroll_y)
        index = rows.find(key)
        self.show_rows(rows, 0 if index is None else index)
        if index is not None:
            self.scroll_to(y=max(0, rows.offset(index) - line), animate=False, immediate=True)

    def redraw(self) -> None:
        """Read or bookmark markers changed: draw again from the same rows."""
        self._strips.clear()
        self.refresh()

    @property
    def target(self) -> Target | None:
        return self.rows.target(self.cursor) if 0 <= self.cursor < len(self.rows) else None

    def move_to(self, briefing_id: str) -> None:
        """Put the cursor on a briefing's row when it is in the list."""
        if isinstance(self.rows, CatalogRows) and (index := self.rows.find(briefing_id)) is not None:
            self.cursor = index

    # Cursor ---------------------------------------------------------------------------------

    def _selectable_from(self, index: int, step: int) -> int:
        """The nearest row from `index` in direction `step` that opens something (notes do not)."""
        count = len(self.rows)
        probe = index
        while 0 <= probe < count:
            if self.rows.target(probe) is not None:
                return probe
            probe += step
        return index if 0 <= index < count else 0

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if len(self.rows) else -1

    def watch_cursor(self, old: int, new: int) -> None:
        self._strips.clear()
        self.refresh()
        if 0 <= new < len(self.rows):
            top = self.rows.offset(new)
            self.scroll_to_region(Region(0, top, 1, self.rows.height(new)), animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.cursor = (
            self._selectable_from(self.cursor + 1, 1) if self.cursor + 1 < len(self.rows) else self.cursor
        )

    def action_cursor_up(self) -> None:
        self.cursor = self._selectable_from(self.cursor - 1, -1) if self.cursor > 0 else self.cursor

    def action_page_down(self) -> None:
        line = self.rows.offset(max(self.cursor, 0)) + self.scrollable_content_region.height
        self.cursor = self.rows.row_at(min(line, self.rows.line_count() - 1))

    def action_page_up(self) -> None:
        line = self.rows.offset(max(self.cursor, 0)) - self.scrollable_content_region.height
        self.cursor = self.rows.row_at(max(line, 0))

    def action_first(self) -> None:
        self.cursor = self._selectable_from(0, 1)

    def action_last(self) -> None:
        self.cursor = self._selectable_from(len(self.rows) - 1, -1)

    def action_open(self) -> None:
        if (target := self.target) is not None:
            self.post_message(self.Opened(target))

    def action_edit_filters(self, edit: str) -> None:
        """The filter keys work from the hits too; the search pane holds the filters."""
        self.post_message(FilterEdit(edit))

    def on_click(self, event: events.Click) -> None:
        line = round(self.scroll_y) + event.y
        if 0 <= line < self.rows.line_count():
            self.cursor = self.rows.row_at(line)
            self.action_open()

    # Drawing --------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        """A theme change: styles settle after this call, so draw again once they have."""
        super().notify_style_update()
        self.call_after_refresh(self._restyle)

    def _restyle(self) -> None:
        self._palette = None
        self.redraw()

    @property
    def palette(self) -> Palette:
        if self._palette is None:
            self._palette = component_palette(self, "briefing-list--")
        return self._palette

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, self.rows.line_count())

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        line = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if line >= self.rows.line_count():
            return self._placeholder_line(line, width) if not len(self.rows) else Strip.blank(width, base)
        index = self.rows.row_at(line)
        selected = index == self.cursor
        key = (line, width, selected)
        strip = self._strips.get(key)
        if strip is None:
            text = self.rows.lines(index, width - 1, self.palette)[line - self.rows.offset(index)]
            row = Text(" ", end="")
            row.append_text(text)
            row.truncate(width, overflow="ellipsis", pad=True)
            if selected:
                row.stylize_before(self.get_component_rich_style("briefing-list--cursor", partial=True))
            strip = text_strip(self, row, width)
            self._strips[key] = strip
        return strip.apply_offsets(scroll_x, line)

    def _placeholder_line(self, line: int, width: int) -> Strip:
        wrapped = plain(self.placeholder, self.palette["muted"]).wrap(self.app.console, max(1, width - 2))
        if line >= len(wrapped):
            return Strip.blank(width, self.rich_style)
        row = Text(" ", end="")
        row.append_text(wrapped[line])
        return text_strip(self, row, width)
