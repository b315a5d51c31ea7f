"""Ingest: read each input file, parse it, analyse each briefing in it and save it to the library.

The search layer indexes what this yields (`search.ingest`); the library only stores. A file is
read and parsed in the first pass, which learns the entities it describes, and its briefings are
analysed and saved in the second, from the parses the first pass kept (up to HELD_TEXT); each
saved briefing is serialised once, by `Library.save`, whose digest of that text the index takes.

With `jobs` above 1 the second pass analyses (`preparing.prepared`) in worker processes, the costly
part, while this process saves each briefing in input order as its turn comes: the library and the
index are written by this process alone, so the outcomes, the library and the index are the same
as with one job. Workers get the gazetteer as the first pass left it, and only parses and briefings
travel between processes; a worker ignores Ctrl-C, which this process handles.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, suppress
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import partial
from importlib import resources
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext, SpawnContext
from pathlib import Path
from typing import TypeVar

from briefings.entities import Gazetteer
from briefings.errors import InputError, ParseError
from briefings.files import Skipped, input_files, sync_all
from briefings.formats import SkippedItem, detect, parse_items
from briefings.library import Library
from briefings.model import Briefing, Source
from briefings.notes import NoteBook
from briefings.preparing import analysed, structured
from briefings.reading import DEFAULT_MAX_BYTES, MAX_INPUT_BYTES, DecodedText, read_input
from briefings.story_library import Grouping, grouping_of
from briefings.upgrade import Progress, say_on_stderr

SYNC_EVERY = 256
"""Briefings ingest saves between two flushes to disk; their outcomes are held until the flush."""
HELD_TEXT = MAX_INPUT_BYTES
"""Characters of input whose parses the first pass keeps for the second: one largest file's worth
(about 3.5 bytes of memory a character, so under 30 MB). Files past it are parsed again in the
second pass (by a worker, with jobs), so a large ingest's memory stays bounded."""
PARALLEL_MIN = 200
"""Briefings below which an ingest stays in one process whatever `jobs` says: starting the workers
costs about as much as analysing this many."""
AUTO_PARALLEL_MIN = 2000
"""Briefings from which an ingest not told its `jobs` uses `default_jobs()`: below it the workers'
start (each imports the analysis) and the segment merges aside cost more than two cores save (about
a fifth of the time here), and a test suite of small ingests would pay it at every one."""
STRUCTURED_AHEAD = 64
"""Items of a file dated and split before the first of them is analysed: the splitter's rules stay in the
processor's caches for the run (the split of reut2-000 took 0.49 s inside the ingest item by item, 0.38 s
so), and the analysis still reads the entities known at each item's turn."""
CHUNK = 100
"""Held briefings a worker analyses per task: big enough that sending them costs little beside the
analysis (about 4 ms each), small enough that the workers share a file's briefings."""
AHEAD = 2
"""Tasks per worker sent ahead of the one being saved: enough to keep the workers busy while this
process commits a batch to the index, and what bounds the memory in flight."""
STORIES_KEPT_EVERY = 2000
"""Briefings placed in stories between two writes of the stories file (each rewrites every story)."""
MOST_JOBS = 4
"""Workers beyond which more cores add nothing by default: this process, which saves every briefing and
commits it to the index, is then the bottleneck (each worker holds about 70 MB)."""


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
                 split: bool = True, jobs: int | None = 1, group: bool = True) -> Iterator[IngestOutcome]:
    """One outcome per briefing (a file may hold many), as each is done; a failure is reported and the
    rest go on.

    Two passes: the first only learns the entities the files describe, so a briefing is matched
    against blurbs in files after it too, and ingesting the same folder twice changes nothing; the
    second analyses and saves the briefings the first parsed (see HELD_TEXT), in `jobs` processes
    when there are enough of them (see the module's docstring; None: `default_jobs()` for a large
    ingest, see AUTO_PARALLEL_MIN).
    No outcome is yielded before its briefing is on disk (`on_disk`). `split` False keeps raw articles
    whole (see `preparing.prepared`); `group` False leaves placing them in stories to the next ingest
    that groups (`grouped`).
    """
    paths = [Path(path) for path in paths]
    library.sweep_temporary_files()
    parses, count = _learn_entities(library, paths, max_bytes)
    files = _files(library, paths, parses)
    workers = jobs_for(count, jobs)
    if workers > 1:
        steps = _prepared_in_workers(_tasks(files), library.gazetteer(), workers, max_bytes, split)
    else:
        steps = _prepared_here(library, files, max_bytes, split)
    saved = reanchor_notes(library, on_disk(_saved(library, step, durable=False) for step in steps))
    yield from grouped(library, saved) if group else saved


