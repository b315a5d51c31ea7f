"""From what a user typed to a Whoosh query: friendly syntax, checked first, never an exception.

Whoosh's parser is lenient to a fault (a lone `AND` becomes the word "and", `>2025-06-01`
silently becomes "after 2025-01-01") and brittle at the edges (`<0` raises IndexError,
`date:>abc` a bare Exception), so the text is checked for the mistakes people make before
parsing; a query with one is not run, and the problem is named in one line.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from whoosh import qparser, query
from whoosh.fields import Schema
from whoosh.qparser import syntax
from whoosh.qparser.dateparse import DateParserPlugin, English

from briefings.model import CardKind
from search.schema import KEYWORD_FIELDS, TEXT_FIELDS

FILTER_FIELDS = (*KEYWORD_FIELDS, "date", "title", "heading")
OPERATORS = ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE")
MIN_PREFIX = 3
"""Prefixes shorter than this match so many words that a search takes seconds."""
MAX_CHARS = 1_000
"""Longer text is a paste gone wrong, not a query (and an AND of hundreds of words is slow)."""
MAX_DEPTH = 10
"""Deeper parentheses are never meant, and Whoosh parses them recursively."""
TITLE_WEIGHT = 0.5
"""Title words count half at query time (the field is indexed with field_boost 2.0, and every card
carries its briefing's title, so at full weight one title word outranked cards holding every query
word). With the next three, tuned on the Reuters ModApte TRAIN split (`benchmarks.engines_bench
--split TRAIN`); nDCG@10 there went from 0.700 (strict AND) to 0.77, and to 0.78 with words written
as one (JOINED_WEIGHT)."""
PROXIMITY_BOOST = 0.5
"""Weight of the query's words standing together, as typed, in a card (an optional phrase)."""
COMMON_SHARE = 0.1
"""A word in more than this share of cards ("of", "the", "said") only adds to the score of cards that
hold another query word: it neither finds cards alone nor makes every card a match to count."""
JOINED_WEIGHT = 2.0
"""Weight of two words typed apart found written as one ("soy meal" in a card saying "soymeal"): it
stands for both words. Tuned on TRAIN, with Whoosh's coordination bonus left out (it added about 0.02
to scores of 10 to 30, and removing it cost nothing there: nDCG@10 0.764 -> 0.767)."""
QUOTED_CHARS = 60
"""How much of a query a message quotes."""
UNEXPECTED = "the search library failed on it; try fewer symbols"
"""The last resort, for a form of query none of the checks foresaw."""
_NOTHING = "nothing to search for"
_DATE_FORMS = "write 2025-07-01, 2025-07, 2025, today or last7days"
_EXAMPLES = {"kind": "forecast", "outlet": "bloomberg", "entity": '"Kim Jong-un"', "topic": "energy",
            "journalist": "marsh", "quality": "truncated", "has": "discrepancy", "date": "2025-07",
            "title": "missile", "heading": "forecast"}
"""A value for each field, to show in the message when one is missing."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_FIELD = re.compile(r"(?<![\w-])(\w+):")
_EMPTY_FIELD = re.compile(r"(?<![\w-])(\w+):(?=$|[\s)])")
_QUOTED = re.compile(r'"[^"]*"')
_KIND_FILTER = re.compile(r'(?<![\w-])kind:("[^"]*"|[^\s()"]+)', re.IGNORECASE)
_FUZZY = re.compile(r"(?<=\w)~(\d+)")
_SHORT_PREFIX = re.compile(r"(?:^|(?<=[\s(:]))([\w-]{0,2})\*")
_WORD = re.compile(r"\w(?:[\w'.-]*\w)?")
_COMPARISON = re.compile(r"(?<!date:)(?:<=|>=|=<|=>|<|>)|(?<=date:)=[<>]")
_BRACKET = re.compile(r"[\[\]{}]")
_DATE_START = re.compile(r"(?<![\w-])date:")
_DATE_WORDS = re.compile(r'(?P<rel>>=|<=|>|<)?(?:"(?P<quoted>[^"]*)"|(?P<word>[^\s()\[\]{}"<>]+))(?=$|[\s)])')

_ISO = r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?"
_DATE_FILTER = re.compile(
    rf"date:(?:(?P<rel>>=|<=|>|<)(?P<one>{_ISO})"
    rf"|\[(?P<start>{_ISO})?\s+(?:to|TO)\s+(?P<end>{_ISO})?\]"
    rf"|(?P<from>{_ISO})\.\.(?P<to>{_ISO})?"
    rf"|(?P<exact>{_ISO})"
    r"|last(?P<count>\d{1,4})(?P<unit>days?|weeks?|months?|years?))(?=$|[\s)])", re.IGNORECASE)
_ENGLISH_DATES = English()
"""Whoosh's parser of `today`, `june`, `yesterday` (built once: every search used to build its own)."""


