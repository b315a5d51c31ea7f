"""A date for a briefing whose input gives none, and dates for its timeline card's relative words.

Without a date a briefing sinks below stories decades old, though its text usually says when it was
written. In order of trust: the date its lead states ("As of July 2025", "As of 14 July 2025"), a wire
dateline ("LONDON, March 3 (Reuters) -"), else its newest reference's date. An inferred date says so
(`Briefing.date_inferred`) and is never part of the id, which the parser made before this runs.
A month stays a month (`date_precision`), stored as its first day (see `briefings.dates`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from briefings.analysis.timeline import anchor_date, anchor_precision, resolve_date_text
from briefings.dates import parse_partial_date
from briefings.model import Briefing, Card, Precision
from briefings.references import newest_reference_date

LEAD_CHARACTERS = 600
"""How far into the first card a stated date counts as the briefing's: "As of 2019" further down is
about something the briefing relates, not when it was written."""
_AS_OF = re.compile(r"\bas of\s+(?P<date>(?:\d{1,2}\s+)?[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?,?\s+\d{4})\b",
                    re.IGNORECASE)
_DATELINE = re.compile(
    r"^(?P<line>[A-Z][A-Z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'\- ]{1,30})?,\s+"
    r"(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)\s*(?:\([^()\n]{1,30}\)\s*)?[-–—])",
    re.MULTILINE,
)


@dataclass(frozen=True)
class InferredDate:
    date: dt.date
    precision: Precision
    reason: str
    """What `Briefing.date_inferred` keeps: where the date came from, in words a person can check."""


def infer_date(briefing: Briefing) -> InferredDate | None:
    """The date a briefing's text or references imply, or None when they imply none."""
    lead = "\n".join([briefing.title, briefing.cards[0].text[:LEAD_CHARACTERS] if briefing.cards else ""])
    newest = newest_reference_date(briefing.references)
    return _stated(lead) or _dateline(lead, newest) or (
        InferredDate(newest, Precision.DAY, f"newest reference ({newest.isoformat()})") if newest else None)


def with_inferred_date(briefing: Briefing) -> Briefing:
    """The briefing with its date inferred when the input gave none, and its timeline cards' dates
    resolved against that date ("last month" in a July 2025 briefing is 2025-06)."""
    if briefing.date is None:
        found = infer_date(briefing)
        if found is not None:
            briefing = replace(briefing, date=found.date, date_precision=found.precision,
                               date_inferred=found.reason)
    if not any(event.date is None for card in briefing.cards for event in card.events):
        return briefing
    anchor, precision = anchor_date(briefing), anchor_precision(briefing)
    return replace(briefing, cards=tuple(_resolved(card, anchor, precision) for card in briefing.cards))


_UNDATED_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'\- ]{1,30})?)"
    r"(?:,\s*|\s+)?(?P<agency>\([^()\n]{1,30}\))?\s*[-–—]\s")
"""A dateline without a date, which only a region or an agency tells from a heading: "ROTTERDAM,
Netherlands (AP) —", "GENEVA (Reuters) -"."""


def dateline_place(text: str) -> str:
    """Where a dateline says the story was filed: "SAO PAULO, Brazil, March 3 -" is Sao Paulo, Brazil,
    "ROTTERDAM, Netherlands (AP) —" Rotterdam, Netherlands."""
    match = _DATELINE.search(text[:LEAD_CHARACTERS])
    if match is not None:
        place = match.group("line")[: match.start("date") - match.start("line")]
    else:
        undated = _UNDATED_DATELINE.match(text.lstrip()[:LEAD_CHARACTERS])
        if undated is None or not (undated.group("agency") or "," in undated.group("place")):
            return ""
        place = undated.group("place")
    return ", ".join(part.strip().title() if part.strip().isupper() else part.strip()
                     for part in place.strip(" ,").split(","))


def _stated(lead: str) -> InferredDate | None:
    for match in _AS_OF.finditer(lead):
        found = parse_partial_date(match.group("date"))
        if found is not None:
            return InferredDate(*found, f'stated in the text: "{match.group().strip()}"')
    return None


def _dateline(lead: str, newest: dt.date | None) -> InferredDate | None:
    """A dateline with its year, or without one when a reference's date says which year it is."""
    match = _DATELINE.search(lead)
    if match is None:
        return None
    found = parse_partial_date(match.group("date")) or resolve_date_text(match.group("date"), newest)
    return InferredDate(*found, f'dateline: "{match.group("line")}"') if found else None


def _resolved(card: Card, anchor: dt.date | None, precision: Precision) -> Card:
    if not card.events:
        return card
    events = []
    for event in card.events:
        found = None if event.date else resolve_date_text(event.date_text, anchor, precision)
        events.append(replace(event, date=found[0], precision=found[1]) if found else event)
    return replace(card, events=tuple(events))
