"""Running a query: hits that point at cards, highlighted fragments as spans, facets, paging."""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import highlight, query, sorting
from whoosh.collectors import (
    ScoredCollector,
    SortingCollector,
    TimeLimit,
    TimeLimitCollector,
    WrappingCollector,
)
from whoosh.searching import Hit as WhooshHit
from whoosh.searching import Results, Searcher

from briefings.archive import archived_ids
from briefings.errors import BriefingError
from briefings.model import CardKind, FlagCode
from search import facets as facet_counts
from search import vocabulary
from search.facets import BriefingMatches
from search.matching import matching_documents, per_briefing
from search.notes_match import NoteCards, split_note_terms
from search.query import (
    FILTER_FIELDS,
    OPERATORS,
    UNEXPECTED,
    ParsedQuery,
    kind_value,
    no_kind,
    parse,
    plain_words,
    quoted,
)
from search.schema import KEYWORD_FIELDS
from search.store import SearchIndex

TIME_LIMIT = 2.0
"""Seconds a search may take before it returns what it has found (the reader never waits longer)."""
TYPING_TIME_LIMIT = 0.015
"""While typing, results are provisional: the best found in 15 ms beats the best found in 300 ms
(reading and highlighting 20 hits costs another ~25 ms on 20,000 briefings)."""
COMPLETIONS_WHILE_TYPING = 4
COMPLETIONS_FOR_PREFIX = 16
"""`sanction*` means its most frequent completions, not every rare word that starts so."""
SUGGESTION_WORDS = 10
"""Words of a query checked for a "did you mean" (each costs a fuzzy scan of the vocabulary)."""
FRAGMENT_CHARS = 180

Span = tuple[str, bool]


@dataclass(frozen=True)
class Hit:
    briefing_id: str
    briefing_title: str
    date: dt.date | None
    card_index: int
    card_kind: CardKind
    heading: str
    score: float
    """Relevance (BM25), also when the hits are sorted by date."""
    fragment: tuple[Span, ...]
    """The matching passage as (text, is_match) spans: plain data, never markup."""
    part: int | None = None
    """The outlet paragraph that matched (its index in `Card.outlets`); None: the card as a whole."""
    outlets: tuple[str, ...] = ()
    """That paragraph's outlets, to name it."""


@dataclass(frozen=True)
class SearchResults:
    query: str
    """What the user typed (on one line), never the rewrite that was run."""
    hits: tuple[Hit, ...]
    total: int
    """Matching cards (a card whose paragraphs match counts once); while typing, only those collected
    in the time allowed (the full search that follows counts them all)."""
    page: int
    page_count: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str | None = None
    error: str | None = None
    elapsed_ms: float = 0.0
    partial: bool = False
    """True when the time limit stopped the search early: the hits are the best found so far."""
    matched: Mapping[str, BriefingMatches] | None = None
    """Every matching briefing's matches, counted from the postings as `total` is (results by story count
    stories from it, whatever the page); None when not counted (while typing, without facets, or an
    engine that does not count them): then only the hits are known."""
    earlier: frozenset[str] = frozenset()
    """The briefings with hits on the pages before this one: by story, their stories were listed there."""

    @property
    def error_line(self) -> str | None:
        """The error as one line naming the query, for output that does not show the query beside it."""
        return None if self.error is None else f"cannot search {quoted(self.query)}: {self.error}"


