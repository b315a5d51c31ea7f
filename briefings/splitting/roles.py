"""A sentence's role in its story: the lead, a forecast, background, or anything else.

The lead is the first sentence (after a dateline standing alone), and the second too when it carries
headline words the first does not: wire copy puts the news at the top. A forecast is forward-looking
("will", "expected to", "plans to", "predicted", "likely", "could"), except the terms of a deal or a bond
written with "will" ("will be listed", "payable on"), which state terms, not expectations; a "would"
counts only in reported speech ("said the cost would be"). Background is a sentence about events before
the period the story reports on ("in 1985", "last December", "yesterday", "two years ago"): February's
figures in a March story, or 1986 results announced in 1987, are its news, and a date that is only
compared with ("up from 4 pct a year ago") or dates the saying ("said on Friday") does not count.
When two fit, lead wins, then forecast, then background. Rules, not a model: the figures they reach on
hand-labelled stories are in `benchmarks/split_bench.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from briefings.analysis.timeline import FoundDate, dates_in
from briefings.model import Precision
from briefings.tables import is_fenced


class Role(StrEnum):
    LEAD = "lead"
    FORECAST = "forecast"
    BACKGROUND = "background"
    OTHER = "other"


@dataclass(frozen=True)
class PastDate:
    """The earliest past date a sentence states; `date` None for "previously" and "ago" with no figure."""

    text: str
    date: dt.date | None
    precision: Precision = Precision.DAY


_CERTAIN = r"will|won't|shall|'ll|(?:is|are) to (?:be )?\w+"
_FORWARD = re.compile(
    rf"\b(?:{_CERTAIN})\b"
    r"|\b(?<!than )(?<!as )(?<!been )(?<!had )expect(?:s|ed|ing|ations?)?\b(?! (?:earlier|previously))"
    r"|\b(?<!had )(?:plans?|planned|planning|intends?|intended|aims?|hopes?) to\b"
    r"|\b(?<!had )(?<!the )(?<!its )(?<!their )(?<!weather )(?<!'s )(?:forecasts?|forecasting"
    r"|predict(?:s|ed|ing|ions?)?|projected|anticipat(?:es?|ing)|anticipated (?:that|to|an?|the)"
    r"|outlook)\b"
    r"|\b(?:likely|unlikely|probably|could|may|might)\b(?! not be reached)(?! have\b)"
    r"|\b(?:is|are|was|were) (?:due|set|scheduled|slated|poised|about|going) to\b"
    r"|\b(?:next|coming) (?:year|month|week|quarter|season|fiscal year)\b|\bin the (?:coming|next)\b"
    r"|\bby the end of\b|\bin the future\b|\bupcoming\b"
)
_FORWARD_HINT = re.compile(r"will|won't|shall|'ll|expect|plan|intend|aim|hope|forecast|predict|project"
                           r"|anticipat|outlook|likely|probabl|could|may|might| to |next|coming"
                           r"|by the end|future|upcoming|would")
"""Literal words every forward cue contains: a quick test before the costly one."""
_REPORTED_FUTURE = re.compile(
    r"\b(?:said|says|told|added|believes?|believed|expects?|expected|predicted|thinks?|thought|warned)\b"
    r"[^.;]*?\bwould\b(?! not (?:comment|say|elaborate|disclose))")
""""said the cost would be": a future told in the past; a bare "would" is a condition or a bill's terms."""
_RELATIVE = re.compile(r"(?:, which|, who|\bwhich)\b[^,;]{0,40}$")
"""A future in a relative clause ("loans, which will reduce earnings") is not what the sentence states."""
_CERTAIN_ONLY = re.compile(rf"(?:{_CERTAIN})|would")
_DEAL_TERMS = re.compile(
    r"\b(?:payable|payment date|record date|listed|listing|denominations?|fees?|concession|coupon|matur\w+"
    r"|priced|callable|redeem\w*|redemption|issue price|underwrit\w+|shareholders of record|proceeds"
    r"|pa(?:y|id)|receive|carry|exchanged?|convert\w*|guaranteed|per share|a share|for each|dividends?"
    r"|interest in|combined company|under the (?:deal|agreement|accord|terms|contract|plan|offer|merger))\b",
    re.IGNORECASE)
_NO_FORECAST = re.compile(r"\btoo (?:early|soon) to\b|\bdeclined to (?:comment|say|predict)\b"
                          r"|\bcould not be reached\b")
_PAST_WORDS = re.compile(
    r"\b(?:(?:\w+|a|one|two|three|four|five|six|several|few) (?:days?|weeks?|months?|years?|decades?) ago"
    r"|previously|formerly|earlier this (?:week|month|year)|last (?:week|quarter|season|fall|autumn|spring"
    r"|summer|winter|January|February|March|April|May|June|July|August|September|October|November"
    r"|December))\b", re.IGNORECASE)
_COMPARED = re.compile(r"\b(?:from|against|versus|vs|compared (?:with|to)|than|over|after)\b[^;,]{0,50}$",
                       re.IGNORECASE)
"""Words before a date that make it a comparison: "rose to 5 pct from 4 pct a year ago" is about now."""
_SAID_WHEN = re.compile(r"\b(?:said|told \w+|announced|reported|stated|added)(?: on| in)?\s*$")
_MAY_BE_DATED = re.compile(r"\d|[JFMASOND][a-z]{2}|yesterday|today|last|this|next|previously|formerly|ago\b")
"""What any date or past phrase contains: sentences without it skip the costly date search."""
_HEADLINE_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")
_STOP = frozenset(str.split(
    "with from that this than said says will would into over under after before about their there have "
    "been were what when which pct year dlrs mln billion"
))


