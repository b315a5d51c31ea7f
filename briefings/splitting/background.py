"""Whether a sentence is background, and the past date it is placed at.

Background is a sentence whose statement is placed before the period the story reports on. Wire copy
dates details as often as news ("talks held last Sunday", "the 1985 farm bill", "up from 4 pct a year
ago"), so the rules are strict, precision before recall: an earlier year than the story's ("in 1983",
"in September 2023") marks history wherever it stands, unless it names a thing or sits in a relative
clause or an aside; any other date ("yesterday", "on February 6", "last week", "two years ago",
"was previously") counts only as the time of the main clause, told in the past. A date compared with,
labelling a period ("the quarter ended March 31") or dating the saying ("said on Friday") never counts,
and one naming the reported period or the future ("last month", "in 1986" in a 1987 story, "next
week") makes the sentence about now.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from briefings.analysis.timeline import FoundDate
from briefings.model import Precision
from briefings.splitting.clauses import after_comparison, compared, in_aside_or_noun_clause, stated_dates


@dataclass(frozen=True)
class PastDate:
    """The earliest past date a sentence states; `date` None where its phrase names none ("previously")."""

    text: str
    date: dt.date | None
    precision: Precision = Precision.DAY


# Dates and past phrases.
_PAST_WORDS = re.compile(
    r"\b(?:(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|several|few) (?:days?|weeks?|months?"
    r"|years?|decades?) ago|earlier this (?:week|month|year)|(?<!the )last (?:week|season|fall|autumn|spring"
    r"|summer|winter|January|February|March|April|May|June|July|August|September|October|November"
    r"|December))\b"
    r"|(?:^|(?<=\bwas )|(?<=\bwere )|(?<=\bhad )|(?<=\bhas )|(?<=\bhave ))(?:previously|formerly)\b",
    re.IGNORECASE)
"""Past phrases with no calendar date ("the last March week" is the final one, not a past March).
"previously" counts only where it dates the verb ("was previously", "Previously, ..."), not a noun
("businesses previously held by", "the previously reported figure")."""
_PAST_HINT = re.compile(r"ago\b|arlier this|ast |reviously|ormerly")
"""Literal words every past phrase contains: a quick test before the costly one."""
_EXPLICIT_YEAR = re.compile(r"(?:19|20)\d\d")
_RECENT_WITHOUT_YEAR = dt.timedelta(days=120)
"""How far back a date without a year ("July 7", "in May") is read as past: wire copy dates recent events
so, and the date search puts a month more than a month ahead into the year before ("Payment date is July
7" in a June story is next month, not last July)."""
_YEAR_PLACED = re.compile(r"\b(?:in|during|until|through|throughout|of|early|late)\s+$", re.IGNORECASE)
"""What a bare earlier year follows when it dates an event ("in 1983"); "the 1985 farm bill" names a
thing."""
_PRICE_BASE = re.compile(r"\s+(?:constant\s+)?(?:prices|dollars|dlrs|terms)\b")
"""After a year, the base of a series ("in 1981 prices"), not an event's time."""
_NAMED_BY_DATE = re.compile(r"\b(?:[Tt]he|an?|An?)\s+$")
"""An article before a date that names a thing by it: "the February 22 accord", "a March 11 offering"."""

# Reading the main clause.
_CLAUSE_WORD = re.compile(r"[A-Za-z0-9][\w'-]*|[,;:]")
_IRREGULAR_PAST = frozenset(str.split(
    "was were had did said told made held took gave got met rose fell won lost left began came went paid "
    "bought sold brought set put cut kept ran saw grew became sent spent built hit stood"))
_IRREGULAR_PARTICIPLES = frozenset(str.split(
    "taken given written chosen driven broken spoken shown known grown drawn seen held made sold built set"))
_VERBS = _IRREGULAR_PAST | _IRREGULAR_PARTICIPLES | frozenset(str.split(
    "is are be been being has have will would can could may might must shall should do does says tells makes "
    "holds takes gives gets meets rises falls comes goes pays buys sells sees becomes remains seems appears "
    "shows includes"))
_SAYING_VERBS = frozenset(str.split("said says told added reported stated announced"))
_SUBORDINATORS = frozenset(str.split(
    "which who whom whose that when where while because although though if unless until after before since "
    "whether"))
_DETERMINERS = frozenset(str.split("the a an its their his her our this these those"))
_NOT_INFINITIVE = _DETERMINERS | frozenset(str.split(
    "about around some more less nearly almost over under all each every both any no other such what how"))
"""Words after a "to" that make it a preposition ("rose to around 40,000"), not an infinitive."""
_NOT_VERBS = frozenset(str.split("need feed speed seed indeed hundred red bed shed"))
_WITHIN_VERB_GROUP = frozenset(str.split("not also already just first still never then"))
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10}
_MONTH_NUMBERS = {name: number for number, name in enumerate(str.split(
    "january february march april may june july august september october november december"), start=1)}


def past_date(sentence: str, story_date: dt.date | None) -> PastDate | None:
    """The earliest earlier date the sentence places its statement at, or a past phrase ("two years ago")
    as its main clause's time; None when it also names the reported period or a later date (see the
    module's docstring)."""
    if story_date is None:
        return None
    found = [(date, start) for date, start in stated_dates(sentence, story_date)
             if not compared(sentence, date, start)]
    if any(not _before_recent(date, story_date) for date, _ in found):
        return None
    placed = [date for date, start in found if _places_statement(sentence, date, start, story_date)]
    if placed:
        earliest = min(placed, key=lambda date: date.date)
        return PastDate(earliest.text, earliest.date, earliest.precision)
    for match in _PAST_WORDS.finditer(sentence) if _PAST_HINT.search(sentence) else ():
        if (not after_comparison(sentence, match.start()) and not sentence.startswith("'s", match.end())
                and _in_past_main_clause(sentence, match.start())):
            return _phrase_date(match.group(), story_date)
    return None


