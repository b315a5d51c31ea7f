"""The user's keymap: `[keymap]` `action_id = "ctrl+x"` (or a list of keys) in keymap.toml.

The file is read as hostile input: anything wrong (too large, binary, not UTF-8, not TOML, wrong
types, unknown actions, bad key names) becomes one line naming the file and the fault, and every
entry that is right still applies. A remap that would share a key with another action where Textual
looks both up is reported and left out, so a keymap can never silently shadow an action.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual.keys import REPLACED_KEYS, Keys, _character_to_key, key_to_character

from briefings.text import visible_controls
from tui.actions import BY_ID, Action, clashes

CONFIG_ENV = "BRIEFING_CONFIG_DIR"
KEYMAP_FILE = "keymap.toml"
MAX_KEYMAP_BYTES = 64_000
"""Far above any real keymap (there are fewer than 60 actions); keeps a hostile file out of memory."""
MAX_KEYS = 8
MAX_DEPTH = 2
MAX_SHOWN = 40
MAX_KEY_NAME = 100
"""Longer than any key name (the longest are Unicode character names)."""
MODIFIERS = frozenset({"ctrl", "alt", "shift", "meta", "super", "hyper"})
NAMED_KEYS = frozenset(key.value.rpartition("+")[2] for key in Keys) | {"space", "enter", "backspace", "tab"}


def config_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(os.environ.get(CONFIG_ENV) or user_config_dir("briefing-reader"))


def keymap_path() -> Path:
    return config_dir() / KEYMAP_FILE


@dataclass
class Keymap:
    """The remaps that apply, in the file's order, and one line per fault found in the file."""

    path: Path
    remaps: dict[str, tuple[str, ...]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def textual(self) -> dict[str, str]:
        """The remaps as `App.set_keymap` takes them."""
        return {action_id: ",".join(keys) for action_id, keys in self.remaps.items()}


def load_keymap(path: Path) -> Keymap:
    keymap = Keymap(path)
    try:
        table = _read(path)
    except FileNotFoundError:
        return keymap
    except OSError as error:
        reason = error.strerror or type(error).__name__
        keymap.problems.append(f"{path}: cannot be read ({reason}); using the default keys.")
        return keymap
    except ValueError as error:
        keymap.problems.append(f"{path}: {error}; using the default keys.")
        return keymap
    wanted: dict[str, tuple[str, ...]] = {}
    for problem in _entries(table, wanted):
        keymap.problems.append(f"{path}: {problem}")
    keymap.remaps = wanted
    for problem in _drop_clashes(keymap.remaps):
        keymap.problems.append(f"{path}: {problem}")
    return keymap


def _read(path: Path) -> dict[str, Any]:
    """The parsed file; ValueError in our words when it cannot be a keymap at all."""
    with path.open("rb") as file:
        data = file.read(MAX_KEYMAP_BYTES + 1)
    if len(data) > MAX_KEYMAP_BYTES:
        raise ValueError(f"it is larger than {MAX_KEYMAP_BYTES // 1000} KB, too large for a keymap")
    if b"\x00" in data:
        raise ValueError("it is a binary file, not TOML text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"it is not UTF-8 text (byte {error.start})") from None
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise ValueError("it nests too deeply to be a keymap") from None
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"line \d+, column \d+", str(error))
        raise ValueError(f"it is not valid TOML{f' (at {where.group()})' if where else ''}") from None


def _entries(table: dict[str, Any], wanted: dict[str, tuple[str, ...]]) -> Iterator[str]:
    """Fill `wanted` with the well-formed entries; yield a line for each one that is not."""
    for name in table:
        if name != "keymap":
            yield f"unknown section {_shown(name)}; only [keymap] is read."
    entries = table.get("keymap", {})
    if not isinstance(entries, dict):
        yield "keymap must be a table: [keymap] then lines like main.search = \"ctrl+f\"."
        return
    for action_id, value in _flat(entries):
        if action_id not in BY_ID:
            close = difflib.get_close_matches(action_id, BY_ID, n=1)
            hint = f" (did you mean {close[0]}?)" if close else " (the help screen, ?, lists every action id)"
            yield f"unknown action {_shown(action_id)}{hint}."
            continue
        values = value if isinstance(value, list) else [value]
        if not values or not all(isinstance(item, str) for item in values):
            yield f'{action_id} must be a key name or a list of key names, like "ctrl+f" or ["f", "ctrl+f"].'
            continue
        keys = [key.strip() for item in values for key in item.split(",")]
        if len(keys) > MAX_KEYS:
            yield f"{action_id} has {len(keys)} keys; at most {MAX_KEYS} are kept apart."
            continue
        bad = next((key for key in keys if normal_key(key) is None), None)
        if bad is not None:
            yield f'{action_id}: {_shown(bad)} is not a key name (like "x", "ctrl+x", "f2", "escape").'
            continue
        wanted[action_id] = tuple(dict.fromkeys(key for key in map(normal_key, keys) if key))


def _flat(entries: dict[str, Any], prefix: str = "", depth: int = 0) -> Iterator[tuple[str, Any]]:
    """(action id, value): TOML reads `main.search = "x"` as a table `main` holding `search`."""
    for name, value in entries.items():
        if isinstance(value, dict) and depth < MAX_DEPTH:
            yield from _flat(value, f"{prefix}{name}.", depth + 1)
        else:
            yield f"{prefix}{name}", value


def normal_key(key: str) -> str | None:
    """The key in Textual's own spelling (`?` → `question_mark`), or None when it names no key."""
    if not key or len(key) > MAX_KEY_NAME:
        return None
    *modifiers, base = key.split("+") if key != "+" else ["+"]
    if len(set(modifiers)) != len(modifiers) or not set(modifiers) <= MODIFIERS:
        return None
    if len(base) == 1:
        if not base.isprintable() or base.isspace() or unicodedata.category(base).startswith("C"):
            return None
        base = _character_to_key(base)
    elif base not in NAMED_KEYS and key_to_character(REPLACED_KEYS.get(base, base)) is None:
        return None
    return "+".join([*modifiers, base])


def _drop_clashes(remaps: dict[str, tuple[str, ...]]) -> list[str]:
    """Take out remaps (the later of two) until no two actions share a key; one line each, in file order."""
    order = list(remaps)
    dropped_lines: list[tuple[int, str]] = []
    while clash := next(clashes(remaps), None):
        first, second, key = clash
        dropped, other = _later(first, second, order)
        keys = remaps.pop(dropped.id)
        dropped_lines.append((
            order.index(dropped.id),
            f"{dropped.id} = {_keys(keys)} clashes with {other.id or other.label} "
            f"(key {key}, {other.context.value.lower()}); not applied.",
        ))
    return [line for _place, line in sorted(dropped_lines)]


def _later(first: Action, second: Action, order: list[str]) -> tuple[Action, Action]:
    """The remapped one of the two (the later in the file when both are), and the other."""
    rank = {action_id: place for place, action_id in enumerate(order)}
    if rank.get(second.id, -1) >= rank.get(first.id, -1):
        return second, first
    return first, second


def _keys(keys: tuple[str, ...]) -> str:
    return ", ".join(f'"{key}"' for key in keys)


def _shown(text: str) -> str:
    """A name from the file, safe to show on one line."""
    safe = visible_controls(text)
    return repr(safe if len(safe) <= MAX_SHOWN else safe[:MAX_SHOWN] + "…")
