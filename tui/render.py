"""Briefing cards as Rich `Text` blocks, built from markdown-it-py tokens.

Textual's Markdown widget costs ~150 ms per card; walking the tokens ourselves costs well under
a millisecond and lets the reader wrap, cache and scroll plain lines. Every string that comes
from a briefing is appended as plain text after `visible_controls`, never parsed as markup, so
`[bold red]` shows as written and escape sequences cannot reach the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.style import Style
from rich.text import Text

from briefings.model import QA, Briefing, Card, CardKind, OutletSummary
from briefings.text import CITATION, visible_controls
from briefings.wording import CUT_MARK, CUT_OFF, extra_heading, outlet_label, reference_marker, reference_text
from tui.lens import briefing_reasons, card_reasons, likelihood_words, quality_summary

ROLES = (
    "title",
    "heading",
    "subheading",
    "label",
    "citation",
    "cut",
    "code",
    "link",
    "muted",
    "quote",
    "match",
    "reference",
    "flag",
)
"""Text roles the reader styles from its component classes (`reader--<role>`)."""

KIND_FAMILIES: Mapping[CardKind, str] = {
    CardKind.SUMMARY: "news",
    CardKind.BODY: "news",
    CardKind.TAKEAWAYS: "news",
    CardKind.ANALYSIS: "analysis",
    CardKind.TECHNICAL: "analysis",
    CardKind.KEY_PLAYERS: "analysis",
    CardKind.PERSPECTIVES: "analysis",
    CardKind.FORECAST: "outlook",
    CardKind.IMPACT: "outlook",
    CardKind.ECONOMIC: "outlook",
    CardKind.HUMANITARIAN: "outlook",
    CardKind.PAPERS: "press",
    CardKind.REACTIONS: "press",
    CardKind.QUOTE: "press",
    CardKind.BACKGROUND: "context",
    CardKind.TIMELINE: "context",
    CardKind.DID_YOU_KNOW: "context",
    CardKind.QUESTIONS: "questions",
    CardKind.QA: "questions",
    CardKind.OTHER: "questions",
}
"""Kinds share six colours; the label always names the kind in words, so colour is never the only cue."""


@dataclass(frozen=True)
class Palette:
    """Styles for text roles and kind families; hashable so rendered cards can be cached per theme."""

    styles: tuple[tuple[str, Style], ...] = ()

    def __getitem__(self, role: str) -> Style:
        return self._by_role.get(role, Style.null())

    @cached_property
    def _by_role(self) -> dict[str, Style]:
        return dict(self.styles)

    @classmethod
    def of(cls, styles: Mapping[str, Style]) -> Palette:
        return cls(tuple(sorted(styles.items())))


@dataclass(frozen=True)
class Block:
    """A paragraph-like unit; the reader wraps `text` and puts `prefix` before its first line,
    `continuation` before the others (bullets, quote bars, reference numbers)."""

    text: Text
    prefix: str = ""
    continuation: str = ""
    anchor: str = ""
    spaced: bool = True
    """Followed by a blank line (False inside tight lists)."""


BLANK = Block(Text(""), spaced=False)


def plain(value: str, style: Style | str = "") -> Text:
    """Briefing text as a Text that can neither style itself nor drive the terminal.

    The style is a span, not the Text's base style, so text appended later does not inherit it."""
    text = Text(end="")
    text.append(visible_controls(value), style)
    return text


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


_MARKDOWN = _parser()


def _append_prose(text: Text, value: str, style: Style, palette: Palette) -> None:
    """Plain text with citation markers styled and tagged so a click can follow them."""
    position = 0
    for match in CITATION.finditer(value):
        text.append(visible_controls(value[position : match.start()]), style)
        marker = style + palette["citation"] + Style(meta={"citation": int(match.group(1))})
        text.append(match.group(0), marker)
        position = match.end()
    text.append(visible_controls(value[position:]), style)