def _before_recent(date: FoundDate, story_date: dt.date) -> bool:
    """Before the period the story reports on: a day before the story's, a month before last (February's
    figures in a March story are its news), a year before last; a date without a year only when recent."""
    if date.precision is Precision.YEAR:
        return date.date.year < story_date.year - 1
    if not _EXPLICIT_YEAR.search(date.text) and date.date < story_date - _RECENT_WITHOUT_YEAR:
        return False
    if date.precision is Precision.MONTH:
        previous_month = (story_date.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        return date.date < previous_month
    return date.date < story_date


def _places_statement(sentence: str, date: FoundDate, start: int, story_date: dt.date) -> bool:
    """Whether an earlier date is the time of the sentence's statement (see the module's docstring)."""
    end = start + len(date.text)
    if sentence.startswith("'s", end) or _PRICE_BASE.match(sentence, end):
        return False  # "yesterday's record close", "in 1981 prices": a thing compared with, a base
    explicit_year = _EXPLICIT_YEAR.search(date.text) is not None
    if explicit_year and date.date.year < story_date.year:
        if date.precision is Precision.YEAR and not _YEAR_PLACED.search(sentence, 0, start):
            return False
        return not in_aside_or_noun_clause(sentence, start)
    if date.precision is Precision.MONTH and not explicit_year:
        return False  # "in January" is as often the month a report covers as a past event
    if _NAMED_BY_DATE.search(sentence, 0, start):
        return False
    return _in_past_main_clause(sentence, start)


def _in_past_main_clause(sentence: str, position: int) -> bool:
    """Whether `position` falls in the sentence's main clause, and that clause is told in the past ("The
    dispute goes to the Commission on Monday" is next Monday): before its first verb or right after it,
    with no subordinating word ("which", "when"), participle aside (", launched on Monday,"), infinitive
    ("threatened to strike on Thursday") or second verb before it. A saying verb opening the sentence
    ("Dealers said ...") and a clause joined by ", and" or ";" start the count afresh."""
    verbs = 0
    past = in_verb_group = False
    previous = ""
    words = [(match.group(), match.start()) for match in _CLAUSE_WORD.finditer(sentence)]
    for index, (word, start) in enumerate(words):
        before = start < position
        following = words[index + 1][0] if index + 1 < len(words) else ""
        if not before and verbs and not in_verb_group:
            break  # the main verb is read whole
        if word in ";:" or (word == "," and following in ("and", "but")):
            if not before:
                break
            verbs, past, in_verb_group = 0, False, False
        elif before and _opens_subordinate(word, previous, following, index):
            return False
        elif not before and (word.lower() in _SUBORDINATORS or _infinitive(word, following)):
            break
        elif _is_verb(word, previous):
            if not in_verb_group:
                verbs += 1
                past = False
            in_verb_group = True
            past = past or word in _IRREGULAR_PAST or word in _IRREGULAR_PARTICIPLES or word.endswith("ed")
            if before and verbs == 1 and word in _SAYING_VERBS:
                verbs, past, in_verb_group = 0, False, False
        elif not (word.endswith("ly") or word in _WITHIN_VERB_GROUP):
            in_verb_group = False
        previous = word
    return verbs == 1 and past


def _opens_subordinate(word: str, previous: str, following: str, index: int) -> bool:
    lower = word.lower()
    if lower in _SUBORDINATORS:
        return not (lower == "that" and previous in _SAYING_VERBS)
    if _infinitive(word, following):
        return True
    participle = (word.endswith(("ed", "ing")) and lower != "during") or word in _IRREGULAR_PARTICIPLES
    return participle and (previous == "," or index == 0)


def _infinitive(word: str, following: str) -> bool:
    return word == "to" and following.isalpha() and following.islower() and following not in _NOT_INFINITIVE


def _is_verb(word: str, previous: str) -> bool:
    """A finite verb or participle, roughly: an auxiliary, a common irregular verb, or a word in -ed that
    no determiner makes an adjective ("the proposed merger")."""
    if word in _VERBS:
        return True
    return (word.endswith("ed") and word.islower() and len(word) > 3 and word not in _NOT_VERBS
            and previous.lower() not in _DETERMINERS)


def _phrase_date(phrase: str, story_date: dt.date) -> PastDate:
    """A past phrase with the date it stands for where it gives one: "two years ago", "last May"."""
    words = phrase.lower().split()
    if words[-1] == "ago":
        count = int(words[0]) if words[0].isdigit() else _NUMBERS.get(words[0])
        unit = words[1].rstrip("s")
        if count is None or unit == "decade":
            return PastDate(phrase, None)
        if unit == "year":
            return PastDate(phrase, dt.date(story_date.year - count, 1, 1), Precision.YEAR)
        if unit == "month":
            months = story_date.year * 12 + story_date.month - 1 - count
            return PastDate(phrase, dt.date(months // 12, months % 12 + 1, 1), Precision.MONTH)
        return PastDate(phrase, story_date - dt.timedelta(days=count * (7 if unit == "week" else 1)))
    if words[0] == "last" and words[1] in _MONTH_NUMBERS:
        month = _MONTH_NUMBERS[words[1]]
        return PastDate(phrase, dt.date(story_date.year - (month >= story_date.month), month, 1),
                        Precision.MONTH)
    if words[-1] == "week":
        return PastDate(phrase, story_date - dt.timedelta(days=7 if words[0] == "last" else 1))
    return PastDate(phrase, None)
