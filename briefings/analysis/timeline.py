"""Dates stated in prose, resolved to calendar dates, and the dated events an entity's timeline lists.

"September 2023" is resolved to 2023-09-01 with month precision, "2022" to 2022-01-01 with year
precision. Dates without a year ("on June 25", "in October") and relative ones ("last year",
"today", "on Tuesday") need an anchor: the briefing's date, or failing that its newest reference's
date; without one they are left out rather than guessed. A relative date is never more precise than
its anchor: "today" in a briefing dated "As of July 2025" is July 2025, not 2025-07-01.

An event belongs to the entities its sentence names. A sentence about a treaty, pact or
summit also belongs to the leaders of the countries it names (or whose capitals it names),
read from the entities' descriptions ("supreme leader of North Korea"): heads of state sign
treaties even when the sentence says only "Pyongyang" and "Moscow".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from briefings.analysis.passages import Passage, sentences
from briefings.entities import Gazetteer
from briefings.model import Briefing, DatedEvent, Entity, EntityKind, Precision
from briefings.references import newest_reference_date

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH_NUMBER = {name[:3]: number for number, name in enumerate(_MONTHS, start=1)}
_MONTH_NAMES = r"January|February|March|April|May|June|July|August|September|October|November|December" \
               r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_YEAR_DIGITS = r"(?:19|20)\d\d"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_NAMES = "|".join(day.capitalize() for day in _WEEKDAYS)
_FINER = {Precision.YEAR: (Precision.MONTH, Precision.DAY), Precision.MONTH: (Precision.DAY,),
          Precision.DAY: ()}
"""The precisions finer than each: what a relative date cannot have against an anchor of that precision."""


def _month(group: str) -> str:
    """Capitalised only: "may" is a verb far more often than a month."""
    return rf"(?P<{group}>(?:{_MONTH_NAMES})\.?)"


def _day(group: str) -> str:
    return rf"(?P<{group}>[0-3]?\d)(?:st|nd|rd|th)?"


def _their_year(group: str) -> str:
    """A year said relative to the story's after a month: "April of last year", "June 3 next year"."""
    return rf"(?:\s+(?:of\s+)?(?P<{group}>last|this|next)\s+year)?"


_SHIFT_GROUPS = ("shift4", "shift5", "shift6")
_SHIFTS = {"last": -1, "this": 0, "next": 1}
"""Years (or months) from the anchor's that "last year", "this month" and "next year" mean."""
_MONTH_GROUPS = tuple(f"month{n}" for n in range(1, 9))
"""The groups of `_DATE` that hold a month's name, one for each way a date is written."""
DATES_KEPT = 4096
"""Sentences whose dates are kept (`_dates_in`): the split reads a briefing's sentences 64 briefings
before the timeline does, and the analysis of those between reads some 20 sentences each."""
_DATE = re.compile(
    r"(?<![\w$€£.,/-])(?:"
    rf"(?P<iso>{_YEAR_DIGITS}-[01]\d-[0-3]\d)"
    rf"|{_day('day1')}\s+{_month('month1')},?\s+(?P<year1>{_YEAR_DIGITS})"
    rf"|{_month('month2')}\s+{_day('day2')},?\s+(?P<year2>{_YEAR_DIGITS})"
    rf"|{_month('month3')}(?:\s+of)?\s+(?P<year3>{_YEAR_DIGITS})"
    rf"|(?P<year8>{_YEAR_DIGITS}),?\s+{_month('month8')}\s+{_day('day8')}"
    rf"|{_month('month4')}\s+{_day('day4')}{_their_year('shift4')}"
    rf"|{_day('day5')}\s+{_month('month5')}{_their_year('shift5')}"
    r"|\b(?:in|since|during|by|until|throughout|early|mid|late|of|from|before|after)[\s-]+"
    rf"{_month('month6')}(?![\s,]+(?:of\s+)?\d){_their_year('shift6')}"
    rf"|(?P<year7>{_YEAR_DIGITS})"
    r"|\b(?P<relative>yesterday|today|(?:last|this|next|earlier this|later this) (?:month|year))"
    rf"|\b(?P<weekday>(?:[Oo]n|[Ll]ast) (?:{_WEEKDAY_NAMES}))"
    r")(?![\w%]|[.,]\d|-\d)"
)
_COUNTED_AFTER = re.compile(r"\s+(?:[a-z]+\s+){0,2}?(?:troops|soldiers|people|personnel|shells|rounds|units"
                            r"|tonnes|tons|km|kilometres|kilometers|miles|barrels|dollars|euros|workers)\b")