def _inline(children: Iterable[Token], palette: Palette, base: Style) -> Text:
    text = Text(end="")
    stack = [base]
    for token in children:
        kind = token.type
        if kind == "text":
            _append_prose(text, token.content, stack[-1], palette)
        elif kind in ("softbreak", "hardbreak"):
            text.append(" " if kind == "softbreak" else "\n", stack[-1])
        elif kind == "code_inline":
            text.append(visible_controls(token.content), stack[-1] + palette["code"])
        elif kind in ("em_open", "strong_open", "link_open"):
            extra = {"em_open": Style(italic=True), "strong_open": Style(bold=True)}.get(
                kind, palette["link"]
            )
            stack.append(stack[-1] + extra)
        elif kind in ("em_close", "strong_close", "link_close") and len(stack) > 1:
            stack.pop()
        elif kind == "image":
            text.append(visible_controls(f"[image: {token.content}]"), stack[-1] + palette["muted"])
        elif token.content:
            text.append(visible_controls(token.content), stack[-1])
    return text


@dataclass
class _Walker:
    """State while turning block tokens into Blocks: list nesting and the pending bullet."""

    palette: Palette
    base: Style
    blocks: list[Block] = field(default_factory=list)
    indents: list[str] = field(default_factory=list)
    counters: list[int | None] = field(default_factory=list)
    bullet: str | None = None
    tight: list[bool] = field(default_factory=list)
    style: Style = field(default_factory=Style.null)

    def emit(self, text: Text) -> None:
        continuation = "".join(self.indents)
        prefix = continuation
        if self.bullet is not None:
            prefix = continuation[: -len(self.bullet)] + self.bullet if continuation else self.bullet
            self.bullet = None
        spaced = not (self.tight and self.tight[-1])
        self.blocks.append(Block(text, prefix, continuation, spaced=spaced))

    def walk(self, tokens: list[Token]) -> list[Block]:
        for token in tokens:
            self.step(token)
        return _spaced(self.blocks)

    def step(self, token: Token) -> None:
        kind = token.type
        if kind == "inline":
            self.emit(_inline(token.children or (), self.palette, self.base + self.style))
        elif kind == "heading_open":
            self.style = self.palette["subheading"]
        elif kind == "heading_close":
            self.style = Style.null()
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrs.get("start", 1) if kind == "ordered_list_open" else None
            self.counters.append(int(start) if start is not None else None)
            self.indents.append("   " if kind == "ordered_list_open" else "  ")
            self.tight.append(True)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.counters.pop()
            self.indents.pop()
            self.tight.pop()
            if not self.tight:
                self.blocks = _spaced(self.blocks)
        elif kind == "list_item_open":
            number = self.counters[-1]
            if number is None:
                self.bullet = "• " if len(self.counters) % 2 else "◦ "
            else:
                self.bullet = f"{number}.".ljust(len(self.indents[-1]))
                self.counters[-1] = number + 1
        elif kind == "paragraph_open" and not token.hidden and self.tight:
            self.tight[-1] = False
        elif kind == "blockquote_open":
            self.indents.append("│ ")
        elif kind == "blockquote_close":
            self.indents.pop()
        elif kind in ("fence", "code_block"):
            self.emit(plain(token.content.rstrip("\n"), self.base + self.palette["code"]))
        elif kind == "hr":
            self.emit(plain("─" * 24, self.palette["muted"]))
        elif kind == "html_block":
            self.emit(plain(token.content.rstrip("\n"), self.base))


def markdown_blocks(source: str, palette: Palette, base: Style | None = None) -> list[Block]:
    """Markdown prose as Blocks; unknown constructs degrade to their plain text."""
    return _Walker(palette, base or Style.null()).walk(_MARKDOWN.parse(source))


def _cut(blocks: list[Block], palette: Palette) -> list[Block]:
    """Mark the end of the last block as cut off, in words and not by colour alone."""
    if not blocks:
        return [Block(plain(CUT_OFF, palette["cut"]))]
    last = blocks[-1]
    text = last.text.copy()
    text.append(CUT_MARK, palette["cut"])
    return [*blocks[:-1], replace(last, text=text)]


def _prose(source: str, truncated: bool, palette: Palette, base: Style | None = None) -> list[Block]:
    blocks = markdown_blocks(source, palette, base)
    return _cut(blocks, palette) if truncated else blocks


_LETTERS = re.compile(r"'s\b|[^a-z]")


