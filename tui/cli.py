"""The `briefing` command: the reader with no arguments, scriptable subcommands otherwise.

Every line printed from briefing text goes through Rich `Text` objects (never markup strings) after
`visible_controls`, so titles, file names and queries can neither style nor drive the terminal.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefings.catalog import CatalogEntry
from briefings.errors import BriefingError
from briefings.ingest import IngestOutcome, IngestStatus
from briefings.library import EMPTY_LIBRARY, Library, default_library_path
from briefings.reading import DEFAULT_MAX_BYTES
from briefings.text import visible_controls

if TYPE_CHECKING:
    from rich.console import Console

    from search import SearchIndex


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.version:
        _console().print(_safe(_version()), soft_wrap=True)
        return 0
    try:
        library = Library(args.library if args.library is not None else default_library_path())
        if args.command is None:
            from tui.app import run

            if args.watch is not None and not args.watch.is_dir():
                raise BriefingError(f"{args.watch} is not a folder")
            run(library.root, args.watch)
            return 0
        result: int = args.handler(library, args)
        return result
    except BriefingError as error:
        _console(stderr=True).print(_safe(f"briefing: {error}"), soft_wrap=True)
        return 2
    except OSError as error:  # disk full, read-only media, permissions: say what and where, in one line
        where = f" ({error.filename})" if error.filename else ""
        _console(stderr=True).print(_safe(f"briefing: {error.strerror or error}{where}"), soft_wrap=True)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing", description="Read, search and manage news briefings offline."
    )
    parser.add_argument(
        "--library",
        type=Path,
        default=None,
        help="library folder (default: $BRIEFING_LIBRARY or the user data folder)",
    )
    parser.add_argument(
        "--watch",
        type=Path,
        metavar="FOLDER",
        help="with no command: open the reader and ingest what arrives in FOLDER",
    )
    parser.add_argument("--version", action="store_true",
                        help="print the program's version and the schema versions of what it writes")
    parser.set_defaults(command=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, handler: Callable[[Library, argparse.Namespace], int], help_text: str) -> Any:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(command=name, handler=handler)
        return sub

    ingest = command("ingest", _ingest, "add or update briefings from files and folders")
    ingest.add_argument("paths", nargs="+", type=Path)
    ingest.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="largest file to read")
    ingest.add_argument("--json", action="store_true", help="one JSON object per briefing")
    ingest.add_argument("--quiet", "-q", action="store_true", help="print only errors and the summary")

    watch = command("watch", _watch, "ingest new and changed files in a folder as they arrive (Ctrl-C stops)")
    watch.add_argument("folder", type=Path)
    watch.add_argument("--interval", type=float, default=1.0, help="seconds between looks (default: 1)")
    watch.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="largest file to read")
    watch.add_argument("--json", action="store_true", help="one JSON object per briefing")
    watch.add_argument("--quiet", "-q", action="store_true", help="print only errors")

    listing = command("list", _list, "list the briefings in the library, newest first")
    listing.add_argument("--json", action="store_true")

    show = command("show", _show, "print a briefing's cards")
    show.add_argument("id", help=ID_HELP)
    show.add_argument("--json", action="store_true")

    export = command("export", _export, "write a briefing as YAML, Markdown or JSON")
    export.add_argument("id", help=ID_HELP)
    export.add_argument("--format", choices=("yaml", "markdown", "json"), default="markdown")
    export.add_argument("--output", "-o", type=Path, help="a folder to write into (default: standard output)")

    search = command("search", _search, "full-text search over every card")
    search.add_argument("query")
    search.add_argument("--kind", help="only cards of this kind (e.g. forecast)")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--page", type=int, default=1)
    search.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    search.add_argument("--json", action="store_true")

    timeline = command("timeline", _timeline, "an entity's dated events across the library, oldest first")
    timeline.add_argument("entity", help="a name or alias, e.g. \"Kim Jong-un\"")
    timeline.add_argument("--json", action="store_true")

    index = command("index", _index, "check the search index, or rebuild it from the library")
    index.add_argument("--rebuild", action="store_true")

    remove = command("remove", _remove, "remove briefings from the library and the search index")
    remove.add_argument("ids", nargs="*", metavar="ID", help=ID_HELP)
    remove.add_argument("--missing", action="store_true",
                        help="also remove the briefings whose file was deleted by hand")

    samples = command("samples", _samples, "load the bundled sample briefings")
    samples.add_argument("--if-empty", action="store_true", help="only when the library has no briefings")
    return parser


ID_HELP = "a briefing id, or its start as `briefing list` shows it"


def _version() -> str:
    """The versions a script or a bug report needs: the program's, and those of what it writes."""
    from importlib import metadata

    from briefings.serialize import SCHEMA_VERSION as BRIEFING_SCHEMA
    from search.schema import SCHEMA_VERSION as INDEX_SCHEMA

    return (f"briefing-reader {metadata.version('briefing-reader')} (briefing files and JSON: schema_version "
            f"{BRIEFING_SCHEMA}; search index: schema {INDEX_SCHEMA})")


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, markup=False, emoji=False)


