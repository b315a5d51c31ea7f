"""Where the library keeps its stories: `<library>/stories.sqlite3`, one SQLite file.

It holds the stories of two briefings or more (one JSON document, so reading them costs one row at any
library size) and, for every briefing placed, what grouping read of it (`StoryTerms`, its day and its
outlet), so the next ingest restores its `StoryIndex` from them instead of placing every briefing
again (minutes at 200,000). Both change in one transaction: a process killed midway leaves the file
as it was before, and briefings on disk but not in it are placed by the next ingest.

The file is derived data, like the catalog: one that cannot be read is a one-line warning naming it,
and the writer starts it again empty (the library's briefings are then placed again, the analyst's
choices, kept in `stories.yaml`, still applying). A story or a briefing's row that is not what it
should be is left out with a warning, the rest kept.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import math
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefings.errors import BriefingError, ParseError
from briefings.grouping import Duplicate, Join, Reason, Story
from briefings.story_terms import StoryTerms

STORE_FILE = "stories.sqlite3"
LOCK_FILE = ".stories.lock"
SCHEMA_VERSION = 2
"""2: story terms read with the flash, correction and name rules of the recall work; a store of 1 is placed
again once."""
MAX_STORIES_CHARS = 200_000_000
"""A stories document longer than this was not written by us (200,000 briefings in stories take
about 40 MB): the bound keeps a hostile file from filling memory."""
MAX_TERMS_CHARS = 5_000_000
_SCHEMA = """
CREATE TABLE IF NOT EXISTS placed (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, day INTEGER, outlet TEXT NOT NULL,
    terms TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class PlacedTerms:
    """A briefing as the store keeps it: what grouping read of it, its day (an ordinal) and outlet."""

    terms: StoryTerms
    day: int | None
    outlet: str = ""


@dataclass(frozen=True)
class StoredStories:
    stories: tuple[Story, ...]
    outlets: dict[str, str]
    """Each member's outlet ("" when unknown)."""
    warnings: tuple[str, ...] = ()


def store_path(library_root: Path) -> Path:
    return library_root / STORE_FILE


def read_stored(library_root: Path) -> StoredStories:
    """The stories kept, without what grouping read of each briefing; never raises."""
    path = store_path(library_root)
    if not path.exists():
        return StoredStories((), {})
    try:
        with _connected(path) as connection:
            text = _meta(connection, "stories")
            stories, warnings = _stories_from(text, path.name)
            members = [bid for story in stories for bid in story.briefing_ids]
            outlets = _outlets(connection, members)
    except (sqlite3.Error, OSError, ParseError) as error:
        return StoredStories((), {}, (f"{path.name}: {_one_line(error)}; no stories shown",))
    return StoredStories(stories, outlets, tuple(warnings))


class StoryStore:
    """The file, open for a change: held under an exclusive lock (fcntl, on a hidden file beside it) by
    `opened`, so two processes never write it at once. Nothing is written before `commit`."""

    def __init__(self, path: Path, connection: sqlite3.Connection, warnings: list[str]) -> None:
        self._path = path
        self._connection = connection
        self.warnings = warnings

    def start_again(self, problem: BaseException) -> None:
        """The file found damaged while reading it: started again empty, with a warning naming it."""
        self._connection.close()
        self._connection = _started_again(self._path, _one_line(problem), self.warnings)

    def close(self) -> None:
        """Uncommitted changes rolled back."""
        self._connection.rollback()
        self._connection.close()

    @property
    def generation(self) -> int:
        """Counts the commits: an index restored at one generation is current while it holds."""
        try:
            value = _meta(self._connection, "generation") or ""
        except ParseError:
            value = ""
        return int(value) if value.isdigit() and len(value) < 20 else 0

    def placed_ids(self) -> set[str]:
        return {row[0] for row in self._connection.execute("SELECT id FROM placed")}

    def placed(self) -> Iterator[PlacedTerms]:
        """Every briefing kept, in the order they arrived; a damaged row is a warning and left out (the
        catch-up then places that briefing again)."""
        bad = 0
        for briefing_id, day, outlet, text in self._connection.execute(
                "SELECT id, day, outlet, terms FROM placed ORDER BY seq"):
            try:
                yield PlacedTerms(_terms_from(briefing_id, text), _day(day), str(outlet))
            except (ParseError, ValueError, TypeError, RecursionError):
                bad += 1
        if bad:
            self.warnings.append(f"{STORE_FILE}: {bad} briefing(s) kept unreadably; placed again")

    def stories(self) -> tuple[Story, ...]:
        stories, warnings = _stories_from(_meta(self._connection, "stories"), STORE_FILE)
        self.warnings.extend(warnings)
        return stories

    def put(self, placed: Iterable[PlacedTerms]) -> None:
        self._connection.executemany(
            "INSERT INTO placed (id, day, outlet, terms) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE "
            "SET day = excluded.day, outlet = excluded.outlet, terms = excluded.terms",
            ((item.terms.briefing_id, item.day, item.outlet, _terms_text(item.terms)) for item in placed))

    def forget(self, briefing_ids: Iterable[str]) -> None:
        self._connection.executemany("DELETE FROM placed WHERE id = ?", ((bid,) for bid in briefing_ids))

    def clear(self) -> None:
        self._connection.execute("DELETE FROM placed")

    def commit(self, stories: Iterable[Story]) -> None:
        """The stories of two briefings or more, with every `put` and `forget` since, in one transaction."""
        document = json.dumps([_story_data(story) for story in stories if len(story.briefing_ids) > 1],
                              separators=(",", ":"), ensure_ascii=False)
        self._connection.executemany(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
            (("stories", document), ("generation", str(self.generation + 1)),
             ("schema_version", str(SCHEMA_VERSION))))
        self._connection.commit()


@contextlib.contextmanager
def opened(library_root: Path) -> Iterator[StoryStore]:
    """The store, locked for this change; a file that cannot be read (damaged, another program's, a newer
    schema) is started again empty, with a warning naming it. Uncommitted changes are rolled back."""
    path = store_path(library_root)
    descriptor = os.open(library_root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        warnings: list[str] = []
        store = StoryStore(path, _writable(path, warnings), warnings)
        try:
            yield store
        except sqlite3.Error as error:  # disk full, a file damaged under us: one line, never a traceback
            raise BriefingError(f"{path.name}: {_one_line(error)}") from None
        finally:
            store.close()
    finally:
        os.close(descriptor)


def _writable(path: Path, warnings: list[str]) -> sqlite3.Connection:
    try:
        connection = _connect(path)
        version = _meta(connection, "schema_version")
        if version in (None, str(SCHEMA_VERSION)):
            return connection
        connection.close()
        problem = f"schema {version[:20]!r} is not this version's ({SCHEMA_VERSION})"
    except (sqlite3.Error, OSError) as error:
        problem = _one_line(error)
    return _started_again(path, problem, warnings)


def _started_again(path: Path, problem: str, warnings: list[str]) -> sqlite3.Connection:
    """A new empty file in place of one that cannot be read; BriefingError when none can be made (a
    folder of that name, a file we may not replace)."""
    warnings.append(f"{path.name}: {problem}; started again, every briefing placed again")
    try:
        for leftover in (path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
            leftover.unlink(missing_ok=True)
        return _connect(path)
    except (OSError, sqlite3.Error) as error:
        raise BriefingError(f"{path.name}: cannot be started again ({_one_line(error)})") from None


def _connect(path: Path) -> sqlite3.Connection:
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))  # private, as the library; WAL files copy it
    connection = sqlite3.connect(path, timeout=30, check_same_thread=False)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.executescript(_SCHEMA)
    except sqlite3.Error:
        connection.close()
        raise
    return connection


@contextlib.contextmanager
def _connected(path: Path) -> Iterator[sqlite3.Connection]:
    """Read only; on read-only media as an unchanging file (SQLite could not make its shared-memory file
    beside it), which it is there."""
    unchanging = "&immutable=1" if not os.access(path.parent, os.W_OK) else ""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro{unchanging}", uri=True, timeout=30)
    try:
        yield connection
    finally:
        connection.close()


def _meta(connection: sqlite3.Connection, key: str) -> str | None:
    """The value, or None; one longer than MAX_STORIES_CHARS is refused (ParseError) before it is read."""
    row = connection.execute("SELECT length(value), typeof(value) FROM meta WHERE key = ?", (key,)).fetchone()
    if row is None:
        return None
    if row[1] != "text" or row[0] > MAX_STORIES_CHARS:
        raise ParseError(f"'{key}' is not text or is too large ({row[0]:,} characters)")
    value = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0]
    return str(value)