def roles(sentences: Sequence[str], title: str,
          story_date: dt.date | None) -> list[tuple[Role, PastDate | None]]:
    """The role of every sentence of a story, in order, with the past date of background sentences."""
    leads = set(lead_indexes(sentences, title))
    return [(Role.LEAD, None) if index in leads else role_of(sentence, story_date)
            for index, sentence in enumerate(sentences)]


def role_of(sentence: str, story_date: dt.date | None) -> tuple[Role, PastDate | None]:
    """Forecast, background (with its date) or other for a sentence that is not the lead."""
    if is_fenced(sentence):
        return Role.OTHER, None
    if is_forecast(sentence, story_date):
        return Role.FORECAST, None
    past = past_date(sentence, story_date)
    return (Role.OTHER, None) if past is None else (Role.BACKGROUND, past)


def lead_indexes(sentences: Sequence[str], title: str) -> list[int]:
    """The first prose sentence, and the next when it brings headline words the first lacks."""
    prose = [index for index, sentence in enumerate(sentences)
             if not is_fenced(sentence) and not sentence.endswith(" -")]
    if not prose:
        return []
    first = prose[0]
    if len(prose) > 1 and prose[1] == first + 1:
        wanted = _headline_words(title) - _headline_words(sentences[first])
        if len(wanted & _headline_words(sentences[first + 1])) >= 2:
            return [first, first + 1]
    return [first]


def _headline_words(text: str) -> set[str]:
    words = (word.lower().removesuffix("'s").rstrip("s") for word in _HEADLINE_WORD.findall(text))
    return {word for word in words if word not in _STOP}


def is_forecast(sentence: str, story_date: dt.date | None = None) -> bool:
    """Forward-looking (a cue word, or a date after the story's own: "the meeting on March 17"), and not
    only by the "will" or the date of a deal's terms ("notes due 1990 will be listed")."""
    cleaned = _NO_FORECAST.sub("", sentence)
    relative = "which" in cleaned or "who" in cleaned
    cues = [match.group() for match in _FORWARD.finditer(cleaned)
            if not (relative and _RELATIVE.search(cleaned, 0, match.start()))] \
        if _FORWARD_HINT.search(cleaned) else []
    cues += ["would"] if _REPORTED_FUTURE.search(cleaned) else []
    if not cues and _future_date(cleaned, story_date):
        cues = ["will"]
    if not cues:
        return False
    only_certain = all(_CERTAIN_ONLY.fullmatch(cue) for cue in cues)
    return not (only_certain and _DEAL_TERMS.search(cleaned))


def _future_date(sentence: str, story_date: dt.date | None) -> bool:
    return story_date is not None and any(found.date > story_date and not _compared(sentence, found.text)
                                          for found in _dates(sentence, story_date))


@lru_cache(maxsize=64)
def _dates(sentence: str, story_date: dt.date | None) -> tuple[FoundDate, ...]:
    """The dates a sentence states, read once for both the forecast and the background test."""
    if story_date is None or not _MAY_BE_DATED.search(sentence):
        return ()
    return tuple(dates_in(sentence, story_date))


def past_date(sentence: str, story_date: dt.date | None) -> PastDate | None:
    """The earliest earlier date a sentence relates, or a past phrase ("two years ago") with none.

    A date only compared with ("from 4 pct a year ago") does not count, and a sentence naming the period
    a report covers (last month, last year) or a date from now on is about now, not background."""
    if story_date is None:
        return None
    found = [date for date in _dates(sentence, story_date) if not _compared(sentence, date.text)]
    if any(not _before_recent(date.date, date.precision, story_date) for date in found):
        return None
    if found:
        earliest = min(found, key=lambda date: date.date)
        return PastDate(earliest.text, earliest.date, earliest.precision)
    phrase = next((match for match in _PAST_WORDS.finditer(sentence)
                   if not _compared(sentence, match.group())), None)
    return PastDate(phrase.group(), _relative(phrase.group().lower(), story_date)) if phrase else None


def _compared(sentence: str, date_text: str) -> bool:
    """A date that only dates a comparison, or when something was said ("said on Friday" dates the
    saying, not the events it tells)."""
    start = sentence.find(date_text)
    return start >= 0 and bool(_COMPARED.search(sentence, 0, start) or _SAID_WHEN.search(sentence, 0, start))


def _before_recent(date: dt.date, precision: Precision, story_date: dt.date) -> bool:
    """Before the period the story reports on: a day before the story's, a month before last (February's
    figures in a March story are its news), a year before last."""
    if precision is Precision.YEAR:
        return date.year < story_date.year - 1
    if precision is Precision.MONTH:
        previous_month = (story_date.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        return date < previous_month
    return date < story_date


def _relative(phrase: str, story_date: dt.date) -> dt.date | None:
    """"last week" and "a year ago" as a date to order by; None where the phrase gives no span."""
    days = {"week": 7, "month": 30, "quarter": 91, "season": 182, "year": 365}
    for unit, length in days.items():
        if unit in phrase and ("last" in phrase or "a " + unit in phrase or "earlier" in phrase):
            return story_date - dt.timedelta(days=length)
    return None