def search(index: SearchIndex, text: str, *, filters: Mapping[str, str] | None = None, limit: int = 20,
           page: int = 1, sort: str = "relevance", as_you_type: bool = False,
           facets: bool | None = None, complete_last: bool | None = None,
           archived: bool = False) -> SearchResults:
    """Search the cards; `filters` are field -> value (as `kind:forecast` in the text); never raises
    for what a user typed: a query with a mistake has no hits and an `error`. Facets are counted
    unless typing (they cost more than the search). `archived`: the archived briefings are searched
    (and counted) too; otherwise they are left out.

    `complete_last` is the query's meaning: its last word, unfinished (no space after it), also stands
    for its most frequent completions ("crude oil pri" is prices, not the ticker PRI). The reader and
    `briefing search` both complete; None completes while typing only. `as_you_type` is how the search
    runs, not what it means: the top hits fast, collection cut at TYPING_TIME_LIMIT, no facets."""
    started = time.perf_counter()
    unfinished = (as_you_type if complete_last is None else complete_last) and not text[-1:].isspace()
    typed = " ".join(text.split())
    try:
        return _search(index, typed, filters or {}, limit, page, sort, as_you_type, facets, started,
                       unfinished, archived)
    except (BriefingError, OSError):  # the index itself failed: said as such by the caller
        raise
    except Exception:  # the last resort: Whoosh failing on a query the checks let through
        return SearchResults(typed, (), 0, 1, 0, error=UNEXPECTED, elapsed_ms=ms_since(started))


def _search(index: SearchIndex, typed: str, filters: Mapping[str, str], limit: int, page: int, sort: str,
            as_you_type: bool, facets: bool | None, started: float, completing: bool,
            archived: bool = False) -> SearchResults:
    kind = filters.get("kind")
    if kind is not None and kind_value(kind) is None:  # `briefing search --kind weather`
        return SearchResults(typed, (), 0, 1, 0, error=no_kind(kind), elapsed_ms=ms_since(started))
    with index.reading() as searcher:
        unknown = None if as_you_type else unknown_filter_value(searcher, typed, filters)
        if unknown is not None:
            return SearchResults(typed, (), 0, 1, 0, error=unknown, elapsed_ms=ms_since(started))
        wanted = _filters(filters)
        text, note_terms = split_note_terms(typed) if index.notes is not None else (typed, "")
        if text or (wanted is None and not note_terms):
            cards = max(searcher.doc_count(), 1)
            parsed = parse(searcher.schema, text,
                           expand=lambda checked: _expand_prefixes(index, checked, complete_last=completing),
                           share=lambda word: searcher.doc_frequency("text", word) / cards)
        else:  # only filters (chosen from the facets): nothing to parse
            parsed = ParsedQuery(query.NullQuery, "")
        if parsed.error is not None:
            return SearchResults(typed, (), 0, 1, 0, error=parsed.error, elapsed_ms=ms_since(started))
        q = per_briefing(parsed.query if wanted is None else (
            wanted if parsed.query is query.NullQuery else query.And([parsed.query, wanted])))
        q = _with_notes(index.notes, q, text, note_terms, bool(filters))
        if not archived:
            q = _without_archived(index.library_root, q)
        keys = facet_counts.card_keys(index, searcher)
        ranked, partial, seen = _ranked(searcher, q, limit * max(page, 1), sort, keys,
                                        as_you_type=as_you_type)
        # The full search visits every match (no skipping), so what it saw is the exact set; when the time
        # limit stopped it, the set is read from the postings instead (`search.matching`), exact whatever
        # the time limit. While typing, what was collected in the time allowed: the list is provisional,
        # and the full search counts.
        matched = None if as_you_type else seen if not partial else matching_documents(searcher, q)
        total = len(ranked) if matched is None else len({keys[docnum] or docnum for docnum in matched})
        page_count = math.ceil(total / limit) if limit else 0
        page = min(max(page, 1), max(page_count, 1))
        window = ranked[(page - 1) * limit: page * limit]
        highlighter = _highlighter()
        hits = tuple(_hit(h, highlighter, ("text",) if as_you_type else ("text", "heading", "title"))
                     for h in window)
        with_facets = not as_you_type if facets is None else facets
        counted, matches = facet_counts.count_with_briefings(
            index, searcher, matched if matched is not None else [hit.docnum for hit in ranked]
        ) if with_facets else ({}, None)
        suggestion = None
        if not as_you_type:  # any word the library never uses: all words are preferred, none required
            # From the typed text, so a suggestion never shows the expansion of a prefix.
            words = plain_words(_PREFIX.sub(" ", _without_filters(text)))
            if completing and words and LAST_WORD.search(typed):  # a word being typed is no misspelling
                words = words[:-1]
            words = words[:SUGGESTION_WORDS]
            suggestion = vocabulary.corrected_text(index, searcher, typed, words)
        return SearchResults(
            query=typed, hits=hits, total=total, page=page, page_count=page_count,
            facets=counted, suggestion=suggestion, elapsed_ms=ms_since(started), partial=partial,
            matched=matches if matched is not None else None,
            earlier=frozenset(hit["briefing"] for hit in ranked[: (page - 1) * limit]))


