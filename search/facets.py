"""Facet counts for a query: card kind and outlet per matching card; entity, topic and quality flag
per briefing.

A card of outlets' paragraphs is several documents (`search.schema.passages`): it counts once, for its
kind and for each outlet of its paragraphs that matched, so `outlet:bloomberg` added to the query
finds as many cards as the outlet facet said.

Whoosh's overlapping facets walk every posting of the field on each query (hundreds of
ms on a large index). Here each segment's packed facet column is read once into a list
(segments never change once written), a query counts the packed values of its matches
in C (Counter), and only distinct values are decoded, remembered across queries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import chain
from typing import Any, TypeVar

from whoosh.searching import Searcher

from search.schema import shared_card, unpack_facets
from search.store import SearchIndex, leaf_readers, segment_key

FACET_NAMES = ("kind", "outlet", "entity", "topic", "quality")
SHOWN = 30
"""Values kept per facet, most frequent first: a menu of filters, not a report."""
DECODED_LIMIT = 250_000
"""Decoded values remembered; beyond this the memory is cleared rather than grown."""
T = TypeVar("T")


@dataclass(frozen=True)
class BriefingMatches:
    """What a query matched in one briefing, for results by story (`search.by_story`)."""

    cards: int
    """Its matching cards (a card whose paragraphs match counts once)."""
    outlets: frozenset[str] = frozenset()
    """The outlet facet values of those cards, as the index keeps them ("bloomberg")."""


def count(index: SearchIndex, searcher: Searcher, docnums: Iterable[int]) -> dict[str, list[tuple[str, int]]]:
    return count_with_briefings(index, searcher, docnums)[0]


def count_with_briefings(index: SearchIndex, searcher: Searcher, docnums: Iterable[int]
                         ) -> tuple[dict[str, list[tuple[str, int]]], dict[str, BriefingMatches]]:
    """The facets, and each matching briefing's matches: one pass over the same decoded values."""
    table: list[bytes] = index.cached("facet-table", lambda s: _packed(index, s))
    decoded: dict[bytes, tuple[str, list[str], list[str], str]] = index.memo.setdefault("facet-decoded", {})
    if len(decoded) > DECODED_LIMIT:
        decoded.clear()
    per_card: Counter[str] = Counter()
    shared_cards: dict[tuple[str, str], set[str]] = {}
    briefings: dict[str, list[str]] = {}
    whole_cards: Counter[str] = Counter()
    outlets: dict[str, set[str]] = {}
    for packed, n in Counter(map(table.__getitem__, docnums)).items():
        if packed not in decoded:
            decoded[packed] = unpack_facets(packed)
        briefing_id, card_values, briefing_values, shared = decoded[packed]
        if shared:  # a paragraph: its card counts once, with the outlets of every paragraph that matched
            shared_cards.setdefault((briefing_id, shared), set()).update(card_values)
        else:
            for value in card_values:
                per_card[value] += n
            whole_cards[briefing_id] += n
        briefings[briefing_id] = briefing_values
        if len(card_values) > 1:  # the kind, then the outlets (`pack_facets`)
            outlets.setdefault(briefing_id, set()).update(card_values[1:])
    per_card.update(chain.from_iterable(shared_cards.values()))
    whole_cards.update(briefing_id for briefing_id, _card in shared_cards)
    named = {briefing_id: frozenset(value[len(OUTLET):] for value in values)
             for briefing_id, values in outlets.items()}
    matches = {briefing_id: BriefingMatches(whole_cards[briefing_id], named.get(briefing_id, frozenset()))
               for briefing_id in briefings}
    return tally(per_card + Counter(chain.from_iterable(briefings.values()))), matches


OUTLET = "outlet:"


def tally(counts: Mapping[str, int]) -> dict[str, list[tuple[str, int]]]:
    """"name:value" counts as each facet's SHOWN most frequent values (ties by value), whatever the engine."""
    tallies: dict[str, list[tuple[str, int]]] = {name: [] for name in FACET_NAMES}
    for key, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        name, value = key.split(":", 1)
        if len(tallies[name]) < SHOWN:
            tallies[name].append((value, n))
    return tallies


def card_keys(index: SearchIndex, searcher: Searcher) -> list[bytes | None]:
    """By document number, the card a paragraph's document shares with the others of its card (None for
    a document that is its card), so a search keeps one hit per card."""
    def read(segment_reader: Any) -> list[bytes | None]:
        return [shared_card(packed) for packed in _column(index, segment_reader)]

    return index.cached(  # type: ignore[no-any-return]
        "card-keys", lambda searcher: _per_segment(index, searcher, "card-key-segments", read))


def _packed(index: SearchIndex, searcher: Searcher) -> list[bytes]:
    """Packed facets by document number."""
    return _per_segment(index, searcher, "facet-segments", lambda reader: _column(index, reader))


def _column(index: SearchIndex, segment_reader: Any) -> list[bytes]:
    remembered: dict[str, list[bytes]] = index.memo.get("facet-segments", {})
    return remembered.get(segment_key(segment_reader)) or list(segment_reader.column_reader("facets"))


def _per_segment(index: SearchIndex, searcher: Searcher, name: str,
                 read: Callable[[Any], list[T]]) -> list[T]:
    """A table by document number, from per-segment lists kept across commits in `index.memo[name]`."""
    memo: dict[str, list[T]] = index.memo.setdefault(name, {})
    table: list[T] = []
    current = set()
    for segment_reader in leaf_readers(searcher):
        key = segment_key(segment_reader)
        current.add(key)
        if key not in memo:
            memo[key] = read(segment_reader)
        table.extend(memo[key])
    for stale in set(memo) - current:
        del memo[stale]
    return table