def _safe(text: str, style: str = "") -> Any:
    from rich.text import Text

    return Text(visible_controls(text), style=style)


_CONTROLS_AS_JSON = {c: f"\\u{c:04x}" for c in (0x7F, *range(0x80, 0xA0))}


def _print_json(data: Any) -> None:
    _write_json_text(json.dumps(data, ensure_ascii=False, default=str) + "\n")


def _write_json_text(text: str) -> None:
    """JSON escapes C0 controls itself but writes DEL and C1 (0x9b is a one-byte CSI) raw; they can only
    stand inside strings, so escaping them keeps the data exact and the terminal safe."""
    sys.stdout.write(text.translate(_CONTROLS_AS_JSON))


@contextmanager
def _open_index(library: Library, *, quiet: bool = False) -> Iterator[SearchIndex]:
    from search import SearchIndex

    index = SearchIndex.open(None, library)
    try:
        for message in index.messages if not quiet else ():
            _console(stderr=True).print(_safe(message))
        yield index
    finally:
        index.close()


def _ingest(library: Library, args: argparse.Namespace) -> int:
    import search

    with _open_index(library, quiet=args.quiet) as index:
        outcomes = search.ingest(library, index, args.paths, max_bytes=args.max_bytes)
        if sys.stderr.isatty() and not (args.quiet or args.json):
            from briefings.files import input_files
            from tui.progress import with_progress

            outcomes = with_progress(outcomes, sum(1 for _ in input_files(args.paths, exclude=library.root)))
        return _report_outcomes(outcomes, as_json=args.json, quiet=args.quiet)


def _watch(library: Library, args: argparse.Namespace) -> int:
    import time

    import search
    from briefings.inbox import Inbox

    if not args.folder.is_dir():
        raise BriefingError(f"{args.folder} is not a folder")
    inbox = Inbox(args.folder, exclude=library.root)
    with _open_index(library, quiet=args.quiet) as index:
        _console(stderr=True).print(_safe(f"watching {args.folder} (Ctrl-C stops)"))
        try:
            while True:
                ready = inbox.ready()
                if ready:
                    outcomes = search.ingest(library, index, ready, max_bytes=args.max_bytes)
                    _report_outcomes(outcomes, as_json=args.json, quiet=args.quiet, summary=False)
                time.sleep(args.interval)
        except KeyboardInterrupt:
            _console(stderr=True).print(_safe("stopped watching"))
    return 0


