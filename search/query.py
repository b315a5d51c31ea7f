"""From what a user typed to a Whoosh query: friendly syntax, checked first, never an exception.

Whoosh's parser is lenient to a fault (a lone `AND` becomes the word "and", `>2025-06-01`
silently becomes "after 2025-01-01"), so the text is checked for the mistakes people
make before parsing; a query with one is run as its plain words and the problem named.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from whoosh import qparser, query
from whoosh.fields import Schema
from whoosh.qparser import syntax
from whoosh.qparser.dateparse import DateParserPlugin

from briefings.model import CardKind
from search.schema import KEYWORD_FIELDS, TEXT_FIELDS

FILTER_FIELDS = (*KEYWORD_FIELDS, "date", "title", "heading")
OPERATORS = ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE")
MIN_PREFIX = 3
"""Prefixes shorter than this match so many words that a search takes seconds."""

_FIELD = re.compile(r"(?<![\w-])(\w+):")
_QUOTED = re.compile(r'"[^"]*"')
_KIND_FILTER = re.compile(r'(?<![\w-])kind:("[^"]*"|[^\s()"]+)', re.IGNORECASE)
_FUZZY = re.compile(r"(?<=\w)~(\d+)")
_SHORT_PREFIX = re.compile(r"(?:^|(?<=[\s(:]))([\w-]{0,2})\*")
_WORD = re.compile(r"\w(?:[\w'.-]*\w)?")

_ISO = r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?"
_DATE_FILTER = re.compile(
    rf"date:(?:(?P<rel>>=|<=|>|<)(?P<one>{_ISO})"
    rf"|\[(?P<start>{_ISO})?\s+(?:to|TO)\s+(?P<end>{_ISO})?\]"
    rf"|(?P<from>{_ISO})\.\.(?P<to>{_ISO})?"
    rf"|(?P<exact>{_ISO}))(?=$|[\s)])")


def kind_value(text: str) -> CardKind | None:
    """`forecast`, `Forecast`, `"What the papers say"`, `papers`: the kind a user means, if any."""
    wanted = " ".join(text.strip('"').lower().replace("_", " ").split())
    for kind in CardKind:
        if wanted in (kind.value.replace("_", " "), kind.label.lower()):
            return kind
    return None


@dataclass(frozen=True)
class ParsedQuery:
    query: query.Query
    text: str
    """The query as understood (after fixes such as `~2` -> `~1`, or the plain words of a fallback)."""
    error: str | None = None


def parse(schema: Schema, text: str, *, now: dt.datetime | None = None) -> ParsedQuery:
    """Parse user text; on a mistake fall back to its plain words and say what was wrong."""
    text = _FUZZY.sub("~1", " ".join(text.split()))
    text, problem = _normalise_kinds(text)
    problem = problem or find_problem(text)
    if problem is None:
        date_errors: list[str] = []
        parsed = _parser(schema, now, date_errors.append).parse(text)
        if not date_errors and parsed is not query.NullQuery:
            return ParsedQuery(parsed, text)
        problem = f"could not read the date {date_errors[0]!r}" if date_errors else "nothing to search for"
    words = plain_words(text)
    fallback = " ".join(words)
    return ParsedQuery(_parser(schema, now, None, plain=True).parse(fallback) if words else query.NullQuery,
                       fallback, problem)


def plain_words(text: str) -> list[str]:
    """The words of a query without its syntax: field names, operators, quotes, brackets."""
    return [w for w in _WORD.findall(_FIELD.sub(" ", text)) if w not in OPERATORS]


def find_problem(text: str) -> str | None:
    """The first mistake in a query, in words a person understands; None when it can be parsed."""
    if text.count('"') % 2:
        return "a quotation mark is not closed"
    unquoted = _QUOTED.sub(" x ", text)
    depth = 0
    for char in unquoted:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return "a closing parenthesis has no opening one"
    if depth:
        return "a parenthesis is not closed"
    for match in _DATE_FILTER.finditer(unquoted):
        for value in (v for k, v in match.groupdict().items() if v and k != "rel"):
            try:
                _span(value)
            except ValueError:
                return f"there is no date {value!r} (write dates as 2025-07-01, 2025-07 or 2025)"
    unknown = [f for f in _FIELD.findall(_DATE_FILTER.sub(" ", unquoted)) if f.lower() not in FILTER_FIELDS]
    if unknown:
        return f"there is no field {unknown[0]!r} (fields: {', '.join(FILTER_FIELDS)})"
    short = _SHORT_PREFIX.search(unquoted)
    if short:
        return (f"{short.group(0)!r} would match too many words: a prefix needs at least "
                f"{MIN_PREFIX} letters" if short.group(1) else "a bare '*' is not a search")
    return _operator_problem(unquoted)


def _operator_problem(unquoted: str) -> str | None:
    tokens = unquoted.replace("(", " ( ").replace(")", " ) ").split()
    for i, token in enumerate(tokens):
        if token not in OPERATORS:
            continue
        before = tokens[i - 1] if i else "("
        after = tokens[i + 1] if i + 1 < len(tokens) else ")"
        binary = token != "NOT"
        if after in (*OPERATORS, ")") or (binary and before in (*OPERATORS, "(")):
            return f"{token} needs a word on {'both sides' if binary else 'its right'}"
    return None


def _normalise_kinds(text: str) -> tuple[str, str | None]:
    problems: list[str] = []

    def replace(match: re.Match[str]) -> str:
        kind = kind_value(match.group(1))
        if kind is None:
            problems.append(f"there is no card kind {match.group(1)!r} "
                            f"(kinds: {', '.join(k.value for k in CardKind)})")
            return match.group(0)
        return f"kind:{kind.value}"

    return _KIND_FILTER.sub(replace, text), (problems[0] if problems else None)


def _parser(schema: Schema, now: dt.datetime | None, on_date_error: Callable[[str], None] | None, *,
            plain: bool = False) -> qparser.QueryParser:
    parser = qparser.MultifieldParser(list(TEXT_FIELDS), schema)
    if plain:
        parser.remove_plugin_class(qparser.FieldsPlugin)
        parser.remove_plugin_class(qparser.PhrasePlugin)
        parser.remove_plugin_class(qparser.GroupPlugin)
        parser.remove_plugin_class(qparser.OperatorsPlugin)
        parser.remove_plugin_class(qparser.RangePlugin)
    else:
        parser.add_plugin(qparser.PrefixPlugin())
        parser.add_plugin(qparser.FuzzyTermPlugin())
        parser.add_plugin(qparser.GtLtPlugin())
        parser.add_plugin(IsoDatePlugin())
        # The plugin calls utcnow() without a basedate, which warns on Python 3.12+.
        basedate = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
        parser.add_plugin(DateParserPlugin(basedate=basedate, callback=on_date_error))
    parser.remove_plugin_class(qparser.WildcardPlugin)  # a bare `*` would match every card
    parser.remove_plugin_class(qparser.BoostPlugin)
    parser.remove_plugin_class(qparser.EveryPlugin)
    return parser


class IsoDatePlugin(qparser.TaggingPlugin):  # type: ignore[misc]
    """`date:2025-07`, `date:>2025-06-01`, `date:2025-06..2025-07`, `date:[2025-06 to 2025-07-15]`.

    Whoosh's English date parser reads `>2025-06-01` as "after 2025", so ISO forms are
    tagged here first (before the field tagger) and become exact day ranges.
    """

    priority = -10
    expr = _DATE_FILTER.pattern

    class DateNode(syntax.SyntaxNode):  # type: ignore[misc]
        has_fieldname = True
        has_boost = False

        def __init__(self, start: dt.datetime | None, end: dt.datetime | None) -> None:
            self.fieldname = "date"
            self.start = start
            self.end = end

        def r(self) -> str:
            return f"date:{self.start}..{self.end}"

        def query(self, parser: Any) -> query.Query:
            return query.DateRange("date", self.start, self.end)

    def create(self, parser: Any, match: re.Match[str]) -> syntax.SyntaxNode:
        groups = match.groupdict()
        if groups["exact"]:
            start, end = _span(groups["exact"])
            return self.DateNode(start, end)
        if groups["rel"]:
            start, end = _span(groups["one"])
            return self.DateNode(*{">": (_after(end), None), ">=": (start, None),
                                   "<": (None, _before(start)), "<=": (None, end)}[groups["rel"]])
        first, last = groups["start"] or groups["from"], groups["end"] or groups["to"]
        return self.DateNode(_span(first)[0] if first else None, _span(last)[1] if last else None)


def _span(text: str) -> tuple[dt.datetime, dt.datetime]:
    """First and last instant of a year, month or day written in ISO form."""
    parts = [int(p) for p in text.split("-")]
    year, month, day = [*parts, 0, 0][:3]
    start = dt.datetime(year, month or 1, day or 1)
    if day:
        end = start + dt.timedelta(days=1)
    elif month:
        end = dt.datetime(year + month // 12, month % 12 + 1, 1)
    else:
        end = dt.datetime(year + 1, 1, 1)
    return start, end - dt.timedelta(microseconds=1)


def _after(moment: dt.datetime) -> dt.datetime:
    return moment + dt.timedelta(microseconds=1)


def _before(moment: dt.datetime) -> dt.datetime:
    return moment - dt.timedelta(microseconds=1)
