"""The commands that change the library or its index: ingest, watch, index, remove, samples."""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Iterable
from types import FrameType

from briefings.errors import BriefingError
from briefings.ingest import IngestOutcome, IngestStatus
from briefings.library import EMPTY_LIBRARY, Library
from cli.output import console, open_index, print_json, safe_text, say, say_if_empty


def run_ingest(library: Library, args: argparse.Namespace) -> int:
    import search

    with open_index(library, quiet=args.quiet) as index:
        outcomes = search.ingest(library, index, args.paths, max_bytes=args.max_bytes,
                                 split=not args.no_split, jobs=args.jobs)
        if sys.stderr.isatty() and not (args.quiet or args.json):
            from briefings.files import input_files
            from cli.progress import with_progress

            outcomes = with_progress(outcomes, sum(1 for _ in input_files(args.paths, exclude=library.root)))
        return _report_outcomes(outcomes, as_json=args.json, quiet=args.quiet)


def run_resplit(library: Library, args: argparse.Namespace) -> int:
    """Every raw article split again with today's rules (`--whole`: kept whole), with a progress bar."""
    import search

    if say_if_empty(library):
        return 0
    if library.read_only:
        raise BriefingError(f"the library {library.root} is read-only: its briefings cannot be split again")
    with open_index(library, quiet=args.quiet) as index:
        outcomes = search.resplit(library, index, split=not args.whole)
        if sys.stderr.isatty() and not (args.quiet or args.json):
            from cli.progress import with_progress

            outcomes = with_progress(outcomes, len(library), "split", "briefings")
        return _report_outcomes(outcomes, as_json=args.json, quiet=args.quiet)


def run_watch(library: Library, args: argparse.Namespace) -> int:
    """Ingests what arrives until Ctrl-C. The first Ctrl-C only asks the watch to stop once the files in
    hand are ingested and reported: an interrupt landing inside a write could be swallowed by a library
    (the watch then went on), and the files in hand are never left half reported. A second stops at once."""
    import search
    from briefings.inbox import Inbox

    if not args.folder.is_dir():
        raise BriefingError(f"{args.folder} is not a folder")
    inbox = Inbox(args.folder, exclude=library.root, ignore=args.exclude)
    stopping = False

    def on_interrupt(signum: int, frame: FrameType | None) -> None:
        # Only a flag: a handler taking a lock could wait on one its own thread holds.
        nonlocal stopping
        if stopping:
            raise KeyboardInterrupt
        stopping = True

    with open_index(library, quiet=args.quiet) as index:
        say(f"watching {args.folder} (Ctrl-C stops)")
        previous = signal.signal(signal.SIGINT, on_interrupt)
        try:
            while not stopping:
                ready = inbox.ready()
                if ready:
                    outcomes = search.ingest(library, index, ready, max_bytes=args.max_bytes)
                    _report_outcomes(outcomes, as_json=args.json, quiet=args.quiet, summary=False)
                time.sleep(args.interval)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGINT, previous)
        say("stopped watching")
    return 0


def _report_outcomes(outcomes: Iterable[IngestOutcome], *, as_json: bool, quiet: bool = False,
                     summary: bool = True) -> int:
    """One line per briefing (a file may hold many), then the counts on standard error."""
    out = console()
    counts = dict.fromkeys(IngestStatus, 0)
    for outcome in outcomes:
        counts[outcome.status] += 1
        if quiet and outcome.status is not IngestStatus.ERROR:
            continue
        if as_json:
            print_json({"path": str(outcome.path), "status": outcome.status.value,
                        "id": outcome.briefing_id, "title": outcome.title, "message": outcome.message})
            continue
        line = f"{outcome.status.value:<9} {outcome.path}"
        if outcome.briefing_id:
            line += f"  [{outcome.briefing_id}]"
        if outcome.title:
            line += f"  {outcome.title}"
        if outcome.message:
            line += f"  {outcome.message}"
        out.print(safe_text(line, "red" if outcome.status is IngestStatus.ERROR else ""), soft_wrap=True)
        sys.stdout.flush()
    if summary and not as_json:
        totals = ", ".join(f"{n} {status.value}" for status, n in counts.items() if n)
        say(totals or "no files found")
    return 1 if counts[IngestStatus.ERROR] else 0


def run_index(library: Library, args: argparse.Namespace) -> int:
    from search import SearchIndex

    if args.rebuild:
        index = SearchIndex.open(None, library)
        try:
            index.rebuild(library)
            for message in index.messages:
                say(message)
        finally:
            index.close()
        console().print(safe_text(f"rebuilt the index from {len(library)} briefings"))
        say_if_empty(library)
        return 0
    with open_index(library) as index:
        console().print(safe_text(f"index ready: {len(library)} briefings in {index.path}"))
    say_if_empty(library)
    return 0


def run_remove(library: Library, args: argparse.Namespace) -> int:
    """Exits 1 when some ids were unknown (after removing the others), 2 when none was usable."""
    if not args.ids and not args.missing:
        raise BriefingError("name the briefings to remove (ids or their starts), or give --missing")
    if args.ids and not len(library):
        raise BriefingError(f"no briefing with id {args.ids[0]!r}. {EMPTY_LIBRARY}")
    if say_if_empty(library):
        return 0
    wanted: list[str] = []
    unknown = 0
    for text in args.ids:
        try:
            wanted.append(library.resolve(text))
        except BriefingError as error:
            say(f"briefing: {error}")
            unknown += 1
    if args.missing:
        wanted += library.missing()
    if not wanted:
        if unknown:
            return 2
        say("no briefing is missing its file")
        return 0
    titles = {entry.id: entry.title for entry in library.entries()}
    with open_index(library) as index:  # opened first, so its check against the library stays quiet
        removed = library.remove(*wanted)
        out = console()
        for briefing_id in removed:
            out.print(safe_text(f"removed   {briefing_id}  {titles.get(briefing_id, '')}"), soft_wrap=True)
        index.delete(removed)
    from briefings.story_library import forget_briefings

    for warning in forget_briefings(library, removed):
        say(f"briefing: {warning}")
    return 1 if unknown else 0


def run_samples(library: Library, args: argparse.Namespace) -> int:
    from briefings.ingest import sample_paths

    if args.if_empty and len(library):
        return 0
    import search

    with open_index(library) as index:
        return _report_outcomes(search.ingest(library, index, sample_paths()), as_json=False)
