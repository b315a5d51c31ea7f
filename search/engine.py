"""One search interface for the reader and `briefing search`, whichever engine answers it.

The reader and the command line ask an engine only what `SearchEngine` lists, so any engine that passes
the contract suite (tests/contract/) can stand in for the library's own Whoosh index: Tantivy does
(search/engines/tantivy_engine.py, an optional extra), and a team archive could put a search server
behind the same methods. Queries mean the same on every engine: our parser reads them (`search.query`),
and results are the same frozen `SearchResults`, fragments as (text, is_match) spans.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Protocol

from briefings.model import Briefing
from search import related
from search import results as whoosh_search
from search.results import SearchResults
from search.store import SearchIndex

Facets = dict[str, list[tuple[str, int]]]
"""Facet name -> (value, count), most frequent first: kind and outlet count cards, entity, topic and
quality count briefings."""
Mention = tuple[str, str, dt.date | None]
"""(briefing id, title, date) of a briefing naming an entity."""
EntityCount = tuple[str, int]
"""(main name, lowercased as the index keeps it; how many briefings name the entity)."""


class SearchEngine(Protocol):
    """What the reader and the command line ask of a search engine, and no more."""

    @property
    def pending(self) -> int:
        """Briefings the library has that the engine does not search yet (0 once caught up)."""
        ...

    def index(self, briefings: Iterable[Briefing]) -> None:
        """Add or replace briefings: a briefing indexed again replaces all its cards."""
        ...

    def delete(self, ids: Iterable[str]) -> None:
        """Remove briefings (every card of each); ids the engine lacks are ignored."""
        ...

    def search(self, text: str, *, filters: Mapping[str, str] | None = None, limit: int = 20, page: int = 1,
               sort: str = "relevance", as_you_type: bool = False, facets: bool | None = None,
               complete_last: bool | None = None, archived: bool = False) -> SearchResults:
        """Cards matching `text` (our query language) and `filters` (field -> value, exact), best or
        (`sort="date"`) newest first; never raises for what a user typed: a query with a mistake has no
        hits and an `error`. `total` is exact unless `as_you_type` (then the top hits come first, fast);
        `complete_last` lets an unfinished last word stand for its most frequent completions;
        `archived` searches the archived briefings (`briefings.archive`) too, which are otherwise left
        out."""
        ...

    def facets(self, text: str, *, filters: Mapping[str, str] | None = None) -> Facets:
        """Exact facet counts over every match ({} for a query with a mistake: its search names it)."""
        ...

    def complete(self, prefix: str, limit: int = 8) -> list[str]:
        """Words of the library starting with `prefix`, most frequent first."""
        ...

    def briefings_mentioning(self, entity_name: str, *, exclude: str | None = None,
                             limit: int = 200) -> list[Mention]:
        """Briefings naming an entity (or one of its aliases), newest first, undated last."""
        ...

    def entity_counts(self) -> list[EntityCount]:
        """Every entity the library names, with how many briefings name it, most first (ties by name):
        for "Go to entity" over the whole library; several hundred milliseconds at 20,000 briefings."""
        ...

    def close(self) -> None:
        """Release what the engine holds open; it is not used afterwards."""
        ...


class WhooshEngine:
    """The library's own index (Whoosh, beside the library) behind `SearchEngine`: each method is the
    search layer's function of the same name. Syncing with the library (`SearchIndex.open`, `reconcile`,
    `search.ingest`) stays with the `SearchIndex`, which `store` holds."""

    def __init__(self, store: SearchIndex) -> None:
        self.store = store

    @property
    def pending(self) -> int:
        return self.store.pending

    def index(self, briefings: Iterable[Briefing]) -> None:
        self.store.update(briefings)

    def delete(self, ids: Iterable[str]) -> None:
        self.store.delete(ids)

    def search(self, text: str, *, filters: Mapping[str, str] | None = None, limit: int = 20, page: int = 1,
               sort: str = "relevance", as_you_type: bool = False, facets: bool | None = None,
               complete_last: bool | None = None, archived: bool = False) -> SearchResults:
        return whoosh_search.search(self.store, text, filters=filters, limit=limit, page=page, sort=sort,
                                    as_you_type=as_you_type, facets=facets, complete_last=complete_last,
                                    archived=archived)

    def facets(self, text: str, *, filters: Mapping[str, str] | None = None) -> Facets:
        # Every match is counted whatever the page size, so one hit is all the search needs to fetch.
        return self.search(text, filters=filters, limit=1, facets=True).facets

    def complete(self, prefix: str, limit: int = 8) -> list[str]:
        return related.complete(self.store, prefix, limit)

    def briefings_mentioning(self, entity_name: str, *, exclude: str | None = None,
                             limit: int = 200) -> list[Mention]:
        return related.briefings_mentioning(self.store, entity_name, exclude=exclude, limit=limit)

    def entity_counts(self) -> list[EntityCount]:
        return related.entity_counts(self.store)

    def close(self) -> None:
        self.store.close()