_STATE_ACT = re.compile(r"\bsummits?\b|\b(?:treat(?:y|ies)|pacts?|accords?|agreements?)\b.{0,40}?"
                        r"\b(?:sign|formali[sz]|conclud|ratif)\w*|\b(?:sign|formali[sz]|conclud|ratif)\w*\b.{0,60}?"
                        r"\b(?:treat(?:y|ies)|pacts?|accords?|agreements?)\b", re.IGNORECASE)
_HEAD_OF = re.compile(r"(?<!vice )(?<!deputy )\b(?:supreme leader|leader|president|prime minister|premier"
                      r"|chancellor|king|queen|emperor|head of state)\s+of\s+(?:the\s+)?", re.IGNORECASE)
_CAPITAL_OF = re.compile(r"\bcapital\s+of\s+(?:the\s+)?", re.IGNORECASE)


@dataclass(frozen=True)
class FoundDate:
    date: dt.date
    precision: Precision
    text: str


def anchor_date(briefing: Briefing) -> dt.date | None:
    """What "last year" and "on June 25" are counted from."""
    return briefing.date or newest_reference_date(briefing.references)


def anchor_precision(briefing: Briefing) -> Precision:
    """How precise `anchor_date` is: the briefing's own precision, a reference's date is a day."""
    return briefing.date_precision if briefing.date else Precision.DAY


def dates_in(text: str, anchor: dt.date | None, precision: Precision = Precision.DAY) -> list[FoundDate]:
    """Every date `text` states, in order; dates that need an anchor are dropped without one.
    `precision` is the anchor's: relative dates are coarsened to it."""
    return list(_dates_in(text, anchor, precision))


@lru_cache(maxsize=DATES_KEPT)
def _dates_in(text: str, anchor: dt.date | None, precision: Precision) -> tuple[FoundDate, ...]:
    """Cached: a split article's sentences are read for dates by the split (forecast and background)
    and again by the timeline, `briefings.ingest.STRUCTURED_AHEAD` briefings later."""
    found = []
    for match in _DATE.finditer(text):
        if match.group("year7") and _COUNTED_AFTER.match(text, match.end()):
            continue  # "2000 troops" is a number, not a year
        resolved = _resolve(match, anchor, precision)
        if resolved is not None:
            found.append(FoundDate(resolved[0], resolved[1], match.group().strip()))
    return tuple(found)


def resolve_date_text(text: str, anchor: dt.date | None,
                      precision: Precision = Precision.DAY) -> tuple[dt.date, Precision] | None:
    """The date words such as a timeline card's "last month" or "2025-07-14" stand for, when they are
    nothing but a date; None when they are not, or need an anchor there is not."""
    match = _DATE.fullmatch(text.strip())
    return None if match is None else _resolve(match, anchor, precision)


