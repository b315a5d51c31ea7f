"""The index on disk: opened only when built here and current, else rebuilt; kept in step with the library.

One Whoosh searcher is kept and refreshed after writes (a searcher per query costs ~80 ms
and a copy of the postings); a lock makes it safe to search from one thread while a
worker thread writes.

Several processes share one index. Whoosh's write lock is held only while a batch commits,
so beside the index folder `index.lock` says who is working on it for longer: every ingest
holds it shared for its whole run, a repair or rebuild holds it alone. A process that opens
the index while an ingest runs only counts what is not indexed yet; the ingest indexes it.
"""

from __future__ import annotations

import gc
import json
import os
import secrets
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import LockError
from whoosh.query import Term
from whoosh.reading import SegmentReader
from whoosh.searching import Searcher
from whoosh.util import fib
from whoosh.writing import MERGE_SMALL, NO_MERGE

from briefings.errors import BriefingError
from briefings.files import make_private_dir, write_atomic
from briefings.ingest import end_with, in_workers, jobs_for, lifeline, worker_context
from briefings.library import Library
from briefings.model import Briefing
from search import trust
from search.errors import IndexLocked, SearchError
from search.notes_match import NoteCards
from search.schema import SCHEMA_VERSION, build_schema, indexed_documents
from search.storage import PrivateFileStorage, create_index, open_index

META_FILE = "briefing-index.json"
SEPARATE_FILES = {"compound": False}
"""Whoosh reads a compound segment file by copying each part into memory (BytesIO of the mmap):
~400 MB for 20,000 briefings. Separate files are read in place."""
Progress = Callable[[int, int], None]
LOCK_POLL = 0.05
"""Seconds between tries for `index.lock` while waiting for it."""
BUILD_PARALLEL_MIN = 5000
"""Briefings from which an index build not told its jobs reads the library in worker processes
(`briefings.ingest.jobs_for`): below it their start costs more than they save."""


INDEX_DIR = "index"


def default_index_dir(library: Library) -> Path:
    """The library's own index where this user may use it: the library can be written, and its index is
    not someone else's (`search.trust`: this user built it, or it is missing or damaged). Otherwise this
    user's own index of the library, in the user's cache: one someone else built (another user of a
    shared library, another HOME, a copied library) is never opened, its pickle could run code, nor
    rebuilt, its builder's processes use it."""
    own = library.root / INDEX_DIR
    if library.read_only or trust.is_someone_elses(own):
        return library.cache_dir / INDEX_DIR
    return own