def kind_value(text: str) -> CardKind | None:
    """`forecast`, `Forecast`, `"What the papers say"`, `papers`: the kind a user means, if any."""
    wanted = " ".join(text.strip('"').lower().replace("_", " ").split())
    for kind in CardKind:
        if wanted in (kind.value.replace("_", " "), kind.label.lower()):
            return kind
    return None


def quoted(text: str) -> str:
    """A query as messages name it: on one line, and only its start when it is long."""
    line = " ".join(text.split())
    return f"“{line if len(line) <= QUOTED_CHARS else line[:QUOTED_CHARS] + '…'}”"


@dataclass(frozen=True)
class ParsedQuery:
    query: query.Query
    """NullQuery when there is an error: a query with a mistake is not run."""
    text: str
    """The query as understood (after fixes such as `~2` -> `~1` and the expansion of prefixes)."""
    error: str | None = None


def parse(schema: Schema, text: str, *, now: dt.datetime | None = None,
          expand: Callable[[str], str] | None = None, share: Callable[[str], float] | None = None
          ) -> ParsedQuery:
    """Check user text, then parse it; `expand` rewrites the checked text (prefixes) before Whoosh sees it.
    `share` gives the share of cards holding an indexed word, to tell common words (`preferring`).

    Never raises: a mistake, or anything Whoosh still fails on, comes back as `error`."""
    # The plugin calls utcnow() without a basedate, which warns on Python 3.12+.
    basedate = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    problem = _control_problem(text)
    text = _FUZZY.sub("~1", " ".join(text.split()))
    if problem is None:
        text, problem = _normalise(text)
        problem = problem or find_problem(text, basedate)
    if problem is not None:
        return ParsedQuery(query.NullQuery, text, problem)
    understood = expand(text) if expand else text
    date_errors: list[str] = []
    try:
        parsed = _parser(schema, basedate, date_errors.append).parse(understood)
        join = _joiner(schema, share)
        parsed = preferring(closed_compounds(parsed, join), share, join)
    except Exception:  # the last resort: a form none of the checks foresaw
        return ParsedQuery(query.NullQuery, understood, UNEXPECTED)
    if date_errors:
        return ParsedQuery(query.NullQuery, understood, _no_date(date_errors[0]))
    if parsed is query.NullQuery:
        return ParsedQuery(query.NullQuery, understood, _NOTHING)
    return ParsedQuery(parsed, understood)


def plain_words(text: str) -> list[str]:
    """The words of a query without its syntax: field names, operators, quotes, brackets."""
    return [w for w in _WORD.findall(_FIELD.sub(" ", text)) if w not in OPERATORS]


def find_problem(text: str, now: dt.datetime) -> str | None:
    """The first mistake in a query, in words a person understands; None when it can be parsed."""
    if len(text) > MAX_CHARS:
        return f"the query is {len(text):,} characters long; the most is {MAX_CHARS:,}"
    if text.count('"') % 2:
        return "a quotation mark is not closed"
    # Quoted text is left alone by every check below; masking keeps positions for the date check.
    masked = _QUOTED.sub(lambda m: '"' + "x" * (len(m.group(0)) - 2) + '"', text)
    return (_bracket_problem(masked) or _comparison_problem(masked) or _empty_field_problem(masked)
            or _date_problem(text, masked, now) or _field_problem(masked) or _prefix_problem(masked)
            or _operator_problem(masked))


def _control_problem(text: str) -> str | None:
    control = _CONTROL.search(text)
    if control is None:
        return None
    return f"a control character (U+{ord(control.group(0)):04X}) cannot be searched"


def _bracket_problem(masked: str) -> str | None:
    depth = 0
    for char in masked:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return "a closing parenthesis has no opening one"
        if depth > MAX_DEPTH:
            return f"parentheses nest more than {MAX_DEPTH} deep"
    if depth:
        return "a parenthesis is not closed"
    if _BRACKET.search(_DATE_FILTER.sub(" ", masked)):
        return "brackets [ ] and { } are only for date ranges, as in date:[2025-06 to 2025-07]"
    return None