def _resolve(match: re.Match[str], anchor: dt.date | None,
             anchor_precision: Precision) -> tuple[dt.date, Precision] | None:
    parts = {name: value for name, value in match.groupdict().items() if value}
    try:
        if "iso" in parts:
            return dt.date.fromisoformat(parts["iso"]), Precision.DAY
        year = next((parts[f"year{n}"] for n in (1, 2, 3, 7, 8) if f"year{n}" in parts), None)
        shift = next((parts[name] for name in _SHIFT_GROUPS if name in parts), None)
        if shift and anchor is not None:  # "April of last year": the year is said, relative to the anchor's
            year = str(anchor.year + _SHIFTS[shift])
        month_group = next((name for name in _MONTH_GROUPS if name in parts), None)
        month_name = parts[month_group] if month_group else ""
        day = next((parts[f"day{n}"] for n in (1, 2, 4, 5, 8) if f"day{n}" in parts), None)
        month = _MONTH_NUMBER[month_name.lower()[:3]] if month_name else None
        if "relative" in parts or "weekday" in parts:
            if anchor is None:
                return None
            found = _relative(parts.get("relative", parts.get("weekday", "")).lower(), anchor)
            return _coarsened(found, anchor, anchor_precision)
        if year:
            if month is None:
                return dt.date(int(year), 1, 1), Precision.YEAR
            precision = Precision.DAY if day else Precision.MONTH
            return dt.date(int(year), month, int(day) if day else 1), precision
        if anchor is None or month is None or month_group is None:
            return None
        ahead = _points_ahead(match, match.start(month_group))
        return _without_year(month, int(day) if day else None, anchor, ahead)
    except ValueError:  # "February 30"
        return None


def _without_year(month: int, day: int | None, anchor: dt.date, ahead: bool) -> tuple[dt.date, Precision]:
    """The latest such date not far after the anchor: news reports the recent past. But a date the words
    before it point ahead ("payable April 15", "will take effect on April 6") or after it ("the April 23
    annual meeting") is the next such date within AHEAD_MONTHS: in a story of early March, that April is
    the coming one."""
    year = anchor.year if (month, day or 1) <= (anchor.month + 1, anchor.day) else anchor.year - 1
    if ahead and dt.date(year, month, day or 1) < anchor and 1 <= (month - anchor.month) % 12 <= AHEAD_MONTHS:
        year += 1  # not in the anchor's own month: "effective March 6" in a story of March 9 has passed
    return dt.date(year, month, day or 1), Precision.DAY if day else Precision.MONTH


AHEAD_MONTHS = 6
"""How far ahead a date without a year may point (dividends, meetings and deadlines are set months ahead)."""
_AHEAD = re.compile(
    r"\b(?:payable|(?:pay|record)(?!\s+in\b)|effective|next|will(?:\s+\w+){1,3}?"
    r"|(?:plans?|intends?|aims?|hopes?|expects?)\s+to(?:\s+\w+){1,4}?|(?:is|are|be)\s+(?:expected|"
    r"scheduled|set|due|planned)(?:\s+\w+){0,2}?|expected\s+(?:in|on|by)|scheduled\s+(?:for|on|in)|set\s+for)"
    r"\s+(?:(?:on|in|at|by|from|until|for|the|early|late|mid|end\s+of|week\s+of)\s+)*$",
    re.IGNORECASE)
"""Words that make the date after them one ahead: a payment, a record date, what will be, is set to be or
is planned ("plans to close the plant at the end of June"; "due", "by" and "until" are left out: "missed the
payment due on September 29"; so are "a record in April" and "pay in April", which tell what was)."""
_MEETING_AFTER = re.compile(r"\s+(?:annual|special|shareholders'?|stockholders'?)?\s*meeting\b",
                            re.IGNORECASE)
"""After the date: "the April 23 annual meeting" is one called ahead."""


def _points_ahead(match: re.Match[str], month: int) -> bool:
    """Whether the words around a date found in a text (`match.string`) point ahead (`_AHEAD`), read up to
    its month's name (at `month`): the date's own first word ("in April") is one of them."""
    text = match.string
    return bool(_AHEAD.search(text, max(0, month - 60), month) or _MEETING_AFTER.match(text, match.end()))