class SearchIndex:
    """Open with `SearchIndex.open`; `messages` says what opening had to repair."""

    def __init__(self, index_dir: Path, ix: whoosh_index.Index, *, lock_timeout: float,
                 searcher: Searcher | None = None) -> None:
        self.path = index_dir
        self.lock_timeout = lock_timeout
        self.messages: list[str] = []
        self.notes: NoteCards | None = None
        """The library's notes, which searches also look in (set by `open`)."""
        self.library_root: Path | None = None
        """The library this index follows (set by `open`): searches leave out what it archived."""
        self._ix = ix
        self._lock = threading.RLock()
        self._searcher: Searcher = searcher or ix.searcher()
        self._generation = 0
        self._cache: dict[str, Any] = {}
        self.memo: dict[str, Any] = {}
        """Derived data that outlives commits (per-segment tables keyed by segment id)."""
        self.pending = 0
        """Briefings the library has and the index lacks (or holds out of date, or no longer should),
        counted when opened during an ingest; 0 once caught up."""
        self._folder = _identity(index_dir)
        self._depth = 0
        self._merges: _MergesAside | None = None

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, index_dir: Path | None, library: Library, *, on_progress: Progress | None = None,
             lock_timeout: float = 10.0) -> SearchIndex:
        """Open, build when missing/old/damaged/foreign, then index what a killed ingest left out (only
        when no ingest is running; otherwise `pending` counts it)."""
        folder = index_dir if index_dir is not None else default_index_dir(library)
        opened_dir = _try_open(folder) if _problem_with(folder) is None else None
        if opened_dir is None:
            with _held(_lock_file(folder), shared=False, wait=lock_timeout) as alone:
                if not alone:
                    raise _busy(folder, lock_timeout)
                if index_dir is None and default_index_dir(library) != folder:
                    # Another user built the library's own index while this process waited: use ours.
                    return cls.open(None, library, on_progress=on_progress, lock_timeout=lock_timeout)
                problem = _problem_with(folder)  # another process may have built it while this one waited
                opened_dir = None if problem else _try_open(folder)
                if opened_dir is None:
                    return cls._built(folder, library, problem or "is damaged", on_progress, lock_timeout)
        ix, searcher = opened_dir
        opened = cls(folder, ix, lock_timeout=lock_timeout, searcher=searcher)
        opened.notes, opened.library_root = NoteCards(library), library.root
        opened.messages += opened.reconcile(library, on_progress=on_progress)
        return opened

    @classmethod
    def _built(cls, folder: Path, library: Library, problem: str, on_progress: Progress | None,
               lock_timeout: float) -> SearchIndex:
        """A new index from the library; a new library's empty index is nothing worth saying."""
        count = len(library)
        try:
            if folder.parent == library.cache_dir:
                library.make_cache_dir()
            ix = _build(folder, library, on_progress)
        except OSError as error:
            raise _write_failed(folder, error) from error
        opened = cls(folder, ix, lock_timeout=lock_timeout)
        opened.notes, opened.library_root = NoteCards(library), library.root
        if problem != "is missing":
            opened.messages.append(f"Search index {problem}: rebuilt it from the library's {count:,} "
                                   "briefings.")
        elif not library.read_only and trust.is_someone_elses(library.root / INDEX_DIR):
            opened.messages.append(f"The library's search index was not built on this machine by this user "
                                   f"(such an index is never opened): built this user's own from the "
                                   f"library's {count:,} briefings, kept up to date in {folder}.")
        elif count:
            opened.messages.append(f"Search index is missing: built it from the library's {count:,} "
                                   "briefings.")
        return opened

    def reconcile(self, library: Library, *, on_progress: Progress | None = None) -> list[str]:
        """Index what the catalog has and the index lacks or holds stale; drop what the catalog lost.
        Returns what it did, in words.

        Only with the index to itself: while an ingest runs, that ingest is doing this work, so this
        only counts it in `pending` (a reader searching meanwhile must not compete for the lock)."""
        with _held(_lock_file(self.path), shared=False, wait=0) as alone:
            wanted = {entry.id: entry.digest for entry in library.entries()}
            have = self.digests()
            stale = [bid for bid, fp in wanted.items() if have.get(bid) != fp]
            gone = [bid for bid in have if bid not in wanted]
            if not alone:
                self.pending = len(stale) + len(gone)
                return [pending_message(self.pending)] if self.pending else []
            self.pending = 0
            done = []
            if gone:
                self.delete(gone)
                done.append(f"Removed {len(gone)} briefings from the search index that the library no "
                            "longer has.")
            if len(stale) > REBUILD_SHARE * len(wanted):
                return [*done, self._rebuild_held(library, on_progress, f"{len(stale):,} of {len(wanted):,}")]
            if stale:
                self.update(_loaded(library, stale, on_progress))
                done.append(f"Indexed {len(stale)} briefings the search index was missing or had out of "
                            "date.")
            return done

    def _rebuild_held(self, library: Library, on_progress: Progress | None, share: str) -> str:
        """A fresh build with the index lock already held: when most briefings changed (an upgrade, a
        new analysis), replacing each would leave their old documents deleted but still searched."""
        try:
            fresh = _build(self.path, library, on_progress)
        except OSError as error:
            raise _write_failed(self.path, error) from error
        self._swap(fresh, fresh.searcher())
        return f"Rebuilt the search index: {share} briefings were missing or out of date."

    @contextmanager
    def ingesting(self) -> Iterator[None]:
        """Held by an ingest for its whole run (several ingests may run at once), so that processes
        opening the index meanwhile leave the indexing to it; waits while a repair or rebuild runs."""
        with _held(_lock_file(self.path), shared=True, wait=self.lock_timeout) as held:
            if not held:
                raise _busy(self.path, self.lock_timeout, "rebuilt or repaired")
            yield

    @contextmanager
    def merging_aside(self) -> Iterator[None]:
        """For a bulk ingest: its commits merge no segments themselves (Whoosh's own merges stopped an
        ingest for 75 s at 63,000 briefings, its workers idle); a worker process merges committed
        segments meanwhile (those Whoosh's policy would merge) and the next commit takes its result.
        On leaving, the last merge is waited for and committed; on an error it is dropped."""
        merges = _MergesAside(self.path, self._ix.schema)
        self._merges = merges
        try:
            yield
            if merges.wait():
                self._commit(lambda writer: 0)
        finally:
            merges.drop()
            self._merges = None

    def digests(self) -> dict[str, str]:
        """Briefing id -> digest of every briefing in the index, read from columns (fast)."""
        with self.reading() as searcher:
            if not searcher.doc_count_all():  # an empty index has no columns to read
                return {}
            reader = searcher.reader()
            ids = reader.column_reader("briefing")
            digests = reader.column_reader("digest")
            return {ids[n]: digests[n] for n in searcher.docs_for_query(Term("lead", True))}

    # -- writing -----------------------------------------------------------------------------

    def update(self, briefings: Iterable[Briefing]) -> int:
        """Add or replace briefings in one commit; a changed briefing's old cards all go. Returns how many."""
        latest = {b.id: b for b in briefings}
        if not latest:
            return 0

        def add(writer: Any) -> int:
            for briefing in latest.values():
                writer.delete_by_term("briefing", briefing.id)
                for document in indexed_documents(briefing):
                    writer.add_document(**document)
            return len(latest)

        return self._commit(add)

    def delete(self, ids: Iterable[str]) -> int:
        """Remove briefings; returns how many documents went."""
        return self._commit(lambda writer: int(sum(writer.delete_by_term("briefing", bid) for bid in ids)))

    def _commit(self, change: Callable[[Any], int]) -> int:
        """All of `change` or none of it: a failed commit leaves the last one in place and the lock free."""
        writer = self._writer()
        try:
            done = change(writer)
            writer.commit(mergetype=self._merges.policy if self._merges else None)
        except BaseException as error:
            _abandon(writer)
            if isinstance(error, OSError):
                raise _write_failed(self.path, error) from error
            raise
        self.refresh()
        with self.reading() as searcher:
            _write_segment_tables(self.path, searcher)
            if self._merges:
                self._merges.start([reader.segment() for reader in leaf_readers(searcher)])
        return done

    def rebuild(self, library: Library, *, on_progress: Progress | None = None,
                jobs: int | None = None) -> None:
        """Build a fresh index in a new folder and swap it in; searches go on meanwhile on the old one
        (its files stay readable after the swap until its searcher is closed). Waits, up to the lock
        timeout, for running ingests to finish; other processes reopen the new folder themselves.
        `jobs`: processes reading the library's files (see `_build`; None: chosen by its size)."""
        with _held(_lock_file(self.path), shared=False, wait=self.lock_timeout) as alone:
            if not alone:
                raise _busy(self.path, self.lock_timeout)
            try:
                fresh = _build(self.path, library, on_progress, jobs=jobs)
            except OSError as error:
                raise _write_failed(self.path, error) from error
            self._swap(fresh, fresh.searcher())
        self.pending = 0

    def _swap(self, ix: whoosh_index.Index, searcher: Searcher) -> None:
        with self._lock:
            self._searcher.close()
            self._ix.close()
            self._ix, self._searcher = ix, searcher
            self._folder = _identity(self.path)
            self.memo.clear()
            self._changed()

    def _writer(self) -> Any:
        try:
            return self._ix.writer(timeout=self.lock_timeout, **SEPARATE_FILES)
        except LockError:
            raise IndexLocked(f"the search index {self.path} is being written by another process "
                              f"(waited {self.lock_timeout:g} s); try again when it has finished") from None
        except OSError as error:  # e.g. no room for the new segment's first bytes
            failure = _write_failed(self.path, error)
            # The half-made writer holds the lock until it is freed (Whoosh's lock releases itself
            # then); its traceback is all that keeps it, so drop that, and collect any cycle.
            error.__traceback__ = None
        gc.collect()
        raise failure

    # -- reading -----------------------------------------------------------------------------

    def refresh(self) -> bool:
        """Pick up commits made by this or another process, or an index another process rebuilt;
        cheap when nothing changed. Returns whether anything did."""
        with self._lock:
            if self._follow_rebuild():
                return True
            if self._searcher.up_to_date():
                return False
            # Not Searcher.refresh(): it reuses segment readers with their old deleted-document
            # sets (a deletion-only commit stayed visible) and fails on an empty index.
            self._searcher.close()
            self._searcher = self._ix.searcher()
            self._changed()
            return True

    def _follow_rebuild(self) -> bool:
        """A rebuild elsewhere swaps a new folder in: the old searcher then reads wrong data, so the new
        index is opened before any query (a stat per query tells)."""
        if _identity(self.path) == self._folder:
            return False
        problem = _problem_with(self.path)
        opened = None if problem else _try_open(self.path)
        if opened is None:
            state = ("is not there yet; try again in a moment" if problem == "is missing" else
                     f"{problem or 'is damaged'}; it is rebuilt the next time the library is opened")
            raise SearchError(f"the search index {self.path} was replaced by another process and {state}")
        self._swap(*opened)
        return True

    @contextmanager
    def reading(self) -> Iterator[Searcher]:
        """The shared searcher, held for the duration of one query (and current when it starts)."""
        with self._lock:
            if not self._depth:
                self._follow_rebuild()
            self._depth += 1
            try:
                yield self._searcher
            finally:
                self._depth -= 1

    def cached(self, name: str, compute: Callable[[Searcher], Any]) -> Any:
        """A value derived from the index (vocabulary tables), recomputed after each change."""
        with self._lock:
            key = f"{name}@{self._generation}"
            if key not in self._cache:
                self._cache = {k: v for k, v in self._cache.items() if k.endswith(f"@{self._generation}")}
                self._cache[key] = compute(self._searcher)
            return self._cache[key]

    def _changed(self) -> None:
        self._generation += 1
        self._cache.clear()

    def __len__(self) -> int:
        """How many briefings; the term count is exact only until a briefing is deleted or replaced."""
        with self.reading() as searcher:
            if not searcher.reader().has_deletions():
                return int(searcher.doc_frequency("lead", True))
            return sum(1 for _ in searcher.docs_for_query(Term("lead", True)))

    def close(self) -> None:
        with self._lock:
            self._searcher.close()
            self._ix.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