def _comparison_problem(masked: str) -> str | None:
    """Whoosh reads `<0` as a comparison with no field and fails; we compare nothing but dates."""
    comparison = _COMPARISON.search(masked)
    return f"{comparison.group(0)!r} compares dates only, as in date:<2025-01-01" if comparison else None


def _empty_field_problem(masked: str) -> str | None:
    empty = _EMPTY_FIELD.search(masked)
    if empty is None:
        return None
    field = empty.group(1)
    if field not in FILTER_FIELDS:
        return _unknown_field(field)
    return f"{field}: needs a value after the colon, as in {field}:{_EXAMPLES.get(field, 'something')}"


def _field_problem(masked: str) -> str | None:
    unknown = [f for f in _FIELD.findall(_DATE_FILTER.sub(" ", masked)) if f not in FILTER_FIELDS]
    return _unknown_field(unknown[0]) if unknown else None


def _date_problem(text: str, masked: str, now: dt.datetime) -> str | None:
    """ISO dates must exist and ranges run forwards; any other date must be one Whoosh's English date
    parser reads (`today`, `june`), since its comparisons raise on the rest."""
    for start in _DATE_START.finditer(masked):
        iso = _DATE_FILTER.match(masked, start.start())
        if iso is not None:
            problem = _iso_problem(iso)
            if problem:
                return problem
            continue
        words = _DATE_WORDS.match(text, start.end())
        if words is None or (words.group("rel") and words.group("quoted") is not None):
            return f"date: needs a date after it ({_DATE_FORMS})"
        value = words.group("quoted") if words.group("quoted") is not None else words.group("word")
        if not _is_english_date(value, now):
            return _no_date(value)
    return None


def _iso_problem(match: re.Match[str]) -> str | None:
    if match.group("count") is not None:
        return None if int(match.group("count")) > 0 else "date:last needs at least 1, as in date:last7days"
    spans = {}
    for name, value in match.groupdict().items():
        if value and name not in ("rel", "unit"):
            try:
                spans[name] = _span(value)
            except ValueError:
                return _no_date(value)
    first, last = spans.get("start") or spans.get("from"), spans.get("end") or spans.get("to")
    if first and last and first[0] > last[1]:
        return "the date range ends before it starts"
    return None


def _is_english_date(value: str, now: dt.datetime) -> bool:
    try:
        return _ENGLISH_DATES.date_from(value, now) is not None
    except Exception:  # Whoosh's date grammar has its own failures; any of them means "not a date"
        return False


def _no_date(value: str) -> str:
    return f"there is no date {value!r} ({_DATE_FORMS})"


def _unknown_field(field: str) -> str:
    return f"there is no field {field!r} (fields: {', '.join(FILTER_FIELDS)})"


def _prefix_problem(masked: str) -> str | None:
    short = _SHORT_PREFIX.search(masked)
    if short is None:
        return None
    if short.group(1):
        return f"{short.group(0)!r} would match too many words: a prefix needs at least {MIN_PREFIX} letters"
    return f"'*' goes at the end of a word of {MIN_PREFIX} letters or more, as in sanction*"


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


def _normalise(text: str) -> tuple[str, str | None]:
    """Field names in lower case (Whoosh's are case-sensitive) and card kinds by their value."""
    problems: list[str] = []

    def replace(match: re.Match[str]) -> str:
        kind = kind_value(match.group(1))
        if kind is None:
            problems.append(no_kind(match.group(1)))
            return match.group(0)
        return f"kind:{kind.value}"

    text = _FIELD.sub(lambda m: m.group(0).lower(), text)
    return _KIND_FILTER.sub(replace, text), (problems[0] if problems else None)


def no_kind(text: str) -> str:
    """Names the nearest kinds when there are some, else every kind."""
    kinds = [k.value for k in CardKind]
    nearest = difflib.get_close_matches(text.strip('"').lower(), kinds, n=3)
    listed = f"nearest: {', '.join(nearest)}" if nearest else f"kinds: {', '.join(kinds)}"
    return f"there is no card kind {text!r} ({listed})"