def grouped(library: Library, outcomes: Iterable[IngestOutcome], *,
            warn: Progress = say_on_stderr) -> Iterator[IngestOutcome]:
    """`outcomes`, each briefing written placed in its story (`story_library`) before its outcome is
    yielded, kept every STORIES_KEPT_EVERY and at the end, Ctrl-C or not; one the stage misses (killed)
    is placed by the next grouping's catch-up. Stories never stop an ingest: a problem is a line to `warn`."""
    if library.read_only:
        yield from outcomes
        return
    with ExitStack() as stack:
        try:
            grouping = stack.enter_context(grouping_of(library))
        except Exception as error:  # a store that cannot be written (disk full, a bug): ingest goes on
            warn(f"stories: {error}; not grouped this time")
            yield from outcomes
            return
        placed = 0
        try:
            for outcome in outcomes:
                if outcome.briefing is not None and outcome.status in WRITTEN \
                        and _placed(grouping, outcome.briefing, warn):
                    placed += 1
                    if placed % STORIES_KEPT_EVERY == 0:
                        grouping.commit()
                yield outcome
        finally:
            try:
                grouping.commit()
            except Exception as error:  # the next grouping's catch-up places them
                warn(f"stories: {error}; the briefings are placed by the next ingest")
            for line in grouping.warnings:
                warn(line)


def _placed(grouping: Grouping, briefing: Briefing, warn: Progress) -> bool:
    try:
        grouping.place(briefing)
    except Exception as error:  # one briefing grouping trips on must not stop the others
        warn(f"stories: {briefing.id}: unexpected {type(error).__name__}: {error}")
        return False
    return True


def reanchor_notes(library: Library, outcomes: Iterable[IngestOutcome]) -> Iterator[IngestOutcome]:
    """`outcomes`, the analyst's notes on each briefing written re-found in its new text or marked
    orphaned (`notes.NoteBook.reanchor`) before its outcome is yielded; a note never stops an ingest."""
    notebook = NoteBook(library.root)
    for outcome in outcomes:
        if outcome.briefing is not None and outcome.status in WRITTEN:
            with suppress(OSError):
                notebook.reanchor(outcome.briefing)
        yield outcome


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


def _learn_entities(library: Library, paths: list[Path], max_bytes: int
                    ) -> tuple[dict[Path, list[Parsed]], int]:
    """The first pass: learns the entities every file describes; returns the parses of the first
    files, up to HELD_TEXT characters of their text, for the second pass to save, and how many
    items all the files hold."""
    kept: dict[Path, list[Parsed]] = {}
    room = HELD_TEXT
    count = 0
    for path in input_files(paths, exclude=library.root):
        if not isinstance(path, Path):
            continue
        items: list[Parsed] = []
        try:
            decoded = read_input(path, max_bytes)
            keep = len(decoded.text) <= room
            for parsed in _parse_text(path, decoded):
                count += 1
                if keep:
                    items.append(parsed)
                if isinstance(parsed, Briefing) and parsed.entities:
                    library.learn_entities(parsed.entities)
        except Exception:  # reported in the second pass, which reads the file again
            continue
        if keep:
            kept[path] = items
            room -= len(decoded.text)
    return kept, count


def ingest_file(library: Library, path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, durable: bool = True,
                parsed: Iterable[Parsed] | None = None, split: bool = True) -> Iterator[IngestOutcome]:
    """An outcome per briefing in the file; an item that fails is reported and the file's others go on.

    `parsed`: the file's items as already parsed (by the first pass of `ingest_paths`); else it is read here.
    """
    for step in _prepared_file(path, parsed, library.gazetteer, max_bytes, split):
        yield _saved(library, step, durable)


@dataclass(frozen=True)
class Ready:
    """A briefing from the file at `path`: dated and split, then analysed and ready to save."""

    path: Path
    briefing: Briefing


Step = Ready | IngestOutcome
"""What the second pass makes of one item before saving: a briefing to save, or its outcome already
(an error, a skipped item)."""


InputFile = tuple[Path, list[Parsed] | None] | IngestOutcome
"""An input file with the items the first pass kept for it (None: to be read again), or the error
outcome of one that is not read at all (a FIFO, a link out of the folder)."""