MOST_SEGMENTS = 60
"""Segments past which an ingest's commit merges after all (each segment slows every search); the
worker merging aside keeps them near 30 when it keeps up."""
MERGE_ASIDE_MIN = 20_000
"""Documents from which a merge is made aside by a worker; a smaller one the commit makes itself, as
Whoosh would, in less time than a worker takes to start."""
MERGE_FOLDER = ".merge-"
"""Inside the index folder (Whoosh leaves names starting with a dot alone): `.merge-<pid>-<token>`,
where a worker process of ingest <pid> writes a merged segment."""


class _MergesAside:
    """One merge at a time of committed segments, made by a worker process in a folder of its own and
    taken into the index by the first commit after it is done (`policy`), unless one of its segments
    changed meanwhile (a deletion, or another process merged it): it is dropped then."""

    def __init__(self, index_dir: Path, schema: Any) -> None:
        self.index_dir = index_dir
        self.schema = schema
        self._running: _Merge | None = None
        self._closing = False
        _sweep_merges(index_dir)

    def start(self, segments: list[Any]) -> None:
        """Starts merging what Whoosh's MERGE_SMALL would merge now, unless a merge is running or it is
        small (MERGE_ASIDE_MIN)."""
        sources = _small_segments(segments)
        if self._running is None and _large(sources) and not self._closing:
            folder = self.index_dir / f"{MERGE_FOLDER}{os.getpid()}-{secrets.token_hex(4)}"
            make_private_dir(folder)
            merging = (lifeline(), self.index_dir, folder, self.schema, sources)
            process = worker_context().Process(target=_merge, args=merging, daemon=True)
            process.start()
            self._running = _Merge(folder, sources, process)

    def policy(self, writer: Any, segments: list[Any]) -> list[Any]:
        """A Whoosh merge policy: `segments` with a finished merge taken in; merging in the commit a small
        merge, or any past MOST_SEGMENTS, should the worker fall behind."""
        running = self._running
        if running is not None and not running.process.is_alive():
            self._running = None
            try:
                segments = running.taken_into(self.index_dir, segments)
            finally:
                running.drop()
        small = not _large(_small_segments(segments))
        return MERGE_SMALL(writer, segments) if small or len(segments) > MOST_SEGMENTS else segments

    def wait(self) -> bool:
        """Waits for the running merge, starting no other; whether one is done and waiting for a commit."""
        self._closing = True
        if self._running is not None:
            self._running.process.join()
        return self._running is not None

    def drop(self) -> None:
        if self._running is not None:
            self._running.drop()
            self._running = None


