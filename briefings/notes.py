"""The analyst's notes on cards: one small YAML file per note in `<library>/notes/`, so two people or
processes adding notes at once never touch the same file, and a person can read, grep or mail one.

A note is anchored to a briefing, a card (its id from `Briefing.card_ids`, which a re-split keeps) and,
for a highlight, the passage quoted verbatim. A re-ingest can move or rewrite the card's text, so
`reanchor` looks for the quote again (in the same card, then in the others) and marks the note orphaned
when it is gone; a note is never deleted but by `remove`. Note files are read as hostile input: a file
that cannot be read is one warning naming it, and an odd field is left out with a warning of its own.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from briefings.errors import BriefingError, InputError, ParseError
from briefings.files import make_private_dir, write_atomic
from briefings.model import Briefing
from briefings.reading import read_text
from briefings.safe_yaml import dump_yaml, load_yaml

NOTES_DIR = "notes"
NOTE_SUFFIX = ".yaml"
MAX_NOTE_BYTES = 1_000_000
"""A note file larger than this was not written by us; the bound keeps a hostile one from filling memory."""
MAX_TEXT_CHARS = 100_000
"""The longest note text, quote or title kept, so every note written stays well under MAX_NOTE_BYTES."""
MAX_TAGS = 50
VERSION = 1
_NOTE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_WHITESPACE = re.compile(r"\s+")


class NoteError(BriefingError):
    """A note that cannot be made, found or removed; the message is one line."""


@dataclass(frozen=True)
class Anchor:
    """Where a note sits. `card_id` empty: the briefing as a whole; `quote` empty: the whole card."""

    briefing_id: str
    card_id: str
    quote: str = ""
    """The passage, verbatim from the card's text."""


@dataclass(frozen=True)
class Note:
    id: str
    """"n-" and 8 hex digits for the notes we make; also the file's name."""
    anchor: Anchor
    text: str = ""
    tags: tuple[str, ...] = ()
    grade: str = ""
    """The analyst's own scale, kept as typed (e.g. a confidence: "high", "B2")."""
    created: str = ""
    """ISO 8601 UTC, to the microsecond, so that notes sort in the order they were made (two made in one
    millisecond did not: their order fell to their random ids)."""
    orphaned: bool = False
    """Its quote (or card) is no longer in the briefing; kept so the analyst decides what to do with it."""
    briefing_title: str = ""
    card_heading: str = ""
    """Copied when the note is made, so a note still says what it was about once orphaned."""


