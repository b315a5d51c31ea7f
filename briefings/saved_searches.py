"""Saved searches: a named query (with its filters) an analyst follows, and how many of its briefings are
unread or new since it was last looked at.

One YAML file per user per library, beside the reader's state (`user_state_dir`): what a person follows is
theirs, as their read marks are. Written atomically; read as plain data, tolerating anything odd in it: a
damaged file is named in one line and nothing is saved over it; an odd entry is left out, an odd field of
an entry degrades that field only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from briefings.errors import BriefingError, ParseError
from briefings.files import write_atomic
from briefings.library import Library, make_user_library_dir, user_state_dir
from briefings.safe_yaml import dump_yaml, load_yaml_file

SAVED_FILE = "saved-searches.yaml"
VERSION = 1
MAX_SAVED_BYTES = 5_000_000
"""Far above any real list of searches; the bound keeps a hostile file from filling memory."""
MAX_NAME = 80
MOST_CARDS_COUNTED = 200_000
"""Matches counted per search: the counts stay exact for any library this reader is meant for."""


@dataclass(frozen=True)
class SavedSearch:
    name: str
    query: str
    filters: tuple[tuple[str, str], ...] = ()
    """(field, value) pairs, as the reader's filter chips and `SearchEngine.search(filters=...)` take them."""
    created: dt.datetime | None = None
    last_viewed: dt.datetime | None = None
    """When the analyst last opened it: what matched and arrived later is new."""


@dataclass(frozen=True)
class SavedSearches:
    searches: tuple[SavedSearch, ...]
    problems: tuple[str, ...] = ()
    """One line each, naming the file: what was left out, or why nothing could be read."""
    readable: bool = True
    """False when the file as a whole could not be read: it must not be written over."""

    def named(self, name: str) -> SavedSearch:
        for found in self.searches:
            if found.name == name:
                return found
        known = ", ".join(s.name for s in self.searches) or "none yet"
        raise BriefingError(f"no saved search named {name!r} (saved: {known})")


@dataclass(frozen=True)
class Counts:
    total: int
    """Briefings matching the search."""
    unread: int
    new: int
    """Unread matches that arrived after the search was last viewed (all unread ones, never viewed)."""


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def saved_path(library_root: Path) -> Path:
    return user_state_dir(library_root) / SAVED_FILE


def load(library_root: Path) -> SavedSearches:
    path = saved_path(library_root)
    try:
        data = load_yaml_file(path, MAX_SAVED_BYTES)
    except FileNotFoundError:
        return SavedSearches(())
    except ParseError as error:
        return _unreadable(path, str(error))
    if data is None:
        return SavedSearches(())
    entries = data.get("searches") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return _unreadable(path, "it has no list of searches")
    searches: list[SavedSearch] = []
    problems: list[str] = []
    for number, entry in enumerate(entries, 1):
        found, problem = _from_data(entry)
        if problem:
            problems.append(f"{path}: search {number} {problem}")
        if found is not None and all(s.name != found.name for s in searches):
            searches.append(found)
    return SavedSearches(tuple(searches), tuple(problems))


def write(library_root: Path, searches: Iterable[SavedSearch]) -> None:
    """Raises OSError when the state folder cannot be written."""
    folder = make_user_library_dir(user_state_dir(library_root), library_root)
    data = {"version": VERSION, "searches": [_to_data(s) for s in searches]}
    write_atomic(folder / SAVED_FILE, dump_yaml(data))


def load_for_change(library_root: Path) -> SavedSearches:
    """The searches, before adding, removing or marking one viewed: a file that could not be read is
    left for a person to look at, not replaced by what this change would write."""
    saved = load(library_root)
    if not saved.readable:
        raise BriefingError(f"{saved.problems[0]}; fix or remove it first")
    return saved


def checked_name(name: str, saved: SavedSearches) -> str:
    """The name as it will be kept; BriefingError (one line) for one that cannot be a name."""
    cleaned = name.strip()
    if not cleaned:
        raise BriefingError("a saved search needs a name")
    if len(cleaned) > MAX_NAME:
        raise BriefingError(f"a saved search's name is at most {MAX_NAME} characters")
    if any(not ch.isprintable() for ch in cleaned):
        raise BriefingError("a saved search's name cannot hold control characters")
    if any(s.name == cleaned for s in saved.searches):
        raise BriefingError(f"a saved search named {cleaned!r} exists already")
    return cleaned


