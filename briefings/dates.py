"""Calendar dates as news text writes them ("2025, June 25", "June 25, 2025", "25 June 2025", ISO).

`parse_date` takes complete dates only: a month or a year alone ("July 2025") would need a day we
would have to invent, so it gives None and the text keeps the original wording. `parse_partial_date`
takes those too, as their first day with the precision the text has ("July 2025" is 2025-07-01, MONTH),
as the timeline resolves them: the first day is never later than the text allows, and the precision says
the day is not the text's.
"""

from __future__ import annotations

import datetime as dt
import re

from briefings.model import Precision

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_PATTERNS = tuple(
    re.compile(rf"^\s*{pattern}\s*$", re.IGNORECASE)
    for pattern in (
        rf"{_YEAR}-(?P<num_month>\d{{1,2}})-{_DAY}",
        rf"{_YEAR},?\s+{_MONTH}\s+{_DAY}",
        rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}",
        rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}",
    )
)
_PARTIAL = (
    (re.compile(rf"^\s*{_MONTH}(?:\s+of)?,?\s+{_YEAR}\s*$", re.IGNORECASE), Precision.MONTH),
    (re.compile(rf"^\s*{_YEAR}\s*$"), Precision.YEAR),
)


def parse_date(text: str) -> dt.date | None:
    """The date `text` states in full, or None when it is partial, ambiguous or impossible."""
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        parts = match.groupdict()
        month = int(parts["num_month"]) if parts.get("num_month") else _MONTHS.get(parts["month"].lower())
        if month is None:
            return None
        try:
            return dt.date(int(parts["year"]), month, int(parts["day"]))
        except ValueError:
            return None
    return None


def parse_partial_date(text: str) -> tuple[dt.date, Precision] | None:
    """A full date, a month ("July 2025") or a year ("2025"), as its first day and how precise it is."""
    full = parse_date(text)
    if full is not None:
        return full, Precision.DAY
    for pattern, precision in _PARTIAL:
        match = pattern.match(text)
        if not match:
            continue
        parts = match.groupdict()
        month = _MONTHS.get(parts["month"].lower()) if parts.get("month") else 1
        if month is None:
            return None
        return dt.date(int(parts["year"]), month, 1), precision
    return None
