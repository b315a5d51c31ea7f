"""Where the library keeps its stories: `<library>/stories.sqlite3`, one SQLite file.

It holds the stories of two briefings or more (one JSON document, so reading them costs one row at any
library size) and, for every briefing placed, what grouping read of it (`StoryTerms`, its day and its
outlet), so the next ingest restores its `StoryIndex` from them instead of placing every briefing
again (minutes at 200,000). It restores lazily (`StoryIndex.restore_lazily`, the store its
`PlacedSource`): the briefings' ids, the document frequencies of their terms (table `df`, kept at
every commit) and the stories are read at once; a briefing's terms only when a placement reads its
day (rows indexed by day) or its id, and recurring headlines are looked up by their key (indexed).
Everything changes in one transaction: a process killed midway leaves the file as it was before,
and briefings on disk but not in it are placed by the next ingest.

The file is derived data, like the catalog: one that cannot be read is a one-line warning naming it,
and the writer starts it again empty (the library's briefings are then placed again, the analyst's
choices, kept in `stories.yaml`, still applying), as is one whose `df` table is not counts. A story
that is not what it should be is left out with a warning, the rest kept; a briefing's row, found when
a placement reads it, is a warning and that briefing is placed again (`unreadable`).
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
from briefings.grouping import Duplicate, Join, Reason, Story, headline_key
from briefings.story_terms import StoryTerms

STORE_FILE = "stories.sqlite3"
LOCK_FILE = ".stories.lock"
SCHEMA_VERSION = 4
"""2: story terms read with the flash, correction and name rules of the recall work; 3: rows indexed by
day and headline, document frequencies kept (a lazy restore); 4: a headline's dates read as dates
("june-25"), not figures. A store of another version is placed again once."""
MAX_STORIES_CHARS = 200_000_000
"""A stories document longer than this was not written by us (200,000 briefings in stories take
about 40 MB): the bound keeps a hostile file from filling memory."""
MAX_TERMS_CHARS = 5_000_000
_STORY_FIELDS = {"ids", "outlets", "joins", "duplicates"}
_SCHEMA = """
CREATE TABLE IF NOT EXISTS placed (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, day INTEGER, outlet TEXT NOT NULL,
    headline TEXT NOT NULL, terms TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS placed_by_day ON placed (day);
CREATE INDEX IF NOT EXISTS placed_by_headline ON placed (headline, day);
CREATE TABLE IF NOT EXISTS df (term TEXT PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID;
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
            version = _version(connection)
            if version is None:  # a file being made (its tables come one by one): nothing placed yet
                return StoredStories((), {})
            if version != str(SCHEMA_VERSION):
                raise ParseError(f"schema {version[:20]!r} is not this version's ({SCHEMA_VERSION}); shown "
                                 "once the next ingest has placed them again")
            stories, outlets, warnings = _stories_from(_meta(connection, "stories"), path.name)
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
        self.unreadable: list[str] = []
        """Briefings whose rows were found damaged (read as terms of nothing), to be placed again; each
        noted once."""
        self._noted: set[str] = set()

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

    def placed_ids(self) -> list[str]:
        """Every briefing kept, in the order they arrived."""
        return [str(row[0]) for row in self._connection.execute("SELECT id FROM placed ORDER BY seq")]

    def document_frequencies(self, briefings: int) -> dict[str, int]:
        """How many of the `briefings` kept have each term; ParseError when a row is not a term and a
        count, or the table is not the one last committed for these briefings (rows added or lost)."""
        df = dict(self._connection.execute("SELECT term, count FROM df"))
        counted = _meta(self._connection, "counted") or "0 0"
        if counted != f"{briefings} {len(df)}":
            raise ParseError(f"document frequencies of other briefings ({counted[:40]!r}, not "
                             f"{briefings} briefings, {len(df)} terms)")
        if not all(isinstance(term, str) and _is_count(count) for term, count in df.items()):
            raise ParseError("document frequencies that are not counts")
        return df

    def note_misdated(self) -> None:
        """The briefings whose day is not a day noted `unreadable` (a read of the day index alone: no
        placement would ever read them)."""
        self._note(str(bid) for (bid,) in self._connection.execute(
            "SELECT id FROM placed INDEXED BY placed_by_day WHERE day IS NOT NULL "
            "AND NOT (typeof(day) = 'integer' AND day BETWEEN 1 AND 3652059)"))  # date.max.toordinal()

    def on_day(self, day: int) -> Iterator[tuple[StoryTerms, int | None]]:
        return self._rows("day = ?", [day])

    def of_ids(self, briefing_ids: list[str]) -> Iterator[tuple[StoryTerms, int | None]]:
        for start in range(0, len(briefing_ids), 500):
            chunk = briefing_ids[start:start + 500]
            yield from self._rows(f"id IN ({','.join('?' * len(chunk))})", chunk)

    def headline_days(self, headline: str, other_than: str) -> set[int]:
        return {day for (day,) in self._connection.execute(
            "SELECT DISTINCT day FROM placed WHERE headline = ? AND id != ? AND day IS NOT NULL LIMIT 3",
            (headline, other_than)) if isinstance(day, int)}

    def _rows(self, where: str, values: list[Any]) -> Iterator[tuple[StoryTerms, int | None]]:
        """The rows chosen, in arrival order; a damaged one is a warning, read as terms of nothing and
        noted `unreadable`."""
        for briefing_id, day, text in self._connection.execute(
                f"SELECT id, day, terms FROM placed WHERE {where} ORDER BY seq", values):
            try:
                yield _terms_from(briefing_id, text), _day(day)
            except (ParseError, ValueError, TypeError, RecursionError):
                self._note([str(briefing_id)])
                yield StoryTerms(str(briefing_id), "", {}, {}, 0), None

    def _note(self, briefing_ids: Iterable[str]) -> None:
        for briefing_id in briefing_ids:
            if briefing_id not in self._noted:
                self._noted.add(briefing_id)
                self.unreadable.append(briefing_id)

    def placed(self) -> Iterator[PlacedTerms]:
        """Every briefing kept, in the order they arrived, for a whole `StoryIndex.restore` (what the lazy
        one is measured and tested against); a damaged row is a warning and left out."""
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
        stories, _outlets_kept, warnings = _stories_from(_meta(self._connection, "stories"), STORE_FILE)
        self.warnings.extend(warnings)
        return stories

    def put(self, placed: Iterable[PlacedTerms]) -> None:
        self._connection.executemany(
            "INSERT INTO placed (id, day, outlet, headline, terms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) "
            "DO UPDATE SET day = excluded.day, outlet = excluded.outlet, headline = excluded.headline, "
            "terms = excluded.terms",
            ((item.terms.briefing_id, item.day, item.outlet, headline_key(item.terms),
              _terms_text(item.terms)) for item in placed))

    def forget(self, briefing_ids: Iterable[str]) -> None:
        self._connection.executemany("DELETE FROM placed WHERE id = ?", ((bid,) for bid in briefing_ids))

    def clear(self) -> None:
        self._connection.execute("DELETE FROM placed")
        self._connection.execute("DELETE FROM df")

    def commit(self, stories: Iterable[Story], df_changes: dict[str, int]) -> None:
        """The stories of two briefings or more and the document frequencies changed (0: gone), with
        every `put` and `forget` since, in one transaction."""
        self._connection.executemany("DELETE FROM df WHERE term = ?",
                                     ((term,) for term, count in df_changes.items() if not count))
        self._connection.executemany("INSERT OR REPLACE INTO df (term, count) VALUES (?, ?)",
                                     ((term, count) for term, count in df_changes.items() if count))
        grouped = [story for story in stories if len(story.briefing_ids) > 1]
        outlets = _outlets(self._connection, [bid for story in grouped for bid in story.briefing_ids])
        document = json.dumps([_story_data(story, outlets) for story in grouped],
                              separators=(",", ":"), ensure_ascii=False)
        self._connection.executemany(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
            (("stories", document), ("generation", str(self.generation + 1)),
             ("counted", " ".join(str(self._connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                                  for table in ("placed", "df"))),
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
        connection = _connect(path, schema=False)
        version = _version(connection)
        if version in (None, str(SCHEMA_VERSION)):
            connection.executescript(_SCHEMA)
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


def _connect(path: Path, *, schema: bool = True) -> sqlite3.Connection:
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))  # private, as the library; WAL files copy it
    connection = sqlite3.connect(path, timeout=30, check_same_thread=False)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        if schema:
            connection.executescript(_SCHEMA)
    except sqlite3.Error:
        connection.close()
        raise
    return connection


def _version(connection: sqlite3.Connection) -> str | None:
    """The file's schema version; None for a new file (no tables yet)."""
    if connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone() is None:
        return None
    return _meta(connection, "schema_version")


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


def _stories_from(text: str | None, name: str) -> tuple[tuple[Story, ...], dict[str, str], list[str]]:
    """The stories of the document; each one that is not a story is a warning and left out, as is a
    briefing a story before it already holds."""
    if text is None:
        return (), {}, []
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ParseError(f"stories are not JSON ({_one_line(error)})") from None
    if not isinstance(data, list):
        raise ParseError("stories are not a list")
    stories: list[Story] = []
    outlets: dict[str, str] = {}
    warnings: list[str] = []
    for number, item in enumerate(data, 1):
        try:
            story, their_outlets = _story_from(item)
        except (ParseError, TypeError, ValueError) as error:
            warnings.append(f"{name}: story {number} left out ({_one_line(error)})")
            continue
        if len(story.briefing_ids) < 2 or story.id != story.briefing_ids[0] or not outlets.keys().isdisjoint(
                story.briefing_ids):
            warnings.append(f"{name}: story {number} left out (its briefings do not make a story)")
            continue
        outlets.update(zip(story.briefing_ids, their_outlets, strict=True))
        stories.append(story)
    return tuple(stories), outlets, warnings


def _story_data(story: Story, outlets: dict[str, str]) -> dict[str, Any]:
    """A story in few characters (a large library keeps thousands): its id is its first briefing's;
    its members' outlets kept beside them, so the reader reads one row, not one per member."""
    return {"ids": list(story.briefing_ids), "outlets": [outlets.get(bid, "") for bid in story.briefing_ids],
            "joins": [[join.briefing_id, join.matched, list(join.reason.entities), list(join.reason.terms),
                       join.reason.days_apart, join.reason.similarity, join.reason.forced]
                      for join in story.joins],
            "duplicates": [[dup.briefing_id, dup.of, dup.similarity] for dup in story.duplicates]}


def _story_from(item: Any) -> tuple[Story, tuple[str, ...]]:
    """The story `_story_data` wrote and its members' outlets; ParseError (or TypeError, ValueError)
    when any part is not of its type (read by hand: the generic `serialize.from_data` took 0.5 s for
    6,000 stories)."""
    if not isinstance(item, dict) or item.keys() != _STORY_FIELDS:
        raise ParseError("not a story's fields")
    ids, outlets = _texts(item["ids"]), _texts(item["outlets"])
    if len(outlets) != len(ids):
        raise ParseError("not an outlet for each briefing")
    joins = []
    for briefing_id, matched, entities, terms, days, similarity, forced in _listed(item["joins"]):
        if not (_is_count(days, 0) or days is None) or not isinstance(forced, bool):
            raise ParseError("a join's days or choice is not of its type")
        reason = Reason(_texts(entities), _texts(terms), days, _number(similarity), forced)
        joins.append(Join(_text(briefing_id), _text(matched), reason))
    duplicates = tuple(Duplicate(_text(briefing_id), _text(of), _number(similarity))
                       for briefing_id, of, similarity in _listed(item["duplicates"]))
    return Story(ids[0] if ids else "", ids, tuple(joins), duplicates), outlets


def _listed(value: Any) -> list[Any]:
    if not isinstance(value, list) or not all(isinstance(item, list) for item in value):
        raise ParseError("not a list of lists")
    return value


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ParseError("not a list of text")
    return tuple(value)


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
