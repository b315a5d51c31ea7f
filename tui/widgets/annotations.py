"""The analyst's marks on a page: noted passages highlighted in their cards, the passage being selected,
and each note shown under its card.

Pure and thread-safe like `tui.page`: the loading worker lays out a briefing with its notes, and the
reader does it again (a few milliseconds) when a selection moves or a note is added. Passages are found
in the rendered text word by word, so Markdown emphasis, citations and wrapping do not matter; a passage
the card no longer shows is simply not highlighted (its note still says what it quoted).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rich.style import Style

from briefings.model import Briefing, Card
from briefings.notes import Note
from briefings.sentences import split_sentences
from tui.blocks import Block, Palette, plain
from tui.page import Page, Settings, lay_out, prepare

NOTE_MARK = "✎ "
QUOTE_SHOWN = 90
"""Characters of a note's quote repeated under its card (the whole passage is highlighted above)."""
_STRONG = re.compile(r"\*\*|__")

_WORD = re.compile(r"\w+")

Placed = tuple[int | None, Block]
"""A block of the page and the card it belongs to (None: the title, references, notes of the briefing)."""


@dataclass(frozen=True)
class Selection:
    """Sentences `start`..`end` (inclusive, either order) of card `card`'s text, `end` the one that moves."""

    card: int
    start: int
    end: int

    @property
    def first(self) -> int:
        return min(self.start, self.end)

    @property
    def last(self) -> int:
        return max(self.start, self.end)


@lru_cache(maxsize=256)
def card_sentences(card: Card) -> tuple[tuple[int, int], ...]:
    """Where each sentence of the card's text starts and ends in it, so a passage is quoted verbatim."""
    spans: list[tuple[int, int]] = []
    position = 0
    for sentence in split_sentences(card.text):
        start = card.text.find(sentence, position)
        if start < 0:  # split_sentences only strips: not expected, but never quote what is not there
            continue
        spans.append((start, start + len(sentence)))
        position = start + len(sentence)
    return tuple(spans)


def selected_quote(card: Card, selection: Selection) -> str:
    """The selected sentences, verbatim from the card's text (line breaks between them kept)."""
    spans = card_sentences(card)
    if not spans:
        return ""
    first, last = spans[max(0, selection.first)], spans[min(selection.last, len(spans) - 1)]
    return card.text[first[0] : last[1]]


def annotated_page(
    briefing: Briefing | None, settings: Settings, notes: Sequence[Note] = (),
    selection: Selection | None = None,
) -> Page:
    """The briefing laid out as `prepare` does, with its notes and the selection drawn in."""
    page = prepare(briefing, settings)
    if briefing is None or (not notes and selection is None):
        return page
    return lay_out(annotate(page.blocks, briefing, notes, selection, settings.palette), settings)


def annotate(
    blocks: list[Placed], briefing: Briefing, notes: Sequence[Note], selection: Selection | None,
    palette: Palette,
) -> list[Placed]:
    """`blocks` with noted passages and the selection styled, and each note in its card (`_annotated_card`);
    notes on the briefing as a whole, or on a card it no longer has, come after everything."""
    placed: dict[int, list[Note]] = {}
    unplaced: list[Note] = []
    ids = briefing.card_ids()
    for note in notes:
        if note.anchor.card_id in ids:
            placed.setdefault(ids.index(note.anchor.card_id), []).append(note)
        else:
            unplaced.append(note)
    selected = (selected_quote(briefing.cards[selection.card], selection)
                if selection is not None and 0 <= selection.card < len(briefing.cards) else "")
    result: list[Placed] = []
    for card, group in _by_card(blocks):
        if card is None or (card not in placed and (selection is None or selection.card != card)):
            result += group
            continue
        chosen = selected if selection is not None and selection.card == card else ""
        result += _annotated_card(group, placed.get(card, []), chosen, palette)
    if unplaced:
        result.append((None, Block(plain(" OTHER NOTES ", palette["kind-questions"]), spaced=False)))
        result += [(None, block) for note in unplaced for block in note_blocks(note, palette, with_card=True)]
    return result


