"""Ingest: read each input file, parse it, analyse each briefing in it and save it to the library.

The search layer indexes what this yields (`search.ingest`); the library only stores. A file is
read and parsed in the first pass, which learns the entities it describes, and its briefings are
analysed and saved in the second, from the parses the first pass kept (up to HELD_TEXT); each
saved briefing is serialised once, by `Library.save`, whose digest of that text the index takes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from importlib import resources
from pathlib import Path

from briefings.errors import InputError, ParseError
from briefings.files import Skipped, input_files, sync_all
from briefings.formats import SkippedItem, detect, parse_items
from briefings.library import Library
from briefings.model import Briefing, Source
from briefings.preparing import prepared
from briefings.reading import DEFAULT_MAX_BYTES, MAX_INPUT_BYTES, DecodedText, read_input

SYNC_EVERY = 256
"""Briefings ingest saves between two flushes to disk; their outcomes are held until the flush."""
HELD_TEXT = MAX_INPUT_BYTES
"""Characters of input whose parses the first pass keeps for the second: one largest file's worth
(about 3.5 bytes of memory a character, so under 30 MB). Files past it are parsed again in the
second pass, so a large ingest's memory stays bounded."""


def sample_paths() -> list[Path]:
    """The sample briefings installed with the package, one or more per input format."""
    folder = resources.files("briefings") / "samples"
    return sorted(Path(str(item)) for item in folder.iterdir()
                  if item.is_file() and not item.name.startswith((".", "_")))


Parsed = Briefing | ParseError
"""One item of an input file: a briefing, or what is wrong with it (a SkippedItem: nothing to read)."""


class IngestStatus(StrEnum):
    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    """An item of a multi-briefing file with nothing to read in it (the message says why)."""
    ERROR = "error"


WRITTEN = (IngestStatus.ADDED, IngestStatus.UPDATED)
"""The outcomes whose briefing was written to the library (and so wants indexing)."""


@dataclass(frozen=True)
class IngestOutcome:
    path: Path
    status: IngestStatus
    briefing_id: str = ""
    message: str = ""
    """One line: the reason for an error (naming the file), or the parser's notes."""
    briefing: Briefing | None = None
    """The briefing as saved, for indexing; None for errors."""
    title: str = ""
    """The briefing's title: a file such as a Kagi category or a Reuters archive holds many."""