def added(saved: SavedSearches, name: str, query: str, filters: Mapping[str, str] | None = None,
          *, now: dt.datetime | None = None) -> tuple[SavedSearch, ...]:
    if not query.strip() and not filters:
        raise BriefingError("a saved search needs a query")
    filter_pairs = tuple(sorted((filters or {}).items()))
    new = SavedSearch(checked_name(name, saved), " ".join(query.split()), filter_pairs,
                      created=now or now_utc())
    return (*saved.searches, new)


def removed(saved: SavedSearches, name: str) -> tuple[SavedSearch, ...]:
    gone = saved.named(name)
    return tuple(s for s in saved.searches if s is not gone)


def viewed(saved: SavedSearches, name: str, *, now: dt.datetime | None = None) -> tuple[SavedSearch, ...]:
    seen = saved.named(name)
    return tuple(replace(s, last_viewed=now or now_utc()) if s is seen else s for s in saved.searches)


# Counting -----------------------------------------------------------------------------------------


class _Hit(Protocol):
    @property
    def briefing_id(self) -> str: ...


class _Results(Protocol):
    @property
    def hits(self) -> Sequence[_Hit]: ...
    @property
    def total(self) -> int: ...
    @property
    def error_line(self) -> str | None: ...


class Searcher(Protocol):
    """What counting asks of a search engine (`search.SearchEngine` answers it)."""

    def search(self, text: str, *, filters: Mapping[str, str] | None = None, limit: int = 20, page: int = 1,
               sort: str = "relevance", as_you_type: bool = False, facets: bool | None = None,
               complete_last: bool | None = None) -> _Results: ...


def matching_briefings(engine: Searcher, search: SavedSearch) -> set[str]:
    """The ids of the briefings the search matches; BriefingError (one line) for a query with a mistake."""
    filters = dict(search.filters)
    first = engine.search(search.query, filters=filters, limit=1, facets=False, complete_last=False)
    if first.error_line:
        raise BriefingError(first.error_line)
    if first.total <= 1:
        return {hit.briefing_id for hit in first.hits}
    every = engine.search(search.query, filters=filters, limit=min(first.total, MOST_CARDS_COUNTED),
                          facets=False, complete_last=False)
    return {hit.briefing_id for hit in every.hits}


def arrived(library: Library, briefing_id: str) -> dt.datetime | None:
    """When the briefing's current version was saved (a story that arrived again is new again); None when
    the library no longer has it."""
    try:
        return library.versions(briefing_id)[-1].saved_at
    except KeyError:
        return None


def count(search: SavedSearch, matching: set[str], read: set[str],
          arrived: Callable[[str], dt.datetime | None]) -> Counts:
    """`arrived` says when a briefing's current version was saved (None: unknown, counted as new)."""
    unread = matching - read
    last = search.last_viewed
    new = unread if last is None else {i for i in unread if (when := arrived(i)) is None or when > last}
    return Counts(len(matching), len(unread), len(new))


# Data ----------------------------------------------------------------------------------------------


def _unreadable(path: Path, reason: str) -> SavedSearches:
    return SavedSearches((), (f"Reading saved searches in {path} failed: {reason}",), readable=False)


def _to_data(search: SavedSearch) -> dict[str, Any]:
    return {"name": search.name, "query": search.query, "filters": dict(search.filters),
            "created": _time_text(search.created), "last_viewed": _time_text(search.last_viewed)}


def _from_data(entry: Any) -> tuple[SavedSearch | None, str]:
    """The search an entry holds, or None; and what was odd in it ("" when nothing)."""
    if not isinstance(entry, dict):
        return None, "is not a mapping; left out"
    name, query = entry.get("name"), entry.get("query")
    if not isinstance(name, str) or not name.strip() or not isinstance(query, str):
        return None, "has no name or no query; left out"
    odd: list[str] = []
    filters = entry.get("filters") or {}
    if not isinstance(filters, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                for k, v in filters.items()):
        odd.append("filters")
        filters = {}
    created, last_viewed = _time(entry.get("created")), _time(entry.get("last_viewed"))
    odd += [key for key, parsed in (("created", created), ("last_viewed", last_viewed))
            if entry.get(key) is not None and parsed is None]
    found = SavedSearch(name.strip(), query, tuple(sorted(filters.items())), created, last_viewed)
    return found, f"({name.strip()!r}): its {', '.join(odd)} could not be read; left out" if odd else ""


def _time(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):  # YAML reads an unquoted timestamp itself
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _time_text(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None