class _Merge:
    def __init__(self, folder: Path, sources: list[Any], process: Any) -> None:
        self.folder = folder
        self.sources = sources
        """The segments merged, as they were when the merge started."""
        self.process = process

    def taken_into(self, index_dir: Path, segments: list[Any]) -> list[Any]:
        """`segments` with the merged ones replaced by their merge, whose files (the segment's, and the
        tables the segment table writers made beside it) are moved into the index; unchanged when the
        merge failed or a source segment changed since it started."""
        current = {segment.segment_id(): segment for segment in segments}
        unchanged = all(source.segment_id() in current and
                        current[source.segment_id()].deleted_count() == source.deleted_count()
                        for source in self.sources)
        if self.process.exitcode != 0 or not unchanged:
            return segments
        merged = open_index(self.folder)._segments()[0]
        for name in merged.list_files(PrivateFileStorage(str(self.folder))):
            os.replace(self.folder / name, index_dir / name)
        for table in self.folder.glob("*/*"):
            make_private_dir(index_dir / table.parent.name)
            os.replace(table, index_dir / table.parent.name / table.name)
        gone = {source.segment_id() for source in self.sources}
        return [segment for segment in segments if segment.segment_id() not in gone] + [merged]

    def drop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        shutil.rmtree(self.folder, ignore_errors=True)