def ingest_paths(library: Library, paths: Iterable[Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
                 split: bool = True) -> Iterator[IngestOutcome]:
    """One outcome per briefing (a file may hold many), as each is done; a failure is reported and the
    rest go on.

    Two passes: the first only learns the entities the files describe, so a briefing is matched
    against blurbs in files after it too, and ingesting the same folder twice changes nothing; the
    second analyses and saves the briefings the first parsed (see HELD_TEXT).
    No outcome is yielded before its briefing is on disk (`on_disk`). `split` False keeps raw articles
    whole (see `preparing.prepared`).
    """
    paths = [Path(path) for path in paths]
    library.sweep_temporary_files()
    parses = _learn_entities(library, paths, max_bytes)

    def outcomes() -> Iterator[IngestOutcome]:
        for item in input_files(paths, exclude=library.root):
            if isinstance(item, Skipped):
                yield IngestOutcome(item.path, IngestStatus.ERROR, message=f"{item.path.name}: {item.reason}")
                continue
            yield from ingest_file(library, item, max_bytes=max_bytes, durable=False,
                                   parsed=parses.pop(item, None), split=split)

    yield from on_disk(outcomes())


def on_disk(outcomes: Iterable[IngestOutcome]) -> Iterator[IngestOutcome]:
    """`outcomes` of briefings saved with `durable=False`, each yielded only once its file is on disk:
    files are flushed once per SYNC_EVERY written (four times faster than each on its own), and what
    was done before a failure or Ctrl-C is flushed and still reported."""
    held: list[IngestOutcome] = []
    written = 0
    try:
        for outcome in outcomes:
            held.append(outcome)
            written += outcome.status in WRITTEN
            if written >= SYNC_EVERY:
                sync_all()
                yield from held
                held, written = [], 0
    except (Exception, KeyboardInterrupt):
        sync_all()
        yield from held
        raise
    if written:
        sync_all()
    yield from held


def _learn_entities(library: Library, paths: list[Path], max_bytes: int) -> dict[Path, list[Parsed]]:
    """The first pass: learns the entities every file describes; returns the parses of the first
    files, up to HELD_TEXT characters of their text, for the second pass to save."""
    kept: dict[Path, list[Parsed]] = {}
    room = HELD_TEXT
    for path in input_files(paths, exclude=library.root):
        if not isinstance(path, Path):
            continue
        items: list[Parsed] = []
        try:
            decoded = read_input(path, max_bytes)
            keep = len(decoded.text) <= room
            for parsed in _parse_text(path, decoded):
                if keep:
                    items.append(parsed)
                if isinstance(parsed, Briefing) and parsed.entities:
                    library.learn_entities(parsed.entities)
        except Exception:  # reported in the second pass, which reads the file again
            continue
        if keep:
            kept[path] = items
            room -= len(decoded.text)
    return kept


def ingest_file(library: Library, path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, durable: bool = True,
                parsed: Iterable[Parsed] | None = None, split: bool = True) -> Iterator[IngestOutcome]:
    """An outcome per briefing in the file; an item that fails is reported and the file's others go on.

    `parsed`: the file's items as already parsed (by the first pass of `ingest_paths`); else it is read here.
    """
    try:
        for item in _parse_file(path, max_bytes) if parsed is None else parsed:
            yield _ingest_one(library, path, item, durable, split)
    except InputError as error:
        yield IngestOutcome(path, IngestStatus.ERROR, message=str(error))
    except Exception as error:  # a parser bug must not stop the other files; say what it was
        yield _failure(path, error)


def _ingest_one(library: Library, path: Path, parsed: Parsed, durable: bool, split: bool) -> IngestOutcome:
    if isinstance(parsed, SkippedItem):
        return IngestOutcome(path, IngestStatus.SKIPPED, message=str(parsed))
    if isinstance(parsed, ParseError):
        message = str(parsed)
        return IngestOutcome(path, IngestStatus.ERROR,
                             message=message if message.startswith(path.name) else f"{path.name}: {message}")
    try:
        briefing = prepared(parsed, library.gazetteer(), split=split)
        saved = library.save(briefing, durable=durable)
    except Exception as error:  # one briefing that cannot be saved must not stop the file's others
        return _failure(path, error, parsed.title)
    return IngestOutcome(path, IngestStatus(saved), briefing.id, "; ".join(briefing.notes), briefing,
                         briefing.title)


def _failure(path: Path, error: Exception, title: str = "") -> IngestOutcome:
    where = f"{path.name} ({title[:80]})" if title else path.name
    if isinstance(error, ParseError | InputError):
        message = f"{where}: {error}"
    elif isinstance(error, OSError):
        message = f"{where}: {error.strerror or error}"
    else:
        message = f"{where}: unexpected {type(error).__name__}: {error}"
    return IngestOutcome(path, IngestStatus.ERROR, message=message, title=title)


def _parse_file(path: Path, max_bytes: int) -> Iterator[Parsed]:
    """Each briefing in the file with its Source filled in; InputError when the file cannot be read."""
    yield from _parse_text(path, read_input(path, max_bytes))


def _parse_text(path: Path, decoded: DecodedText) -> Iterator[Parsed]:
    fmt = detect(decoded.text, path.name)
    digest = hashlib.sha256(decoded.text.encode("utf-8")).hexdigest()
    source = Source(path=str(path.absolute()), format=fmt.name, encoding=decoded.encoding, sha256=digest)
    for parsed in parse_items(fmt, decoded.text, path.name):
        yield parsed if isinstance(parsed, ParseError) else replace(parsed, source=source)