def _annotated_card(group: list[Placed], notes: list[Note], selected: str, palette: Palette) -> list[Placed]:
    """One card's blocks with its noted passages and the selection lit, each passage's note after the
    paragraph the passage ends in, notes on the whole card under its label, and notes whose passage it
    does not show (orphaned, or in a folded card) at its end."""
    noted = [note for note in notes if note.anchor.quote and not note.orphaned]
    marks = [(note.anchor.quote, palette["highlight"]) for note in noted]
    if selected:
        marks.append((selected, palette["selection"]))
    group, ends = _marked(group, marks)
    place = {note.id: end for note, end in zip(noted, ends, strict=False)}
    after: dict[int, list[Note]] = {}
    for note in notes:
        position = 0 if not note.anchor.quote else place.get(note.id)
        after.setdefault(len(group) - 1 if position is None else position, []).append(note)
    card = group[0][0]
    result: list[Placed] = []
    for position, item in enumerate(group):
        result.append(item)
        result += [(card, block) for note in after.get(position, []) for block in note_blocks(note, palette)]
    return result


def note_blocks(note: Note, palette: Palette, *, with_card: bool = False) -> list[Block]:
    """The note's text (as written: never markup), then a muted line with its tags, grade, quote, state."""
    details = [
        *([_whose(note)] if with_card else []),
        *([f"tags: {', '.join(note.tags)}"] if note.tags else []),
        *([f"grade: {note.grade}"] if note.grade else []),
        *([f"quoting “{quote_shown(note.anchor.quote)}”"] if note.anchor.quote else
          ["the whole card"] if note.anchor.card_id and not with_card else []),
    ]
    text = plain(note.text or "(a highlight without a note)", palette["note"])
    about = plain(" · ".join(details), palette["muted"])
    if note.orphaned:
        about = plain("orphaned: the quoted text is no longer in the card · ", palette["flag"]) + about
    return [Block(text, NOTE_MARK, "  ", spaced=False), Block(about, "  ", "  ")]


def _whose(note: Note) -> str:
    if not note.anchor.card_id:
        return "on the whole briefing"
    return f"on “{note.card_heading or note.anchor.card_id}”, a card this version does not have"


def quote_shown(quote: str, limit: int = QUOTE_SHOWN) -> str:
    """A quote on one line as the card shows it (its bold markers left out), cut at `limit` with "…"."""
    flat = " ".join(_STRONG.sub("", quote).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _by_card(blocks: Iterable[Placed]) -> Iterable[tuple[int | None, list[Placed]]]:
    """Runs of consecutive blocks of one card (None: the title, references, notes of the briefing)."""
    run: list[Placed] = []
    for item in blocks:
        if run and run[-1][0] != item[0]:
            yield run[0][0], run
            run = []
        run.append(item)
    if run:
        yield run[0][0], run


def _marked(group: list[Placed], marks: list[tuple[str, Style]]) -> tuple[list[Placed], list[int | None]]:
    """The card's blocks (after its label) with each quote styled where it is shown, and for each quote the
    block it ends in (None: not shown)."""
    texts = [block.text.plain for _, block in group]
    joined = "\n".join(texts[1:])
    offsets = [0]
    for text in texts[1:]:
        offsets.append(offsets[-1] + len(text) + 1)
    spans: dict[int, list[tuple[int, int, Style]]] = {}
    ends: list[int | None] = []
    for quote, style in marks:
        end_block = None
        for start, end in _found(joined, quote):
            for position, text in enumerate(texts[1:]):
                low, high = offsets[position], offsets[position] + len(text)
                if start < high and end > low:
                    span = (max(start, low) - low, min(end, high) - low, style)
                    spans.setdefault(position + 1, []).append(span)
                    end_block = position + 1
        ends.append(end_block)
    marked = list(group)
    for position, styled in spans.items():
        card, block = marked[position]
        restyled = block.text.copy()  # blocks come from the render cache: never change them in place
        for start, end, style in styled:
            restyled.stylize(style, start, end)
        marked[position] = (card, replace(block, text=restyled))
    return marked, ends


def _found(shown: str, quote: str) -> list[tuple[int, int]]:
    """Where `quote` is in `shown` (the card as rendered), compared word by word: whole, or else each of its
    sentences (a passage over two outlets of "What the papers say" has an outlet's name between them)."""
    whole = _words_pattern(tuple(_WORD.findall(quote)))
    match = whole.search(shown) if whole is not None else None
    if match is not None:
        return [match.span()]
    found: list[tuple[int, int]] = []
    position = 0
    for sentence in split_sentences(quote):
        pattern = _words_pattern(tuple(_WORD.findall(sentence)))
        match = pattern.search(shown, position) if pattern is not None else None
        if match is None:
            continue
        if found and not shown[found[-1][1] : match.start()].strip():  # one span over the space between
            found[-1] = (found[-1][0], match.end())
        else:
            found.append(match.span())
        position = match.end()
    return found


@lru_cache(maxsize=512)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    between = r"[\W_]+"
    return re.compile(rf"\b{between.join(re.escape(word) for word in words)}\b[^\w\s]*", re.IGNORECASE)