def _small_segments(segments: list[Any]) -> list[Any]:
    """The segments Whoosh's MERGE_SMALL would merge into the next one (the smallest, up to the first
    point where together they hold fewer documents than a Fibonacci number), else none."""
    ordered = sorted(segments, key=lambda segment: segment.doc_count_all())
    total = 0
    for number, segment in enumerate(ordered):
        total += max(segment.doc_count_all(), 0)
        if number > 3 and total < fib(number + 5):
            return ordered[: number + 1]
    return []


def _large(segments: list[Any]) -> bool:
    """Whether merging `segments` is worth a worker (MERGE_ASIDE_MIN)."""
    return bool(segments) and sum(segment.doc_count_all() for segment in segments) >= MERGE_ASIDE_MIN


def _merge(owner: Connection, index_dir: Path, folder: Path, schema: Any, sources: list[Any]) -> None:
    """Runs in a worker process: the sources merged into one segment of a new index in `folder`, with
    its segment tables beside it; it ends soon after the ingest `owner` if that is killed."""
    end_with(owner)
    storage = PrivateFileStorage(str(index_dir))
    merged = create_index(folder, schema)
    writer = merged.writer(**SEPARATE_FILES)
    for segment in sources:
        reader = SegmentReader(storage, schema, segment)
        writer.add_reader(reader)
        reader.close()
    writer.commit(mergetype=NO_MERGE)
    with merged.searcher() as searcher:
        _write_segment_tables(folder, searcher)


def _sweep_merges(index_dir: Path) -> None:
    """Removes the merge folders of ingests that are no longer running (killed midway)."""
    for folder in index_dir.glob(f"{MERGE_FOLDER}*"):
        owner = folder.name[len(MERGE_FOLDER):].split("-", 1)[0]
        if not (owner.isdigit() and _running(int(owner))):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process has that number now
        return True
    return True


