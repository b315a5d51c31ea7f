"""Earlier versions of the library's briefings: a story that arrives again with new content (Kagi
republishes a cluster as it develops) keeps the file it replaces, so what it said before stays readable.

Layout: `<root>/versions/<id>/<n>.yaml`, n from 1, each the briefing file exactly as it was, its
modification time the moment that version was saved. The current version stays where it always was
(`briefings/`), numbered one past the newest kept, so nothing else in the library changes.

Only new content makes a version (`content_digest`): a file rewritten by an upgrade, a re-split, a
newer analysis or a changed neighbour in the same input file is the same story, written again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from briefings.files import make_private_dir, write_atomic
from briefings.model import Briefing, Precision, Source
from briefings.serialize import to_data

VERSIONS_DIR = "versions"
_NUMBERED = re.compile(r"([1-9][0-9]{0,8})\.yaml")


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One version of a briefing as `briefing versions` lists it."""

    number: int
    saved_at: dt.datetime | None
    """When this version was saved (UTC), from its file; None when the file is gone."""
    digest: str
    """SHA-256 of the version's file, as the catalog's digest of the current one."""
    title: str
    current: bool = False
    problem: str = ""
    """Why the version's file cannot be read (one line naming it); empty when it can."""


def content_digest(briefing: Briefing) -> str:
    """What the input says, without what the library adds to it: equal digests mean the same story.

    Left out: the analysis (claims, flags, timeline, estimates), the cards a split derived, entities
    (the gazetteer marks their mentions), the inferred date and place, notes and where the file was.
    """
    brought = tuple(briefing.cards[index] for index in briefing.brought_cards())
    inferred = bool(briefing.date_inferred)
    said = replace(briefing, cards=brought, date=None if inferred else briefing.date,
                   date_precision=Precision.DAY if inferred else briefing.date_precision, date_inferred="",
                   entities=(), source=Source(), notes=(), claims=(), flags=(), timeline=(), estimates=(),
                   place="")
    data = json.dumps(to_data(said), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


class VersionStore:
    """The kept versions' files; the library calls it under its lock."""

    def __init__(self, library_root: Path) -> None:
        self.root = library_root / VERSIONS_DIR

    def path(self, briefing_id: str, number: int) -> Path:
        return self.root / briefing_id / f"{number}.yaml"

    def numbers(self, briefing_id: str) -> list[int]:
        """The numbers of the versions kept, oldest first."""
        try:
            with os.scandir(self.root / briefing_id) as found:
                names = [item.name for item in found if item.is_file()]
        except OSError:
            return []
        return sorted(int(match[1]) for name in names if (match := _NUMBERED.fullmatch(name)))

    def newest(self) -> dict[str, int]:
        """Each briefing with kept versions -> the newest number kept (to rebuild the catalog)."""
        try:
            folders = os.listdir(self.root)
        except OSError:
            return {}
        found = {}
        for briefing_id in folders:
            numbers = self.numbers(briefing_id)
            if numbers:
                found[briefing_id] = numbers[-1]
        return found

    def keep(self, briefing_id: str, current: Path, *, durable: bool = True) -> int:
        """Keeps the current file as the next version; its number. When the newest kept version is that
        file already (a save killed after keeping it), that one's number, and nothing is written."""
        text = current.read_text(encoding="utf-8")
        numbers = self.numbers(briefing_id)
        if numbers and _same_text(self.path(briefing_id, numbers[-1]), text):
            return numbers[-1]
        number = (numbers[-1] if numbers else 0) + 1
        target = self.path(briefing_id, number)
        make_private_dir(self.root)
        make_private_dir(target.parent)
        saved = current.stat()
        write_atomic(target, text, durable=durable)
        os.utime(target, ns=(saved.st_atime_ns, saved.st_mtime_ns))  # the moment that version was saved
        return number

    def remove(self, briefing_id: str) -> None:
        """Deletes a removed briefing's versions, so one added later under its id starts afresh."""
        folder = self.root / briefing_id
        for number in self.numbers(briefing_id):
            self.path(briefing_id, number).unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # not empty (a file of someone else's) or already gone
            folder.rmdir()


def saved_at(path: Path) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    except OSError:
        return None


def _same_text(path: Path, text: str) -> bool:
    try:
        return path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False
