"""Dossiers: named, ordered collections of cards (and notes on them) from many briefings, the analyst's
working set for a cited summary. One YAML file per dossier in `<library>/dossiers/`.

Changing a dossier reads, changes and rewrites its file, so each change holds an exclusive lock (fcntl,
on a hidden lock file beside it) for that whole time and writes atomically: two processes adding to one
dossier at once both get their items in. Dossier files are read as hostile input, like note files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import fcntl
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from briefings.errors import BriefingError, InputError, ParseError
from briefings.files import make_private_dir, write_atomic
from briefings.reading import read_text
from briefings.safe_yaml import dump_yaml, load_yaml

DOSSIERS_DIR = "dossiers"
DOSSIER_SUFFIX = ".yaml"
MAX_DOSSIER_BYTES = 10_000_000
MAX_NAME_CHARS = 200
MAX_SLUG_CHARS = 80
VERSION = 1
_NOT_WORD = re.compile(r"[\W_]+")
NAMES_SHOWN = 5


class DossierError(BriefingError):
    """A dossier that cannot be found, named or changed as asked; the message is one line."""


class UnknownDossier(DossierError):
    pass


@dataclass(frozen=True)
class DossierItem:
    """A card of a briefing (`card_id` as in `Briefing.card_ids`; empty: the briefing as a whole), and
    the note that goes with it when the analyst picked one."""

    briefing_id: str
    card_id: str
    note_id: str = ""


@dataclass(frozen=True)
class Dossier:
    name: str
    """As first typed; names differing only in case or punctuation are the same dossier (see `slug`)."""
    items: tuple[DossierItem, ...] = ()
    title: str = ""
    """The export's title; the name when empty."""

    @property
    def heading(self) -> str:
        return self.title or self.name


