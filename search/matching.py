"""Which documents a query matches, read from the postings without scoring them.

Counting the matches of a query and its facets by scoring every one of them costs ~10 µs a document in
pure Python (0.7 s for "bank of japan rates" on all of Reuters); the same set read block by block from
the postings, and combined with set operations, costs a few milliseconds. Queries this does not know
(phrases, fuzzy terms, ranges) are asked of Whoosh's own matchers, as `Searcher.docs_for_query` does.
"""

from __future__ import annotations

import bisect
import copy
from collections.abc import Iterable
from typing import Any

from whoosh import query
from whoosh.matching import ListMatcher, Matcher, wrappers
from whoosh.searching import Searcher

from search.query import ScoreOnly
from search.schema import BRIEFING_FIELDS
from search.store import segment_key


def matching_documents(searcher: Searcher, q: query.Query) -> set[int]:
    """The (top searcher's) document numbers `q` matches, deleted documents left out."""
    found: set[int] = set()
    for segment, offset in searcher.leaf_searchers():
        local = _matches(segment, q)
        found.update(local if not offset else map(offset.__add__, local))
    return found


def per_briefing(q: query.Query) -> query.Query:
    """`q` with each part that filters on briefing-level fields only (`schema.BRIEFING_FIELDS`: entity,
    topic, quality, has, date, and NOT or OR of them) matching every card of the briefings it matches,
    as when each card carried them; the rest of `q` (its words, `kind:`, `outlet:`) is left as it is."""
    leaves = list(q.leaves())
    if leaves and all(leaf.field() in BRIEFING_FIELDS for leaf in leaves):
        return WholeBriefings(q)
    if isinstance(q, query.CompoundQuery):
        return _rebuilt(q, subqueries=[per_briefing(sub) for sub in q.subqueries])
    if isinstance(q, query.BinaryQuery):
        return _rebuilt(q, a=per_briefing(q.a), b=per_briefing(q.b))
    if isinstance(q, query.Not):
        return _rebuilt(q, query=per_briefing(q.query))
    if isinstance(q, query.WrappingQuery):
        return _rebuilt(q, child=per_briefing(q.child))
    return q


def _rebuilt(q: query.Query, **parts: Any) -> query.Query:
    """A copy of `q` with its parts replaced (Whoosh's own `apply` drops an OR's `scale`); `q` itself when
    none changed."""
    if all(_same(getattr(q, name), part) for name, part in parts.items()):
        return q
    rebuilt = copy.copy(q)
    for name, part in parts.items():
        setattr(rebuilt, name, part)
    return rebuilt


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, list):
        return len(old) == len(new) and all(a is b for a, b in zip(old, new, strict=True))
    return old is new


class WholeBriefings(query.WrappingQuery):  # type: ignore[misc]
    """Every document of the briefings whose lead document `child` matches (it carries their briefing-level
    fields), scored 1 as a filter term was: a briefing's documents are consecutive in a segment, its lead
    first (`schema.documents`; merges keep the order), so each is the run up to the next lead."""

    def matcher(self, searcher: Searcher, context: Any = None) -> Matcher:
        found: list[int] = []
        for segment, offset in searcher.leaf_searchers():
            local = _whole_briefings(segment, _matches(segment, self.child))
            found.extend(local if not offset else map(offset.__add__, local))
        return ListMatcher(found)


def _whole_briefings(segment: Searcher, matched: set[int]) -> list[int]:
    """The documents of the briefings whose lead is among `matched` (other documents there are ignored)."""
    reader = segment.reader()
    leads = _leads(reader)
    ends = [*leads[1:], reader.doc_count_all()]
    found: list[int] = []
    for docnum in sorted(matched):
        number = bisect.bisect_left(leads, docnum)
        if number < len(leads) and leads[number] == docnum:
            found.extend(range(docnum, ends[number]))
    return found


_LEADS: dict[str, list[int]] = {}
"""Per segment (`store.segment_key`), its lead documents, deleted ones too (they end a run as well)."""
_LEADS_KEPT = 256


def _leads(reader: Any) -> list[int]:
    key = segment_key(reader)
    leads = _LEADS.get(key)
    if leads is None:
        if len(_LEADS) >= _LEADS_KEPT:
            _LEADS.clear()
        leads = _LEADS[key] = sorted(_postings_of(reader, "lead", True, deleted_too=True))
    return leads


def _matches(segment: Searcher, q: query.Query) -> set[int]:
    if isinstance(q, WholeBriefings):
        return set(_whole_briefings(segment, _matches(segment, q.child)))
    if isinstance(q, query.Term):
        return _postings(segment, q.fieldname, q.text)
    if isinstance(q, query.AndMaybe):  # the right side only adds to the score
        return _matches(segment, q.a)
    if isinstance(q, query.Require):
        return _all(segment, [q.a, q.b])
    if isinstance(q, query.AndNot):
        return _matches(segment, q.a) - _matches(segment, q.b)
    if isinstance(q, query.Not):
        return set(segment.reader().all_doc_ids()) - _matches(segment, q.query)
    if isinstance(q, query.Or):
        found: set[int] = set()
        for sub in q.subqueries:
            if not isinstance(sub, ScoreOnly):
                found |= _matches(segment, sub)
        return found
    if isinstance(q, query.And):
        return _all(segment, q.subqueries)
    if q is query.NullQuery:
        return set()
    return set(segment.docs_for_query(q))


def _all(segment: Searcher, subqueries: Iterable[query.Query]) -> set[int]:
    sets = sorted((_matches(segment, sub) for sub in subqueries), key=len)
    if not sets:
        return set()
    found = sets[0]
    for other in sets[1:]:
        found &= other
    return found


def _postings(segment: Searcher, fieldname: str, text: Any) -> set[int]:
    return _postings_of(segment.reader(), fieldname, text)


def _postings_of(reader: Any, fieldname: str, text: Any, *, deleted_too: bool = False) -> set[int]:
    """A term's documents, a block of ids at a time (Whoosh's matcher yields them one by one)."""
    if (fieldname, text) not in reader:
        return set()
    matcher = reader.postings(fieldname, text)
    deleted: set[int] | None = None
    if isinstance(matcher, wrappers.FilterMatcher) and getattr(matcher, "_exclude", False):
        deleted, matcher = set(matcher._ids), matcher.child
    if deleted_too:
        deleted = None
    if not hasattr(matcher, "_read_ids"):  # not a plain on-disk posting list: the generic way
        return set(matcher.all_ids()) - (deleted or set())
    found: set[int] = set()
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        found.update(matcher._ids)
        matcher._next_block()
    return found - deleted if deleted else found
