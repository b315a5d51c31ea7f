"""Which briefings this user has read, as the reader keeps them (`reader-state.yaml` in the user's state
folder), readable without the reader: `briefing saved list` counts unread matches from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefings.errors import ParseError
from briefings.library import user_state_dir
from briefings.safe_yaml import load_yaml_file

STATE_FILE = "reader-state.yaml"
MAX_STATE_BYTES = 20_000_000
"""A state file larger than this is not ours; the bound keeps a hostile one from filling memory."""


def read_ids(data: Any) -> set[str]:
    """The `read` list of a loaded state: its strings, anything else in it left out."""
    found = data.get("read") if isinstance(data, dict) else None
    return {item for item in found if isinstance(item, str)} if isinstance(found, list) else set()


def load_read_ids(library_root: Path) -> tuple[set[str], str | None]:
    """The briefings read in the library, and one line naming the file when it could not be used (then
    nothing counts as read). Only reads: the reader itself sets a damaged file aside."""
    path = user_state_dir(library_root) / STATE_FILE
    try:
        return read_ids(load_yaml_file(path, MAX_STATE_BYTES)), None
    except FileNotFoundError:
        return set(), None
    except ParseError as error:
        return set(), f"Reading {path}: {error}; nothing counts as read."
