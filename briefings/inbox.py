"""An inbox folder watched by polling: which files are new or changed and have stopped changing.

Polling (size and modification time, once a second) needs nothing beyond the standard library
and works on every file system, removable media included. A file is handed over only when it
looks the same in two scans in a row, so one still being copied in is not read half-written;
files that browsers and editors write while they work (`.part`, `.crdownload`, `~`) are left
alone until they get their real name. Files matching an exclude glob (`*.log`, `drafts/*`) are
never handed over.
"""

from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatchcase
from pathlib import Path

from briefings.files import Skipped, input_files

Stamp = tuple[int, int]
IN_PROGRESS_SUFFIXES = (".part", ".crdownload", ".download", ".tmp", ".swp", "~")


class Inbox:
    def __init__(self, folder: Path, exclude: Path | None = None, ignore: Sequence[str] = ()) -> None:
        """`exclude`: a folder never entered (the library); `ignore`: globs of files left alone."""
        self.folder = Path(folder)
        self._exclude = exclude
        self._ignore = tuple(ignore)
        self._done: dict[Path, Stamp] = {}
        self._seen: dict[Path, Stamp] = {}

    def ready(self) -> list[Path]:
        """Files new or changed since last handed over, unchanged since the previous scan; in order."""
        current = self._scan()
        ready = [path for path, stamp in current.items()
                 if self._seen.get(path) == stamp and self._done.get(path) != stamp]
        self._seen = current
        self._done = {path: stamp for path, stamp in self._done.items() if path in current}
        self._done.update((path, current[path]) for path in ready)
        return ready

    def ignored(self, path: Path) -> bool:
        """Whether a glob matches the file's name or its path inside the inbox (`drafts/*` matches
        `drafts/a.md`; `*` crosses folders, as in a shell's `**`), case as written."""
        inside = path.relative_to(self.folder).as_posix() if path.is_relative_to(self.folder) else path.name
        return any(fnmatchcase(path.name, glob) or fnmatchcase(inside, glob) for glob in self._ignore)

    def _scan(self) -> dict[Path, Stamp]:
        stamps: dict[Path, Stamp] = {}
        for item in input_files([self.folder], exclude=self._exclude):
            if (isinstance(item, Skipped) or item.name.lower().endswith(IN_PROGRESS_SUFFIXES)
                    or self.ignored(item)):
                continue
            try:
                status = item.stat()
            except OSError:  # removed between listing and looking
                continue
            stamps[item] = (status.st_mtime_ns, status.st_size)
        return stamps
