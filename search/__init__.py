"""Full-text search over briefing cards, on Whoosh. Imports no textual or rich."""

from search.engine import SearchEngine, WhooshEngine
from search.errors import IndexLocked, SearchError
from search.ingest import ingest, resplit
from search.related import briefings_mentioning, complete, more_like_this
from search.results import Hit, SearchResults, group_by_briefing, results_to_data, search, warm
from search.store import SearchIndex, default_index_dir

__all__ = [
    "Hit",
    "IndexLocked",
    "SearchEngine",
    "SearchError",
    "SearchIndex",
    "SearchResults",
    "WhooshEngine",
    "briefings_mentioning",
    "complete",
    "default_index_dir",
    "group_by_briefing",
    "ingest",
    "more_like_this",
    "resplit",
    "results_to_data",
    "search",
    "warm",
]
