"""The `briefing` command's arguments: each subcommand, its options, and the function that runs it."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from briefings.ingest import AUTO_PARALLEL_MIN, MOST_JOBS
from briefings.library import Library
from briefings.reading import DEFAULT_MAX_BYTES
from cli import archive, reads, saved, stories, versions, workbench, writes
from cli.listing import LIST_FIELDS, SEARCH_FIELDS, TIMELINE_FIELDS, Fields, format_help

Handler = Callable[[Library, argparse.Namespace], int]

ID_HELP = "a briefing id, or its start as `briefing list` shows it"
SEARCH_PAGE = 20
"""Hits `briefing search` shows unless --limit says otherwise."""


def build_parser() -> argparse.ArgumentParser:
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

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(command=name, handler=handler)
        return sub

    ingest = command("ingest", writes.run_ingest, "add or update briefings from files and folders")
    ingest.add_argument("paths", nargs="+", type=Path)
    ingest.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="largest file to read")
    ingest.add_argument("--json", action="store_true", help="one JSON object per briefing")
    ingest.add_argument("--quiet", "-q", action="store_true", help="print only errors and the summary")
    ingest.add_argument("--no-split", action="store_true",
                        help="keep raw articles whole instead of splitting them into cards")
    ingest.add_argument("--jobs", "-j", type=_positive, default=None, metavar="N",
                        help=f"processes analysing briefings (default: one per core, up to {MOST_JOBS}, "
                             f"from {AUTO_PARALLEL_MIN:,} briefings; 1: all in this one)")

    resplit = command("resplit", writes.run_resplit,
                      "split every raw article in the library again with today's rules")
    resplit.add_argument("--whole", action="store_true",
                         help="keep raw articles whole instead (one body card)")
    resplit.add_argument("--json", action="store_true", help="one JSON object per briefing")
    resplit.add_argument("--quiet", "-q", action="store_true", help="print only errors and the summary")

    watch = command("watch", writes.run_watch,
                    "ingest new and changed files in a folder as they arrive (Ctrl-C stops)")
    watch.add_argument("folder", type=Path)
    watch.add_argument("--interval", type=float, default=1.0, help="seconds between looks (default: 1)")
    watch.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                       help="leave files matching GLOB alone (their name or path in FOLDER: '*.log', "
                            "'drafts/*'); may be given again")
    watch.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="largest file to read")
    watch.add_argument("--json", action="store_true", help="one JSON object per briefing")
    watch.add_argument("--quiet", "-q", action="store_true", help="print only errors")

    listing = command("list", reads.run_list, "list the briefings in the library, newest first")
    _script_output(listing, LIST_FIELDS)
    listing.add_argument("--archived", action="store_true",
                         help="only the archived briefings (see `briefing archive`)")

    show = command("show", reads.run_show, "print a briefing's cards")
    show.add_argument("id", help=ID_HELP)
    _script_output(show)

    export = command("export", reads.run_export, "write a briefing as YAML, Markdown or JSON")
    export.add_argument("id", help=ID_HELP)
    export.add_argument("--format", choices=("yaml", "markdown", "json"), default="markdown")
    export.add_argument("--output", "-o", type=Path, help="a folder to write into (default: standard output)")

    search = command("search", reads.run_search, "full-text search over every card")
    search.add_argument("query")
    search.add_argument("--kind", help="only cards of this kind (e.g. forecast)")
    search.add_argument("--limit", type=int, default=SEARCH_PAGE)
    search.add_argument("--page", type=int, default=1)
    search.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    _script_output(search, SEARCH_FIELDS)
    search.add_argument("--whole-words", action="store_true",
                        help="search the last word as written, without completing it as the reader does")
    search.add_argument("--archived", action="store_true",
                        help="search the archived briefings too (see `briefing archive`), each marked so")
    search.add_argument("--by-story", action="store_true",
                        help="one line per story (its id, matching articles, outlets, best card, headline); "
                             "with --json a `stories` list beside the hits")

    timeline = command("timeline", reads.run_timeline,
                       "an entity's dated events across the library, oldest first")
    timeline.add_argument("entity", help="a name or alias, e.g. \"Kim Jong-un\"")
    _script_output(timeline, TIMELINE_FIELDS)

    versions_command = command("versions", versions.run_versions,
                               "a briefing's versions: each time it arrived again with new content")
    versions_command.add_argument("id", help=ID_HELP)
    versions_command.add_argument("--json", action="store_true", help="one JSON document")

    changes = command("changes", versions.run_changes,
                      "what changed between two versions of a briefing (default: the previous to the "
                      "current)")
    changes.add_argument("id", help=ID_HELP)
    changes.add_argument("--from", dest="from_", type=int, metavar="N",
                         help="the older version (default: the one before --to)")
    changes.add_argument("--to", type=int, metavar="M", help="the newer version (default: the current)")
    changes.add_argument("--json", action="store_true", help="one JSON document")

    index = command("index", writes.run_index, "check the search index, or rebuild it from the library")
    index.add_argument("--rebuild", action="store_true")

    remove = command("remove", writes.run_remove, "remove briefings from the library and the search index")
    remove.add_argument("ids", nargs="*", metavar="ID", help=ID_HELP)
    remove.add_argument("--missing", action="store_true",
                        help="also remove the briefings whose file was deleted by hand")

    samples = command("samples", writes.run_samples, "load the bundled sample briefings")
    samples.add_argument("--if-empty", action="store_true", help="only when the library has no briefings")
    workbench.add_commands(commands)
    saved.add_commands(commands)
    archive.add_commands(commands)
    stories.add_commands(commands)
    return parser


def _script_output(sub: argparse.ArgumentParser, fields: Fields | None = None) -> None:
    """How a script takes a read command's output: one JSON document, JSON lines, or (for a listing) a
    line per item from a template; one at a time."""
    group = sub.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true", help="one JSON document")
    group.add_argument("--jsonl", action="store_true",
                       help="one JSON object per line, each printed as soon as it is ready (for jq, head)")
    if fields is not None:
        group.add_argument("--format", metavar="TEMPLATE", help=r"print a line per item from TEMPLATE, "
                           r"e.g. '{id}\t{date}\t{title}' (fields below)")
        sub.epilog = format_help(fields)
        sub.formatter_class = argparse.RawDescriptionHelpFormatter


def _positive(text: str) -> int:
    """A whole number of at least 1, else argparse's one-line usage error."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return number
