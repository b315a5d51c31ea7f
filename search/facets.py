"""Facet counts for a query: card kind and outlet per matching card, entity and topic per briefing.

Whoosh's overlapping facets walk every posting of the field on each query (hundreds of
ms on a large index). Here each segment's packed facet column is decoded once into a
table (segments never change once written), and a query only counts rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import chain
from typing import Any

from whoosh.searching import Searcher

from search.schema import unpack_facets
from search.store import SearchIndex

Row = tuple[str, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]
FACET_NAMES = ("kind", "outlet", "entity", "topic")
SHOWN = 30
"""Values kept per facet, most frequent first: a menu of filters, not a report."""


def count(index: SearchIndex, searcher: Searcher, docnums: Iterable[int]) -> dict[str, list[tuple[str, int]]]:
    table = index.cached("facet-table", lambda s: _table(index, s))
    rows = [table[d] for d in docnums]
    per_card = Counter(chain.from_iterable(row[1] for row in rows))
    per_briefing = Counter(chain.from_iterable({row[0]: row[2] for row in rows}.values()))
    tallies: dict[str, list[tuple[str, int]]] = {name: [] for name in FACET_NAMES}
    for (name, value), n in sorted((per_card + per_briefing).items(), key=lambda item: (-item[1], item[0])):
        if len(tallies[name]) < SHOWN:
            tallies[name].append((value, n))
    return tallies


def _table(index: SearchIndex, searcher: Searcher) -> list[Row]:
    """One row per document number of the searcher, built from per-segment tables kept across commits."""
    memo: dict[str, list[Row]] = index.memo.setdefault("facet-segments", {})
    table: list[Row] = []
    current = set()
    for segment_reader, _base in searcher.reader().leaf_readers():
        key = _segment_key(segment_reader)
        current.add(key)
        if key not in memo:
            memo[key] = _segment_rows(segment_reader)
        table.extend(memo[key])
    for stale in set(memo) - current:
        del memo[stale]
    return table


def _segment_key(reader: Any) -> str:
    segment = reader.segment()
    return f"{segment.segment_id()}:{reader.doc_count_all()}"


def _segment_rows(reader: Any) -> list[Row]:
    ids = reader.column_reader("briefing")
    packed = reader.column_reader("facets")
    interned: dict[Any, Any] = {}
    rows: list[Row] = []
    for docnum in range(reader.doc_count_all()):
        card, briefing = unpack_facets(packed[docnum])
        card = interned.setdefault(card, card)
        briefing = interned.setdefault(briefing, briefing)
        rows.append((ids[docnum], card, briefing))
    return rows