class Dossiers:
    """The dossiers of one library, read from their files each time: another process may change any."""

    def __init__(self, library_root: Path) -> None:
        self.folder = Path(library_root) / DOSSIERS_DIR

    def names(self) -> list[str]:
        return [dossier.name for dossier in self.dossiers()[0]]

    def get(self, name: str) -> Dossier:
        """Raises UnknownDossier (one line naming the nearest dossiers) when there is none of that name,
        DossierError when its file cannot be read."""
        return self.load(name)[0]

    def load(self, name: str) -> tuple[Dossier, list[str]]:
        """The dossier and one line per item or field its file had to leave out."""
        path = self._path(name)
        if not path.is_file():
            raise UnknownDossier(self._unknown(name))
        dossier, problems = read_dossier(path)
        if dossier is None:
            raise DossierError(problems[0])
        return dossier, problems

    def add(self, name: str, items: Sequence[DossierItem]) -> Dossier:
        """Appends the items (each once: an item already there stays where it is), making the dossier
        when it is new."""
        def append(dossier: Dossier) -> Dossier:
            kept = list(dossier.items)
            kept.extend(item for item in dict.fromkeys(items) if item not in kept)
            return replace(dossier, items=tuple(kept))
        return self._change(name, append, create=True)

    def remove(self, name: str, index: int) -> Dossier:
        """Takes out the item at `index` (from 0)."""
        def take(dossier: Dossier) -> Dossier:
            _check_index(dossier, index)
            return replace(dossier, items=dossier.items[:index] + dossier.items[index + 1:])
        return self._change(name, take)

    def move(self, name: str, index: int, to: int) -> Dossier:
        """Moves the item at `index` so that it ends up at `to` (both from 0)."""
        def shift(dossier: Dossier) -> Dossier:
            _check_index(dossier, index)
            _check_index(dossier, to)
            items = list(dossier.items)
            items.insert(to, items.pop(index))
            return replace(dossier, items=tuple(items))
        return self._change(name, shift)

    def set_title(self, name: str, title: str) -> Dossier:
        return self._change(name, lambda dossier: replace(dossier, title=title.strip()))

    def delete(self, name: str) -> bool:
        """False when there is no such dossier."""
        try:
            path = self._path(name)
        except DossierError:
            return False
        with self._locked(path):
            try:
                path.unlink()
            except FileNotFoundError:
                return False
        return True

    def dossiers(self) -> tuple[list[Dossier], list[str]]:
        """Every readable dossier, by name, and one line per file or item that had to be left out."""
        found: list[Dossier] = []
        warnings: list[str] = []
        if not self.folder.is_dir():
            return found, warnings
        for path in sorted(self.folder.glob(f"*{DOSSIER_SUFFIX}")):
            if path.name.startswith("."):
                continue
            dossier, problems = read_dossier(path)
            warnings.extend(problems)
            if dossier is not None:
                found.append(dossier)
        found.sort(key=lambda dossier: dossier.name.casefold())
        return found, warnings

    def _change(self, name: str, change: Callable[[Dossier], Dossier], *, create: bool = False) -> Dossier:
        path = self._path(name)
        make_private_dir(self.folder)
        with self._locked(path):
            if path.is_file():
                dossier, problems = read_dossier(path)
                if dossier is None:
                    raise DossierError(f"{problems[0]}; not changed, so nothing in it is lost")
                if problems:  # what it left out stays in a copy for the analyst to look at
                    _keep_copy(path)
            elif create:
                dossier = Dossier(_checked_name(name))
            else:
                raise UnknownDossier(self._unknown(name))
            changed = change(dossier)
            write_atomic(path, dump_yaml(dossier_to_data(changed)))
        return changed

    @contextlib.contextmanager
    def _locked(self, path: Path) -> Iterator[None]:
        make_private_dir(self.folder)
        descriptor = os.open(path.with_name(f".{path.stem}.lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)

    def _path(self, name: str) -> Path:
        return self.folder / f"{slug(name)}{DOSSIER_SUFFIX}"

    def _unknown(self, name: str) -> str:
        names = self.names()
        if not names:
            return f"no dossier named {name!r} (there are none yet: `briefing dossier add NAME ID[:CARD]` " \
                   "makes one)"
        nearest = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
        hint = f"nearest: {nearest[0]}" if nearest else "dossiers: " + ", ".join(names[:NAMES_SHOWN]) + (
            ", …" if len(names) > NAMES_SHOWN else "")
        return f"no dossier named {name!r} ({hint})"


def slug(name: str) -> str:
    """The file name a dossier's name gives: lower case, runs of anything but letters and digits as one
    "-". Raises DossierError when nothing is left."""
    text = _NOT_WORD.sub("-", name.casefold()).strip("-")[:MAX_SLUG_CHARS].strip("-")
    if not text:
        raise DossierError(f"a dossier's name needs a letter or a digit; {name!r} has none")
    return text


def dossier_to_data(dossier: Dossier) -> dict[str, Any]:
    return {
        "version": VERSION,
        "name": dossier.name,
        "title": dossier.title,
        "items": [
            {"briefing": item.briefing_id, "card": item.card_id, "note": item.note_id}
            for item in dossier.items
        ],
    }


def read_dossier(path: Path) -> tuple[Dossier | None, list[str]]:
    """The dossier in a file (None when it cannot be used) and one line per problem, each naming the file;
    an item that is not a briefing and a card is left out, the others kept."""
    name = f"{DOSSIERS_DIR}/{path.name}"
    try:
        data = load_yaml(read_text(path, MAX_DOSSIER_BYTES).text.lstrip("\ufeff"))
    except (InputError, ParseError) as error:
        return None, [f"{name}: {str(error).removeprefix(f'{path.name}: ')}; dossier left out"]
    if not isinstance(data, dict):
        return None, [f"{name}: not a dossier (a YAML mapping was expected); left out"]
    problems = []
    title = data.get("name")
    if not isinstance(title, str) or not title.strip() or len(title) > MAX_NAME_CHARS:
        if title is not None:
            problems.append(f"{name}: field 'name' is not a short text; the file's name is used")
        title = path.stem
    heading = data.get("title")
    if heading is not None and not isinstance(heading, str):
        problems.append(f"{name}: field 'title' is not text; left out")
    raw_items = data.get("items")
    if raw_items is not None and not isinstance(raw_items, list):
        problems.append(f"{name}: field 'items' is not a list; left out")
        raw_items = []
    items = []
    for number, raw in enumerate(raw_items or [], start=1):
        item = _item(raw)
        if item is None:
            problems.append(f"{name}: item {number} is not a briefing and a card; left out")
        elif item not in items:
            items.append(item)
    return Dossier(title, tuple(items), heading if isinstance(heading, str) else ""), problems


def _item(raw: Any) -> DossierItem | None:
    if not isinstance(raw, dict):
        return None
    briefing_id, card_id, note_id = raw.get("briefing"), raw.get("card", ""), raw.get("note", "")
    if not isinstance(briefing_id, str) or not briefing_id:
        return None
    if not isinstance(card_id, str | None) or not isinstance(note_id, str | None):
        return None
    return DossierItem(briefing_id, card_id or "", note_id or "")


def _checked_name(name: str) -> str:
    name = name.strip()
    if len(name) > MAX_NAME_CHARS:
        raise DossierError(f"a dossier's name is at most {MAX_NAME_CHARS} characters")
    slug(name)
    return name


def _check_index(dossier: Dossier, index: int) -> None:
    if not 0 <= index < len(dossier.items):
        raise DossierError(f"dossier {dossier.name!r} has no item {index + 1} (it has {len(dossier.items)})")


def _keep_copy(path: Path) -> None:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    with contextlib.suppress(OSError):
        write_atomic(path.with_name(f"{path.name}.damaged-{stamp}"), path.read_text(encoding="utf-8",
                                                                                      errors="replace"))
