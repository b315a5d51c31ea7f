"""The archive: briefings set aside, kept in the library but left out of its lists and searches.

Kept in `archived.yaml` in the library folder, not in a user's state: archiving tidies the library's inbox
for everyone reading it, and the search layer, which knows only the library, leaves them out of every
count. A list of ids, written atomically; read as plain data, tolerating anything odd in it: a damaged file
is named in one line and archives nothing (nothing is written over it); an entry that is not an id is left
out with one line.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from briefings.errors import BriefingError, ParseError
from briefings.files import write_atomic
from briefings.safe_yaml import dump_yaml, load_yaml_file

ARCHIVE_FILE = "archived.yaml"
MAX_ARCHIVE_BYTES = 20_000_000
"""Far above the ids of any real library; the bound keeps a hostile file from filling memory."""


@dataclass(frozen=True)
class Archive:
    ids: frozenset[str]
    problems: tuple[str, ...] = ()
    """One line each, naming the file: what was left out, or why nothing could be read."""
    readable: bool = True
    """False when the file as a whole could not be read: it must not be written over."""


def archive_path(library_root: Path) -> Path:
    return library_root / ARCHIVE_FILE


def load(library_root: Path) -> Archive:
    path = archive_path(library_root)
    try:
        data = load_yaml_file(path, MAX_ARCHIVE_BYTES)
    except FileNotFoundError:
        return Archive(frozenset())
    except ParseError as error:
        return _unreadable(path, str(error))
    if data is None:
        return Archive(frozenset())
    entries = data.get("archived") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return _unreadable(path, "it has no list of archived ids")
    ids = frozenset(entry for entry in entries if isinstance(entry, str) and entry)
    odd = sum(1 for entry in entries if not isinstance(entry, str) or not entry)
    problems = (f"{path}: {odd} entries are not briefing ids; left out",) if odd else ()
    return Archive(ids, problems)


def load_for_change(library_root: Path) -> Archive:
    """The archive before archiving or unarchiving: a file that could not be read is left for a person
    to look at, not replaced by what this change would write."""
    current = load(library_root)
    if not current.readable:
        raise BriefingError(f"{current.problems[0]}; fix or remove it first")
    return current


def write(library_root: Path, ids: Iterable[str]) -> None:
    """Raises OSError when the library folder cannot be written."""
    write_atomic(archive_path(library_root), dump_yaml({"archived": sorted(set(ids))}))


def archived_ids(library_root: Path) -> frozenset[str]:
    """The archived ids, read again only when the file changes: a search per keystroke reads no file."""
    with _CACHES_LOCK:
        cache = _CACHES.setdefault(library_root, _ArchivedIds(library_root))
    return cache.current()


class _ArchivedIds:

    def __init__(self, library_root: Path) -> None:
        self.path = archive_path(library_root)
        self._root = library_root
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._ids: frozenset[str] = frozenset()

    def current(self) -> frozenset[str]:
        try:
            found = self.path.stat()
            stamp: tuple[int, int] | None = (found.st_mtime_ns, found.st_size)
        except OSError:
            stamp = None
        with self._lock:
            if stamp != self._stamp:
                self._ids = load(self._root).ids if stamp is not None else frozenset()
                self._stamp = stamp
            return self._ids


_CACHES: dict[Path, _ArchivedIds] = {}
_CACHES_LOCK = threading.Lock()


def _unreadable(path: Path, reason: str) -> Archive:
    return Archive(frozenset(), (f"Reading the archive in {path} failed: {reason}; nothing is archived",),
                   readable=False)
