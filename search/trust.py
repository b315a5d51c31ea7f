"""Only open indexes this user built here: Whoosh keeps its schema as a pickle, which can run code.

Each build writes a random token into the index folder and into the user's own state
folder. An index whose token this user does not hold (copied with a library from someone
else, built by another user of a shared library or under another HOME, or tampered with), or
whose folder another account owns (replaced in a folder others can write), is never opened.
One with another user's token is left to them, and this user gets an index of their own
(`search.store.default_index_dir`); one without a token is rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sys
from pathlib import Path

import platformdirs

from briefings.files import make_private_dir, write_atomic
from briefings.library import APP_NAME

TOKEN_FILE = "built-here"


def _registry_entry(index_dir: Path) -> Path:
    state = platformdirs.user_state_path(APP_NAME, appauthor=False)
    digest = hashlib.sha256(str(index_dir.resolve()).encode("utf-8")).hexdigest()[:32]
    return state / "trusted-indexes" / digest


def is_trusted(index_dir: Path) -> bool:
    try:
        owned = _owned_here(index_dir)
        token = (index_dir / TOKEN_FILE).read_text(encoding="ascii").strip()
        expected = _registry_entry(index_dir).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return False
    return owned and bool(token) and secrets.compare_digest(token, expected)


def is_someone_elses(index_dir: Path) -> bool:
    """Whether another user built the index (another account, another HOME, another machine): its folder
    holds a token this user does not, or another account owns it. Theirs to open and to rebuild; a
    folder without a token (half made, damaged) is no one's, and whoever opens it rebuilds it."""
    try:
        if not _owned_here(index_dir):
            return True
        token = (index_dir / TOKEN_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return False
    return bool(token) and not is_trusted(index_dir)


def _owned_here(index_dir: Path) -> bool:
    """Whether this account owns the folder: another could have swapped in its own, copying our token
    file beside a planted pickle, where the library's folder is writable by a group."""
    return sys.platform == "win32" or index_dir.stat().st_uid == os.getuid()


def mark_trusted(built_dir: Path, final_dir: Path) -> None:
    """Called on a freshly built folder before it is moved to `final_dir`, where it will be trusted."""
    token = secrets.token_hex(16)
    write_atomic(built_dir / TOKEN_FILE, token)
    entry = _registry_entry(final_dir)
    make_private_dir(entry.parent)
    write_atomic(entry, token)
