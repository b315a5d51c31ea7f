"""The library folder: one native YAML file per briefing and a SQLite catalog of them (storage only;
`briefings.ingest` reads input files into it).

Layout: `<root>/briefings/<2-char shard>/<id>.yaml`, `<root>/catalog.sqlite3` (derived, rebuilt
from the files when missing or damaged), and `<root>/gazetteer.yaml`, the user's own entities.
A briefing file is written atomically before its catalog row, and the catalog decides
membership, so a crash between the two leaves an orphan file that the next save repairs.
Removal goes the other way round (see `remove`): the file first, so the files stay the truth.
A briefing saved again with new content keeps the file it replaces as a version (`briefings.versions`).
"""

from __future__ import annotations

import bisect
import hashlib
import os
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from types import TracebackType

import platformdirs

from briefings.catalog import Catalog, CatalogEntry, TimelineRow
from briefings.entities import Gazetteer, bundled_gazetteer, load_gazetteer_yaml
from briefings.errors import BriefingError, InputError, ParseError
from briefings.files import fsync_dir, is_writable, make_private_dir, sweep_temporary, write_atomic
from briefings.formats import native_yaml
from briefings.model import Briefing, Entity, EntityKind
from briefings.reading import read_text
from briefings.text import is_valid_id
from briefings.upgrade import Progress, begin, say_on_stderr
from briefings.versions import VersionInfo, VersionStore, content_digest, saved_at

APP_NAME = "briefing-reader"
BRIEFINGS_DIR = "briefings"
CATALOG_FILE = "catalog.sqlite3"
GAZETTEER_FILE = "gazetteer.yaml"
LIBRARY_NAME_FILE = "library-path.txt"
"""In each of the user's own folders of a library (`user_library_dir`): the library's path."""
STORED_MAX_BYTES = 64_000_000
"""Stored files hold a whole input (at most reading.MAX_INPUT_BYTES) plus YAML quoting, so allow more."""
SHORT_ID = 12
"""Ids in listings are shortened to their shortest unique prefix, but never below this many characters."""
CANDIDATES_SHOWN = 5
EMPTY_LIBRARY = "The library is empty: add briefings with `briefing ingest PATH` or `briefing samples`."
"""Said by every command and the reader when there is nothing to show yet."""


def default_library_path() -> Path:
    configured = os.environ.get("BRIEFING_LIBRARY")
    if configured:
        return Path(configured).expanduser()
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "library"


def user_library_dir(base: Path, library_root: Path) -> Path:
    """A library's folder under one of the user's own (`base`: cache or state), for what is this user's
    and not the library's: named by a hash of the library's resolved path, so any path to it finds it."""
    digest = hashlib.sha256(str(library_root.resolve()).encode("utf-8")).hexdigest()[:16]
    return base / "libraries" / digest


def user_state_dir(library_root: Path) -> Path:
    """This library's folder in the user's state folder: what is one person's (read marks, bookmarks,
    history, position), which in a library shared by several users would otherwise go to the last writer."""
    return user_library_dir(platformdirs.user_state_path(APP_NAME, appauthor=False), library_root)


def make_user_library_dir(folder: Path, library_root: Path) -> Path:
    """Makes a `user_library_dir` folder and, for a person looking in, a file naming the library whose
    folder it is (its name is a hash). Only written, never read: nothing depends on it."""
    make_private_dir(folder)
    name_file = folder / LIBRARY_NAME_FILE
    if not name_file.exists():
        write_atomic(name_file, f"{library_root.resolve()}\n")
    return folder


class Saved(StrEnum):
    """What `Library.save` did with a briefing."""

    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


