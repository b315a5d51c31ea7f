"""The reader: one briefing as a column of cards, drawn line by line.

A Line API widget rather than one widget per card: the briefing is rendered to Rich Text blocks
(cached per card), wrapped to the column width once, and only the visible lines become strips,
so a 50 KB briefing opens as fast as a short one and scrolling costs nothing. Search words are
highlighted as lines are drawn, not when they are wrapped: each keystroke of a search that
changes them then costs a screenful, not the whole briefing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from briefings.counting import PARAGRAPH_MARK
from briefings.model import Briefing, CardKind
from briefings.notes import Note
from briefings.wording import outlet_label
from tui.actions import Context, bindings
from tui.blocks import ROLES, Palette
from tui.page import Line, Page, Settings, lay_out
from tui.render import KIND_FAMILIES, folded_cards
from tui.search_marks import Passage, best_paragraph, words_of, words_pattern
from tui.widgets.annotations import Selection, annotated_page, card_sentences, selected_quote
from tui.widgets.styling import component_palette, text_strip

MAX_TEXT_WIDTH = 88
"""Longest line of prose, for comfortable reading on wide terminals."""
GUTTER = "▌ "
SENTENCE_LEAD_WORDS = 4
"""Words that tell a sentence's start apart on the lines in view."""
class Reader(ScrollView, can_focus=True):
    """Shows one briefing; `]`/`[` move a card cursor, `r` follows the current card's citations."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *(f"reader--{role}" for role in ROLES),
        *(f"reader--kind-{family}" for family in set(KIND_FAMILIES.values())),
        "reader--cursor",
        "reader--target",
        "reader--highlight",
        "reader--selection",
        "reader--note",
    }
    BINDINGS: ClassVar[list[BindingType]] = bindings(Context.READER)

    cursor_card: reactive[int] = reactive(0, always_update=False, repaint=False)

    class Left(Message):
        """Backspace with nothing to go back to inside the briefing: where panes take turns, the list."""

    class CardChanged(Message):
        """The card cursor moved: the screen remembers it as the reading position."""

        def __init__(self, briefing_id: str, card_index: int) -> None:
            super().__init__()
            self.briefing_id = briefing_id
            self.card_index = card_index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.briefing: Briefing | None = None
        self.show_unrelated = False
        self.all_notes = False
        self._toggled: frozenset[int] = frozenset()
        """Cards of this briefing folded or unfolded against their default (`tui.render.folded_cards`)."""
        self._source_cursor = -1
        self._highlight: re.Pattern[str] | None = None
        self._page: Page | None = None
        self._lines: list[Line] = []
        self._card_starts: list[int] = []
        self._anchors: dict[str, int] = {}
        self._palette: Palette | None = None
        self._strips: LRUCache[tuple[int, int, bool, bool], Strip] = LRUCache(1024)
        self._target_line: int | None = None
        """The first line of the paragraph marked (a reference, a quoted paragraph, a hit, a figure)."""
        self._target_span = 1
        self._passage: Passage | None = None
        """The passage marked, found again when the page is wrapped again (a resize, a theme)."""
        self._citation_cursor = -1
        self._landing = False
        self.notes: tuple[Note, ...] = ()
        """The analyst's notes on this briefing, drawn under their cards with their passages highlighted."""
        self.selection: Selection | None = None
        """The passage being selected (`v`, then `(` `)` `o`), until it is noted or dropped."""

    # Public API used by the screen ------------------------------------------------------------

    def settings(self) -> Settings:
        """What a page for this reader needs now."""
        briefing_id = self.briefing.id if self.briefing is not None else ""
        return Settings(self.palette, self.show_unrelated, self._text_width(), self.all_notes,
                        (briefing_id, self._toggled))

    def show(
        self,
        briefing: Briefing,
        card_index: int = 0,
        words: frozenset[str] = frozenset(),
        page: Page | None = None,
        passage: Passage | None = None,
        notes: Sequence[Note] = (),
    ) -> None:
        """Display `briefing` with the card cursor on `card_index`, highlighting search words.

        `page` is the briefing prepared by `prepare` in a worker; it is used when it was made
        for this reader's current settings (a resize or theme change meanwhile redoes it here).
        `passage`: the paragraph of that card to mark and bring into view (`go_to_card`). `notes`: the
        analyst's notes on it, which `page` was laid out with (`annotated_page`)."""
        if self.briefing is None or self.briefing.id != briefing.id:
            self._toggled = frozenset()  # another briefing opens with its cards folded as by default
        self.briefing = briefing
        self.notes = tuple(notes)
        self.selection = None
        self._highlight = words_pattern(words)
        self._citation_cursor = -1
        self._source_cursor = -1
        self._target_line = None
        settings = self.settings()
        ready = page is not None and page.settings == settings
        self._use(page if page is not None and ready else annotated_page(briefing, settings, notes))
        self.set_reactive(Reader.cursor_card, -1)
        self._landing = True  # a new page: scroll once it is placed
        self.go_to_card(card_index, passage)

    def on_mount(self) -> None:
        self._rebuild()

    def set_highlight(self, words: frozenset[str]) -> None:
        pattern = words_pattern(words)
        if pattern != self._highlight:
            self._highlight = pattern
            self._redraw()

    def go_to_card(self, index: int, passage: Passage | None = None) -> None:
        """Put the cursor on card `index`, at its top; with a `passage`, at the paragraph holding it,
        marked as `p` and `r` mark theirs (the card's top when the card does not show it)."""
        if not self._card_starts:
            return
        index = max(0, min(index, len(self._card_starts) - 1))
        if self._target_line is not None:
            self._target_line = None
            self._strips.clear()
        self.cursor_card = index
        self._citation_cursor = -1
        self._source_cursor = -1
        lines = None if passage is None else self._passage_lines(passage)
        self._passage = passage if lines is not None else None
        if lines is not None:
            self._mark(lines)
        if self.allow_vertical_scroll and not self._landing:
            self.scroll_to(y=self._landing_y(), animate=False)
        else:  # a new page, or the reader just shown or resized: its scrollbar comes with the next layout
            self._landing = True
            self.call_after_refresh(self._land)

    def _card_top(self) -> int:
        """Where the cursor's card starts on the page as laid out now (the first comes with the title)."""
        index = self.cursor_card
        return 0 if index <= 0 else self._card_starts[index] - 1

    def _land(self) -> None:
        """Scroll to the cursor's card (or the line marked in it) once laid out, computed then: the page
        may have been wrapped again meanwhile, and the card cursor must not follow the scrolling of a
        page not yet placed. Forced: the scrollbar of a page just placed may come a layout later than
        its scroll range."""
        self._landing = False
        if self._card_starts:
            self.scroll_to(y=self._landing_y(), animate=False, immediate=True, force=True)

    def _landing_y(self) -> int:
        """The cursor's card top, or the marked paragraph in the middle of the view."""
        return self._card_top() if self._target_line is None else self._centred(self._target_line)

    def _passage_lines(self, passage: Passage) -> range | None:
        """The lines of the cursor's card's paragraph holding `passage`, found in the card's rendered
        blocks (their plain text: no markup, not wrapped). None when the card does not show it (folded)."""
        page = self._page
        if self.briefing is None or page is None:
            return None
        card = self.cursor_card
        texts = [block.text.plain if owner == card else None for owner, block in page.blocks]
        body = [index for index, text in enumerate(texts) if text is not None][1:]  # after its label
        label = None
        if passage.outlet is not None:
            outlets = self.briefing.cards[card].outlets
            label, body = _outlet_blocks([outlet_label(summary) for summary in outlets], passage.outlet,
                                         [(index, texts[index] or "") for index in body])
        found = best_paragraph((texts[index] or "" for index in body), passage.phrases)
        chosen = body[found] if found is not None else label
        return None if chosen is None else _block_lines(page, chosen, len(self._lines))


    @property
    def card_count(self) -> int:
        """Cards on the page, for tests that walk them with `]` and `[`."""
        return len(self._card_starts)

    def plain_lines(self) -> list[str]:
        """The laid-out text as a person reads it, for tests and the benchmark."""
        return [line.text.plain for line in self._lines]

    # Actions --------------------------------------------------------------------------------

    def action_next_card(self) -> None:
        self.go_to_card(self.cursor_card + 1)

    def action_previous_card(self) -> None:
        self.go_to_card(self.cursor_card - 1)

    def action_follow_reference(self) -> None:
        """Each press shows the next reference the current card cites, at its number."""
        if self.briefing is None or not self.briefing.cards:
            return
        card = self.briefing.cards[self.cursor_card]
        cited = [number for number in card.citations if f"ref:{number}" in self._anchors]
        if not cited:
            self.notify("This card cites no reference.", severity="warning")
            return
        self._citation_cursor = (self._citation_cursor + 1) % len(cited)
        self.follow_citation(cited[self._citation_cursor], keep_cycle=True)

    def follow_citation(self, number: int, keep_cycle: bool = False) -> None:
        line = self._anchors.get(f"ref:{number}")
        if line is None:
            self.notify(f"There is no reference [{number}] in this briefing.", severity="warning")
            return
        if not keep_cycle:
            self._citation_cursor = -1
        self._show_line(line)

    def _show_line(self, line: int | None) -> None:
        """Mark the paragraph starting at `line` (an anchor's) and scroll it to the middle of the view."""
        if line is None or self._page is None:
            return
        self._passage = None
        block = bisect_right(self._page.block_starts, line) - 1
        self._mark(_block_lines(self._page, block, len(self._lines)))
        self.scroll_to(y=self._landing_y(), animate=False)
        self.refresh()

    def _mark(self, lines: range) -> None:
        self._target_line, self._target_span = lines.start, max(1, len(lines))
        self._strips.clear()

    def _centred(self, line: int) -> int:
        """The scroll position that puts the paragraph marked from `line` in the middle of the view, or its
        start at the top when it is taller than the view."""
        height = self.scrollable_content_region.height
        return max(0, line - max(0, height - self._target_span) // 2)

    def action_back_to_card(self) -> None:
        """From a reference back to its card; with no reference shown, also out of the reader (`Left`)."""
        if self._target_line is None:
            self.post_message(self.Left())
        self.go_to_card(self.cursor_card)
        self.refresh()

    def action_toggle_fold(self) -> None:
        """Fold or unfold the current card (a split article's full text comes folded)."""
        if self.briefing is None or not self.briefing.cards:
            return
        self._toggled ^= {self.cursor_card}
        self._rebuild_in_place()

    def action_source_paragraph(self) -> None:
        """Each press goes to the paragraph of the full text the current card's next quote comes from,
        unfolding the full text; backspace comes back to the card."""
        if self.briefing is None or not self.briefing.cards:
            return
        numbers = list(dict.fromkeys(int(n) for n in
                                     PARAGRAPH_MARK.findall(self.briefing.cards[self.cursor_card].text)))
        body = next((index for index, card in enumerate(self.briefing.cards)
                     if card.kind is CardKind.BODY and not card.derived), None)
        if not numbers or body is None:
            self.notify("This card quotes no paragraph of the full text.", severity="warning")
            return
        if body in folded_cards(self.briefing, self._toggled):
            self._toggled ^= {body}
            self._rebuild_in_place()
        self._source_cursor = (self._source_cursor + 1) % len(numbers)
        self._show_line(self._anchors.get(f"para:{numbers[self._source_cursor]}"))

    def action_toggle_unrelated(self) -> None:
        self.show_unrelated = not self.show_unrelated
        self._rebuild_in_place()

    def action_toggle_all_notes(self) -> None:
        self.all_notes = not self.all_notes
        self._rebuild_in_place()

    # Notes and the passage selected ---------------------------------------------------------

    def set_notes(self, notes: Sequence[Note]) -> None:
        """Draw these notes (the briefing's, after one was added or removed), staying where the view is."""
        self.notes = tuple(notes)
        self._redo_annotations()

    def clear_selection(self) -> None:
        if self.selection is not None:
            self.selection = None
            self._redo_annotations()

    def selected_passage(self) -> tuple[int, str] | None:
        """(card, the passage selected, verbatim from its text), or None when nothing is selected."""
        if self.briefing is None or self.selection is None:
            return None
        card = self.selection.card
        return card, selected_quote(self.briefing.cards[card], self.selection)

    def action_select_passage(self) -> None:
        """Start selecting at the first sentence of the current card in view; again, drop the selection."""
        if self.selection is not None:
            self.clear_selection()
            self.notify("Selection dropped.")
            return
        if self.briefing is None or not self.briefing.cards:
            return
        index = self.cursor_card
        if index in folded_cards(self.briefing, self._toggled):
            self.notify("This card is folded: z unfolds it, then v selects in it.", severity="warning")
            return
        count = len(card_sentences(self.briefing.cards[index]))
        if not count:
            self.notify("This card has no sentences to select; a notes the whole card.", severity="warning")
            return
        start = self._sentence_in_view(index)
        self.selection = Selection(index, start, start)
        self._redo_annotations()
        self._show_selection()
        self.notify("Selecting: ) and ( move the end by a sentence, o the other end; a notes the passage, "
                    "y copies it, v drops it.", timeout=6)

    def action_extend_selection(self, step: int) -> None:
        """Move the selection's moving end one sentence on (1) or back (-1), within its card."""
        if self.briefing is None or self.selection is None:
            self.notify("Nothing selected: v starts a selection at the current sentence.", severity="warning")
            return
        last = len(card_sentences(self.briefing.cards[self.selection.card])) - 1
        end = max(0, min(last, self.selection.end + step))
        if end != self.selection.end:
            self.selection = Selection(self.selection.card, self.selection.start, end)
            self._redo_annotations()
        self._show_selection()

    def action_swap_selection_ends(self) -> None:
        """The other end of the selection moves from now on."""
        if self.selection is not None:
            self.selection = Selection(self.selection.card, self.selection.end, self.selection.start)
            self._show_selection()

    def _redo_annotations(self) -> None:
        """Lay the page out again with the notes and selection as they are now; the view stays put (the
        marks add lines only after a card's own, so the lines above do not move)."""
        if self.briefing is None:
            return
        y = self.scroll_y
        self._rebuild()
        self.scroll_to(y=y, animate=False, immediate=True)

    def _sentence_in_view(self, index: int) -> int:
        """The first sentence of card `index` that starts at or below the top of the view (its first when
        the card's top is in view or nothing matches)."""
        assert self.briefing is not None
        card = self.briefing.cards[index]
        top = max(round(self.scroll_y), self._card_starts[index])
        shown = " ".join(
            " ".join(words_of(line.text.plain)) for line in self._lines[top:] if line.card == index
        )
        shown = f" {shown} "
        for number, (start, end) in enumerate(card_sentences(card)):
            lead = words_of(card.text[start:end])[:SENTENCE_LEAD_WORDS]
            if lead and f" {' '.join(lead)} " in shown:
                return number
        return 0

    def _show_selection(self) -> None:
        """Scroll the selection's moving end into view when it is not."""
        if self.selection is None:
            return
        style = self.palette["selection"]
        lines = [number for number, line in enumerate(self._lines)
                 if line.card == self.selection.card and any(span.style == style for span in line.text.spans)]
        if not lines:
            return
        line = lines[-1] if self.selection.end >= self.selection.start else lines[0]
        top = round(self.scroll_y)
        height = self.scrollable_content_region.height
        if not top <= line < top + height:
            self.scroll_to(y=max(0, line - height // 2), animate=False)

    def _rebuild_in_place(self) -> None:
        """Lay the page out again for changed settings, staying on the current card."""
        if self.briefing is not None:
            card = self.cursor_card
            self._rebuild()
            self.go_to_card(card)

    # Layout and drawing ---------------------------------------------------------------------

    def watch_cursor_card(self, old: int, new: int) -> None:
        self._redraw()
        if self.briefing is not None and new >= 0:
            self.post_message(self.CardChanged(self.briefing.id, new))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._follow_scroll()

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        """Textual moves the thumb only while the scrollbar shows: a page that lands on a card before its
        scrollbar appears would otherwise show the thumb at the top."""
        if shown:
            self.vertical_scrollbar.position = self.scroll_y

    def _follow_scroll(self) -> None:
        """After free scrolling, move the card cursor to the card now at the top of the view."""
        if not self._card_starts or self._target_line is not None or self._landing:
            return
        top = round(self.scroll_y)
        bottom = top + self.scrollable_content_region.height
        start = self._card_starts[self.cursor_card] if 0 <= self.cursor_card < len(self._card_starts) else -1
        if top <= start < bottom:
            return
        line = min(top + 1, len(self._lines) - 1)
        card = self._lines[line].card if line >= 0 else None
        if card is None:
            card = 0 if top < self._card_starts[0] else len(self._card_starts) - 1
        self.cursor_card = card

    def notify_style_update(self) -> None:
        """Styles settle after this call, so look again once they have."""
        super().notify_style_update()
        self._palette = None
        self.call_after_refresh(self._restyle)

    def _restyle(self) -> None:
        """Render again only when the colours changed (a theme): focus moving in or out also updates
        styles, and must neither cost a 50 KB briefing's layout nor lose the scroll position."""
        self._palette = None
        if self._page is not None and self._page.settings.palette == self.palette:
            self._redraw()
            return
        card = self.cursor_card
        self._rebuild()
        if self.briefing is not None:
            self.go_to_card(card, self._passage)

    def on_resize(self, event: events.Resize) -> None:
        if self._page is None or self._text_width() != self._page.settings.width:
            card = self.cursor_card
            self._relayout()
            if self._card_starts:
                self._landing = True
                self.go_to_card(card, self._passage)

    def on_click(self, event: events.Click) -> None:
        number = event.style.meta.get("citation") if event.style else None
        if isinstance(number, int):
            self.follow_citation(number)

    @property
    def palette(self) -> Palette:
        if self._palette is None:
            self._palette = component_palette(self, "reader--")
        return self._palette

    def _text_width(self) -> int:
        return max(20, min(MAX_TEXT_WIDTH, self.scrollable_content_region.width - len(GUTTER) - 1))

    def _rebuild(self) -> None:
        """Render again (cards come from the render cache) and lay out, with the notes and selection."""
        self._use(annotated_page(self.briefing, self.settings(), self.notes, self.selection))

    def _relayout(self) -> None:
        """Wrap the same blocks again for a new width."""
        if self._page is None:
            self._rebuild()
        else:
            self._use(lay_out(self._page.blocks, self.settings()))

    def _use(self, page: Page) -> None:
        self._page = page
        self._lines, self._card_starts, self._anchors = page.lines, page.card_starts, page.anchors
        self._strips.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(page.lines))
        self.refresh()

    def _redraw(self) -> None:
        """Draw the visible lines again (same layout): the card cursor, highlight or colours changed."""
        self._strips.clear()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[index]
        in_cursor = line.card is not None and line.card == self.cursor_card
        targeted = self._target_line is not None and 0 <= index - self._target_line < self._target_span
        key = (index, width, in_cursor, targeted)
        strip = self._strips.get(key)
        if strip is None:
            text_width = self._page.settings.width if self._page else width
            margin = max(0, (width - text_width - len(GUTTER)) // 2)
            row = Text(" " * margin, end="")
            row.append(
                GUTTER if in_cursor else " " * len(GUTTER),
                self.get_component_rich_style("reader--cursor", partial=True) if in_cursor else Style.null(),
            )
            row.append_text(line.text)
            if self._highlight is not None:
                row.highlight_regex(self._highlight, self.palette["match"])
            if targeted:
                row.stylize(
                    self.get_component_rich_style("reader--target", partial=True), margin + len(GUTTER)
                )
            strip = text_strip(self, row, width)
            self._strips[key] = strip
        return strip.apply_offsets(scroll_x, index)


def _outlet_blocks(
    labels: list[str], paragraph: int, body: list[tuple[int, str]]
) -> tuple[int | None, list[int]]:
    """Of a card's `body` blocks (index, plain text), the label of its outlet paragraph `paragraph`
    ("Bloomberg — H. Lindqvist", from `labels`, found in order) and the blocks up to the next label."""
    if not 0 <= paragraph < len(labels):
        return None, []
    wanted = labels[: paragraph + 2]
    found: list[int] = []
    for position, (_, text) in enumerate(body):
        if len(found) < len(wanted) and text == wanted[len(found)]:
            found.append(position)
    if len(found) <= paragraph:
        return None, []
    end = found[paragraph + 1] if len(found) > paragraph + 1 else len(body)
    return body[found[paragraph]][0], [index for index, _ in body[found[paragraph] + 1 : end]]


def _block_lines(page: Page, block: int, line_count: int) -> range:
    """The lines block `block` takes on the page, without the blank line after it."""
    starts = page.block_starts
    end = starts[block + 1] if block + 1 < len(starts) else line_count
    return range(starts[block], end - (1 if page.blocks[block][1].spaced else 0))