def _with_notes(notes: NoteCards | None, q: query.Query, text: str, note_terms: str,
                filtered: bool) -> query.Query:
    """`note:` and `tag:` terms keep only the cards whose notes match them; without them, and without
    filters, the cards whose notes hold every plain word of the query are hits too."""
    if notes is None:
        return q
    if note_terms:
        on_notes = notes.matched_by(note_terms)
        return on_notes if q is query.NullQuery else query.And([q, on_notes])
    words = plain_words(text)
    if filtered or not words or _FILTER_VALUE.search(text) or "NOT" in text.split():
        return q
    noted = notes.holding(words)
    return q if noted is None else query.Or([q, noted])


def _without_archived(library_root: Path | None, q: query.Query) -> query.Query:
    """Archived briefings are left out of the query itself, so the total and the facets, counted from it,
    leave them out too."""
    hidden = archived_ids(library_root) if library_root is not None else frozenset()
    if not hidden:
        return q
    return query.AndNot(q, query.Or([query.Term("briefing", briefing_id) for briefing_id in sorted(hidden)]))


def warm(index: SearchIndex) -> None:
    """Build the vocabulary and facet tables now (~0.5 s on 20,000 briefings) rather than in the first
    search; the reader calls it from its worker right after opening the index."""
    with index.reading() as searcher:
        vocabulary.vocabulary(index)
        facet_counts.count(index, searcher, ())
        facet_counts.card_keys(index, searcher)


def group_by_briefing(hits: Iterable[Hit]) -> list[tuple[str, list[Hit]]]:
    """Hits per briefing, briefings in the order of their first hit, best card first within each."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.briefing_id, []).append(hit)
    return [(bid, sorted(group, key=lambda h: -h.score)) for bid, group in groups.items()]


def _ranked(searcher: Searcher, q: query.Query, wanted: int, sort: str, keys: list[bytes | None], *,
            as_you_type: bool) -> tuple[list[WhooshHit], bool, set[int]]:
    """The best `wanted` hits, one per card, whether the time limit stopped the collection, and every
    document it saw match."""
    collected, stopped, seen = _collect(searcher, q, wanted, sort, keys,
                                        TYPING_TIME_LIMIT if as_you_type else TIME_LIMIT,
                                        as_you_type=as_you_type)
    # Indexed, not iterated: iterating asks len(), for which Whoosh counts every match again.
    return [collected[n] for n in range(collected.scored_length())], stopped, seen


def _collect(searcher: Searcher, q: query.Query, limit: int, sort: str, keys: list[bytes | None],
             seconds: float, *, as_you_type: bool) -> tuple[Results, bool, set[int]]:
    """The top `limit` cards of `q`, whether `seconds` ran out first, and the documents seen to match
    (every match, unless typing skipped some or the time ran out)."""
    # While typing, block-max skipping finds the top hits without visiting every match.
    top = (_NewestFirstCollector(NewestFirst(), limit=max(limit, 1)) if sort == "date"
           else searcher.collector(limit=max(limit, 1), optimize=as_you_type))
    if not as_you_type and isinstance(top, ScoredCollector):
        # Whoosh replaces an OR's matcher by its best terms' once the top hits score high enough, after
        # which a card is scored by those terms only: scores, and so the order, depended on the page
        # size (pages of 3 cards disagreed with one page of 60). The full search scores every term.
        top.replace = 0
    cards = _OnePerCard(top, keys)
    # use_alarm=False: SIGALRM only works in the main thread and the reader searches in a worker.
    timed = TimeLimitCollector(cards, timelimit=max(seconds, 0.001), use_alarm=False)
    try:
        searcher.search_with_collector(q, timed)
    except TimeLimit:
        return timed.results(), True, cards.seen
    return timed.results(), False, cards.seen


class _OnePerCard(WrappingCollector):  # type: ignore[misc]
    """Keeps the best of a card's paragraph documents (`search.schema.passages`).

    Whoosh's CollapseCollector does this in its own loop over the matches, which the time limit's loop
    replaces; this does it per document, so it can sit under the time limit."""

    def __init__(self, child: Any, keys: list[bytes | None]) -> None:
        super().__init__(child)
        self.keys = keys
        self._best: dict[bytes, tuple[Any, int]] = {}
        self.seen: set[int] = set()
        """Every document collected: each match passes here, whichever of a card's is kept."""

    def collect(self, sub_docnum: int) -> Any:
        self.seen.add(self.offset + sub_docnum)
        key = self.keys[self.offset + sub_docnum]
        if key is not None:
            sort_key = self.child.sort_key(sub_docnum)  # lower is better, as Whoosh orders hits
            best = self._best.get(key)
            if best is not None and best[0] <= sort_key:
                return None
            if best is not None:
                self.child.remove(best[1])
            self._best[key] = (sort_key, self.offset + sub_docnum)
        return self.child.collect(sub_docnum)