def plural(count: int, word: str) -> str:
    """ "1 card", "2 cards", "1,200 briefings"."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def card_label(card: Card, palette: Palette) -> Text:
    """ " FORECAST  Forecast and Consequences": the kind in words on its colour, then the heading."""
    text = plain(f" {card.kind.label.upper()} ", palette[f"kind-{KIND_FAMILIES[card.kind]}"])
    if heading := extra_heading(card.kind, card.heading):
        text.append("  ")
        text.append(visible_controls(heading), palette["heading"])
    return text


def _outlet_blocks(summary: OutletSummary, palette: Palette) -> list[Block]:
    return [
        Block(plain(outlet_label(summary), palette["label"]), spaced=False),
        *_prose(summary.text, summary.truncated, palette),
    ]


def _qa_blocks(item: QA, palette: Palette, base: Style | None = None) -> list[Block]:
    question = plain(item.question, (base or Style.null()) + Style(bold=True))
    return [
        Block(question, "Q ", "  ", spaced=False),
        *(_indented(block, "  ") for block in _prose(item.answer, item.truncated, palette, base)),
    ]


def _indented(block: Block, indent: str) -> Block:
    return replace(block, prefix=indent + block.prefix, continuation=indent + block.continuation)


def _qa_card(card: Card, palette: Palette, show_unrelated: bool) -> list[Block]:
    related = [item for item in card.qa if item.related]
    unrelated = [item for item in card.qa if not item.related]
    blocks = [block for item in related for block in _qa_blocks(item, palette)]
    if not unrelated:
        return blocks
    count = f"{len(unrelated)} unrelated question{'s' if len(unrelated) > 1 else ''}"
    if not show_unrelated:
        return [*blocks, Block(plain(f"┆ {count} hidden — press u to show", palette["muted"]))]
    blocks.append(Block(plain(f"┆ {count}, not about this briefing (u hides them)", palette["muted"])))
    muted = palette["muted"]
    return blocks + [
        _indented(block, "┆ ") for item in unrelated for block in _qa_blocks(item, palette, muted)
    ]


def _structured_body(card: Card, palette: Palette, show_unrelated: bool) -> list[Block] | None:
    """Cards whose typed fields carry more than their Markdown text; None means render the text."""
    if card.kind is CardKind.PAPERS and card.outlets:
        return [block for summary in card.outlets for block in _outlet_blocks(summary, palette)]
    if card.qa:
        return _qa_card(card, palette, show_unrelated)
    if card.events:
        return [
            Block(
                plain(event.text),
                visible_controls(event.date_text) + "  ",
                " " * (len(event.date_text) + 2),
                spaced=False,
            )
            for event in card.events
        ]
    if card.quote is not None:
        quote = plain(f"“{card.quote.text}”", palette["quote"])
        source = ", ".join(part for part in (card.quote.author, card.quote.source) if part)
        return [
            Block(quote, spaced=not source),
            *([Block(plain(f"— {source}", palette["muted"]))] if source else []),
        ]
    return None


@lru_cache(maxsize=2048)
def render_card(card: Card, palette: Palette, show_unrelated: bool = False) -> tuple[Block, ...]:
    """The card's label line and body; cached because cards are immutable and re-shown often."""
    body = _structured_body(card, palette, show_unrelated)
    if body is None:
        body = _prose(card.text, card.truncated, palette)
    elif card.truncated and not card.outlets:
        body = _cut(body, palette)
    return (Block(card_label(card, palette), spaced=False), *_spaced(body))


def _spaced(blocks: list[Block]) -> list[Block]:
    """The blocks with a blank line after the last; `replace` keeps its other fields (its anchor too)."""
    if blocks and not blocks[-1].spaced:
        blocks = [*blocks[:-1], replace(blocks[-1], spaced=True)]
    return blocks


def title_blocks(briefing: Briefing, palette: Palette) -> list[Block]:
    details = [
        briefing.date.isoformat() if briefing.date else "undated",
        *([f"by {briefing.byline}"] if briefing.byline else []),
        *briefing.topics,
        plural(len(briefing.cards), "card"),
    ]
    blocks = [
        Block(plain(briefing.title, palette["title"]), spaced=False),
        Block(plain(" · ".join(details), palette["muted"]), spaced=False),
    ]
    if summary := quality_summary(briefing):
        blocks.append(Block(plain(summary, palette["flag"]), QUALITY_MARK, "  ", spaced=False))
        reasons = briefing_reasons(briefing)
        if len(reasons) > REASONS_UNDER_TITLE:
            more = len(reasons) - REASONS_UNDER_TITLE + 1
            reasons = [*reasons[: REASONS_UNDER_TITLE - 1], f"{more} more under QUALITY NOTES at the end (G)"]
        blocks += _reason_blocks(reasons, palette)
    blocks = _spaced(blocks)
    blocks += [Block(plain(note, palette["muted"]), "note: ", "      ") for note in briefing.notes]
    return blocks


