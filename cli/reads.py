"""The commands that read the library and change nothing in it: list, show, export, search, timeline.

Each prints the readable Rich layout on a terminal and plain lines elsewhere (see cli/listing.py);
`--json` prints one document, `--jsonl` one object per line, `--format` a line per item from a template.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from briefings.archive import archived_ids
from briefings.catalog import CatalogEntry
from briefings.errors import BriefingError
from briefings.library import Library
from briefings.text import visible_controls
from cli import story_search
from cli.archive import listed
from cli.listing import (
    LIST_FIELDS,
    LIST_LINE,
    SEARCH_FIELDS,
    TIMELINE_FIELDS,
    TIMELINE_LINE,
    Fields,
    Row,
    aligned,
    entry_row,
    event_row,
    hit_row,
    print_rows,
    template,
)
from cli.output import (
    console,
    get_briefing,
    open_engine,
    print_json,
    safe_text,
    say,
    say_if_empty,
    table,
    to_terminal,
    write_json_text,
)

if TYPE_CHECKING:
    from search.results import SearchResults


def _entry_data(entry: CatalogEntry) -> dict[str, Any]:
    return {"id": entry.id, "title": entry.title, "date": entry.date.isoformat() if entry.date else None,
            "date_precision": entry.date_precision.value, "date_inferred": entry.date_inferred,
            "topics": list(entry.topics), "format": entry.format, "cards": entry.card_count}


def run_list(library: Library, args: argparse.Namespace) -> int:
    line = _format(args, LIST_FIELDS)
    entries = listed(library, archived=args.archived)
    if args.json or args.jsonl:
        _print_data((_entry_data(entry) for entry in entries), args.jsonl)
        return 0
    if say_if_empty(library):
        return 0
    short = library.short_ids(entry.id for entry in entries)
    rows = [entry_row(entry, short) for entry in entries]
    if _printed_plain(line, LIST_LINE, rows):
        return 0
    shown = table("date", "id", "cards", "title", ids=short.values())
    for row in rows:
        shown.add_row(safe_text(str(row["date"])), safe_text(str(row["id"]), "dim"),
                      safe_text(str(row["cards"])), safe_text(str(row["title"]), "bold"))
    console().print(shown)
    return 0


def _format(args: argparse.Namespace, fields: Fields) -> str | None:
    """The `--format` template, checked before any work; None when the command lays out its own lines."""
    return template(args.format, fields) if args.format is not None else None


def _printed_plain(line: str | None, layout: str, rows: list[Row]) -> bool:
    """Plain lines, from `--format` or else the `layout` aligned, unless standard output is a terminal
    and no `--format` was asked for: then False, and the command prints its table."""
    if line is None and to_terminal():
        return False
    print_rows(line if line is not None else aligned(layout, rows), rows)
    return True


def _print_data(items: Iterable[Any], jsonl: bool) -> None:
    """`--jsonl`: one object per line, each printed as soon as it is made; `--json`: one document."""
    if not jsonl:
        print_json(list(items))
        return
    for item in items:
        print_json(item)


def run_show(library: Library, args: argparse.Namespace) -> int:
    from briefings.export import to_json
    from briefings.serialize import briefing_to_data

    briefing = get_briefing(library, args.id)
    if args.json:
        write_json_text(to_json(briefing))
        return 0
    if args.jsonl:
        print_json(briefing_to_data(briefing))
        return 0
    from cli.printing import print_briefing, write_briefing

    if to_terminal():
        print_briefing(console(), briefing)
    else:
        write_briefing(briefing)
    return 0


def run_export(library: Library, args: argparse.Namespace) -> int:
    from briefings.export import export, export_path
    from briefings.files import write_atomic

    briefing = get_briefing(library, args.id)
    text = export(briefing, args.format)
    if args.output is None:
        if args.format == "json":
            write_json_text(text)
        else:  # exact text down a pipe; on a terminal, control characters shown rather than obeyed
            sys.stdout.write(visible_controls(text) if sys.stdout.isatty() else text)
        return 0
    args.output.mkdir(parents=True, exist_ok=True)
    target = export_path(args.output, briefing, args.format)
    write_atomic(target, text)
    say(f"wrote {target}")
    return 0


def run_search(library: Library, args: argparse.Namespace) -> int:
    line = _format(args, SEARCH_FIELDS)
    if line is not None and args.by_story:
        raise BriefingError("--format lays out hits; --by-story prints its own lines (or --json, --jsonl)")
    if args.page < 1 or args.limit < 1:
        raise BriefingError("--page and --limit count from 1")
    filters = {"kind": args.kind} if args.kind else {}
    with open_engine(library) as engine:
        results = engine.search(args.query, filters=filters, limit=args.limit, page=args.page,
                                sort=args.sort, complete_last=not args.whole_words, archived=args.archived)
    archived = archived_ids(library.root) if args.archived else None
    if results.error_line:  # not answered: one line and status 2, so a script cannot mistake it for no hits
        raise BriefingError(results.error_line)
    if results.total and args.page > results.page_count:
        raise BriefingError(f"page {args.page} is past the last page ({results.page_count})")
    by_story = story_search.story_rows(library, results) if args.by_story else None
    if args.json:
        data = _results_data(results, archived)
        if by_story is not None:  # the hits stay as they are; the stories come beside them
            data |= story_search.stories_totals(by_story[0])
            data["stories"] = story_search.stories_data(by_story[1])
        print_json(data)
        say_if_empty(library)
        return 0
    if by_story is not None:
        story_search.print_stories(library, by_story[1], args.jsonl)
        say_if_empty(library)
        return 0
    from cli.printing import print_results

    hit_ids = [hit.briefing_id for hit in results.hits]
    short, entries = library.short_ids(hit_ids), library.entries_for(hit_ids)
    rows = [hit_row(hit, short, entries, archived or frozenset()) for hit in results.hits]
    if line is None and not args.jsonl and to_terminal():
        print_results(console(), results, rows)
    else:
        _write_hits(results, rows, line, args.jsonl, archived)
    say_if_empty(library)
    return 0


def _results_data(results: SearchResults, archived: frozenset[str] | None) -> dict[str, Any]:
    """The results as JSON data; with `archived` (the ids, when --archived asked for them), each hit says
    whether its briefing is archived."""
    from search import results_to_data

    data = results_to_data(results)
    if archived is not None:
        for hit in data["hits"]:
            hit["archived"] = hit["briefing_id"] in archived
    return data


def _write_hits(results: SearchResults, rows: list[Row], line: str | None, jsonl: bool,
                archived: frozenset[str] | None = None) -> None:
    """A hit per line from the first line on, so that `| head -3` gets three; with `--jsonl` and `--format`
    nothing else, the suggestion and (when the hits leave some out) the count going to standard error."""
    from cli.printing import results_summary, write_results

    if jsonl:
        _print_data(_results_data(results, archived)["hits"], jsonl=True)
    elif line is not None:
        print_rows(line, rows)
    else:
        write_results(results, rows)
        return
    if results.suggestion:
        say(f"did you mean: {results.suggestion}")
    if results.partial or results.page < results.page_count:
        say(results_summary(results))


def run_timeline(library: Library, args: argparse.Namespace) -> int:
    line = _format(args, TIMELINE_FIELDS)
    rows = library.timeline_for(args.entity)
    if args.json or args.jsonl:
        _print_data(({"date": row.date.isoformat(), "precision": row.precision.value,
                      "date_text": row.date_text, "sentence": row.sentence, "briefing_id": row.briefing_id,
                      "briefing_title": row.briefing_title, "card": row.card} for row in rows), args.jsonl)
        return 0
    if not rows:
        if not say_if_empty(library):
            say(f"no dated events name {args.entity!r}")
        return 1
    short = library.short_ids(row.briefing_id for row in rows)
    events = [event_row(row, short) for row in rows]
    if _printed_plain(line, TIMELINE_LINE, events):
        return 0
    shown = table("date", "event", "id", ids=short.values())
    for event in events:
        told = safe_text(str(event["event"]))
        told.append("\n").append_text(safe_text(str(event["title"]), "dim"))
        shown.add_row(safe_text(str(event["date"])), told, safe_text(str(event["id"]), "dim"))
    console().print(shown)
    return 0