def _parser(schema: Schema, basedate: dt.datetime,
            on_date_error: Callable[[str], None]) -> qparser.QueryParser:
    parser = qparser.MultifieldParser(list(TEXT_FIELDS), schema, fieldboosts={"title": TITLE_WEIGHT},
                                      group=_SideBySideGroup)
    parser.add_plugin(qparser.PrefixPlugin())
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    parser.add_plugin(IsoDatePlugin(basedate))
    parser.add_plugin(DateParserPlugin(dateparser=_ENGLISH_DATES, basedate=basedate, callback=on_date_error))
    parser.remove_plugin_class(qparser.WildcardPlugin)  # a bare `*` would match every card
    parser.remove_plugin_class(qparser.BoostPlugin)
    parser.remove_plugin_class(qparser.EveryPlugin)
    return parser


class SideBySide(query.And):  # type: ignore[misc]
    """Words typed side by side, with no operator between them: `preferring` turns them into "all of
    them preferred, none required". An explicit `AND` stays a plain `And`: every word required."""


class _SideBySideGroup(syntax.AndGroup):  # type: ignore[misc]
    qclass = SideBySide


Joiner = Callable[[list[str]], str | None]
"""The indexed word that words written together make ("soy", "meal" -> "soymeal"), if any card holds it."""


def _joiner(schema: Schema, share: Callable[[str], float] | None) -> Joiner | None:
    """Joins indexed words (already stemmed) as the index analyses them written as one word ("petro" and
    "chemic" make "petrochem", as "petrochemicals" does); `share` tells whether any card holds it."""
    if share is None:
        return None
    text_field = schema["text"]

    def join(words: list[str]) -> str | None:
        joined = list(text_field.process_text("".join(words), mode="query"))
        return joined[0] if len(joined) == 1 and share(joined[0]) > 0 else None
    return join


def preferring(q: query.Query, share: Callable[[str], float] | None = None,
               join: Joiner | None = None) -> query.Query:
    """Rank multi-word queries so that cards holding all the words come first, but a card missing one
    is still found: strict AND found nothing or one story for "iron steel", and a plain OR let one
    common word in a title beat a card holding every word.

    Filters, `NOT` and explicit groups stay required; the plain words become an OR (each word a card
    holds adds its BM25 score), plus an optional phrase of the words as typed (proximity) and two words
    side by side written as one, where the library has that word (`join`); words common enough to match
    most cards (COMMON_SHARE, by `share`) only add to the score of cards found by the others."""
    if isinstance(q, query.CompoundQuery):
        q = q.apply(lambda sub: preferring(sub, share, join))
    if not isinstance(q, SideBySide):
        return q
    words = [sub for sub in q.subqueries if _is_words(sub)]
    required = [sub for sub in q.subqueries if not _is_words(sub)]
    if len(words) < 2:
        return query.And(q.subqueries).normalize()
    common = [w for w in words if share is not None and _is_common(w, share)]
    rare = [w for w in words if w not in common]
    together = [ScoreOnly(phrase, boost=PROXIMITY_BOOST) for phrase in _phrases(words, common)]
    joined = list(_joined(words, common, join)) if join is not None else []
    found: query.Query = query.Or([*(rare or words), *joined, *together])
    if rare and common:
        found = query.AndMaybe(found, query.Or(common))
    return query.And([*required, found]) if required else found


def closed_compounds(q: query.Query, join: Joiner | None) -> query.Query:
    """A hyphenated word also finds its closed form: "petro-chemicals" finds "petrochemicals" as well as
    "petro-chemicals" (both halves in one field, as Whoosh reads a word its analyser splits)."""
    if join is None:
        return q
    halves = _halves(q)
    if halves is not None:
        joined = join(halves)
        return q if joined is None else query.Or([q, _in_text_fields(joined)], boost=q.boost)
    if isinstance(q, query.CompoundQuery | query.AndMaybe | query.AndNot | query.Require | query.Not):
        return q.apply(lambda sub: closed_compounds(sub, join))
    return q


def _halves(q: query.Query) -> list[str] | None:
    """The parts of one word its analyser split ("petro-chemicals"), as Whoosh looks them up: an OR over
    the text fields of an AND of the parts in that field; else None."""
    if not isinstance(q, query.Or) or isinstance(q, ScoreOnly) or len(q.subqueries) != len(TEXT_FIELDS):
        return None
    parts = [sub.subqueries if isinstance(sub, query.And) else [] for sub in q.subqueries]
    in_fields = all(len(terms) > 1 and all(isinstance(t, query.Term) and t.fieldname == field for t in terms)
                    for terms, field in zip(parts, TEXT_FIELDS, strict=True))
    if not in_fields or len({tuple(t.text for t in terms) for terms in parts}) != 1:
        return None
    return [str(t.text) for t in parts[0]]