def _relative(phrase: str, anchor: dt.date) -> tuple[dt.date, Precision]:
    """"on Tuesday" is the latest Tuesday up to the anchor, "last Tuesday" the one before it."""
    first, _, last = phrase.partition(" ")
    if last in _WEEKDAYS:
        back = (anchor.weekday() - _WEEKDAYS.index(last)) % 7 or (7 if first == "last" else 0)
        return anchor - dt.timedelta(days=back), Precision.DAY
    if phrase in ("today", "yesterday"):
        return anchor - dt.timedelta(days=phrase == "yesterday"), Precision.DAY
    shift = _SHIFTS.get(phrase.split()[0], 0)
    if phrase.endswith("year"):
        return dt.date(anchor.year + shift, 1, 1), Precision.YEAR
    months = anchor.year * 12 + anchor.month - 1 + shift
    return dt.date(months // 12, months % 12 + 1, 1), Precision.MONTH


def _coarsened(found: tuple[dt.date, Precision], anchor: dt.date,
               anchor_precision: Precision) -> tuple[dt.date, Precision] | None:
    """A relative date as precise as its anchor allows: "today" or "on Tuesday" against an anchor that
    is only a month ("As of July 2025") is that month; "last month" against a year is not known."""
    if found[1] not in _FINER[anchor_precision]:
        return found
    return (anchor, anchor_precision) if found[1] is Precision.DAY else None


def period_end(date: dt.date, precision: Precision) -> dt.date:
    """The last day a date of this precision may mean."""
    if precision is Precision.YEAR:
        return dt.date(date.year, 12, 31)
    if precision is Precision.MONTH:
        following = dt.date(date.year + date.month // 12, date.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return date


class EventFinder:
    """Finds dated sentences and who they are about, with a gazetteer of the briefing's entities."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._heads = _heads_of_state(gazetteer)
        self._capitals = _capitals(gazetteer)

    def events(self, items: Iterable[Passage], anchor: dt.date | None,
               precision: Precision = Precision.DAY) -> Iterator[DatedEvent]:
        for passage in items:
            if passage.reference is not None:
                continue  # a reference title is a headline, not an event the briefing relates
            for sentence in sentences(passage.text):
                found = dates_in(sentence, anchor, precision)
                if found:
                    entities = self.entities_in(sentence)
                    for day in found:
                        yield DatedEvent(day.date, day.precision, day.text, sentence, passage.card, entities)

    def entities_in(self, sentence: str) -> tuple[str, ...]:
        named = self.gazetteer.mentions(sentence)
        names = [entity.name for entity in named]
        if self._heads and _STATE_ACT.search(sentence):
            for entity in named:
                country = self._capitals.get(entity.name, entity.name)
                names.extend(self._heads.get(country, ()))
        return tuple(dict.fromkeys(names))


def _heads_of_state(gazetteer: Gazetteer) -> dict[str, list[str]]:
    heads: dict[str, list[str]] = {}
    for entity in gazetteer.entities:
        if entity.kind is EntityKind.PERSON:
            country = _named_after(_HEAD_OF, entity, gazetteer)
            if country:
                heads.setdefault(country, []).append(entity.name)
    return heads


def _capitals(gazetteer: Gazetteer) -> dict[str, str]:
    capitals = {}
    for entity in gazetteer.entities:
        if entity.kind is EntityKind.PLACE:
            country = _named_after(_CAPITAL_OF, entity, gazetteer)
            if country:
                capitals[entity.name] = country
    return capitals


def _named_after(pattern: re.Pattern[str], entity: Entity, gazetteer: Gazetteer) -> str:
    """The country named right after `pattern` in the entity's description, or ""."""
    match = pattern.search(entity.description[:400])
    if match is None:
        return ""
    following = entity.description[match.end() : match.end() + 60]
    named = gazetteer.mentions(following)
    return named[0].name if named and named[0].kind is EntityKind.COUNTRY else ""
