"""Whether a sentence is a forecast.

A forecast is forward-looking ("will", "expected to", "plans to", "predicted", "likely", "could", a date
after the story's), except the terms of a deal or a bond written with "will" ("will be listed", "payable
on"), which state terms, not expectations; a "would" counts only in reported speech ("said the cost would
be", "..., they added"). A cue counts only as the sentence's own statement: not in a relative clause or an
aside ("issues, likely to benefit from a rate cut, were bought"), not a plan named as a thing ("part of
an ongoing plan to"), not a purpose ("the aim of the plant is to").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from briefings.model import Precision
from briefings.splitting.clauses import after_noun_that, compared, in_aside, stated_dates

# The cues.
_CERTAIN = r"will|won't|shall|'ll|(?:is|are) to (?:be )?\w+"
_FORWARD = re.compile(
    # Every cue starts with one of these letters: the lookahead skips every other position before the
    # lookbehinds and alternatives are tried (twice as fast, the same matches).
    r"(?=[wsiaephfolucmnb'])(?:"
    rf"\b(?:{_CERTAIN})\b"
    r"|\b(?<!than )(?<!than-)(?<!than- )(?<!\bas )(?<!been )(?<!had )expect(?:s|ed|ing|ations?)?\b"
    r"(?! (?:earlier|previously))"
    r"|\b(?<!had )(?:plans?|planned|planning|intends?|intended|aims?|hopes?) to\b|\bplans? an?\b"
    r"|\bpropos(?:es?|ed|ing) to (?!the |an? )"
    r"|\b(?<!had )(?<!the )(?<!its )(?<!their )(?<!weather )(?<!'s )(?<!s' )(?:forecasts?|forecasting"
    r"|predict(?:s|ed|ing|ions?)?|projected|anticipat(?:es?|ing)|anticipated (?:that|to|an?|the)"
    r"|outlook)\b"
    r"|\b(?:likely|unlikely|probably|could|may|might)\b(?! not be reached)"
    r"(?!(?: \w+ly| instead| also| not)? have\b)"
    r"|\b(?:is|are|was|were|'s|'re|'m)(?: not)? (?:due|set|scheduled|slated|poised|about|going) to\b"
    r"|\b(?:is|are|was|were|'s|'re|'m) bound to\b|\blooming\b|\blies? ahead\b"
    r"|\b(?:next|coming) (?:year|month|week|quarter|season|fiscal year)\b"
    r"|\b(?:in|within|over) the (?:coming|next)\b|\bby the end of\b|\bin the future\b|\bupcoming\b)"
)
""""could have", "may have" and "might have" guess at the past."""
_FORWARD_HINTS = (
    *str.split("will won't shall 'll expect plan intend aim hope propos forecast predict project anticipat "
               "outlook likely probabl could may might ahead next coming future looming bound"),
    "is to", "are to", "due to", "set to", "scheduled to", "slated to", "poised to", "about to", "going to",
    "by the end",
)
"""Literal words every forward cue contains: a quick test before the costly one (a substring test each,
faster than one pattern of them all)."""
_REPORTED_FUTURE = re.compile(
    r"\b(?:said|says|saying|told|added|announced|stated|confirmed|indicated|believes?|believed|expects?"
    r"|expected|predicted|thinks?|thought|warned)\b"
    r"[^.;]*?\bwould\b(?! not (?:comment|say|elaborate|disclose))")
""""said the cost would be": a future told in the past; a bare "would" is a condition or a bill's terms."""
_END_TAG = re.compile(r", (?:[\w.-]+ ){0,4}(?:said|added|says)\.?[\"']?$")
_MAIN_WOULD = re.compile(r"^(?:(?!\b(?:that|which|who|what|because|unless)\b)[^;])*?\bwould\b"
                         r"(?! (?:have|prefer|like|rather)\b)")
_CONDITION = re.compile(r"\bif\b")

# Cues that are not the sentence's forecast.
_RELATIVE = re.compile(r"(?:, which|, who|\bwhich)\b[^,;]{0,40}$")
"""A future in a relative clause ("loans, which will reduce earnings") is not what the sentence states."""
_ASIDE_END = re.compile(r"[^,;]*, (?:is|are|was|were|will|would|has|have|had|can|could|may|might|must"
                        r"|should|\w+ed)\b")
"""The rest of an aside a cue opens, up to the main verb: "Bank issues, likely to benefit from a rate cut,
were bought" tells what was bought, not what is likely."""
_POSSIBLE = frozenset({"could", "may", "might"})
""""components that could fracture": "could", "may" or "might" right after a noun's "that" tells what a
thing is like, not what will happen; after "said that" the "that" is what is said ("He said that could take
years"). "orders that will contribute to earnings" is a forecast all the same."""
_NAMED_PLAN = re.compile(r"(?:\b(?:an?|the|its|our|their|his|her|this|that)\s+(?:[\w-]+\s+)?|'s\s+)$",
                         re.IGNORECASE)