QUALITY_MARK = "⚑ "
REASONS_UNDER_TITLE = 3
"""More would push the first card off a small screen; the rest are listed after the references."""


def _reason_blocks(reasons: list[str], palette: Palette) -> list[Block]:
    """Quiet bullets: meant to be checked, not to alarm."""
    return [Block(plain(reason, palette["muted"]), "  · ", "    ", spaced=False) for reason in reasons]


def quality_blocks(briefing: Briefing, palette: Palette) -> list[Block]:
    """Every note about the whole briefing, at its end, when there are too many for under the title."""
    reasons = briefing_reasons(briefing)
    if len(reasons) <= REASONS_UNDER_TITLE:
        return []
    label = Block(plain(" QUALITY NOTES ", palette["kind-questions"]), anchor="quality", spaced=False)
    return _spaced([label, *_reason_blocks(reasons, palette)])


def card_notes(briefing: Briefing, index: int, palette: Palette) -> list[Block]:
    """Under a card's label: its likelihood words when it is a forecast, then its quality notes."""
    blocks = []
    if briefing.cards[index].kind is CardKind.FORECAST:
        words = likelihood_words(estimate for estimate in briefing.estimates if estimate.card == index)
        text = plain("Likelihood: ", palette["label"])
        text.append_text(plain(words, palette["muted"]))
        blocks.append(Block(text, spaced=False))
    for reason in card_reasons(briefing, index):
        text = plain("Quality note: ", palette["flag"])
        text.append_text(plain(reason, palette["muted"]))
        blocks.append(Block(text, QUALITY_MARK, "  ", spaced=False))
    return _spaced(blocks)


def reference_blocks(briefing: Briefing, palette: Palette) -> list[Block]:
    if not briefing.references:
        return []
    blocks = [Block(plain(" REFERENCES ", palette["kind-context"]), spaced=False)]
    for reference in briefing.references:
        marker = reference_marker(reference)
        blocks.append(
            Block(
                plain(reference_text(reference), palette["reference"]),
                marker,
                " " * len(marker),
                anchor=f"ref:{reference.number}",
                spaced=False,
            )
        )
    return _spaced(blocks)


def fragment_text(fragment: Iterable[tuple[str, bool]], palette: Palette) -> tuple[Text, int]:
    """A search fragment from (text, is_match) spans with matches styled; and where the first match starts."""
    text = Text(end="")
    first = -1
    for value, is_match in fragment:
        if is_match and first < 0:
            first = len(text)
        shown = _EMPHASIS.sub("", _SPACES.sub(" ", value))
        text.append(visible_controls(shown), palette["match"] if is_match else Style.null())
    return text, max(first, 0)


_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")
_EMPHASIS = re.compile(r"\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)")
"""Markdown emphasis markers: a fragment is a cut of raw card text, so its `**` are not balanced."""


def match_words(fragments: Iterable[Iterable[tuple[str, bool]]]) -> frozenset[str]:
    """The words search matched, for highlighting them inside the reader."""
    return frozenset(
        word.casefold()
        for fragment in fragments
        for value, is_match in fragment
        if is_match
        for word in _WORD.findall(value)
    )


@lru_cache(maxsize=64)
def words_pattern(words: frozenset[str]) -> re.Pattern[str] | None:
    """Whole words, any case, longest first so "troops" wins over "troop"."""
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def briefing_blocks(
    briefing: Briefing, palette: Palette, show_unrelated: bool
) -> list[tuple[int | None, Block]]:
    """The whole briefing as blocks tagged with their card index: title, cards, references, notes.

    Pure and thread-safe, so the reader's loading worker can do it off the event loop."""
    blocks: list[tuple[int | None, Block]] = [(None, block) for block in title_blocks(briefing, palette)]
    for index, card in enumerate(briefing.cards):
        label, *body = render_card(card, palette, show_unrelated)
        notes = card_notes(briefing, index, palette)
        blocks += [(index, block) for block in (label, *notes, *body)]
    ending = [*reference_blocks(briefing, palette), *quality_blocks(briefing, palette)]
    return blocks + [(None, block) for block in ending]