class NoteBook:
    """The notes of one library, read from their files each time: another process may add or remove any."""

    def __init__(self, library_root: Path) -> None:
        self.folder = Path(library_root) / NOTES_DIR
        self._owners: dict[str, list[Path]] = {}
        self._owners_stamp: int | None = None

    def add(self, anchor: Anchor, text: str = "", *, tags: Sequence[str] = (), grade: str = "",
            briefing_title: str = "", card_heading: str = "") -> Note:
        """Writes a new note file and returns the note; raises NoteError when it names no briefing or is too
        long to be read back."""
        if not anchor.briefing_id:
            raise NoteError("a note needs a briefing")
        for label, value in (("note", text), ("quote", anchor.quote), ("briefing title", briefing_title),
                             ("card heading", card_heading), ("grade", grade)):
            if len(value) > MAX_TEXT_CHARS:
                raise NoteError(f"the {label} is too long ({len(value):,} characters; at most "
                                f"{MAX_TEXT_CHARS:,})")
        make_private_dir(self.folder)
        note = Note(_new_id(self.folder), anchor, text, clean_tags(tags), grade.strip(), _now(),
                    briefing_title=briefing_title, card_heading=card_heading)
        self._write(note)
        return note

    def remove(self, note_id: str) -> bool:
        """False when there is no such note (or the id could not name a note file)."""
        if not _NOTE_ID.fullmatch(note_id):
            return False
        try:
            self._path(note_id).unlink()
        except FileNotFoundError:
            return False
        return True

    def get(self, note_id: str) -> Note:
        """Raises NoteError with one line when there is no such note or its file cannot be read."""
        path = self._path(note_id) if _NOTE_ID.fullmatch(note_id) else None
        if path is None or not path.is_file():
            raise NoteError(f"no note with id {note_id!r}")
        note, problems = read_note(path)
        if note is None:
            raise NoteError(problems[0])
        return note

    def notes(self) -> tuple[list[Note], list[str]]:
        """Every note, oldest first, and one line per unreadable file or odd field."""
        notes: list[Note] = []
        warnings: list[str] = []
        for path in self._files():
            note, problems = read_note(path)
            warnings.extend(problems)
            if note is not None:
                notes.append(note)
        notes.sort(key=lambda note: (note.created, note.id))
        return notes, warnings

    def for_briefing(self, briefing_id: str) -> list[Note]:
        return [note for note in self.notes()[0] if note.anchor.briefing_id == briefing_id]

    def reanchor(self, briefing: Briefing) -> list[Note]:
        """After a (re)ingest: each of the briefing's notes re-found where its quote now is, or marked
        orphaned (and un-orphaned when its text came back). Returns the notes that changed, as saved.

        Cheap enough to call for every briefing an ingest saves: which files are whose is remembered
        until the folder changes, and only this briefing's files are read again."""
        changed = []
        for path in self._owned_by(briefing.id):
            note = read_note(path)[0]
            if note is None or note.anchor.briefing_id != briefing.id:
                continue
            found = find_anchor(briefing, note)
            if found != note:
                self._write(found, only_if_present=True)
                changed.append(found)
        if changed:  # rewriting a note changes no owner: the map stays good for the next briefing
            self._owners_stamp = self._folder_stamp()
        return changed

    def _owned_by(self, briefing_id: str) -> list[Path]:
        """The note files naming the briefing, from a map of all of them made again whenever a note file
        is added, replaced or removed (each changes the folder's modification time)."""
        stamp = self._folder_stamp()
        if stamp != self._owners_stamp:
            self._owners = {}
            for path in self._files():
                note = read_note(path)[0]
                if note is not None:
                    self._owners.setdefault(note.anchor.briefing_id, []).append(path)
            self._owners_stamp = stamp
        return self._owners.get(briefing_id, [])

    def _folder_stamp(self) -> int | None:
        try:
            return self.folder.stat().st_mtime_ns
        except OSError:
            return None

    def _write(self, note: Note, *, only_if_present: bool = False) -> None:
        path = self._path(note.id)
        if only_if_present and not path.exists():  # removed meanwhile by another process: stays removed
            return
        write_atomic(path, dump_yaml(note_to_data(note)))

    def _path(self, note_id: str) -> Path:
        return self.folder / f"{note_id}{NOTE_SUFFIX}"

    def _files(self) -> Iterable[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(path for path in self.folder.glob(f"*{NOTE_SUFFIX}") if not path.name.startswith("."))


def find_anchor(briefing: Briefing, note: Note) -> Note:
    """The note as it should now be anchored in this version of its briefing (the same note if nothing
    moved): its card if the quote is still there, else the card that now holds the quote (the card of the
    same kind first), else orphaned. A whole-card note follows its card id, then its heading."""
    anchor = note.anchor
    ids = briefing.card_ids()
    if not anchor.card_id:
        return replace(note, orphaned=False)
    position = ids.index(anchor.card_id) if anchor.card_id in ids else None
    if anchor.quote:
        order = sorted(range(len(ids)), key=lambda index: (index != position, _kind(ids[index]) !=
                                                           _kind(anchor.card_id), index))
        match = next((index for index in order if contains(briefing.cards[index].text, anchor.quote)), None)
    elif position is not None:
        match = position
    else:
        match = next((index for index, card in enumerate(briefing.cards)
                      if note.card_heading and card.heading == note.card_heading), None)
    if match is None:
        return replace(note, orphaned=True)
    return replace(note, anchor=replace(anchor, card_id=ids[match]), orphaned=False,
                   card_heading=briefing.cards[match].heading, briefing_title=briefing.title)


def matching(notes: Iterable[Note], query: str) -> list[Note]:
    """The notes every term of the query matches: `tag:T` a tag (any case), `note:W` the note's own text,
    `grade:G` the grade, `is:orphaned`; a plain word (or a "quoted phrase") the note, its passage, its
    tags, or the title of its briefing or card. Case is ignored throughout."""
    terms = _terms(query)
    return [note for note in notes if all(_matches(note, field, value) for field, value in terms)]


def _terms(query: str) -> list[tuple[str, str]]:
    try:
        words = shlex.split(query)
    except ValueError:  # an unclosed quote: the words as typed
        words = query.split()
    terms = []
    for word in words:
        field, colon, value = word.partition(":")
        known = colon and field.casefold() in _FIELDS
        terms.append((field.casefold(), value.casefold()) if known else ("", word.casefold()))
    return terms


_FIELDS = ("tag", "note", "grade", "is")


def _matches(note: Note, field: str, value: str) -> bool:
    if field == "tag":
        return value in (tag.casefold() for tag in note.tags)
    if field == "note":
        return value in note.text.casefold()
    if field == "grade":
        return value == note.grade.casefold()
    if field == "is":
        return value == "orphaned" and note.orphaned
    words = (note.text, note.anchor.quote, *note.tags, note.briefing_title, note.card_heading)
    return any(value in _squeeze(text).casefold() for text in words)


def contains(text: str, quote: str) -> bool:
    """Whether the passage is in the text, whatever the line breaks and spacing around its words."""
    return _squeeze(quote) in _squeeze(text)


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags as typed, trimmed, empty ones left out, each once whatever its case."""
    kept: dict[str, str] = {}
    for tag in tags:
        word = _WHITESPACE.sub(" ", tag).strip()
        if word:
            kept.setdefault(word.casefold(), word)
    return tuple(kept.values())[:MAX_TAGS]


def note_to_data(note: Note) -> dict[str, Any]:
    return {
        "version": VERSION,
        "id": note.id,
        "briefing": note.anchor.briefing_id,
        "card": note.anchor.card_id,
        "quote": note.anchor.quote,
        "text": note.text,
        "tags": list(note.tags),
        "grade": note.grade,
        "created": note.created,
        "orphaned": note.orphaned,
        "briefing_title": note.briefing_title,
        "card_heading": note.card_heading,
    }


def read_note(path: Path) -> tuple[Note | None, list[str]]:
    """The note in a file (None when it cannot be used) and one line per problem, each naming the file."""
    name = f"{NOTES_DIR}/{path.name}"
    try:
        data = load_yaml(read_text(path, MAX_NOTE_BYTES).text.lstrip("\ufeff"))
    except (InputError, ParseError) as error:
        return None, [f"{name}: {_after_name(str(error), path.name)}; note left out"]
    if not isinstance(data, dict):
        return None, [f"{name}: not a note (a YAML mapping was expected); left out"]
    briefing_id = data.get("briefing")
    if not isinstance(briefing_id, str) or not briefing_id:
        return None, [f"{name}: no briefing id; note left out"]
    fields = _Fields(data, name)
    tags = data.get("tags")
    note = Note(
        id=path.stem,
        anchor=Anchor(briefing_id, fields.text("card"), fields.text("quote")),
        text=fields.text("text"),
        tags=clean_tags(fields.words(tags)) if tags is not None else (),
        grade=fields.text("grade"),
        created=fields.text("created"),
        orphaned=fields.flag("orphaned"),
        briefing_title=fields.text("briefing_title"),
        card_heading=fields.text("card_heading"),
    )
    return note, fields.problems


class _Fields:
    """Reads one field at a time from a note's mapping; a field of the wrong type reads as empty, with a
    warning, so one odd field costs that field only."""

    def __init__(self, data: dict[Any, Any], name: str) -> None:
        self.data = data
        self.name = name
        self.problems: list[str] = []

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float | dt.date):
            self._odd(key, "is not text")
            return ""
        # an unquoted 2026-01-02 in a hand-edited file reads as a date
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
        if len(text) > MAX_TEXT_CHARS:
            self._odd(key, f"is longer than {MAX_TEXT_CHARS:,} characters")
            return ""
        return text

    def words(self, value: Any) -> list[str]:
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list) or not all(isinstance(item, str | int | float) and
                                                  not isinstance(item, bool) for item in value):
            self._odd("tags", "is not a list of words")
            return []
        return [str(item) for item in value]

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self._odd(key, "is not true or false")
            return False
        return value

    def _odd(self, key: str, problem: str) -> None:
        self.problems.append(f"{self.name}: field {key!r} {problem}; left out")


def _new_id(folder: Path) -> str:
    while True:
        note_id = f"n-{secrets.token_hex(4)}"
        if not (folder / f"{note_id}{NOTE_SUFFIX}").exists():
            return note_id


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _kind(card_id: str) -> str:
    """"papers-2" is the second card of kind "papers"."""
    return card_id.rsplit("-", 1)[0] if card_id.rpartition("-")[2].isdigit() else card_id


def _squeeze(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _after_name(message: str, file_name: str) -> str:
    """read_text's messages start with the file's name, which the warning already gives."""
    return message.removeprefix(f"{file_name}: ")