def _stories_from(text: str | None, name: str) -> tuple[tuple[Story, ...], list[str]]:
    """The stories of the document; each one that is not a story is a warning and left out, as is a
    briefing a story before it already holds."""
    if text is None:
        return (), []
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ParseError(f"stories are not JSON ({_one_line(error)})") from None
    if not isinstance(data, list):
        raise ParseError("stories are not a list")
    stories: list[Story] = []
    warnings: list[str] = []
    seen: set[str] = set()
    for number, item in enumerate(data, 1):
        try:
            story = _story_from(item)
        except (ParseError, TypeError, ValueError) as error:
            warnings.append(f"{name}: story {number} left out ({_one_line(error)})")
            continue
        if len(story.briefing_ids) < 2 or story.id != story.briefing_ids[0] or seen & set(story.briefing_ids):
            warnings.append(f"{name}: story {number} left out (its briefings do not make a story)")
            continue
        seen.update(story.briefing_ids)
        stories.append(story)
    return tuple(stories), warnings


def _story_data(story: Story) -> dict[str, Any]:
    """A story in few characters (a large library keeps thousands): its id is its first briefing's."""
    return {"ids": list(story.briefing_ids),
            "joins": [[join.briefing_id, join.matched, list(join.reason.entities), list(join.reason.terms),
                       join.reason.days_apart, join.reason.similarity, join.reason.forced]
                      for join in story.joins],
            "duplicates": [[dup.briefing_id, dup.of, dup.similarity] for dup in story.duplicates]}


