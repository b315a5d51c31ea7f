"""Opening a library an older release wrote: its files backed up, then rewritten in today's schema, once.

`library.json` in the library folder records the briefing schema its files are in; a library without it
was written by release 0.1.0 (schema 1), unless it has no briefing files at all. The upgrade holds
`upgrade.lock` so that two processes opening the library at once upgrade it once. Its steps are safe to
interrupt anywhere: the backup is made under a `.partial` name and renamed when complete, so a complete
backup is never made twice and a partial one is made again; no file is rewritten before the backup is
complete; each file is rewritten atomically, keeping its id (its file name), so read state and
bookmarks, which name briefings by id and cards by position, stay true; and `library.json` is written
only after every file is rewritten and on disk. A run killed midway is resumed by the next open, which
rewrites only the files still in the old schema.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from briefings.entities import Gazetteer
from briefings.errors import BriefingError
from briefings.files import make_private_dir, sync_all, write_atomic
from briefings.model import Briefing
from briefings.serialize import SCHEMA_VERSION

VERSION_FILE = "library.json"
LOCK_FILE = "upgrade.lock"
FIRST_RELEASE_SCHEMA = 1
"""The schema of a library with briefings and no VERSION_FILE: release 0.1.0 wrote none."""
BACKED_UP = ("briefings", "catalog.sqlite3", "catalog.sqlite3-wal", "catalog.sqlite3-shm",
             "reader-state.yaml", "gazetteer.yaml")
"""What the backup holds: everything the older release wrote that an upgrade could change (the search
index is derived and rebuilt from the files)."""
PARTIAL = ".partial"
PROGRESS_SECONDS = 2.0
SYNC_EVERY = 256
Progress = Callable[[str], None]


def say_on_stderr(line: str) -> None:
    """The default progress: the upgrade runs before any command or the reader has a screen."""
    print(line, file=sys.stderr, flush=True)


class Rewritable(Protocol):
    """What an upgrade needs of the library it rewrites (`briefings.library.Library`, which calls it:
    naming the class here would make the two modules import each other)."""

    def rebuild_catalog(self) -> int: ...
    def get(self, briefing_id: str) -> Briefing: ...
    def save(self, briefing: Briefing, *, durable: bool = True) -> Any: ...
    def gazetteer(self) -> Gazetteer: ...


class Upgrade:
    """An upgrade under way: the files still in an older schema, backed up, and the lock held."""

    def __init__(self, root: Path, stale: list[Path], backup: Path, lock: int, progress: Progress) -> None:
        self.root = root
        self.stale = stale
        self.backup = backup
        self._lock = lock
        self._progress = progress

    def finish(self, library: Rewritable) -> None:
        """Rewrites each stale file as ingest would save it today (date inferred, analysed again), then
        records the new schema. The catalog is rebuilt first, so the gazetteer knows every briefing's
        entities as it did when they were ingested."""
        from briefings.preparing import prepared  # the analysis: only an upgrade or an ingest needs it

        self._progress("Reading every briefing once for the catalog and the entities they describe…")
        library.rebuild_catalog()
        total, skipped, shown = len(self.stale), 0, time.monotonic()
        for done, path in enumerate(self.stale, start=1):
            try:
                library.save(prepared(library.get(path.stem), library.gazetteer()), durable=False)
            except (KeyError, BriefingError):  # a damaged file is left as it is, and out of the catalog
                skipped += 1
            if done % SYNC_EVERY == 0:
                sync_all()
            if time.monotonic() - shown >= PROGRESS_SECONDS:
                self._progress(f"Upgraded {done:,} of {total:,} briefings…")
                shown = time.monotonic()
        sync_all()
        _write_version(self.root, self._progress)
        unreadable = f" ({skipped:,} could not be read and were left as they were)" if skipped else ""
        self._progress(f"Upgraded {total - skipped:,} briefings to schema {SCHEMA_VERSION}{unreadable}; the "
                       f"files as they were are in {self.backup}.")

    def release(self) -> None:
        os.close(self._lock)


def begin(root: Path, progress: Progress = say_on_stderr) -> Upgrade | None:
    """None when the library is current (cheap: one small file read); else the upgrade to finish once
    the catalog is open, its files already backed up. A library with no old file is simply marked current."""
    if _is_current(_schema(root)):
        return None
    if not _stale_files(root):  # a new library, or one a test or a script filled: nothing to upgrade
        _write_version(root, progress)
        return None
    lock = os.open(root / LOCK_FILE, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process upgrading it: wait, then find it current
        old = _schema(root)
        stale = [] if _is_current(old) else _stale_files(root)
        if not stale:  # another process upgraded it while this one waited
            os.close(lock)
            return None
        progress(f"Upgrading the library {root} from briefing schema {old or 'unknown'} to {SCHEMA_VERSION}: "
                 f"{len(stale):,} briefings to rewrite.")
        backup = _backup(root, old, progress)
    except BaseException:
        os.close(lock)
        raise
    return Upgrade(root, stale, backup, lock, progress)


def _is_current(schema: int | None) -> bool:
    """Today's schema, or a newer release's, whose files this one must leave alone."""
    return schema is not None and schema >= SCHEMA_VERSION


def _schema(root: Path) -> int | None:
    """The schema VERSION_FILE records; FIRST_RELEASE_SCHEMA without one, None when it is unreadable."""
    try:
        data = json.loads((root / VERSION_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return FIRST_RELEASE_SCHEMA
    except (OSError, ValueError):
        return None
    version = data.get("schema_version") if isinstance(data, dict) else None
    return version if isinstance(version, int) and not isinstance(version, bool) else None


def _write_version(root: Path, progress: Progress) -> None:
    """Records the schema; when that fails (a folder in its place, read-only media) the files are current
    all the same, so the library opens, and the next open tries again after saying why."""
    path = root / VERSION_FILE
    try:
        write_atomic(path, json.dumps({"schema_version": SCHEMA_VERSION}) + "\n")
    except OSError as error:
        progress(f"Could not record the library's schema in {path}: {error.strerror or error}; "
                 "its briefings are current all the same.")


def _stale_files(root: Path) -> list[Path]:
    """The briefing files not in today's schema, told by their first line (the library writes
    `schema_version` first), so a large library is not parsed to find out."""
    current = f"schema_version: {SCHEMA_VERSION}\n".encode()
    stale = []
    for path in sorted((root / "briefings").glob("*/*.yaml")):
        with contextlib.suppress(OSError), path.open("rb") as handle:
            if handle.read(len(current)) != current:
                stale.append(path)
    return stale


def _backup(root: Path, old: int | None, progress: Progress) -> Path:
    """The complete backup of this upgrade, made now unless an interrupted run already made it."""
    prefix = f"backup-v{old or 'unknown'}-"
    done = sorted(path for path in root.glob(f"{prefix}*")
                  if path.is_dir() and not path.name.endswith(PARTIAL))
    if done:
        return done[-1]
    for partial in root.glob(f"{prefix}*{PARTIAL}"):
        shutil.rmtree(partial)
    target = root / (prefix + dt.datetime.now().strftime("%Y%m%d-%H%M%S"))
    partial = target.with_name(target.name + PARTIAL)
    make_private_dir(partial)
    for name in BACKED_UP:
        source = root / name
        files = sorted(source.rglob("*.yaml")) if source.is_dir() else [source] if source.is_file() else []
        for path in files:
            copy = partial / path.relative_to(root)
            for folder in reversed(copy.relative_to(partial).parents[:-1]):
                make_private_dir(partial / folder)
            shutil.copyfile(path, copy)
            copy.chmod(0o600)  # readable by the user only, as the library itself
    sync_all()
    partial.rename(target)
    progress(f"Backed up the library's files to {target}.")
    return target