class _NewestFirstCollector(SortingCollector):  # type: ignore[misc]
    """Whoosh's sorting collector, with a removal that costs nothing: the base class looks for the
    document in its list of every match, for each paragraph of a card that beats an earlier one."""

    items: list[tuple[Any, int]]
    """(sort key, document number) of every match, as the base class keeps them."""

    def prepare(self, top_searcher: Searcher, q: query.Query, context: Any) -> None:
        super().prepare(top_searcher, q, context)
        self.removed: set[int] = set()

    def remove(self, global_docnum: int) -> None:
        self.removed.add(global_docnum)

    def results(self) -> Results:
        self.items = [item for item in self.items if item[1] not in self.removed]
        return super().results()


class NewestFirst(sorting.FacetType):  # type: ignore[misc]
    """Sorts newest first, undated last, and by relevance within a day.

    Whoosh's own date sort puts undated cards first (their column holds the largest number) and
    reports that number as the score; this key is (undated, -date, -score), so the relevance
    stays readable from it (`_relevance`).
    """

    def categorizer(self, global_searcher: Searcher) -> sorting.Categorizer:
        return _NewestFirstKeys(global_searcher)


class _NewestFirstKeys(sorting.Categorizer):  # type: ignore[misc]
    needs_current = True  # the score needs the matcher on the document

    def __init__(self, global_searcher: Searcher) -> None:
        self._undated = global_searcher.schema["date"].default
        self._dates = sorting.FieldFacet("date").categorizer(global_searcher)
        self._scores = sorting.ScoreFacet().categorizer(global_searcher)

    def set_searcher(self, segment_searcher: Searcher, offset: int) -> None:
        self._dates.set_searcher(segment_searcher, offset)
        self._scores.set_searcher(segment_searcher, offset)

    def key_for(self, matcher: Any, docid: int) -> tuple[bool, int, float]:
        date = self._dates.key_for(matcher, docid)
        return (date == self._undated, -date, self._scores.key_for(matcher, docid))


def _relevance(hit: WhooshHit) -> float:
    """The hit's score; for a date sort, read back from the `NewestFirst` key."""
    score = hit.score
    if isinstance(score, tuple):
        return float(-score[2])
    return float(score or 0.0)


CLOSED_VALUES = {
    "kind": tuple(kind.value for kind in CardKind),
    "quality": tuple(code.value for code in FlagCode),
    "has": (FlagCode.DISCREPANCY.value,),
}
"""Filters whose values are fixed by the program: one the library lacks is valid (no hits), not unknown.
`has` holds what `schema._has` indexes."""
CLOSED_NOUNS = {"kind": "card kind", "quality": "quality flag", "has": "has: value"}
NEAREST = 3

