"""Only open indexes this machine built: Whoosh keeps its schema as a pickle, which can run code.

Each build writes a random token into the index folder and into the user's own state
folder; an index whose token this machine does not hold (copied with a library from
someone else, or tampered with) is rebuilt from the library instead of opened.
"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

import platformdirs

from briefings.files import make_private_dir, write_atomic

TOKEN_FILE = "built-here"


def _registry_entry(index_dir: Path) -> Path:
    state = platformdirs.user_state_path("briefing-reader", appauthor=False)
    digest = hashlib.sha256(str(index_dir.resolve()).encode("utf-8")).hexdigest()[:32]
    return state / "trusted-indexes" / digest


def is_trusted(index_dir: Path) -> bool:
    try:
        token = (index_dir / TOKEN_FILE).read_text(encoding="ascii").strip()
        expected = _registry_entry(index_dir).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return False
    return bool(token) and secrets.compare_digest(token, expected)


def mark_trusted(built_dir: Path, final_dir: Path) -> None:
    """Called on a freshly built folder before it is moved to `final_dir`, where it will be trusted."""
    token = secrets.token_hex(16)
    write_atomic(built_dir / TOKEN_FILE, token)
    entry = _registry_entry(final_dir)
    make_private_dir(entry.parent)
    write_atomic(entry, token)