def _files(library: Library, paths: list[Path], parses: dict[Path, list[Parsed]]) -> Iterator[InputFile]:
    """Each input file, in order."""
    for item in input_files(paths, exclude=library.root):
        if isinstance(item, Skipped):
            yield IngestOutcome(item.path, IngestStatus.ERROR, message=f"{item.path.name}: {item.reason}")
        else:
            yield item, parses.pop(item, None)


def _prepared_here(library: Library, files: Iterable[InputFile], max_bytes: int, split: bool
                   ) -> Iterator[Step]:
    """The second pass in this process, each item analysed with the entities known at its turn."""
    for file in files:
        if isinstance(file, IngestOutcome):
            yield file
        else:
            yield from _prepared_file(*file, library.gazetteer, max_bytes, split)


def _prepared_file(path: Path, parsed: Iterable[Parsed] | None, gazetteer: Callable[[], Gazetteer],
                   max_bytes: int, split: bool) -> Iterator[Step]:
    """Each item of the file analysed (read here when `parsed` is None); `gazetteer` gives the entities
    known at each item's turn. Items are dated and split STRUCTURED_AHEAD at a time before each is analysed
    in turn: neither step needs the entities."""
    run: list[Step] = []
    failure: IngestOutcome | None = None
    try:
        for item in _parse_file(path, max_bytes) if parsed is None else parsed:
            run.append(_structured_item(path, item, split))
            if len(run) == STRUCTURED_AHEAD:
                yield from _analysed_run(run, gazetteer)
                run = []
    except InputError as error:
        failure = IngestOutcome(path, IngestStatus.ERROR, message=str(error))
    except Exception as error:  # a parser bug must not stop the other files; say what it was
        failure = _failure(path, error)
    yield from _analysed_run(run, gazetteer)
    if failure is not None:
        yield failure


def _structured_item(path: Path, parsed: Parsed, split: bool) -> Step:
    if isinstance(parsed, SkippedItem):
        return IngestOutcome(path, IngestStatus.SKIPPED, message=str(parsed))
    if isinstance(parsed, ParseError):
        message = str(parsed)
        return IngestOutcome(path, IngestStatus.ERROR,
                             message=message if message.startswith(path.name) else f"{path.name}: {message}")
    try:
        return Ready(path, structured(parsed, split=split))
    except Exception as error:  # one briefing that cannot be split must not stop the file's others
        return _failure(path, error, parsed.title)


def _analysed_run(run: list[Step], gazetteer: Callable[[], Gazetteer]) -> Iterator[Step]:
    """Each briefing of the run analysed in turn, with the entities known when its turn comes: the consumer
    saves each (learning its entities) before asking for the next."""
    for step in run:
        if isinstance(step, IngestOutcome):
            yield step
            continue
        try:
            yield Ready(step.path, analysed(step.briefing, gazetteer()))
        except Exception as error:  # one briefing that cannot be analysed must not stop the file's others
            yield _failure(step.path, error, step.briefing.title)


def _saved(library: Library, step: Step, durable: bool) -> IngestOutcome:
    if isinstance(step, IngestOutcome):
        return step
    briefing = step.briefing
    try:
        saved = library.save(briefing, durable=durable)
    except Exception as error:  # one briefing that cannot be saved must not stop the file's others
        return _failure(step.path, error, briefing.title)
    return IngestOutcome(step.path, IngestStatus(saved), briefing.id, "; ".join(briefing.notes), briefing,
                         briefing.title)


# -- work in worker processes ---------------------------------------------------------------------------

Task = TypeVar("Task")
Result = TypeVar("Result")


def in_workers(tasks: Iterable[Task], work: Callable[[Task], Result], jobs: int, *,
               here: Callable[[Task], Result], start: Callable[..., None] | None = None,
               start_with: tuple[object, ...] = ()) -> Iterator[Result]:
    """`work(task)` for each task, in input order, run by `jobs` worker processes, at most AHEAD tasks
    each ahead of the result yielded (which bounds the memory in flight). `work` and `start`, run once
    in each worker with `start_with`, must be module-level functions (or partials of them): they are
    sent by name. Should a worker die (killed, out of memory), the tasks not done yet are run `here`,
    in this process, so nothing is lost. Workers ignore Ctrl-C, this process's to handle."""
    pool = ProcessPoolExecutor(jobs, mp_context=worker_context(), initializer=_start_worker,
                               initargs=(lifeline(), start, start_with))
    pending: deque[tuple[Task, Future[Result]]] = deque()

    def first() -> Result:
        task, future = pending.popleft()
        try:
            return future.result()
        except BrokenProcessPool:
            return here(task)

    try:
        for task in tasks:
            pending.append((task, _submitted(pool, work, task)))
            while len(pending) >= jobs * AHEAD or (pending and pending[0][1].done()):
                yield first()
        while pending:
            yield first()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def default_jobs() -> int:
    """One process per core, up to MOST_JOBS."""
    return min(os.cpu_count() or 1, MOST_JOBS)