_KEYWORD_FILTER = re.compile(
    rf'"[^"]*"|(?<![\w-])(?P<field>{"|".join(KEYWORD_FIELDS)}):(?P<value>"[^"]*"|[^\s()"]+)')


def unknown_filter_value(searcher: Searcher, text: str, filters: Mapping[str, str]) -> str | None:
    """One line naming the first filter value (in the text or in `filters`) that cannot match anything
    and the nearest values there are; None when every value is known.

    Prefixes, fuzzy terms and ranges are left to the parser. Values are compared as the index stores
    them: lowercased, runs of spaces collapsed; kinds by value or label.
    """
    given = [(m.group("field"), m.group("value")) for m in _KEYWORD_FILTER.finditer(text) if m.group("field")]
    given += [(name, value) for name, value in filters.items() if name in KEYWORD_FIELDS]
    for name, raw in given:
        typed = raw.strip('"')
        value = " ".join(typed.lower().split())
        if not value or any(c in value for c in "*?~[]{}"):
            continue
        closed = CLOSED_VALUES.get(name)
        if closed is not None:
            if value in closed or (name == "kind" and kind_value(value) is not None):
                continue
            if name == "kind":  # worded as the parser words it, so typing and Enter say the same
                return no_kind(typed)
            nearest = difflib.get_close_matches(value, closed, n=NEAREST)
            hint = f"nearest: {', '.join(nearest)}" if nearest else f"one of {', '.join(closed)}"
            return f"there is no {CLOSED_NOUNS[name]} {typed!r} ({hint})"
        if searcher.doc_frequency(name, value):
            continue
        terms = [term.decode("utf-8") for term in searcher.reader().lexicon(name)]
        nearest = [_quoted(n) for n in difflib.get_close_matches(value, terms, n=NEAREST)]
        hint = f"nearest: {', '.join(nearest)}" if nearest else f"no {name} is close to it"
        return f"no briefing has {name} {typed!r} ({hint})"
    return None


def _quoted(value: str) -> str:
    return f'"{value}"' if " " in value else value


def _filters(filters: Mapping[str, str]) -> query.Query | None:
    """Filters given apart from the text (facets the reader offers) are exact, so they skip the parser."""
    terms: list[query.Query] = []
    for name, value in filters.items():
        if name == "kind":
            kind = kind_value(value)
            if kind is not None:  # an unknown one never gets here
                terms.append(query.Term("kind", kind.value))
        elif name in FILTER_FIELDS and name not in ("date", "title", "heading"):
            terms.append(query.Term(name, " ".join(value.lower().split())))
    return query.And(terms) if terms else None


def _expand_prefixes(index: SearchIndex, text: str, *, complete_last: bool) -> str:
    """`sanc*` -> `(sanctions OR sanctioned ...)`; with `complete_last`, the unfinished last word too.

    Whoosh's Prefix query on the card text takes seconds on a large index (it ORs every
    word with the prefix); the most frequent completions from the vocabulary cost a
    lexicon scan and an ordinary OR of a few terms.
    """
    if text.count('"') % 2 == 0:
        text = _QUOTED_OR_PREFIX.sub(lambda m: _prefix_words(index, m), text)
    match = LAST_WORD.search(text)
    if not complete_last or not match or text.count('"') % 2:
        return text
    before, word = text[: match.start()], match.group(1)
    if word in OPERATORS:  # "missile AND" is half a query, not "missile and"
        return text
    if len(word) < 2:
        return before if before.strip() else text
    options = vocabulary.completions(index, word, COMPLETIONS_WHILE_TYPING)
    if vocabulary.is_known(index, word) and word.lower() not in options:
        options = [word.lower(), *options[:-1]]
    return before + (_any_of(options) or word)


def _prefix_words(index: SearchIndex, match: re.Match[str]) -> str:
    if match.group(0).startswith('"'):
        return match.group(0)
    return _any_of(vocabulary.completions(index, match.group(1), COMPLETIONS_FOR_PREFIX)) or match.group(0)


def _any_of(words: list[str]) -> str:
    return "" if not words else words[0] if len(words) == 1 else "(" + " OR ".join(words) + ")"


