"""Whoosh's file storage, with every file it creates readable by the user only, one fix to its reader,
and its stored fields kept uncompressed.

Whoosh opens its segment, table-of-contents and lock files with the process umask (usually 0644);
an analyst's index holds the text of every briefing, so its files are made 0600 like the library's.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from whoosh import columns
from whoosh.codec import whoosh3
from whoosh.codec.whoosh3 import W3PerDocReader
from whoosh.filedb.filestore import FileStorage, ReadOnlyError
from whoosh.filedb.structfile import StructFile
from whoosh.index import _DEF_INDEX_NAME, FileIndex
from whoosh.util.filelock import LockBase

PRIVATE_FILE_MODE = 0o600
_BINARY = getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


class PrivateFileStorage(FileStorage):  # type: ignore[misc]
    def create_file(self, name: str, excl: bool = False, mode: str = "wb", **kwargs: Any) -> StructFile:
        if self.readonly:
            raise ReadOnlyError
        flags = os.O_CREAT | os.O_RDWR | (os.O_EXCL if excl else os.O_TRUNC) | _BINARY
        descriptor = os.open(self._fpath(name), flags, PRIVATE_FILE_MODE)
        return StructFile(os.fdopen(descriptor, mode), name=name, **kwargs)

    def lock(self, name: str) -> LockBase:
        """Whoosh's lock opens its file with mode 0777; creating it first keeps it 0600."""
        os.close(os.open(self._fpath(name), os.O_CREAT | os.O_RDWR | _BINARY, PRIVATE_FILE_MODE))
        return super().lock(name)


def _cached_reader(self: W3PerDocReader, fieldname: str, column: Any) -> Any:
    """Whoosh asks the file system again whether a column file exists at every posting of a field that
    has none (the lengths of a keyword field): about 100,000 calls per 1,000 stories ingested. A
    segment's files never change once written (its per-document file is closed before its postings
    are), so a missing column is remembered as a found one's reader is."""
    try:
        return self._readers[fieldname]
    except KeyError:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
        return reader


W3PerDocReader._cached_reader = _cached_reader

# Whoosh deflates each document's stored fields (a card's title, text, kind) on their own: a zlib call
# whose set-up is a cost per document, 0.08 s of the 0.5 s that a split article's cards add to indexing
# 1,000 stories, for an index 6% smaller. Its writer and reader both look the column up here, so every
# index this version builds or opens keeps them plain (schema 7: an older index is rebuilt).
whoosh3.STORED_COLUMN = columns.PickleColumn(columns.VarBytesColumn())


def create_index(folder: Path, schema: Any) -> FileIndex:
    return FileIndex.create(PrivateFileStorage(str(folder)), schema, _DEF_INDEX_NAME)


def open_index(folder: Path) -> FileIndex:
    return FileIndex(PrivateFileStorage(str(folder)), indexname=_DEF_INDEX_NAME)
