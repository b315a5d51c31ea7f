"""Where a date or a cue stands in a sentence: in an aside, in a noun's clause, after words that compare.

Wire copy hangs details on its statements: a date in "up from 4 pct a year ago" or "the venture, set up in
1982," times no event, and a "could" in "components that could fracture" predicts nothing. The forecast
and the background rules read the same grammar, so it is read here, and the dates once for both.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from briefings.analysis.timeline import FoundDate, dates_in
from briefings.model import Precision

_NOUN_THAT = (r"\b(?!(?:said|says|say|told|tell|believes?|believed|thinks?|thought|expects?|expected|hopes?"
              r"|hoped|fears?|feared|warned|noted|added|argued|agreed|predicted|estimated|stated|indicated"
              r"|suggested|announced|reported|knows?|knew|feels?|felt|and|but|so|because|now|is|was|are"
              r"|were)\b)[a-z]+ that ")
"""A "that" after a noun opens a relative clause; after a saying verb it opens what is said."""
_RELATIVE_THAT = re.compile(_NOUN_THAT + "$")
_MAY_BE_DATED = re.compile(r"(?=[12ADFJMNOSdmy])(?:(?:19|20)\d\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov"
                           r"|Dec|day\b|month\b|year\b)")
"""What any date the date search finds contains (a year, a month, "yesterday", "Monday", "last month"; a
day of the month never stands without its month): sentences without it skip the costly search. The
lookahead on the first letters skips the other positions first (1.7 times as fast)."""
_CAPITALISED_RELATIVE = re.compile(r"(?:Last|This|Next|Earlier this|Later this) (?:month|year)\b|Yesterday\b"
                                   r"|Today\b")
"""A relative date opening the sentence, which the date search reads only in lower case."""
_SPLIT_YEAR = re.compile(r"/\d\d\b")
"""After a year, a fiscal year spanning two ("1985/86"): it ends in the later one."""
_COMPARED = re.compile(
    r"(?=[abcefhimopqstvwy])(?:"  # the words' first letters: other positions are skipped (twice as fast)
    r"\b(?:from|against|versus|vs|compar\w* (?:with|to)|than|since|before|prior to|behind|below|above|base"
    r"|exceed\w*|surpass\w*|ahead of|in preparation for|pending)\b[^;]{0,80}$"
    r"|\b(?:over|after)\b[^;,]{0,50}$|\b(?:ended|ending)\s+(?:last\s+)?$"
    r"|\b(?:year|half|half-year|quarter|months?|weeks?|period|pct)\b(?:\s+\w+)?\s+to\s+$"
    r"|\b(?:as(?: in| of)?|at|effective)\s+$)",
    re.IGNORECASE)
"""Words before a date that make it a comparison or a period's label, not the time of an event: "up from 4
pct a year ago", "the biggest since 1982", "the quarter ended March 31", "16 pct to December 1985",
"assets as of December 31"; or a point of reference ("selling ahead of the March 31 year end")."""
_COMPARING_PREFIX = frozenset({"from", "since", "after", "before"})
"""A date's own first word that does the same ("from March"): the date search keeps it."""
_SAID_WHEN = re.compile(r"\b(?:said|told \w+|announced|reported|stated|added)(?: on)?\s*$")
_ASIDE_OPENING = (r"\b(?:which|who|whom|whose|where|what)\b"
                  r"|,\s+(?:(?:\w+ly|first|later|also|once)\s+)?(?:\w+(?:ed|en)|set|held|made|built|begun)\b")
_ASIDE = re.compile(rf"(?:{_ASIDE_OPENING})[^,;]*$")
_ASIDE_OR_THAT = re.compile(rf"(?:{_ASIDE_OPENING}|{_NOUN_THAT})[^,;]*$")
"""A relative clause or a participle set off by commas ("Taqi, appointed minister in 1982, was moved",
"the venture, set up in 1982, is owned by"): it describes a noun, not the time of what the sentence
states. A noun's "that" clause ("the program that began in 1980") too, but for the past only: "orders
that will contribute in 1988" is a forecast."""


@lru_cache(maxsize=64)
def stated_dates(sentence: str, story_date: dt.date | None) -> tuple[tuple[FoundDate, int], ...]:
    """The dates a sentence states and where each starts, read once for the forecast and background tests."""
    if story_date is None or not _MAY_BE_DATED.search(sentence):
        return ()
    if _CAPITALISED_RELATIVE.match(sentence):
        sentence = sentence[0].lower() + sentence[1:]
    found: list[tuple[FoundDate, int]] = []
    cursor = 0
    for date in dates_in(sentence, story_date):
        start = sentence.find(date.text, cursor)
        cursor = start + len(date.text) if start >= 0 else cursor
        if date.precision is Precision.YEAR and _SPLIT_YEAR.match(sentence, cursor):
            date = FoundDate(date.date.replace(year=date.date.year + 1), date.precision, date.text)
        found.append((date, max(start, 0)))
    return tuple(found)


def compared(sentence: str, date: FoundDate, start: int) -> bool:
    """A date that only dates a comparison or labels a period, or the day something was said ("said on
    Friday" dates the saying, not the events it tells)."""
    return (date.text.split(maxsplit=1)[0].lower() in _COMPARING_PREFIX
            or bool(_COMPARED.search(sentence, 0, start))
            or (date.precision is Precision.DAY and bool(_SAID_WHEN.search(sentence, 0, start))))


def after_comparison(sentence: str, position: int) -> bool:
    """Whether words before `position` make what stands there a comparison or a period's label."""
    return bool(_COMPARED.search(sentence, 0, position))


def in_aside(sentence: str, position: int) -> bool:
    """Whether `position` falls in a relative clause or a participle aside (see `_ASIDE_OR_THAT`)."""
    return bool(_ASIDE.search(sentence, 0, position))


def in_aside_or_noun_clause(sentence: str, position: int) -> bool:
    """The same, or in a noun's "that" clause."""
    return bool(_ASIDE_OR_THAT.search(sentence, 0, position))


def after_noun_that(sentence: str, position: int) -> bool:
    """Whether `position` comes right after a noun's "that", which opens a relative clause."""
    return bool(_RELATIVE_THAT.search(sentence, 0, position))
