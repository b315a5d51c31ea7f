"""The library's catalog: a SQLite row per briefing, so listing 100,000 briefings parses no YAML.

It is derived data: the YAML files are the briefings, and a missing, damaged or outdated
catalog is recreated empty (the library then rebuilds it from the files).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from briefings.entities import name_keys
from briefings.model import DatedEvent, Entity, Precision
from briefings.serialize import from_data, to_data

SCHEMA_VERSION = 4
"""3: a briefing's date may be inferred (briefing schema_version 2), so its precision and how it was
inferred are listed with it. 4: a briefing's version number (`briefings.versions`) and the digest of
its content, which tells a new version from the same story written again. An older catalog is
recreated from the files (see the module's docstring): that is its whole migration."""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS briefings (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, date TEXT, topics TEXT NOT NULL, format TEXT NOT NULL,
    card_count INTEGER NOT NULL, source_path TEXT NOT NULL, digest TEXT NOT NULL,
    date_precision TEXT NOT NULL, date_inferred TEXT NOT NULL, version INTEGER NOT NULL,
    content TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entities (key TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    entity TEXT NOT NULL, date TEXT NOT NULL, precision TEXT NOT NULL, date_text TEXT NOT NULL,
    sentence TEXT NOT NULL, briefing_id TEXT NOT NULL, card INTEGER
);
CREATE INDEX IF NOT EXISTS events_by_entity ON events (entity, date);
CREATE INDEX IF NOT EXISTS events_by_briefing ON events (briefing_id);
CREATE INDEX IF NOT EXISTS briefings_by_date ON briefings (date);
CREATE TABLE IF NOT EXISTS removing (id TEXT PRIMARY KEY);
"""
_PRECISIONS = {precision.value: precision for precision in Precision}
"""Faster than calling Precision for each of 100,000 rows."""
_COLUMNS = ("id, title, date, topics, format, card_count, source_path, digest, date_precision, "
            "date_inferred, version")


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    id: str
    title: str
    date: dt.date | None
    topics: tuple[str, ...]
    format: str
    card_count: int
    source_path: str
    digest: str = ""
    """SHA-256 of the briefing's YAML file: equal digests mean equal briefings."""
    date_precision: Precision = Precision.DAY
    date_inferred: str = ""
    """As `Briefing.date_inferred`: empty when the input states the date."""
    version: int = 1
    """The current version's number: above 1 once the briefing arrived again with new content."""

    @property
    def updated(self) -> bool:
        return self.version > 1


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One dated event of an entity's timeline, with the briefing and card it comes from."""

    date: dt.date
    precision: Precision
    date_text: str
    sentence: str
    briefing_id: str
    briefing_title: str
    card: int | None


def entity_key(name: str) -> str:
    """"Kim Jong Un" and "kim jong-un" give the same key."""
    return " ".join(min(name_keys(Entity(name=name)), default=(name.casefold(),)))


class Catalog:
    """Not thread-safe by itself: the Library serialises access with its lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.created = False
        """True when this open started an empty catalog, so the library must fill it from its files."""
        self._writes = 0
        self._entries: tuple[tuple[int, int], list[CatalogEntry]] | None = None
        try:
            self._db = self._open()
        except sqlite3.DatabaseError:
            self._discard()
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        if not self.path.exists():
            self._discard()  # a WAL left beside a deleted catalog belongs to another database
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))  # WAL files copy this mode
            self.created = True
        db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                db.executescript("DROP TABLE IF EXISTS briefings; DROP TABLE IF EXISTS entities; "
                                 "DROP TABLE IF EXISTS events;")
                self.created = True
            db.executescript(_SCHEMA)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.commit()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _discard(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.path}{suffix}")

    def close(self) -> None:
        self._db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        with self._db:
            yield

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM briefings").fetchone()[0])

    def stamp(self) -> tuple[int, int]:
        """Differs after any write to the briefings, by this connection or another process's: a cheap
        way to notice that `entries()` would change."""
        return (self._db.execute("PRAGMA data_version").fetchone()[0], self._writes)

    def digest(self, briefing_id: str) -> str | None:
        row = self._db.execute("SELECT digest FROM briefings WHERE id = ?", (briefing_id,)).fetchone()
        return None if row is None else str(row[0])

    def revision(self, briefing_id: str) -> Revision | None:
        """What a save compares with: the stored file's digest, its content's, and its version."""
        row = self._db.execute("SELECT digest, content, version FROM briefings WHERE id = ?",
                               (briefing_id,)).fetchone()
        return None if row is None else Revision(str(row[0]), str(row[1]), int(row[2]))

    def entries(self) -> list[CatalogEntry]:
        """Newest first, undated last, then by title.

        Kept until this connection writes or SQLite's data_version says another one has, since
        building 100,000 entries takes about half a second (sorting in Python beats ORDER BY here).
        """
        version = self.stamp()
        if self._entries is None or self._entries[0] != version:
            rows = self._db.execute(f"SELECT {_COLUMNS} FROM briefings").fetchall()
            rows.sort(key=lambda row: (row[1].casefold(), row[0]))
            rows.sort(key=lambda row: row[2] or "", reverse=True)  # stable: same-day rows stay by title
            dates: dict[str, dt.date] = {}
            topics: dict[str, tuple[str, ...]] = {}
            self._entries = (version, [_entry(row, dates, topics) for row in rows])
        return list(self._entries[1])

    def newest_entries(self, limit: int) -> list[CatalogEntry]:
        """The first `limit` of `entries()`, read through the date index without loading the rest."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM briefings ORDER BY date IS NULL, date DESC, title COLLATE NOCASE, id"
            " LIMIT ?",
            (limit,),
        ).fetchall()
        return [_entry(row, {}, {}) for row in rows]

    def entries_for(self, ids: Iterable[str]) -> dict[str, CatalogEntry]:
        """The entries of these briefings (those the catalog has), a few hundred ids at a time."""
        wanted = sorted(set(ids))
        found: dict[str, CatalogEntry] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start: start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT {_COLUMNS} FROM briefings WHERE id IN ({marks})", chunk)
            found.update((row[0], _entry(row, {}, {})) for row in rows)
        return found

    def ids_after(self, after: str, limit: int) -> list[str]:
        rows = self._db.execute("SELECT id FROM briefings WHERE id > ? ORDER BY id LIMIT ?", (after, limit))
        return [row[0] for row in rows]

    def put(self, entry: CatalogEntry, content: str = "") -> None:
        """`content`: `versions.content_digest` of the briefing (empty: unknown, no version is kept)."""
        self._writes += 1
        self._db.execute(
            f"INSERT OR REPLACE INTO briefings ({_COLUMNS}, content) VALUES ({', '.join('?' * 12)})",
            (entry.id, entry.title, entry.date.isoformat() if entry.date else None, json.dumps(entry.topics),
             entry.format, entry.card_count, entry.source_path, entry.digest, entry.date_precision.value,
             entry.date_inferred, entry.version, content),
        )

    def delete(self, briefing_id: str) -> bool:
        self._writes += 1
        self._db.execute("DELETE FROM events WHERE briefing_id = ?", (briefing_id,))
        self._db.execute("DELETE FROM removing WHERE id = ?", (briefing_id,))
        return self._db.execute("DELETE FROM briefings WHERE id = ?", (briefing_id,)).rowcount > 0

    def mark_removing(self, ids: Iterable[str]) -> None:
        """Records removals about to start, so a removal killed midway is completed on the next open."""
        self._db.executemany("INSERT OR IGNORE INTO removing (id) VALUES (?)", [(bid,) for bid in ids])

    def removing(self) -> list[str]:
        """Removals started and not finished (`delete` ends each)."""
        return [row[0] for row in self._db.execute("SELECT id FROM removing ORDER BY id")]

    def clear(self) -> None:
        self._writes += 1
        self._db.execute("DELETE FROM briefings")
        self._db.execute("DELETE FROM entities")
        self._db.execute("DELETE FROM events")

    def put_events(self, briefing_id: str, events: Iterable[DatedEvent]) -> None:
        """Replaces the briefing's dated events: one row per event and entity it names."""
        self._db.execute("DELETE FROM events WHERE briefing_id = ?", (briefing_id,))
        self._db.executemany(
            "INSERT INTO events (entity, date, precision, date_text, sentence, briefing_id, card) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(entity_key(name), event.date.isoformat(), event.precision.value, event.date_text,
              event.sentence, briefing_id, event.card)
             for event in events for name in dict.fromkeys(event.entities)],
        )

    def timeline_for(self, names: Iterable[str], limit: int = 10_000) -> list[TimelineRow]:
        """Dated events naming any of `names` across the library, oldest first; one indexed query."""
        keys = sorted({entity_key(name) for name in names})
        if not keys:
            return []
        marks = ", ".join("?" * len(keys))
        rows = self._db.execute(
            "SELECT DISTINCT e.date, e.precision, e.date_text, e.sentence, e.briefing_id, b.title, e.card "
            f"FROM events AS e JOIN briefings AS b ON b.id = e.briefing_id WHERE e.entity IN ({marks}) "
            "ORDER BY e.date, b.date, e.briefing_id, e.card LIMIT ?",
            (*keys, limit),
        )
        return [TimelineRow(dt.date.fromisoformat(date), Precision(precision), date_text, sentence,
                            briefing_id, title, card)
                for date, precision, date_text, sentence, briefing_id, title, card in rows]

    def entities(self) -> list[Entity]:
        rows = self._db.execute("SELECT data FROM entities")
        return [from_data(Entity, json.loads(data)) for (data,) in rows]

    def add_entities(self, entities: Iterable[Entity]) -> None:
        """Each distinct description of an entity is kept once; the gazetteer merges them on load."""
        rows = []
        for entity in entities:
            data = json.dumps(to_data(entity), ensure_ascii=False, sort_keys=True)
            rows.append((hashlib.sha256(data.encode("utf-8")).hexdigest(), data))
        self._db.executemany("INSERT OR IGNORE INTO entities (key, data) VALUES (?, ?)", rows)


@dataclass(frozen=True, slots=True)
class Revision:
    digest: str
    content: str
    version: int


def _entry(row: tuple[str, str, str | None, str, str, int, str, str, str, str, int],
           dates: dict[str, dt.date], topics: dict[str, tuple[str, ...]]) -> CatalogEntry:
    """`dates` and `topics` remember conversions already made: most rows repeat a few values."""
    (briefing_id, title, date_text, topics_json, fmt, card_count, source_path, digest, precision, inferred,
     version) = row
    date = None
    if date_text:
        date = dates.get(date_text) or dates.setdefault(date_text, dt.date.fromisoformat(date_text))
    if topics_json not in topics:
        topics[topics_json] = tuple(json.loads(topics_json))
    return CatalogEntry(briefing_id, title, date, topics[topics_json], fmt, card_count, source_path, digest,
                        _PRECISIONS[precision], inferred, version)