class Library:
    """Thread-safe: the reader app saves and reads from worker threads.

    A library an older release wrote is upgraded on opening, once (see `briefings.upgrade`), saying how
    it goes through `progress` (on stderr unless told otherwise). On read-only media it is read as it is.
    """

    def __init__(self, root: Path, *, progress: Progress = say_on_stderr) -> None:
        self.root = Path(root)
        make_private_dir(self.root)
        self.read_only = not is_writable(self.root)
        """On read-only media: browse and search only; derived files (catalog, index) go in `cache_dir`."""
        if not self.read_only:
            make_private_dir(self.root / BRIEFINGS_DIR)
        self._lock = threading.RLock()
        self._versions = VersionStore(self.root)
        catalog_dir = self.make_cache_dir() if self.read_only else self.root
        make_private_dir(catalog_dir)
        upgrade = None if self.read_only else begin(self.root, progress)  # backs up before the catalog opens
        try:
            self._catalog = Catalog(catalog_dir / CATALOG_FILE)
            self._gazetteer: Gazetteer | None = None
            self._gazetteer_stamp: tuple[int, int] | None = None
            self._known: dict[str, Entity] = {}
            if upgrade is not None:
                upgrade.finish(self)
            elif self._catalog.created and next(self._files(), None) is not None:
                self.rebuild_catalog()
        finally:
            if upgrade is not None:
                upgrade.release()
        pending = self._catalog.removing()
        if pending and not self.read_only:
            self._finish_removal(pending)

    @property
    def cache_dir(self) -> Path:
        """This library's own folder in the user's cache, for derived data that cannot live beside it
        (read-only media) or that is this user's own (an index of a library someone else indexed)."""
        return user_library_dir(platformdirs.user_cache_path(APP_NAME, appauthor=False), self.root)

    def make_cache_dir(self) -> Path:
        """`cache_dir`, made with its name file when missing."""
        return make_user_library_dir(self.cache_dir, self.root)

    def close(self) -> None:
        with self._lock:
            self._catalog.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def __len__(self) -> int:
        with self._lock:
            return self._catalog.count()

    def __contains__(self, briefing_id: object) -> bool:
        if not isinstance(briefing_id, str):
            return False
        with self._lock:
            return self._catalog.digest(briefing_id) is not None

    def get(self, briefing_id: str) -> Briefing:
        """KeyError when the library has no such briefing; ParseError/InputError when its file is damaged."""
        if briefing_id not in self:
            raise KeyError(briefing_id)
        return self._read(self._file(briefing_id))

    def entries(self) -> list[CatalogEntry]:
        """Newest first, undated last, then by title; from the catalog alone."""
        with self._lock:
            return self._catalog.entries()

    def entries_for(self, briefing_ids: Iterable[str]) -> dict[str, CatalogEntry]:
        """Id -> catalog entry of each of these briefings the library has (to show a search hit's date
        as the list shows it: the index keeps only the day)."""
        with self._lock:
            return self._catalog.entries_for(briefing_ids)

    def stamp(self) -> tuple[int, int]:
        """Changes whenever this or another process adds, changes or removes a briefing; cheap to ask."""
        with self._lock:
            return self._catalog.stamp()

    def newest_entries(self, limit: int) -> list[CatalogEntry]:
        """The first `limit` entries in `entries()` order, fast at any library size (for a first screen)."""
        with self._lock:
            return self._catalog.newest_entries(limit)

    def saved_after(self, moment: float) -> set[str]:
        """Briefings whose current file was written after `moment` (POSIX time): those that arrived, or
        arrived again with new content, since. A stat per briefing: call it from a worker."""
        found = set()
        for entry in self.entries():
            with suppress(OSError):
                if self._file(entry.id).stat().st_mtime > moment:
                    found.add(entry.id)
        return found

    def iter_briefings(self) -> Iterator[Briefing]:
        """Every briefing, sorted by id, read one at a time; files that are missing or damaged are skipped."""
        after = ""
        while True:
            with self._lock:
                ids = self._catalog.ids_after(after, 500)
            if not ids:
                return
            for briefing_id in ids:
                try:
                    yield self.get(briefing_id)
                except (KeyError, BriefingError):
                    continue
            after = ids[-1]

    def save(self, briefing: Briefing, *, durable: bool = True) -> Saved:
        """`durable=False` skips flushing the file to disk: the caller calls `files.sync_all()` later.

        When the content changed (`versions.content_digest`), the file replaced is kept as a version
        first, so a save killed midway loses nothing (the next one finds that version kept already)."""
        if not is_valid_id(briefing.id):
            raise ParseError(f"id {briefing.id[:80]!r} is not a valid briefing id")
        text = native_yaml.dump_briefing(briefing)
        digest = native_yaml.text_digest(text)
        native_yaml.remember_digest(briefing, digest)
        path = self._file(briefing.id)
        with self._lock:
            stored = self._catalog.revision(briefing.id)
            if stored is not None and stored.digest == digest and path.is_file():
                return Saved.UNCHANGED
            content = content_digest(briefing)
            version = stored.version if stored is not None else 1
            if stored is not None and stored.content not in ("", content) and path.is_file():
                version = self._versions.keep(briefing.id, path, durable=durable) + 1
            make_private_dir(path.parent)
            write_atomic(path, text, durable=durable)
            with self._catalog.transaction():
                self._catalog.put(_catalog_entry(briefing, digest, version), content)
                self._catalog.put_events(briefing.id, briefing.timeline)
                self._learn(briefing.entities)
        return Saved.ADDED if stored is None else Saved.UPDATED

    def is_updated(self, briefing_id: str) -> bool:
        """Whether the briefing arrived again with new content, so earlier versions are kept."""
        with self._lock:
            stored = self._catalog.revision(briefing_id)
        return stored is not None and stored.version > 1

    def versions(self, briefing_id: str) -> list[VersionInfo]:
        """Every version of the briefing, oldest first, the current one last; KeyError when the library
        has no such briefing. A kept version whose file is damaged is listed with its problem."""
        with self._lock:
            stored = self._catalog.revision(briefing_id)
            if stored is None:
                raise KeyError(briefing_id)
            found = [self._version_info(briefing_id, n) for n in self._versions.numbers(briefing_id)
                     if n < stored.version]
            current = self._file(briefing_id)
            title = next((e.title for e in self._catalog.entries_for([briefing_id]).values()), "")
        return [*found, VersionInfo(stored.version, saved_at(current), stored.digest, title, current=True)]

    def version(self, briefing_id: str, number: int) -> Briefing:
        """The briefing as version `number` had it; KeyError when the library has no such briefing, a
        one-line BriefingError when it has no such version, ParseError when that version's file is damaged."""
        with self._lock:
            stored = self._catalog.revision(briefing_id)
            if stored is None:
                raise KeyError(briefing_id)
            if number == stored.version:
                return self.get(briefing_id)
            if number in self._versions.numbers(briefing_id) and number < stored.version:
                return self._read(self._versions.path(briefing_id, number), briefing_id)
        raise BriefingError(f"{briefing_id} has no version {number} (its versions: "
                            f"{_numbers_said(self._versions.numbers(briefing_id), stored.version)})")

    def _version_info(self, briefing_id: str, number: int) -> VersionInfo:
        path = self._versions.path(briefing_id, number)
        try:
            briefing = self._read(path, briefing_id)
        except BriefingError as error:
            return VersionInfo(number, saved_at(path), "", "", problem=str(error))
        return VersionInfo(number, saved_at(path), native_yaml.digest(briefing), briefing.title)

    def remove(self, *briefing_ids: str) -> list[str]:
        """Removes briefings; returns the ids it had, in the order given.

        Each is marked in the catalog, its file deleted, then its catalog row: a process killed in
        between leaves marks that the next open completes, so a briefing whose removal started never
        comes back, and the search index drops what the catalog no longer lists when next opened.
        """
        if self.read_only:
            raise BriefingError(f"the library {self.root} is read-only: nothing can be removed from it")
        with self._lock:
            present = [bid for bid in dict.fromkeys(briefing_ids) if bid in self]
            if present:
                with self._catalog.transaction():
                    self._catalog.mark_removing(present)
                self._finish_removal(present)
            return present

    def missing(self) -> list[str]:
        """Ids the catalog lists whose file is gone (deleted by hand), sorted."""
        return [bid for bid in self._ids() if not self._file(bid).is_file()]

    def resolve(self, text: str) -> str:
        """The id `text` is, or the only id it starts (ids are long to type); a one-line BriefingError
        naming a few candidates when it starts several, or none."""
        if text in self:
            return text
        ids = self._ids()
        first = bisect.bisect_left(ids, text)
        matches = ids[first: bisect.bisect_left(ids, text + "\x7f")]  # ids are ASCII below DEL
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise BriefingError(f"no briefing with id {text!r} (see `briefing list`)")
        shown = ", ".join(_short_ids(ids, matches[:CANDIDATES_SHOWN]).values())
        more = f" and {len(matches) - CANDIDATES_SHOWN} more" if len(matches) > CANDIDATES_SHOWN else ""
        raise BriefingError(f"{text!r} starts {len(matches)} ids: {shown}{more}; type more of it")

    def short_ids(self, briefing_ids: Iterable[str]) -> dict[str, str]:
        """Each id -> its shortest unique prefix in the library (at least SHORT_ID characters, else the
        whole id), which `resolve` takes back; an id the library lacks maps to itself."""
        return _short_ids(self._ids(), briefing_ids)

    def _ids(self) -> list[str]:
        with self._lock:
            return self._catalog.ids_after("", -1)

    def _finish_removal(self, briefing_ids: list[str]) -> None:
        folders = set()
        for briefing_id in briefing_ids:
            path = self._file(briefing_id)
            path.unlink(missing_ok=True)
            self._versions.remove(briefing_id)
            folders.add(path.parent)
        for folder in folders:
            if folder.is_dir():
                fsync_dir(folder)
        with self._catalog.transaction():
            for briefing_id in briefing_ids:
                self._catalog.delete(briefing_id)

    def rebuild_catalog(self) -> int:
        """Recreates the catalog from the YAML files alone; returns how many briefings it lists.

        A file that cannot be read, or whose name is not the id of the briefing in it, is left out.
        """
        count = 0
        newest = self._versions.newest()
        with self._lock, self._catalog.transaction():
            self._catalog.clear()
            self._known.clear()
            self._gazetteer = None
            for path in self._files():
                try:
                    briefing = self._read(path)
                except BriefingError:
                    continue
                version = newest.get(briefing.id, 0) + 1
                self._catalog.put(_catalog_entry(briefing, native_yaml.digest(briefing), version),
                                  content_digest(briefing))
                self._catalog.put_events(briefing.id, briefing.timeline)
                self._learn(briefing.entities)
                count += 1
        return count

    def timeline_for(self, entity_name: str, limit: int = 10_000) -> list[TimelineRow]:
        """Every dated event naming the entity (by any of its names) across the library, oldest first."""
        gazetteer = self.gazetteer()
        with self._lock:
            known = self._known.get(entity_name.casefold())
            known = known or next(iter(gazetteer.mentions(entity_name)), None)
            return self._catalog.timeline_for(known.names if known else (entity_name,), limit)

    def gazetteer(self) -> Gazetteer:
        """The bundled entities, the user's gazetteer.yaml and every entity ingested so far."""
        user_file = self.root / GAZETTEER_FILE
        with self._lock:
            stamp = _stamp(user_file)
            if self._gazetteer is None or stamp != self._gazetteer_stamp:
                user = _read_user_gazetteer(user_file) if stamp else []
                self._gazetteer = bundled_gazetteer().merged([*user, *self._catalog.entities()])
                self._gazetteer_stamp = stamp
                self._known = {name.casefold(): e for e in self._gazetteer.entities for name in e.names}
            return self._gazetteer

    def learn_entities(self, entities: Iterable[Entity]) -> None:
        """Adds entities to the gazetteer before the briefings that describe them are saved."""
        with self._lock, self._catalog.transaction():
            self._learn(entities)

    def _learn(self, entities: Iterable[Entity]) -> None:
        """Stores what is new; `_known` only knows names once the gazetteer has been built."""
        new = []
        for entity in entities:
            if _adds_to(entity, self._known.get(entity.name.casefold())):
                plain = replace(entity, mentioned=False, inferred="")
                new.append(plain)
                self._known.update((name.casefold(), plain) for name in plain.names)
        if new:
            self._catalog.add_entities(new)
            if self._gazetteer is not None:
                self._gazetteer = self._gazetteer.merged(new)

    def sweep_temporary_files(self) -> int:
        """Deletes what killed atomic writes left in the library (never a live writer's file); how many.
        Called by ingest rather than on open: listing every shard costs a moment in a big library."""
        if self.read_only:
            return 0
        return sweep_temporary([self.root, *(p for p in (self.root / BRIEFINGS_DIR).iterdir() if p.is_dir())])

    def _file(self, briefing_id: str) -> Path:
        shard = hashlib.sha1(briefing_id.encode("utf-8")).hexdigest()[:2]
        return self.root / BRIEFINGS_DIR / shard / f"{briefing_id}.yaml"

    def _files(self) -> Iterator[Path]:
        return iter(sorted((self.root / BRIEFINGS_DIR).glob("*/*.yaml")))

    def _read(self, path: Path, briefing_id: str = "") -> Briefing:
        """The briefing in a library file (named by its id, unless it is a version of `briefing_id`),
        remembered with the digest of the file's own text."""
        where = str(path.relative_to(self.root)) if briefing_id else path.name
        try:
            text = read_text(path, STORED_MAX_BYTES).text
        except InputError as error:
            if not briefing_id:
                raise
            raise InputError(f"library file {where}: {str(error).removeprefix(f'{path.name}: ')}") from None
        try:
            briefing = native_yaml.parse(text, path.name)
        except ParseError as error:
            raise ParseError(f"library file {where}: {error}") from None
        if briefing.id != (briefing_id or path.stem):
            raise ParseError(f"library file {where} holds briefing {briefing.id!r}")
        native_yaml.remember_digest(briefing, native_yaml.text_digest(text))
        return briefing