def _joined(words: list[query.Query], common: list[query.Query], join: Joiner) -> Iterator[query.Query]:
    """Each two plain words side by side (neither common) that the library also holds written as one."""
    texts = [None if word in common else _plain_word(word) for word in words]
    for first, second in pairwise(texts):
        joined = join([first, second]) if first and second else None
        if joined is not None:
            yield _in_text_fields(joined, boost=JOINED_WEIGHT)


def _in_text_fields(word: str, boost: float = 1.0) -> query.Query:
    """An indexed word looked up as the parser looks up a plain word: in every text field."""
    return query.Or([query.Term(field, word, boost=TITLE_WEIGHT if field == "title" else 1.0)
                     for field in TEXT_FIELDS], boost=boost)


class ScoreOnly(query.Or):  # type: ignore[misc]
    """The words as typed, standing together: a card it matches holds the words anyway, so it only
    ever adds to a score (`search.matching` leaves it out of what a query finds)."""


_WORD_QUERIES = (query.Term, query.Phrase, query.FuzzyTerm, query.Prefix)


def _is_words(q: query.Query) -> bool:
    """Plain words looked up in every text field (a word, its completions, a quoted phrase); not a
    filter (`title:missile` is one), a NOT or a range."""
    leaves = list(q.leaves()) if isinstance(q, query.Or) else []
    return (all(isinstance(leaf, _WORD_QUERIES) for leaf in leaves)
            and {leaf.field() for leaf in leaves} == set(TEXT_FIELDS))


def _plain_word(q: query.Query) -> str | None:
    """The indexed form of a single word looked up in every text field, else None."""
    terms = {text for _field, text in q.iter_all_terms()}
    singles = isinstance(q, query.Term) or (
        isinstance(q, query.Or) and all(isinstance(sub, query.Term) for sub in q.subqueries))
    return str(terms.pop()) if singles and len(terms) == 1 else None


def _is_common(q: query.Query, share: Callable[[str], float]) -> bool:
    word = _plain_word(q)
    return word is not None and share(word) > COMMON_SHARE


def _phrases(words: list[query.Query], common: list[query.Query]) -> Iterator[list[query.Query]]:
    """For each run of two or more plain words side by side, the phrase of them in each text field.
    A common word is left out of its phrase, which then allows a word more between the others ("bank
    japan"~2 for "bank of japan"): Whoosh checks a phrase's positions in every card holding all its
    words, and "of" put every card of "bank" and "japan" through that check."""
    run: list[str] = []
    slop = 1
    for word_query in [*words, None]:
        word = None if word_query is None else _plain_word(word_query)
        if word is not None and word_query in common:
            slop += 1
            continue
        if word is not None:
            run.append(word)
            continue
        if len(run) > 1:
            yield [query.Phrase(field, run, slop=slop) for field in TEXT_FIELDS]
        run, slop = [], 1


class IsoDatePlugin(qparser.TaggingPlugin):  # type: ignore[misc]
    """`date:2025-07`, `date:>2025-06-01`, `date:2025-06..2025-07`, `date:[2025-06 to 2025-07-15]`, and
    the last days, weeks, months or years up to `basedate`'s day, today included (`date:last7days`).

    Whoosh's English date parser reads `>2025-06-01` as "after 2025", so ISO forms are
    tagged here first (before the field tagger) and become exact day ranges.
    """

    priority = -10

    def __init__(self, basedate: dt.datetime) -> None:
        super().__init__(_DATE_FILTER)
        self.basedate = basedate

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
        if groups["count"]:
            today = _span(self.basedate.date().isoformat())
            return self.DateNode(_days_back(today[0], int(groups["count"]), groups["unit"]), today[1])
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


def _days_back(today: dt.datetime, count: int, unit: str) -> dt.datetime:
    """The first instant of the last `count` days, weeks, months or years ending with `today`'s day: the
    last 7 days are today and the 6 before; the last month starts on the day after this day last month
    (the last day of a shorter month when it has no such day)."""
    unit = unit.lower().rstrip("s")
    if unit in ("day", "week"):
        return today - dt.timedelta(days=count * (7 if unit == "week" else 1) - 1)
    months = count * (12 if unit == "year" else 1)
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    return dt.datetime(year, month, min(today.day, last_day)) + dt.timedelta(days=1)


def _after(moment: dt.datetime) -> dt.datetime:
    return moment + dt.timedelta(microseconds=1)


def _before(moment: dt.datetime) -> dt.datetime:
    return moment - dt.timedelta(microseconds=1)
