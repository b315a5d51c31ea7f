"""The analyst's notes in the search (issue 19): `note:WORD` and `tag:T` in a query keep the cards whose
notes match them (as `briefing note list` reads them: `briefings.notes.matching`), and the plain words of
a query also find the cards whose notes hold them all, whatever the cards say.

Notes are not indexed: they are few, and written by the reader and the command line at any time, where
the index follows the library. They are read when the notes folder changes (writing or removing a note
renames a file in it) and kept meanwhile, so a keystroke reads no file."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

from whoosh import query

from briefings.errors import BriefingError
from briefings.library import Library
from briefings.notes import Note, NoteBook, matching

NOTE_TERM = re.compile(r'(?<![\w-])(?:note|tag):(?:"[^"]*"|[^\s()"]+)', re.IGNORECASE)


def split_note_terms(text: str) -> tuple[str, str]:
    """The query without its `note:` and `tag:` terms, and those terms."""
    terms = [match.group(0) for match in NOTE_TERM.finditer(text)]
    return " ".join(NOTE_TERM.sub(" ", text).split()), " ".join(terms)


class NoteCards:
    """The cards a library's notes are on, for the notes a query matches."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.book = NoteBook(library.root)
        self._lock = threading.Lock()
        self._stamp: int | None = None
        self._notes: list[Note] = []

    def matched_by(self, note_terms: str) -> query.Query:
        """The cards whose notes every term matches; NullQuery (no card) when no note does."""
        return self._cards(matching(self._current(), note_terms))

    def holding(self, words: Iterable[str]) -> query.Query | None:
        """The cards whose notes hold every word, or None when there are none."""
        wanted = " ".join(f'"{word}"' for word in words)
        found = self._cards(matching(self._current(), wanted)) if wanted else query.NullQuery
        return None if found is query.NullQuery else found

    def _current(self) -> list[Note]:
        try:
            stamp: int | None = self.book.folder.stat().st_mtime_ns
        except OSError:
            stamp = None
        with self._lock:
            if stamp != self._stamp:
                self._notes = self.book.notes()[0] if stamp is not None else []
                self._stamp = stamp
            return self._notes

    def _cards(self, notes: list[Note]) -> query.Query:
        """Each note's card (all its documents: a "What the papers say" card has one per outlet), or its
        whole briefing for a note on the briefing; notes whose briefing or card is gone are left out."""
        found: list[query.Query] = []
        for note in notes:
            briefing_id, card_id = note.anchor.briefing_id, note.anchor.card_id
            if not card_id:
                found.append(query.Term("briefing", briefing_id))
                continue
            try:
                number = self.library.get(briefing_id).card_ids().index(card_id)
            except (KeyError, ValueError, BriefingError):
                continue
            found.append(query.And([query.Term("briefing", briefing_id), query.Term("card", str(number))]))
        return query.Or(found) if found else query.NullQuery