def _story_from(item: Any) -> Story:
    """The story `_story_data` wrote; ParseError (or TypeError, ValueError) when any part is not of its type
    (read by hand: the generic `serialize.from_data` took 0.5 s for 6,000 stories)."""
    if not isinstance(item, dict) or set(item) != {"ids", "joins", "duplicates"}:
        raise ParseError("not a story's fields")
    ids = _texts(item["ids"])
    joins = []
    for briefing_id, matched, entities, terms, days, similarity, forced in _listed(item["joins"]):
        if not (_is_count(days, 0) or days is None) or not isinstance(forced, bool):
            raise ParseError("a join's days or choice is not of its type")
        reason = Reason(_texts(entities), _texts(terms), days, _number(similarity), forced)
        joins.append(Join(_text(briefing_id), _text(matched), reason))
    duplicates = tuple(Duplicate(_text(briefing_id), _text(of), _number(similarity))
                       for briefing_id, of, similarity in _listed(item["duplicates"]))
    return Story(ids[0] if ids else "", ids, tuple(joins), duplicates)


def _listed(value: Any) -> list[Any]:
    if not isinstance(value, list) or not all(isinstance(item, list) for item in value):
        raise ParseError("not a list of lists")
    return value


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ParseError("not a list of text")
    return tuple(_text(item) for item in value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ParseError(f"expected text, got {type(value).__name__}")
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ParseError(f"expected a number, got {str(value)[:20]}")
    return float(value)


def _outlets(connection: sqlite3.Connection, members: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for start in range(0, len(members), 500):
        chunk = members[start:start + 500]
        marks = ",".join("?" * len(chunk))
        found.update((str(bid), str(outlet)) for bid, outlet in connection.execute(
            f"SELECT id, outlet FROM placed WHERE id IN ({marks})", chunk))
    return found


def _terms_text(terms: StoryTerms) -> str:
    return json.dumps({"title": terms.title, "counts": dict(terms.counts), "names": dict(terms.names),
                       "words": terms.words, "has_text": terms.has_text,
                       "title_terms": sorted(terms.title_terms), "lead": terms.lead},
                      separators=(",", ":"), ensure_ascii=False)


def _terms_from(briefing_id: Any, text: Any) -> StoryTerms:
    """The StoryTerms a row keeps; ParseError when any field is not of its type."""
    if not isinstance(briefing_id, str) or not isinstance(text, str) or len(text) > MAX_TERMS_CHARS:
        raise ParseError("not a briefing's terms")
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ParseError("not a mapping")
    counts, names, title_terms = data.get("counts"), data.get("names"), data.get("title_terms")
    title, lead, words, has_text = (data.get(key) for key in ("title", "lead", "words", "has_text"))
    if not (isinstance(counts, dict) and all(_is_count(value) for value in counts.values())
            and isinstance(names, dict) and all(isinstance(value, str) for value in names.values())
            and isinstance(title_terms, list) and all(isinstance(term, str) for term in title_terms)
            and isinstance(title, str) and isinstance(lead, str) and isinstance(has_text, bool)
            and isinstance(words, int) and _is_count(words, 0)):
        raise ParseError("a field is not of its type")
    return StoryTerms(briefing_id, title, counts, names, words, has_text, frozenset(title_terms), lead)


def _is_count(value: Any, least: int = 1) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= least


def _day(value: Any) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or not 1 <= value <= 3_652_059:  # date.max.toordinal()
        raise ValueError("not a day")
    return value


def _one_line(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:200]