def _short_ids(ids: list[str], wanted: Iterable[str]) -> dict[str, str]:
    """Shortest unique prefixes among the sorted `ids`: one past the longest prefix shared with either
    neighbour (like git's short hashes), carried on to the end of its word ("arabica-coffee", not
    "arabica-coff"). An id that starts another stays whole and is matched exactly."""
    short = {}
    for briefing_id in wanted:
        at = bisect.bisect_left(ids, briefing_id)
        if at == len(ids) or ids[at] != briefing_id:
            short[briefing_id] = briefing_id
            continue
        shared = max((_shared_length(briefing_id, ids[n]) for n in (at - 1, at + 1) if 0 <= n < len(ids)),
                     default=0)
        cut = _WORD_END.search(briefing_id, max(shared + 1, SHORT_ID))
        short[briefing_id] = briefing_id[: cut.start()] if cut else briefing_id
    return short


_WORD_END = re.compile(r"[-._]")


def _shared_length(one: str, other: str) -> int:
    """How many leading characters the two strings share."""
    differ = (n for n, (a, b) in enumerate(zip(one, other, strict=False)) if a != b)
    return next(differ, min(len(one), len(other)))


def _catalog_entry(briefing: Briefing, digest: str, version: int) -> CatalogEntry:
    return CatalogEntry(id=briefing.id, title=briefing.title, date=briefing.date, topics=briefing.topics,
                        format=briefing.source.format, card_count=len(briefing.cards),
                        source_path=briefing.source.path, digest=digest,
                        date_precision=briefing.date_precision, date_inferred=briefing.date_inferred,
                        version=version)


def _numbers_said(kept: list[int], current: int) -> str:
    """"1 to 3", or the numbers one by one when some kept version is gone: "1, 3"."""
    numbers = [n for n in kept if n < current] + [current]
    if numbers == list(range(1, current + 1)):
        return f"1 to {current}" if current > 1 else "1"
    return ", ".join(map(str, numbers))


def _adds_to(new: Entity, known: Entity | None) -> bool:
    """Whether `new` tells the gazetteer anything: a new entity, name, kind or a better description."""
    if known is None:
        return True
    names = {name.casefold() for name in known.names}
    better_text = bool(new.description) and (not known.description or (known.truncated and not new.truncated))
    new_kind = known.kind is EntityKind.UNKNOWN and new.kind is not EntityKind.UNKNOWN
    return better_text or new_kind or any(name.casefold() not in names for name in new.names)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size)


def _read_user_gazetteer(path: Path) -> list[Entity]:
    if path.stat().st_size == 0:
        return []
    return load_gazetteer_yaml(read_text(path).text, path.name)
