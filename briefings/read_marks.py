"""Which briefings this user has read, and at which version, as the reader keeps them (`reader-state.yaml`
in the user's state folder), readable without the reader: `briefing saved list` counts unread matches
from it.

A mark holds the version it was read at (`read_versions`), so a briefing that arrives again with new
content (`briefings.versions`) is unread again. A mark an earlier release wrote has no version: it means
read at whatever version was current, and stays read until the next new version.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefings.errors import ParseError
from briefings.library import user_state_dir
from briefings.safe_yaml import load_yaml_file

if TYPE_CHECKING:
    from briefings.library import Library

STATE_FILE = "reader-state.yaml"
MAX_STATE_BYTES = 20_000_000
"""A state file larger than this is not ours; the bound keeps a hostile one from filling memory."""


def read_ids(data: Any) -> set[str]:
    """The `read` list of a loaded state: its strings, anything else in it left out."""
    found = data.get("read") if isinstance(data, dict) else None
    return {item for item in found if isinstance(item, str)} if isinstance(found, list) else set()


def read_versions(data: Any) -> dict[str, int]:
    """Briefing id -> the version it was read at, from a loaded state's `read_versions`; ids without one
    (an earlier release's marks) and values that are not version numbers are left out."""
    found = data.get("read_versions") if isinstance(data, dict) else None
    if not isinstance(found, dict):
        return {}
    return {briefing_id: number for briefing_id, number in found.items()
            if isinstance(briefing_id, str) and isinstance(number, int) and not isinstance(number, bool)
            and number > 0}


def read_now(read: set[str], versions: Mapping[str, int], current: Mapping[str, int]) -> set[str]:
    """The ids of `read` still read: a mark at another version than the `current` one (id -> the version
    the library has now) is unread again; a mark without a version, or on a briefing `current` does not
    list, stays read."""
    return {briefing_id for briefing_id in read
            if (was := versions.get(briefing_id)) is None or current.get(briefing_id, was) == was}


def load_read_ids(library_root: Path, library: Library | None = None) -> tuple[set[str], str | None]:
    """The briefings read in the library, at their current version when `library` (the one at
    `library_root`) is given to tell it, and one line naming the file when it could not be used (then
    nothing counts as read). Only reads: the reader itself sets a damaged file aside."""
    path = user_state_dir(library_root) / STATE_FILE
    try:
        data = load_yaml_file(path, MAX_STATE_BYTES)
    except FileNotFoundError:
        return set(), None
    except ParseError as error:
        return set(), f"Reading {path}: {error}; nothing counts as read."
    read = read_ids(data)
    if library is None:
        return read, None
    current = {briefing_id: entry.version for briefing_id, entry in library.entries_for(read).items()}
    return read_now(read, read_versions(data), current), None