_OWNED_PLANS = re.compile(r"(?:\b(?:the|its|our|their|his|her|these|those)\s+|'s\s+)$", re.IGNORECASE)
"""What makes "plan to" a noun ("a broader plan to", "the EC plan to") and "plans to" one ("its plans to");
"the company plans to" is a verb."""
_CERTAIN_ONLY = re.compile(rf"(?:{_CERTAIN})|would")
_DEAL_TERMS = re.compile(
    r"(?=[abcdefgilmprstuw])"  # the terms' first letters: other positions are skipped (twice as fast)
    r"\b(?:(?:re)?payable|payment date|due (?:in )?(?:19|20)\d\d|record date|listed|listing|denominations?"
    r"|fees?|concession|coupon|matur\w+|priced|callable|redeem\w*|redemption|issue price|underwrit\w+"
    r"|shareholders of record|proceeds|pa(?:y|id)|receive|carry|exchanged?|convert\w*|guaranteed|per share"
    r"|a share|for each|dividends?|interest in|combined company"
    r"|under the (?:deal|agreement|accord|terms|contract|plan|offer|merger)"
    r"|(?:annual|effective) yield|indexed|discounted|grace|warrants?|debentures?|book entry|term of"
    r"|payments? will be made)\b",
    re.IGNORECASE)
_NO_FORECAST = re.compile(r"\btoo (?:early|soon) to\b|\bdeclined to (?:comment|say|predict)\b"
                          r"|\bcould not be reached\b|\b(?:unclear|uncertain|not clear|not known)\b[^;]*"
                          r"|\b(?:purpose|aim|objective|goal|object|intention|idea|mission|task)s?\b"
                          r"[^,;.]{0,60}?\b(?:is|are|was|were) to\b")
"""Cue words that predict nothing: declining to say, saying nobody knows ("unclear when they would come
into force"), or telling what a thing is for ("the purpose of the plant is to demonstrate")."""
_NO_FORECAST_HINTS = (
    "too ", "declined", "reached", "unclear", "uncertain", "not clear", "not known", "s to ", "re to ",
)
"""Literal words each of those contains: a quick test before the costly one."""
_FUTURE_YEAR_PLACED = re.compile(r"\b(?:in|during|until|by|before|throughout|early|late)\s+$", re.IGNORECASE)
"""What a bare later year follows when it times an event ("by 1990"); "the 8-1/2 pct bond of 2011" names a
thing."""


def is_forecast(sentence: str, story_date: dt.date | None = None) -> bool:
    """Forward-looking (a cue word, or a date after the story's own: "the meeting on March 17"), and not
    only by the "will" or the date of a deal's terms ("notes due 1990 will be listed")."""
    cleaned = _NO_FORECAST.sub("", sentence) if _contains_any(sentence, _NO_FORECAST_HINTS) else sentence
    relative = "which" in cleaned or "who" in cleaned
    cues = [match.group() for match in _FORWARD.finditer(cleaned) if _states(cleaned, match, relative)] \
        if _contains_any(cleaned, _FORWARD_HINTS) else []
    if "would" in cleaned and (_REPORTED_FUTURE.search(cleaned) or _tagged_future(cleaned)):
        cues.append("would")
    if not cues and _future_date(cleaned, story_date):
        cues = ["will"]
    if not cues:
        return False
    only_certain = all(_CERTAIN_ONLY.fullmatch(cue) for cue in cues)
    return not (only_certain and _DEAL_TERMS.search(cleaned))


def _contains_any(sentence: str, words: Sequence[str]) -> bool:
    return any(word in sentence for word in words)


def _states(sentence: str, cue: re.Match[str], relative: bool) -> bool:
    """Whether a cue is the sentence's own statement (see the module's docstring)."""
    start = cue.start()
    if relative and _RELATIVE.search(sentence, 0, start):
        return False
    if sentence.endswith(", ", 0, start) and _ASIDE_END.match(sentence, cue.end()):
        return False
    if cue.group() in _POSSIBLE and after_noun_that(sentence, start):
        return False
    if cue.group().startswith("plan "):
        return not _NAMED_PLAN.search(sentence, 0, start)
    return not (cue.group().startswith("plans ") and _OWNED_PLANS.search(sentence, 0, start))


def _tagged_future(sentence: str) -> bool:
    """A "would" told with its tag after ("The agreement would be submitted for approval, they added"), in
    the main clause: not in a clause of its own nor under a condition."""
    tag = _END_TAG.search(sentence)
    if tag is None:
        return False
    told = sentence[: tag.start()]
    return _MAIN_WOULD.search(told) is not None and _CONDITION.search(told) is None


def _future_date(sentence: str, story_date: dt.date | None) -> bool:
    """A date after the story's that times an event: not compared with, not in an aside about a noun, and
    a bare year only after a preposition that makes it a time ("by 1990")."""
    return story_date is not None and any(
        found.date > story_date and not compared(sentence, found, start)
        and (found.precision is not Precision.YEAR or bool(_FUTURE_YEAR_PLACED.search(sentence, 0, start)))
        and not in_aside(sentence, start)
        for found, start in stated_dates(sentence, story_date))