def _report_outcomes(outcomes: Iterable[IngestOutcome], *, as_json: bool, quiet: bool = False,
                     summary: bool = True) -> int:
    """One line per briefing (a file may hold many), then the counts on standard error."""
    console = _console()
    counts = dict.fromkeys(IngestStatus, 0)
    for outcome in outcomes:
        counts[outcome.status] += 1
        if quiet and outcome.status is not IngestStatus.ERROR:
            continue
        if as_json:
            _print_json({"path": str(outcome.path), "status": outcome.status.value,
                         "id": outcome.briefing_id, "title": outcome.title, "message": outcome.message})
            continue
        line = f"{outcome.status.value:<9} {outcome.path}"
        if outcome.briefing_id:
            line += f"  [{outcome.briefing_id}]"
        if outcome.title:
            line += f"  {outcome.title}"
        if outcome.message:
            line += f"  {outcome.message}"
        console.print(_safe(line, "red" if outcome.status is IngestStatus.ERROR else ""), soft_wrap=True)
        sys.stdout.flush()
    if summary and not as_json:
        totals = ", ".join(f"{n} {status.value}" for status, n in counts.items() if n)
        _console(stderr=True).print(_safe(totals or "no files found"))
    return 1 if counts[IngestStatus.ERROR] else 0


def _entry_data(entry: CatalogEntry) -> dict[str, Any]:
    return {"id": entry.id, "title": entry.title, "date": entry.date.isoformat() if entry.date else None,
            "topics": list(entry.topics), "format": entry.format, "cards": entry.card_count}


def _say_if_empty(library: Library) -> bool:
    """On standard error, so that `--json` output stays what scripts expect."""
    if len(library):
        return False
    _console(stderr=True).print(_safe(EMPTY_LIBRARY), soft_wrap=True)
    return True


def _list(library: Library, args: argparse.Namespace) -> int:
    entries = library.entries()
    if args.json:
        _print_json([_entry_data(entry) for entry in entries])
        return 0
    if _say_if_empty(library):
        return 0
    short = library.short_ids(entry.id for entry in entries)
    table = _table("date", "id", "cards", "title", ids=short.values())
    for entry in entries:
        date = entry.date.isoformat() if entry.date else "—"
        table.add_row(_safe(date), _safe(short[entry.id], "dim"), _safe(str(entry.card_count)),
                      _safe(entry.title, "bold"))
    _console().print(table)
    return 0


def _table(*columns: str, ids: Iterable[str]) -> Any:
    """A borderless table whose `id` column is as wide as its longest id, and nothing cut short with
    "…": an id must stay whole to be typed back (a narrow terminal folds it onto the next line)."""
    from rich.table import Table

    table = Table(box=None, show_edge=False, pad_edge=False)
    for name in columns:
        table.add_column(name, overflow="fold", no_wrap=name in ("date", "id", "cards"),
                         justify="right" if name == "cards" else "left",
                         min_width=max((len(i) for i in ids), default=2) if name == "id" else None)
    return table


def _get(library: Library, text: str) -> Any:
    """The briefing with this id, or with the only id that starts with it (ids are long to type)."""
    if not len(library):
        raise BriefingError(f"no briefing with id {text!r}. {EMPTY_LIBRARY}")
    return library.get(library.resolve(text))


def _show(library: Library, args: argparse.Namespace) -> int:
    from briefings.export import to_json

    briefing = _get(library, args.id)
    if args.json:
        _write_json_text(to_json(briefing))
        return 0
    from tui.printing import print_briefing

    print_briefing(_console(), briefing)
    return 0


def _export(library: Library, args: argparse.Namespace) -> int:
    from briefings.export import export, export_path
    from briefings.files import write_atomic

    briefing = _get(library, args.id)
    text = export(briefing, args.format)
    if args.output is None:
        if args.format == "json":
            _write_json_text(text)
        else:  # exact text down a pipe; on a terminal, control characters shown rather than obeyed
            sys.stdout.write(visible_controls(text) if sys.stdout.isatty() else text)
        return 0
    args.output.mkdir(parents=True, exist_ok=True)
    target = export_path(args.output, briefing, args.format)
    write_atomic(target, text)
    _console(stderr=True).print(_safe(f"wrote {target}"), soft_wrap=True)
    return 0


