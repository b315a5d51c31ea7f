"""What the reader remembers between runs: read briefings (and the version each was read at), bookmarks,
the last position, the theme and the history of places visited (tui/history.py).

One small YAML file per library in the user's own state folder (`ReaderState.for_library`): it is one
person's, and in a library folder several users share (or one on read-only media) the last writer
would win. A state an earlier release kept in the library folder is copied there once. It is written
atomically (temporary file, fsync, rename) so a crash leaves the old or the new file, never half of
one, and read with `safe_load` as plain data, tolerating anything odd in it (a file from elsewhere
or a damaged one starts afresh and is kept aside instead of stopping the app).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefings.errors import ParseError
from briefings.files import write_atomic
from briefings.library import make_user_library_dir, user_state_dir
from briefings.read_marks import MAX_STATE_BYTES, STATE_FILE, read_ids, read_now, read_versions
from briefings.safe_yaml import dump_yaml, load_yaml
from tui.history import History

__all__ = ["MAX_STATE_BYTES", "STATE_FILE", "Bookmark", "ReaderState"]


VERSION = 2
"""`history` and `read_versions` came later without a new version: each is one more optional key, which a
release without it ignores and a state without it reads as an empty history and as marks read at
whatever version was current (`read` stays the list of ids, so an earlier release still reads them)."""
BACKUP_SUFFIX = ".v1-backup"
FROM_LIBRARY_SUFFIX = ".from-library"
"""Beside the user's state file: the library folder's state as it was when copied in (see `_migrate`)."""


@dataclass(frozen=True)
class Bookmark:
    briefing_id: str
    card: str
    """The card's id (`Briefing.card_ids`, kept across a re-split); "#N" from a state written before
    card ids (version 1), which kept its position N among the cards the input brought."""
    title: str
    heading: str = ""


@dataclass
class ReaderState:
    path: Path
    read: set[str] = field(default_factory=set)
    """The briefings read at their current version: `follow_versions` takes out those that changed since."""
    read_versions: dict[str, int] = field(default_factory=dict)
    """Briefing id -> the version it was read at; a mark without one (an earlier release's, or added
    before the library's versions were known) gets the current version when `follow_versions` first
    sees its briefing: read at whatever version was current."""
    bookmarks: list[Bookmark] = field(default_factory=list)
    last_briefing: str | None = None
    last_card: str = ""
    """As `Bookmark.card`."""
    theme: str = ""
    history: History = field(default_factory=History)
    last_visit: str = ""
    """When the reader last started on this library (ISO 8601, UTC): what arrived after it is new."""
    library_versions: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)
    """Briefing id -> its current version, as `follow_versions` last heard: what `mark_read` records.
    Not saved: the library's catalog is the truth."""

    # Reading and writing ----------------------------------------------------------------------

    @classmethod
    def for_library(cls, library_root: Path) -> tuple[ReaderState, str | None]:
        """This user's state for the library, as `load` gives it, from the user's state folder; the state
        an earlier release kept in the library folder is copied there the first time."""
        folder = user_state_dir(library_root)
        try:
            make_user_library_dir(folder, library_root)
            not_copied = _migrate(library_root / STATE_FILE, folder / STATE_FILE)
        except OSError as error:
            return cls(folder / STATE_FILE), (f"Cannot keep reading state in {folder}: "
                                              f"{error.strerror or error}; starting afresh.")
        state, warning = cls.load(folder)
        return state, " ".join(line for line in (not_copied, warning) if line) or None

    @classmethod
    def load(cls, folder: Path) -> tuple[ReaderState, str | None]:
        """The state saved in `folder`, or a fresh one and a one-line warning when the file could not be
        used; or the saved state and one line on the history places it had to leave out."""
        path = folder / STATE_FILE
        try:
            if path.stat().st_size > MAX_STATE_BYTES:
                raise ValueError("it is too large")
            text = path.read_text(encoding="utf-8")
            data = load_yaml(text)
            state, note = cls._from_data(path, data)
            _back_up_older(path, data, text)
            return state, f"Reading state in {path.name}: {note}." if note else None
        except FileNotFoundError:
            return cls(path), None
        except (OSError, ValueError, ParseError) as error:
            kept = _set_aside(path)
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            note = f" (kept as {kept.name})" if kept else ""
            return cls(path), f"Reading state in {path.name} failed: {reason}; starting afresh{note}."

    @classmethod
    def _from_data(cls, path: Path, data: Any) -> tuple[ReaderState, str | None]:
        if data is None:
            return cls(path), None
        if not isinstance(data, dict):
            raise ValueError("it is not a mapping")
        state = cls(path)
        state.read = read_ids(data)
        state.read_versions = {briefing_id: number for briefing_id, number in read_versions(data).items()
                               if briefing_id in state.read}
        for item in _list(data.get("bookmarks")):
            if isinstance(item, dict) and isinstance(item.get("briefing"), str):
                state.bookmarks.append(
                    Bookmark(
                        item["briefing"],
                        _card(item.get("card")),
                        _str(item.get("title")),
                        _str(item.get("heading")),
                    )
                )
        last = data.get("last")
        if isinstance(last, dict) and isinstance(last.get("briefing"), str):
            state.last_briefing, state.last_card = last["briefing"], _card(last.get("card"))
        state.theme = _str(data.get("theme"))
        state.last_visit = _str(data.get("last_visit"))
        state.history, note = History.from_data(data.get("history"))
        return state, note

    def to_data(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "last": {"briefing": self.last_briefing, "card": self.last_card} if self.last_briefing else None,
            "theme": self.theme or None,
            "last_visit": self.last_visit or None,
            "bookmarks": [
                {"briefing": b.briefing_id, "card": b.card, "title": b.title, "heading": b.heading}
                for b in self.bookmarks
            ],
            "read": sorted(self.read),
            "read_versions": {briefing_id: version for briefing_id in sorted(self.read)
                              if (version := self.read_versions.get(briefing_id)) is not None},
            "history": self.history.to_data(),
        }

    def begin_visit(self) -> dt.datetime | None:
        """Records this visit's start; returns the previous one's (None: a first visit, or a time that
        could not be read), after which what arrived is new."""
        try:
            previous: dt.datetime | None = dt.datetime.fromisoformat(self.last_visit)
        except ValueError:
            previous = None
        if previous is not None and previous.tzinfo is None:
            previous = previous.replace(tzinfo=dt.UTC)
        self.last_visit = dt.datetime.now(dt.UTC).isoformat()
        return previous

    def save(self, data: dict[str, Any] | None = None) -> None:
        """Write `data` (a `to_data()` taken earlier, so a worker can write it) or the state as it is now.

        Raises OSError when the library folder cannot be written (read-only media, disk full)."""
        write_atomic(self.path, dump_yaml(self.to_data() if data is None else data))

    # Changes --------------------------------------------------------------------------------

    def mark_read(self, *briefing_ids: str) -> None:
        """Read at the version the library has now (`library_versions`)."""
        for briefing_id in briefing_ids:
            self.read.add(briefing_id)
            if (version := self.library_versions.get(briefing_id)) is not None:
                self.read_versions[briefing_id] = version
            else:
                self.read_versions.pop(briefing_id, None)

    def follow_versions(self, current: Mapping[str, int]) -> set[str]:
        """The library's versions now (id -> version): a briefing read at an earlier version is unread
        again (returned); a mark without a version is dated at the current one. Briefings `current` does
        not list (not loaded yet, or gone) keep their marks as they are."""
        self.library_versions = current
        unread = self.read - read_now(self.read, self.read_versions, current)
        self.read -= unread
        for briefing_id in unread:
            del self.read_versions[briefing_id]
        for briefing_id in self.read:
            if briefing_id not in self.read_versions and briefing_id in current:
                self.read_versions[briefing_id] = current[briefing_id]
        return unread

    def is_bookmarked(self, briefing_id: str) -> bool:
        return any(b.briefing_id == briefing_id for b in self.bookmarks)

    def toggle_bookmark(self, bookmark: Bookmark) -> bool:
        """Add the bookmark, or remove it when that card is already bookmarked; True when added."""
        same = [
            b
            for b in self.bookmarks
            if (b.briefing_id, b.card) == (bookmark.briefing_id, bookmark.card)
        ]
        if same:
            self.bookmarks = [b for b in self.bookmarks if b not in same]
            return False
        self.bookmarks.insert(0, bookmark)
        return True


def _card(value: Any) -> str:
    return value if isinstance(value, str) and value else f"#{_int(value)}"


def _back_up_older(path: Path, data: Any, text: str) -> None:
    """A state an older release wrote is kept as it was, once, before this one rewrites it."""
    version = data.get("version") if isinstance(data, dict) else None
    backup = path.with_name(path.name + BACKUP_SUFFIX)
    if isinstance(version, int) and version < VERSION and not backup.exists():
        with contextlib.suppress(OSError):  # read-only media: nothing will be rewritten there either
            write_atomic(backup, text)


def _migrate(old: Path, new: Path) -> str | None:
    """Copies the library folder's state file to the user's, once: only while the user has neither a
    state nor an earlier copy. The library's file is left as it was (other users of a shared library,
    and older releases, still read it), and the text copied is also kept beside the new file, as a
    backup. `load` then judges the copy as any state file (a damaged one is set aside); one that is not
    even text, or cannot be read, is not copied, and the user starts with an empty state (and a line
    saying why, once)."""
    backup = new.with_name(new.name + FROM_LIBRARY_SUFFIX)
    if new.exists() or backup.exists() or not old.is_file():
        return None
    try:
        if old.stat().st_size > MAX_STATE_BYTES:
            raise ValueError("it is too large")
        text = old.read_bytes().decode("utf-8")
    except (OSError, ValueError) as error:  # e.g. another user's file in a shared library
        write_atomic(new, "")
        return (f"Reading state in {old} failed: {_reason(error)}; starting afresh (the file is left as it "
                "was).")
    write_atomic(new, text)
    write_atomic(backup, text)
    return None


def _reason(error: OSError | ValueError) -> str:
    if isinstance(error, UnicodeDecodeError):
        return "it is not UTF-8 text"
    return (error.strerror if isinstance(error, OSError) else None) or str(error)


def _set_aside(path: Path) -> Path | None:
    """Keep an unreadable state file for a person to look at; the next save starts a new one."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.name}.damaged-{stamp}")
    try:
        path.rename(kept)
    except OSError:
        return None
    return kept


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""
