"""A briefing as Blocks: its title, each card under a label naming its kind, lens notes and references.

Pure and cached per card (cards are immutable), so the reader's loading worker builds pages off the
event loop; Markdown card text is walked in `tui.markdown_blocks`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache

from rich.style import Style
from rich.text import Text

from briefings.counting import PARAGRAPH_MARK, paragraph_texts
from briefings.flag_notes import card_reasons, held_back, quality_summary
from briefings.model import QA, Briefing, Card, CardKind, OutletSummary, TimelineEvent
from briefings.splitting.cards import folded_by_default
from briefings.text import visible_controls
from briefings.wording import (
    briefing_date,
    event_date,
    extra_heading,
    outlet_label,
    reference_marker,
    reference_text,
)
from tui.blocks import Block, Palette, plain
from tui.lens import briefing_reasons, likelihood_words
from tui.markdown_blocks import cut, prose, spaced

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
    CardKind.STATEMENTS: "press",
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
        *prose(summary.text, summary.truncated, palette),
    ]


def _qa_blocks(item: QA, palette: Palette, base: Style | None = None) -> list[Block]:
    question = plain(item.question, (base or Style.null()) + Style(bold=True))
    return [
        Block(question, "Q ", "  ", spaced=False),
        *(_indented(block, "  ") for block in prose(item.answer, item.truncated, palette, base)),
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
        return [_event_block(event) for event in card.events]
    if card.quote is not None:
        quote = plain(f"“{card.quote.text}”", palette["quote"])
        source = ", ".join(part for part in (card.quote.author, card.quote.source) if part)
        return [
            Block(quote, spaced=not source),
            *([Block(plain(f"— {source}", palette["muted"]))] if source else []),
        ]
    return None


def _event_block(event: TimelineEvent) -> Block:
    """ "2025-06 (last month)  The text…", its lines after the first under the text, not the date."""
    shown = visible_controls(event_date(event.date, event.precision, event.date_text))
    return Block(plain(event.text), shown + "  ", " " * (len(shown) + 2), spaced=False)


FOLD_KEY = "z"
"""The reader key (action `reader.fold`) that folds and unfolds a card; a test keeps them in step."""
SOURCE_KEY = "p"
"""The reader key (action `reader.source`) that goes from a quote to its paragraph in the full text."""


@lru_cache(maxsize=2048)
def render_card(card: Card, palette: Palette, show_unrelated: bool = False,
                quoted: bool = False) -> tuple[Block, ...]:
    """The card's label line and body; cached because cards are immutable and re-shown often.
    `quoted`: the full text derived cards quote, each paragraph anchored ("para:3") for the quotes."""
    body = _structured_body(card, palette, show_unrelated)
    if body is None and quoted:
        body = _numbered_paragraphs(card, palette)
    elif body is None:
        body = prose(card.text, card.truncated, palette)
    elif card.truncated and not card.outlets:
        body = cut(body, palette)
    return (Block(card_label(card, palette), spaced=False), *spaced(body))


def _numbered_paragraphs(card: Card, palette: Palette) -> list[Block]:
    blocks: list[Block] = []
    for number, paragraph in enumerate(paragraph_texts(card.text), start=1):
        rendered = prose(paragraph, False, palette)
        if rendered:
            blocks += [replace(rendered[0], anchor=f"para:{number}"), *rendered[1:]]
    return cut(blocks, palette) if card.truncated else blocks


def folded_card(card: Card, palette: Palette) -> list[Block]:
    """A folded card: its label and one line saying what is folded and how to see it (its notes go
    between them, as on an unfolded card)."""
    if card.kind is CardKind.BODY:
        count = len([part for part in paragraph_texts(card.text) if part.strip()])
        what = f"The article as it came, {plural(count, 'paragraph')}, folded: the cards above quote it"
    else:
        count = len(PARAGRAPH_MARK.findall(card.text))
        what = f"{plural(count, 'sentence')} found by rule, shown on request: not yet precise enough"
    line = plain(f"┆ {what} ({FOLD_KEY} shows it)", palette["muted"])
    return [Block(card_label(card, palette), spaced=False), Block(line)]


def folded_cards(briefing: Briefing, toggled: frozenset[int]) -> frozenset[int]:
    """The cards shown folded: those folded by default, except those the reader toggled, and the others
    the reader toggled."""
    return folded_by_default(briefing) ^ toggled


def title_blocks(briefing: Briefing, palette: Palette, all_notes: bool = False) -> list[Block]:
    """Title, date and counts, then the lens notes (`all_notes`: those held back as not yet precise too)."""
    details = [
        briefing_date(briefing.date, briefing.date_precision, bool(briefing.date_inferred)),
        *([briefing.place] if briefing.place else []),
        *([f"by {briefing.byline}"] if briefing.byline else []),
        *briefing.topics,
        plural(len(briefing.cards), "card"),
    ]
    blocks = [
        Block(plain(briefing.title, palette["title"]), spaced=False),
        Block(plain(" · ".join(details), palette["muted"]), spaced=False),
    ]
    if summary := quality_summary(briefing, all_notes):
        hint = "" if all_notes or not held_back(briefing) else f" ({ALL_NOTES_KEY} shows them)"
        blocks.append(Block(plain(summary + hint, palette["flag"]), QUALITY_MARK, "  ", spaced=False))
        reasons = briefing_reasons(briefing, all_notes)
        if len(reasons) > REASONS_UNDER_TITLE:
            more = len(reasons) - REASONS_UNDER_TITLE + 1
            reasons = [*reasons[: REASONS_UNDER_TITLE - 1], f"{more} more under QUALITY NOTES at the end (G)"]
        blocks += _reason_blocks(reasons, palette)
    blocks = spaced(blocks)
    blocks += [Block(plain(note, palette["muted"]), "note: ", "      ") for note in briefing.notes]
    return blocks


QUALITY_MARK = "⚑ "
ALL_NOTES_KEY = "L"
"""The reader key (action `reader.all_notes`) that shows the notes held back; a test keeps them in step."""
REASONS_UNDER_TITLE = 3
"""More would push the first card off a small screen; the rest are listed after the references."""


def _reason_blocks(reasons: list[str], palette: Palette) -> list[Block]:
    """Quiet bullets: meant to be checked, not to alarm."""
    return [Block(plain(reason, palette["muted"]), "  · ", "    ", spaced=False) for reason in reasons]


def quality_blocks(briefing: Briefing, palette: Palette, all_notes: bool = False) -> list[Block]:
    """Every note about the whole briefing, at its end, when there are too many for under the title."""
    reasons = briefing_reasons(briefing, all_notes)
    if len(reasons) <= REASONS_UNDER_TITLE:
        return []
    label = Block(plain(" QUALITY NOTES ", palette["kind-questions"]), anchor="quality", spaced=False)
    return spaced([label, *_reason_blocks(reasons, palette)])


def card_notes(briefing: Briefing, index: int, palette: Palette, all_notes: bool = False) -> list[Block]:
    """Under a card's label: its likelihood words when it is a forecast, then its quality notes."""
    blocks = []
    if briefing.cards[index].kind is CardKind.FORECAST:
        words = likelihood_words(estimate for estimate in briefing.estimates if estimate.card == index)
        text = plain("Likelihood: ", palette["label"])
        text.append_text(plain(words, palette["muted"]))
        blocks.append(Block(text, spaced=False))
    for reason in card_reasons(briefing, index, all_notes):
        text = plain("Quality note: ", palette["flag"])
        text.append_text(plain(reason, palette["muted"]))
        blocks.append(Block(text, QUALITY_MARK, "  ", spaced=False))
    return spaced(blocks)


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
    return spaced(blocks)


def briefing_blocks(
    briefing: Briefing, palette: Palette, show_unrelated: bool, all_notes: bool = False,
    toggled: frozenset[int] = frozenset(),
) -> list[tuple[int | None, Block]]:
    """The whole briefing as blocks tagged with their card index: title, cards, references, notes.
    `toggled`: cards the reader folded or unfolded against their default (`folded_cards`).

    Pure and thread-safe, so the reader's loading worker can do it off the event loop."""
    blocks: list[tuple[int | None, Block]] = [
        (None, block) for block in title_blocks(briefing, palette, all_notes)
    ]
    folded = folded_cards(briefing, toggled)
    split = any(card.derived for card in briefing.cards)
    for index, card in enumerate(briefing.cards):
        notes = card_notes(briefing, index, palette, all_notes)
        if index in folded:
            label, line = folded_card(card, palette)
            blocks += [(index, block) for block in (label, *notes, line)]
            continue
        quoted = split and card.kind is CardKind.BODY
        label, *body = render_card(card, palette, show_unrelated, quoted)
        blocks += [(index, block) for block in (label, *notes, *body)]
    ending = [*reference_blocks(briefing, palette), *quality_blocks(briefing, palette, all_notes)]
    return blocks + [(None, block) for block in ending]