def _abandon(writer: Any) -> None:
    """Cancel a writer whose commit failed; if cancelling fails too (the disk is still full), at least
    release the lock, so this process can write again once there is room."""
    try:
        writer.cancel()
    except Exception:
        with suppress(Exception):
            writer.writelock.release()


def _write_failed(folder: Path, error: OSError) -> SearchError:
    return SearchError(f"could not write the search index in {folder} ({error.strerror or error}); "
                       "the library keeps every briefing and the index catches up when it is next opened")


def pending_message(count: int) -> str:
    return f"{count:,} briefings are still being indexed; results may be incomplete."


def _busy(folder: Path, waited: float, doing: str = "written") -> IndexLocked:
    return IndexLocked(f"the search index {folder} is being {doing} by another process "
                       f"(waited {waited:g} s); try again when it has finished")


def _lock_file(folder: Path) -> Path:
    """Beside the folder, not in it: a rebuild swaps the folder, and the lock must stay put."""
    return folder.with_name(f"{folder.name}.lock")


@contextmanager
def _held(path: Path, *, shared: bool, wait: float) -> Iterator[bool]:
    """Yields whether the lock was had within `wait` seconds (0: one try); released on leaving.

    Each holder opens the file itself, so holders in one process exclude each other as much as
    holders in two. Where no lock can be taken (no flock, or the folder cannot be written),
    every process works as if alone, as before this lock existed.
    """
    if sys.platform == "win32":
        yield True
        return
    import fcntl

    try:
        make_private_dir(path.parent)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError:
        yield True
        return
    try:
        yield _flock(descriptor, fcntl.LOCK_SH if shared else fcntl.LOCK_EX, wait)
    finally:
        os.close(descriptor)