def _search(library: Library, args: argparse.Namespace) -> int:
    import search

    if args.page < 1 or args.limit < 1:
        raise BriefingError("--page and --limit count from 1")
    filters = {"kind": args.kind} if args.kind else {}
    with _open_index(library) as index:
        results = search.search(
            index, args.query, filters=filters, limit=args.limit, page=args.page, sort=args.sort
        )
    if results.error_line:  # not answered: one line and status 2, so a script cannot mistake it for no hits
        raise BriefingError(results.error_line)
    if results.total and args.page > results.page_count:
        raise BriefingError(f"page {args.page} is past the last page ({results.page_count})")
    if args.json:
        _print_json(search.results_to_data(results))
        _say_if_empty(library)
        return 0
    from tui.printing import print_results

    print_results(_console(), results, library.short_ids(hit.briefing_id for hit in results.hits))
    _say_if_empty(library)
    return 0


def _timeline(library: Library, args: argparse.Namespace) -> int:
    rows = library.timeline_for(args.entity)
    if args.json:
        _print_json([{"date": row.date.isoformat(), "precision": row.precision.value,
                      "date_text": row.date_text, "sentence": row.sentence, "briefing_id": row.briefing_id,
                      "briefing_title": row.briefing_title, "card": row.card} for row in rows])
        return 0
    if not rows:
        if not _say_if_empty(library):
            _console(stderr=True).print(_safe(f"no dated events name {args.entity!r}"))
        return 1
    short = library.short_ids(row.briefing_id for row in rows)
    table = _table("date", "event", "id", ids=short.values())
    for row in rows:
        event = _safe(row.sentence)
        event.append("\n").append_text(_safe(row.briefing_title, "dim"))
        table.add_row(_safe(row.date_text), event, _safe(short[row.briefing_id], "dim"))
    _console().print(table)
    return 0


def _index(library: Library, args: argparse.Namespace) -> int:
    from search import SearchIndex

    if args.rebuild:
        index = SearchIndex.open(None, library)
        try:
            index.rebuild(library)
            for message in index.messages:
                _console(stderr=True).print(_safe(message))
        finally:
            index.close()
        _console().print(_safe(f"rebuilt the index from {len(library)} briefings"))
        _say_if_empty(library)
        return 0
    with _open_index(library) as index:
        _console().print(_safe(f"index ready: {len(library)} briefings in {index.path}"))
    _say_if_empty(library)
    return 0


def _remove(library: Library, args: argparse.Namespace) -> int:
    """Exits 1 when some ids were unknown (after removing the others), 2 when none was usable."""
    if not args.ids and not args.missing:
        raise BriefingError("name the briefings to remove (ids or their starts), or give --missing")
    wanted: list[str] = []
    unknown = 0
    for text in args.ids:
        try:
            wanted.append(library.resolve(text))
        except BriefingError as error:
            _console(stderr=True).print(_safe(f"briefing: {error}"), soft_wrap=True)
            unknown += 1
    if args.missing:
        wanted += library.missing()
    if not wanted:
        if unknown:
            return 2
        _console(stderr=True).print(_safe("no briefing is missing its file"))
        return 0
    titles = {entry.id: entry.title for entry in library.entries()}
    with _open_index(library) as index:  # opened first, so its check against the library stays quiet
        removed = library.remove(*wanted)
        for briefing_id in removed:
            _console().print(_safe(f"removed   {briefing_id}  {titles.get(briefing_id, '')}"), soft_wrap=True)
        index.delete(removed)
    return 1 if unknown else 0


def _samples(library: Library, args: argparse.Namespace) -> int:
    from briefings.ingest import sample_paths

    if args.if_empty and len(library):
        return 0
    import search

    with _open_index(library) as index:
        return _report_outcomes(search.ingest(library, index, sample_paths()), as_json=False)