def jobs_for(count: int, jobs: int | None, *, auto_from: int = AUTO_PARALLEL_MIN) -> int:
    """The processes to share `count` briefings: 1 below PARALLEL_MIN; `jobs` when told; else
    `default_jobs()` from `auto_from` briefings."""
    if count < PARALLEL_MIN:
        return 1
    if jobs is not None:
        return jobs
    return default_jobs() if count >= auto_from else 1


def worker_context() -> ForkServerContext | SpawnContext:
    """How worker processes start: forked from a clean server process (never from this one, which may
    run threads), else afresh. Either way a program's main module must start its work under
    `if __name__ == "__main__":`, as every entry point here does."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def _submitted(pool: ProcessPoolExecutor, work: Callable[[Task], Result], task: Task) -> Future[Result]:
    """The task's future; a pool whose worker died takes no more, so the task is marked to run here."""
    try:
        return pool.submit(work, task)
    except BrokenProcessPool as error:
        refused: Future[Result] = Future()
        refused.set_exception(error)
        return refused


def _start_worker(owner: Connection, start: Callable[..., None] | None,
                  start_with: tuple[object, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    end_with(owner)
    if start is not None:
        start(*start_with)


_lifeline: list[Connection] = []
"""Both ends of a pipe nothing is ever sent through, made once per process that starts workers."""


def lifeline() -> Connection:
    """The reading end of a pipe whose writing end this process alone holds (workers are never given
    it): it reads as ended once this process has ended, however it ended, and only then."""
    if not _lifeline:
        _lifeline.extend(worker_context().Pipe(duplex=False))
    return _lifeline[0]


def end_with(owner: Connection) -> None:
    """Ends this worker process as soon as the process it works for has ended (`lifeline`): killed,
    that process would leave a worker waiting for tasks for ever, and the server it was forked from."""

    def watch() -> None:
        with suppress(EOFError, OSError):
            owner.recv()
        os._exit(1)

    threading.Thread(target=watch, name="end-with-owner", daemon=True).start()


@dataclass(frozen=True)
class _Task:
    """Items of one file for a worker to analyse (None: the worker reads the file itself), or the
    outcome already decided for a path not read at all."""

    path: Path
    items: list[Parsed] | None
    decided: IngestOutcome | None = None


def _tasks(files: Iterable[InputFile]) -> Iterator[_Task]:
    """The second pass's work in input order: held parses in CHUNKs, other files whole."""
    for file in files:
        if isinstance(file, IngestOutcome):
            yield _Task(file.path, [], file)
            continue
        path, items = file
        if items is None:
            yield _Task(path, None)
            continue
        for start in range(0, len(items), CHUNK):
            yield _Task(path, items[start:start + CHUNK])


_worker_gazetteer: list[Gazetteer] = []
"""In a worker process: the gazetteer as the first pass left it, kept when the worker starts."""


def _prepared_in_workers(tasks: Iterable[_Task], gazetteer: Gazetteer, jobs: int, max_bytes: int,
                         split: bool) -> Iterator[Step]:
    """The tasks' steps in input order, analysed in `jobs` workers with the gazetteer as it is now."""
    for steps in in_workers(tasks, partial(_work, max_bytes=max_bytes, split=split), jobs,
                            here=partial(_work_here, gazetteer=gazetteer, max_bytes=max_bytes, split=split),
                            start=_keep_gazetteer, start_with=(gazetteer,)):
        yield from steps


def _keep_gazetteer(gazetteer: Gazetteer) -> None:
    _worker_gazetteer.append(gazetteer)


def _work(task: _Task, *, max_bytes: int, split: bool) -> list[Step]:
    """Runs in a worker: the task's items analysed, in order."""
    return _work_here(task, gazetteer=_worker_gazetteer[0], max_bytes=max_bytes, split=split)


def _work_here(task: _Task, *, gazetteer: Gazetteer, max_bytes: int, split: bool) -> list[Step]:
    if task.decided is not None:
        return [task.decided]
    return list(_prepared_file(task.path, task.items, lambda: gazetteer, max_bytes, split))


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