_QUOTED_OR_PREFIX = re.compile(r'"[^"]*"|(?<![\w:*-])(\w[\w-]{2,})\*(?=$|[\s)])')
LAST_WORD = re.compile(r"(?:^|(?<=[\s(]))(\w[\w'-]*)$")


_PREFIX = re.compile(r"[\w-]+\*")
_FILTER_VALUE = re.compile(r'(?<![\w-])\w+:(?:"[^"]*"|\[[^\]]*\]|\S+)')


def _without_filters(text: str) -> str:
    return _FILTER_VALUE.sub(" ", text)


def _highlighter() -> highlight.Highlighter:
    return highlight.Highlighter(
        fragmenter=highlight.ContextFragmenter(maxchars=FRAGMENT_CHARS, surround=60),
        formatter=SpanFormatter())


class SpanFormatter(highlight.Formatter):  # type: ignore[misc]
    """Whoosh formatters build markup strings; this one returns (text, is_match) spans instead."""

    def format(self, fragments: list[highlight.Fragment], replace: bool = False) -> tuple[Span, ...]:
        spans: list[Span] = []
        for number, fragment in enumerate(fragments):
            if number:
                spans.append((" … ", False))
            spans.extend(_fragment_spans(fragment))
        return tuple(spans)


def _fragment_spans(fragment: highlight.Fragment) -> list[Span]:
    spans: list[Span] = []
    text, position = fragment.text, fragment.startchar
    for token in sorted(fragment.matches, key=lambda t: (t.startchar, t.startchar - t.endchar)):
        if token.startchar is None or token.startchar < position:
            continue
        if token.startchar > position:
            spans.append((text[position: token.startchar], False))
        spans.append((text[token.startchar: token.endchar], True))
        position = token.endchar
    if position < fragment.endchar:
        spans.append((text[position: fragment.endchar], False))
    return spans


def _hit(hit: WhooshHit, highlighter: highlight.Highlighter, fields: tuple[str, ...]) -> Hit:
    stored = hit.fields()
    fragment: tuple[Span, ...] = ()
    for name in fields:
        if stored.get(name):
            fragment = highlighter.highlight_hit(hit, name, top=2)
            if fragment:
                break
    if not fragment and stored.get("text"):
        fragment = ((opening(stored["text"]), False),)
    when = stored.get("date")
    return Hit(
        briefing_id=stored["briefing"], briefing_title=stored.get("title", ""),
        date=when.date() if isinstance(when, dt.datetime) else None,
        card_index=int(stored["card"]), card_kind=CardKind(stored["kind"]),
        heading=stored.get("heading", ""), score=_relevance(hit), fragment=fragment,
        part=stored.get("part"), outlets=tuple(stored.get("part_outlets", ())))


def opening(text: str) -> str:
    cut = " ".join(text[: FRAGMENT_CHARS * 2].split())
    return cut if len(cut) <= FRAGMENT_CHARS else cut[:FRAGMENT_CHARS].rsplit(" ", 1)[0] + " …"


def ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0


def results_to_data(results: SearchResults) -> dict[str, Any]:
    """Plain JSON-ready data for scripts (`briefing search --json`)."""
    return {
        "query": results.query, "total": results.total, "page": results.page,
        "page_count": results.page_count, "suggestion": results.suggestion, "error": results.error,
        "partial": results.partial, "elapsed_ms": round(results.elapsed_ms, 1),
        "facets": {name: [{"value": value, "count": n} for value, n in counts]
                   for name, counts in results.facets.items()},
        "hits": [{
            "briefing_id": h.briefing_id, "briefing_title": h.briefing_title,
            "date": h.date.isoformat() if h.date else None, "card_index": h.card_index,
            "card_kind": h.card_kind.value, "heading": h.heading, "part": h.part, "outlets": list(h.outlets),
            "score": round(h.score, 4),
            "fragment": "".join(text for text, _ in h.fragment),
            "matches": [text for text, matched in h.fragment if matched],
        } for h in results.hits],
    }
