"""Facet counts for a query: card kind and outlet per matching card; entity, topic and quality flag
per briefing.

Whoosh's overlapping facets walk every posting of the field on each query (hundreds of
ms on a large index). Here each segment's packed facet column is read once into a list
(segments never change once written), a query counts the packed values of its matches
in C (Counter), and only distinct values are decoded, remembered across queries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import chain

from whoosh.searching import Searcher

from search.schema import unpack_facets
from search.store import SearchIndex, leaf_readers, segment_key

FACET_NAMES = ("kind", "outlet", "entity", "topic", "quality")
SHOWN = 30
"""Values kept per facet, most frequent first: a menu of filters, not a report."""
DECODED_LIMIT = 250_000
"""Decoded values remembered; beyond this the memory is cleared rather than grown."""


def count(index: SearchIndex, searcher: Searcher, docnums: Iterable[int]) -> dict[str, list[tuple[str, int]]]:
    table: list[bytes] = index.cached("facet-table", lambda s: _table(index, s))
    decoded: dict[bytes, tuple[str, list[str], list[str]]] = index.memo.setdefault("facet-decoded", {})
    if len(decoded) > DECODED_LIMIT:
        decoded.clear()
    per_card: Counter[str] = Counter()
    briefings: dict[str, list[str]] = {}
    for packed, n in Counter(map(table.__getitem__, docnums)).items():
        if packed not in decoded:
            decoded[packed] = unpack_facets(packed)
        briefing_id, card_values, briefing_values = decoded[packed]
        for value in card_values:
            per_card[value] += n
        briefings[briefing_id] = briefing_values
    tallies: dict[str, list[tuple[str, int]]] = {name: [] for name in FACET_NAMES}
    merged = per_card + Counter(chain.from_iterable(briefings.values()))
    for key, n in sorted(merged.items(), key=lambda item: (-item[1], item[0])):
        name, value = key.split(":", 1)
        if len(tallies[name]) < SHOWN:
            tallies[name].append((value, n))
    return tallies


def _table(index: SearchIndex, searcher: Searcher) -> list[bytes]:
    """Packed facets by document number, from per-segment lists kept across commits."""
    memo: dict[str, list[bytes]] = index.memo.setdefault("facet-segments", {})
    table: list[bytes] = []
    current = set()
    for segment_reader in leaf_readers(searcher):
        key = segment_key(segment_reader)
        current.add(key)
        if key not in memo:
            memo[key] = list(segment_reader.column_reader("facets"))
        table.extend(memo[key])
    for stale in set(memo) - current:
        del memo[stale]
    return table
