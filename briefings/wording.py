"""The words and marks every surface shares: the command line, the reader, the entity panel, the exports
and the analysis's notes, so a card, a reference or a figure's source is named the same way everywhere.

Plain strings only (no Rich): each surface makes them safe for its terminal with `visible_controls`.
"""

from __future__ import annotations

import datetime as dt
import re

from briefings.model import (
    Briefing,
    CardKind,
    Claim,
    ClaimSource,
    Entity,
    OutletSummary,
    Precision,
    Reference,
)

CUT_OFF = "… [cut off]"
"""Said where a card's text stops mid-sentence, in words so that colour is never the only cue."""
CUT_MARK = f" {CUT_OFF}"
"""The same, appended to the last line of text that was cut."""


INFERRED_MARK = " (inferred)"
"""After a briefing's date that its input did not state (see briefings.date_inference)."""
INFERRED_SHORT = "~"
"""The same before the date where a column has no room for words (the reader's list of briefings)."""
_STATES_YEAR = re.compile(r"\d{4}")


def date_label(date: dt.date, precision: Precision = Precision.DAY) -> str:
    """The one way every surface writes a date: ISO, as precise as known ("2025-07-14", "2025-07", "2025")."""
    if precision is Precision.YEAR:
        return f"{date.year:04d}"
    if precision is Precision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


def briefing_date(date: dt.date | None, precision: Precision = Precision.DAY, inferred: bool = False, *,
                  undated: str = "undated", short: bool = False) -> str:
    """A briefing's date, marked when inferred ("2025-07 (inferred)", `short` "~2025-07"); `undated`
    when it has none."""
    if date is None:
        return undated
    if not inferred:
        return date_label(date, precision)
    shown = date_label(date, precision)
    return INFERRED_SHORT + shown if short else shown + INFERRED_MARK


def event_date(date: dt.date | None, precision: Precision, date_text: str) -> str:
    """A timeline event's date, with the words it was resolved from when they do not state the year
    ("2025-06 (last month)", "2025-07-24 (on Thursday)"); the words alone when nothing resolved them."""
    if date is None:
        return date_text
    shown = date_label(date, precision)
    return shown if not date_text or _STATES_YEAR.search(date_text) else f"{shown} ({date_text})"


def entity_inferred(entity: Entity) -> str:
    """ '≈ inferred: surname "Lavrov" alone' beside an entity the text names only by a guess; else ""."""
    return f"≈ inferred: {entity.inferred}" if entity.inferred else ""


def card_title(kind: CardKind, heading: str) -> str:
    """What a card is called: its heading, or the kind's label when it has none."""
    return heading or kind.label


_LETTERS = re.compile(r"'s\b|[^a-z]")


def extra_heading(kind: CardKind, heading: str) -> str:
    """The heading when it says more than the kind's label ("What's happened" and "Common question"
    under "Common questions" do not: a plural is not news)."""
    same = _letters(heading.replace("\u2019", "'")) == _letters(kind.label)
    return "" if same else heading


def _letters(text: str) -> str:
    return _LETTERS.sub("", text.casefold()).removesuffix("s")


def outlet_label(summary: OutletSummary) -> str:
    """ "Le Monde & Libération — J. Dupont" over a "What the papers say" paragraph; "Overall" for none."""
    label = " & ".join(summary.outlets) or "Overall"
    return f"{label} — {summary.journalist}" if summary.journalist else label


def reference_marker(reference: Reference) -> str:
    """ "[3] ": what cites the reference in card text, and what stands before it in a list."""
    return f"[{reference.number}] "


def reference_text(reference: Reference) -> str:
    """The reference as written, or its fields as "Author (2025-06-25). Title. Outlet. URL"."""
    if reference.raw:
        return reference.raw
    date = f"({date_label(reference.date)})" if reference.date else ""
    author = " ".join(filter(None, (reference.author, date)))
    fields = (author, reference.title, reference.outlet, reference.url)
    return ". ".join(field for field in fields if field)


def reference_line(reference: Reference) -> str:
    return reference_marker(reference) + reference_text(reference)


def claim_who(claim: Claim, *, inline: bool = False) -> str:
    """Who states a figure. A Q&A item is named by its question: after a colon in a column of
    sources, in quotes `inline` in a sentence (a quality note's "(Q&A "Why …?", …)")."""
    if claim.source_kind is ClaimSource.QA:
        return f'Q&A "{claim.source}"' if inline else f"Q&A: {claim.source}"
    if claim.source_kind is ClaimSource.REFERENCE and claim.reference is not None:
        return f"[{claim.reference}] {claim.source}"
    return claim.source or "the briefing"


def claim_card(claim: Claim, briefing: Briefing) -> str:
    """The title of the card a figure is in; empty when it is in none (the briefing's title)."""
    if claim.card is None or claim.card >= len(briefing.cards):
        return ""
    card = briefing.cards[claim.card]
    return card_title(card.kind, card.heading)


def claim_where(claim: Claim, briefing: Briefing | None, home: str) -> str:
    """Where a figure is: its card in the `home` briefing, else the briefing's title and the card."""
    if briefing is None:
        return ""
    card = claim_card(claim, briefing)
    if briefing.id == home:
        return card or "title"
    return f"{briefing.title} › {card}" if card else briefing.title