def _flock(descriptor: int, mode: int, wait: float) -> bool:
    import fcntl

    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(descriptor, mode | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(LOCK_POLL)


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        status = folder.stat()
    except OSError:
        return None
    return (status.st_dev, status.st_ino)


SegmentTables = Callable[[Path, Searcher], None]
SEGMENT_TABLE_WRITERS: list[SegmentTables] = []
"""What keeps tables derived from each segment on disk beside it (`search.vocabulary` registers its
own): run by the writer after each commit and build, never by a reader, so reading leaves the index
folder as it is."""


def _write_segment_tables(folder: Path, searcher: Searcher) -> None:
    for write in SEGMENT_TABLE_WRITERS:
        write(folder, searcher)


def leaf_readers(searcher: Searcher) -> list[Any]:
    """The searcher's segment readers; an index with no documents has none (Whoosh gives it one
    reader standing for no segment)."""
    return [reader for reader, _base in searcher.reader().leaf_readers() if reader.segment() is not None]


def segment_key(reader: Any) -> str:
    """Names a segment's contents: segments never change once written, so tables derived from one
    stay valid across commits (deleted documents never match a query)."""
    return f"{reader.segment().segment_id()}:{reader.doc_count_all()}"


def _problem_with(folder: Path) -> str | None:
    """Why the folder must not be opened, without reading Whoosh's pickled table of contents."""
    if not folder.is_dir():
        return "is missing"
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        version = meta["schema_version"]
    except (OSError, ValueError, KeyError, TypeError):
        return "is damaged"
    if version != SCHEMA_VERSION:
        return f"was built by another version (schema {version}, this version uses {SCHEMA_VERSION})"
    if not trust.is_trusted(folder):
        return "was not built on this machine (a copied index is never opened)"
    return None


def _try_open(folder: Path) -> tuple[whoosh_index.Index, Searcher] | None:
    """The index and a searcher that has read it (opening a searcher costs ~0.2 s on a large index)."""
    # Damage surfaces as almost any exception from Whoosh's readers, so every one means "rebuild".
    try:
        ix = open_index(folder)
        searcher = ix.searcher()
        for hit in searcher.search(Term("lead", True), limit=1):  # postings, columns, stored fields
            hit.fields()
        return ix, searcher
    except Exception:
        return None


def _build(folder: Path, library: Library, on_progress: Progress | None, *, jobs: int | None = None
           ) -> whoosh_index.Index:
    """A fresh index of every briefing, made beside `folder` and swapped in. One writer in this process
    writes one segment; with `jobs` above 1 (and a library big enough) worker processes read the
    briefings' files and make their documents, about half the work."""
    make_private_dir(folder.parent)
    _sweep_leftovers(folder)
    fresh = folder.with_name(f".{folder.name}.new-{secrets.token_hex(4)}")
    make_private_dir(fresh)
    try:
        ix = create_index(fresh, build_schema())
        writer = ix.writer(limitmb=128, **SEPARATE_FILES)
        total = len(library)
        for count, briefing_documents in enumerate(_library_documents(library, total, jobs), 1):
            for document in briefing_documents:
                writer.add_document(**document)
            if on_progress is not None:
                on_progress(count, total)
        writer.commit()
        with ix.searcher() as searcher:
            _write_segment_tables(fresh, searcher)
        ix.close()
        write_atomic(fresh / META_FILE, json.dumps({"schema_version": SCHEMA_VERSION}))
        trust.mark_trusted(fresh, folder)
        _swap_in(fresh, folder)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    try:
        return open_index(folder)
    except Exception as error:
        raise SearchError(f"could not open the freshly built search index {folder}: {error}") from error


Documents = list[dict[str, Any]]
"""One briefing's documents, as `schema.documents` makes them."""
BUILD_CHUNK = 200
"""Briefings a worker reads per task in an index build: a fraction of a second's work."""


def _library_documents(library: Library, total: int, jobs: int | None) -> Iterator[Documents]:
    """Each briefing's documents, by id; a briefing whose file is missing or damaged is left out."""
    workers = jobs_for(total, jobs, auto_from=BUILD_PARALLEL_MIN)
    if workers <= 1:
        yield from (indexed_documents(briefing) for briefing in library.iter_briefings())
        return
    ids = sorted(entry.id for entry in library.entries())
    chunks = (ids[start:start + BUILD_CHUNK] for start in range(0, len(ids), BUILD_CHUNK))
    for found in in_workers(chunks, _read_documents, workers, here=partial(_documents_of, library),
                            start=_open_library, start_with=(library.root,)):
        yield from found


_worker_library: list[Library] = []
"""In a build's worker process: the library, opened once when the worker starts."""


def _open_library(root: Path) -> None:
    _worker_library.append(Library(root))


def _read_documents(ids: list[str]) -> list[Documents]:
    """Runs in a worker."""
    return _documents_of(_worker_library[0], ids)


def _documents_of(library: Library, ids: list[str]) -> list[Documents]:
    found = []
    for briefing_id in ids:
        with suppress(KeyError, BriefingError):
            found.append(indexed_documents(library.get(briefing_id)))
    return found


REBUILD_SHARE = 0.5
"""Above this share of the library missing or out of date, `reconcile` builds the index afresh."""
STALE_BUILD_SECONDS = 6 * 3600
"""A half-built index folder untouched this long belongs to a build that was killed, not a running one."""


def _sweep_leftovers(folder: Path) -> None:
    """Removes what killed builds left beside the index: swapped-out copies, and builds long abandoned."""
    now = time.time()
    for leftover in folder.parent.glob(f".{folder.name}.*-*"):
        kind = leftover.name[len(folder.name) + 2 :].split("-", 1)[0]
        try:
            age = now - leftover.stat().st_mtime
        except OSError:
            continue
        if kind == "old" or (kind == "new" and age > STALE_BUILD_SECONDS):
            shutil.rmtree(leftover, ignore_errors=True)


def _swap_in(fresh: Path, folder: Path) -> None:
    old = folder.with_name(f".{folder.name}.old-{secrets.token_hex(4)}")
    if folder.exists() or folder.is_symlink():
        folder.rename(old)
    fresh.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def _loaded(library: Library, ids: Sequence[str], on_progress: Progress | None) -> Iterator[Briefing]:
    """The briefings by id; one whose file vanished or is damaged is left out (the library reports it)."""
    for count, bid in enumerate(ids, 1):
        with suppress(KeyError, BriefingError):
            yield library.get(bid)
        if on_progress is not None:
            on_progress(count, len(ids))
