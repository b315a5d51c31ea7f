"""The library's stories: briefings placed as they arrive, kept in `stories.sqlite3` (`story_store`),
and the analyst's choices (`story_choices`, in `stories.yaml`) applied and kept.

Every change goes through `grouping_of`, which holds the store's lock, restores the `StoryIndex`
from the store, lazily (a placement reads only the days it compares with), or keeps the one this
process restored before, while no other process has written since; and first catches up with the
library: a briefing on disk but not placed (an ingest killed before it placed it, a library written
by an older version) is placed now, and one the library no longer has leaves its story. The reader
only reads (`read_stories`), which costs one row.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from briefings.catalog import CatalogEntry
from briefings.errors import BriefingError, ParseError
from briefings.grouping import GroupingError, Placement, Story, StoryIndex
from briefings.library import Library
from briefings.model import Briefing
from briefings.story_choices import StoryChoices, choices_path, load_choices, save_choices
from briefings.story_store import STORE_FILE, PlacedTerms, StoryStore, opened, read_stored, store_path
from briefings.story_terms import story_terms

T = TypeVar("T")
DAMAGED = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
"""SQLite's primary result codes for a damaged file (not a busy, full or read-only one)."""
FORMAT_OUTLETS = {"reuters": "Reuters"}
"""The outlet every article of an input format comes from; other articles name none we can trust."""


@dataclass(frozen=True)
class StoryShelf:
    """The library's stories of two briefings or more, in the order their first briefings arrived."""

    stories: tuple[Story, ...]
    warnings: tuple[str, ...] = ()
    outlets: Mapping[str, str] = field(default_factory=dict)
    """Each grouped briefing's outlet ("" when its input names none)."""

    def story_of(self, briefing_id: str) -> Story | None:
        """None when the briefing is alone (or not placed yet)."""
        return self._by_briefing.get(briefing_id)

    @cached_property
    def _by_briefing(self) -> dict[str, Story]:
        return {bid: story for story in self.stories for bid in story.briefing_ids}


def read_stories(library_root: Path) -> StoryShelf:
    """The stories as last placed; never raises (a damaged file is a warning naming it, and no stories)."""
    stored = read_stored(library_root)
    return StoryShelf(stored.stories, stored.warnings, stored.outlets)


def group_briefings(library_root: Path, briefing_ids: Sequence[str]) -> Story:
    """The briefings put in one story by the analyst, a choice kept for every later grouping."""
    with Library(library_root) as library, grouping_of(library) as grouping:
        return grouping.group(briefing_ids)


def ungroup_briefing(library_root: Path, story_id: str, briefing_id: str) -> Story:
    """The briefing taken out of the story by the analyst, for good; returns its own new story."""
    with Library(library_root) as library, grouping_of(library) as grouping:
        return grouping.ungroup(story_id, briefing_id)


def forget_briefings(library: Library, briefing_ids: Sequence[str]) -> list[str]:
    """Removed briefings taken out of their stories at once, so no story lists an article the library
    no longer has; nothing else is placed (a large library never grouped is not grouped by a removal).
    Returns warnings: the stories never stop a removal, and a later grouping catches up."""
    if not briefing_ids or library.read_only or not store_path(library.root).exists():
        return []
    try:
        with grouping_of(library, catch_up=False) as grouping:
            grouping.remove(briefing_ids)
            grouping.commit()
            return list(grouping.warnings)
    except Exception as error:  # a store that cannot be written: the next grouping takes them out
        return [f"stories: {error}; the removed briefings leave their stories at the next ingest"]


def article_outlet(briefing: Briefing) -> str:
    return FORMAT_OUTLETS.get(briefing.source.format, "")


