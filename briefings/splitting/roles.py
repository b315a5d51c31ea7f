"""A sentence's role in its story: the lead, a forecast, background, or anything else.

The forecast and background rules are each in a module of their own (`forecast`, `background`); the
lead's are here.

The lead is the first sentence (after a dateline standing alone), and the second too when it carries
headline words the first does not: wire copy puts the news at the top.

When two fit, lead wins, then forecast, then background. Rules, not a model: the figures they reach on
hand-labelled stories are in `benchmarks/split_bench.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from enum import StrEnum

from briefings.splitting.background import PastDate, past_date
from briefings.splitting.forecast import is_forecast
from briefings.tables import is_fenced


class Role(StrEnum):
    LEAD = "lead"
    FORECAST = "forecast"
    BACKGROUND = "background"
    OTHER = "other"


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
    if is_fenced(sentence) or _is_note(sentence):
        return Role.OTHER, None
    if is_forecast(sentence, story_date):
        return Role.FORECAST, None
    past = past_date(sentence, story_date)
    return (Role.OTHER, None) if past is None else (Role.BACKGROUND, past)


def _is_note(sentence: str) -> bool:
    """An editor's note in brackets ("(Corrects headline ...)", "(See index ...)"): not the story's prose."""
    return sentence.startswith("(") and sentence.rstrip(". ").endswith(")")


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
