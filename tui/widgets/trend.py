"""A story's trend at a glance: briefings per week as a line of block characters, so a story heating up is
visible without reading.

Rich text rather than Textual's `Sparkline` widget: each entity is an option of the panel's `OptionList`,
whose prompts are text, and a widget cannot sit inside one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from rich.text import Text

from briefings.library import Library

WEEKS = 12
"""About a quarter: long enough to see a story build, short enough to fit the narrowest panel."""
BARS = "▁▂▃▄▅▆▇█"
EMPTY_WEEK = "·"
"""A week with no briefing: distinct from the lowest bar, which means at least one."""


def last_day(library: Library) -> dt.date:
    """The day the weeks end with: the library's newest briefing, not today, as an offline library may be
    months old; every trend shown then counts the same weeks."""
    newest = library.newest_entries(1)
    return newest[0].date if newest and newest[0].date else dt.date.today()


def week_start(day: dt.date) -> dt.date:
    """The Monday of the day's week."""
    return day - dt.timedelta(days=day.weekday())


def weekly_counts(dates: Iterable[dt.date | None], last_day: dt.date, weeks: int = WEEKS) -> tuple[int, ...]:
    """Dated briefings per week, oldest week first, the last ending with the week of `last_day`; undated
    briefings and those outside the weeks are not counted."""
    first = week_start(last_day) - dt.timedelta(weeks=weeks - 1)
    counts = [0] * weeks
    for day in dates:
        if day is not None and first <= day <= last_day:
            counts[(week_start(day) - first).days // 7] += 1
    return tuple(counts)


def sparkline(counts: tuple[int, ...]) -> Text:
    """One character per week, scaled to the busiest week, then how many briefings in all."""
    most = max(counts, default=0)
    bars = "".join(EMPTY_WEEK if count == 0 else BARS[(count * len(BARS) - 1) // most] for count in counts)
    text = Text(bars, "bold")
    text.append(f" {sum(counts)} in {len(counts)} wk", "dim")
    return text