class Grouping:
    """The library's stories open for a change, under the store's lock; `commit` keeps the change."""

    def __init__(self, library: Library, store: StoryStore, index: StoryIndex) -> None:
        self.library = library
        self._store = store
        self._index = index
        self.changed = False
        """Whether the index holds changes not committed (then it is not kept for the next grouping)."""

    @property
    def warnings(self) -> list[str]:
        return self._store.warnings

    @property
    def index(self) -> StoryIndex:
        return self._index

    def place(self, briefing: Briefing) -> Placement:
        """The briefing (new, or a new version, which stays in its story) placed; kept at `commit`."""
        return self._mended(lambda: self._place(briefing))

    def _place(self, briefing: Briefing) -> Placement:
        terms = story_terms(briefing)
        day = briefing.date.toordinal() if briefing.date else None
        self.changed = True
        placement = self._index.add_terms(terms, day)
        self._store.put([PlacedTerms(terms, day, article_outlet(briefing))])
        return placement

    def remove(self, briefing_ids: Iterable[str]) -> None:
        ids = list(briefing_ids)
        self._mended(lambda: self._remove(ids))

    def _remove(self, ids: list[str]) -> None:
        self.changed = True
        for briefing_id in ids:
            self._index.remove(briefing_id)
        self._store.forget(ids)

    def group(self, briefing_ids: Sequence[str]) -> Story:
        """As `group_briefings`; kept at once."""
        ids = list(dict.fromkeys(briefing_ids))
        unknown = [bid for bid in ids if bid not in self._index]
        if unknown:
            raise GroupingError(f"no briefing '{unknown[0]}' in the library")
        if len(ids) < 2:
            raise GroupingError("a story needs at least two different briefings")
        self.changed = True
        story = self._index.force_group(ids)
        assert story is not None  # every id is placed
        self._keep_choices()
        return story

    def ungroup(self, story_id: str, briefing_id: str) -> Story:
        """As `ungroup_briefing`; kept at once."""
        self.changed = True
        story = self._index.force_apart(story_id, briefing_id)
        self._keep_choices()
        return story

    def regroup(self) -> Iterator[Placement]:
        """Every briefing placed again from scratch with today's rules, the analyst's choices kept: in
        the order they first arrived, those not placed yet after them by date. Kept at `commit`."""
        known = self._store.placed_ids()
        entries = self.library.entries()
        order = _arrival_order(entries, known, {entry.id for entry in entries})
        self.changed = True
        self._index = StoryIndex(self._index.choices)
        self._store.clear()
        for briefing in _briefings(self.library, order):
            yield self.place(briefing)

    def catch_up(self) -> int:
        """Briefings on disk but not placed placed now, by date; those gone taken out. How many changed."""
        entries = self.library.entries()
        on_disk = {entry.id for entry in entries}
        gone = [bid for bid in self._store.placed_ids() if bid not in on_disk]
        self.remove(gone)
        missing = {bid for bid in on_disk if bid not in self._index}
        for briefing in _briefings(self.library, _arrival_order(entries, [], missing)):
            self.place(briefing)
        return len(gone) + len(missing) + self._place_unreadable_again()

    def _place_unreadable_again(self) -> int:
        """Briefings whose kept rows were found damaged taken out and placed again (their terms, which
        could not be read, stay counted in the document frequencies until a `regroup`); how many."""
        count = 0
        while self._store.unreadable:
            again = list(self._store.unreadable)
            self._store.unreadable.clear()
            count += len(again)
            self.remove(again)
            for briefing in _briefings(self.library, again):
                self.place(briefing)
        if count:
            self.warnings.append(f"{STORE_FILE}: {count} briefing(s) kept unreadably; placed again")
        return count

    def commit(self) -> None:
        """The change kept; first the briefings whose kept rows were found damaged are placed again."""
        self._mended(self._commit)

    def _commit(self) -> None:
        self._place_unreadable_again()
        self._store.commit(self._index.stories(), self._index.take_df_changes())
        _restored[_key(self.library)] = (self._store.generation, self._index)
        self.changed = False

    def _mended(self, change: Callable[[], T]) -> T:
        """`change` made; if SQLite finds the file damaged midway (it reads pages as a placement needs
        them, so a restore can pass over a damaged page), the store is started again, with a warning,
        every briefing on disk placed again, then `change` made once more."""
        try:
            return change()
        except sqlite3.DatabaseError as error:
            if error.sqlite_errorcode & 0xFF not in DAMAGED:
                raise
            self._store.start_again(error)
        self._index = StoryIndex(self._index.choices)
        self.changed = True
        self.catch_up()
        return change()

    def _keep_choices(self) -> None:
        """The analyst's choices kept in `stories.yaml` (which `regroup` and every later index apply),
        then the stories as they now are."""
        save_choices(choices_path(self.library.root), self._index.choices)
        self.commit()


_restored: dict[Path, tuple[int, StoryIndex]] = {}
"""The index this process last committed, per library, and the store's generation then: the reader's
inbox and `watch` ingest again and again, and restoring a large library's index takes seconds."""


def forget_kept() -> None:
    """Drops every index kept in memory, as a new process starts: for benchmarks that run many ingests in
    one process, whose kept indexes would otherwise pile up (each garbage collection walks them all)."""
    _restored.clear()


@contextlib.contextmanager
def grouping_of(library: Library, *, catch_up: bool = True) -> Iterator[Grouping]:
    """The library's stories, locked and caught up with the library (see the module's docstring)."""
    if library.read_only:
        raise BriefingError(f"the library {library.root} is read-only: its stories cannot change")
    with opened(library.root) as store:
        loaded = load_choices(choices_path(library.root))
        store.warnings.extend(loaded.warnings)
        grouping = Grouping(library, store, _index(library, store, loaded.choices))
        try:
            if catch_up and grouping.catch_up():
                grouping.commit()
            yield grouping
        finally:
            if grouping.changed:  # left uncommitted (an error): the next grouping restores from the file
                _restored.pop(_key(library), None)


def _index(library: Library, store: StoryStore, choices: StoryChoices) -> StoryIndex:
    """The index this process kept, while current; else restored from the store (started again when
    the store turns out damaged)."""
    cached = _restored.pop(_key(library), None)
    if cached is not None and cached[0] == store.generation and cached[1].choices == choices:
        cached[1].attach(store)
        return cached[1]
    try:
        placed = store.placed_ids()
        index = StoryIndex.restore_lazily(store, placed, store.document_frequencies(len(placed)),
                                          store.stories(), choices)
        store.note_misdated()
        return index
    except (sqlite3.Error, ParseError) as error:  # a damaged file can read wrong at any row
        store.start_again(error)
    return StoryIndex(choices)


def _key(library: Library) -> Path:
    return library.root.resolve()


def _arrival_order(entries: list[CatalogEntry], known: list[str], wanted: set[str]) -> list[str]:
    """The `wanted` briefings: those `known` in their order, then the others by date, undated last."""
    known_set = set(known)
    later = sorted((entry for entry in entries if entry.id in wanted and entry.id not in known_set),
                   key=lambda entry: (entry.date is None, entry.date or dt.date.min, entry.id))
    return [bid for bid in known if bid in wanted] + [entry.id for entry in later]


def _briefings(library: Library, briefing_ids: Iterable[str]) -> Iterator[Briefing]:
    """Each briefing the library can read; a damaged or vanished file is skipped, as `iter_briefings` does."""
    for briefing_id in briefing_ids:
        try:
            yield library.get(briefing_id)
        except (KeyError, BriefingError):
            continue
