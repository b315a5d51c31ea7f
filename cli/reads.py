"""The commands that read the library and change nothing in it: list, show, export, search, timeline."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from briefings.catalog import CatalogEntry
from briefings.errors import BriefingError
from briefings.library import Library
from briefings.text import visible_controls
from briefings.wording import briefing_date, event_date
from cli.output import (
    console,
    get_briefing,
    open_engine,
    print_json,
    safe_text,
    say,
    say_if_empty,
    table,
    write_json_text,
)


def _entry_data(entry: CatalogEntry) -> dict[str, Any]:
    return {"id": entry.id, "title": entry.title, "date": entry.date.isoformat() if entry.date else None,
            "date_precision": entry.date_precision.value, "date_inferred": entry.date_inferred,
            "topics": list(entry.topics), "format": entry.format, "cards": entry.card_count}


def run_list(library: Library, args: argparse.Namespace) -> int:
    entries = library.entries()
    if args.json:
        print_json([_entry_data(entry) for entry in entries])
        return 0
    if say_if_empty(library):
        return 0
    short = library.short_ids(entry.id for entry in entries)
    shown = table("date", "id", "cards", "title", ids=short.values())
    for entry in entries:
        date = briefing_date(entry.date, entry.date_precision, bool(entry.date_inferred), undated="—")
        shown.add_row(safe_text(date), safe_text(short[entry.id], "dim"), safe_text(str(entry.card_count)),
                      safe_text(entry.title, "bold"))
    console().print(shown)
    return 0


def run_show(library: Library, args: argparse.Namespace) -> int:
    from briefings.export import to_json

    briefing = get_briefing(library, args.id)
    if args.json:
        write_json_text(to_json(briefing))
        return 0
    from cli.printing import print_briefing

    print_briefing(console(), briefing)
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
    import search

    if args.page < 1 or args.limit < 1:
        raise BriefingError("--page and --limit count from 1")
    filters = {"kind": args.kind} if args.kind else {}
    with open_engine(library) as engine:
        results = engine.search(args.query, filters=filters, limit=args.limit, page=args.page,
                                sort=args.sort, complete_last=not args.whole_words)
    if results.error_line:  # not answered: one line and status 2, so a script cannot mistake it for no hits
        raise BriefingError(results.error_line)
    if results.total and args.page > results.page_count:
        raise BriefingError(f"page {args.page} is past the last page ({results.page_count})")
    if args.json:
        print_json(search.results_to_data(results))
        say_if_empty(library)
        return 0
    from cli.printing import print_results

    hit_ids = [hit.briefing_id for hit in results.hits]
    print_results(console(), results, library.short_ids(hit_ids), library.entries_for(hit_ids))
    say_if_empty(library)
    return 0


def run_timeline(library: Library, args: argparse.Namespace) -> int:
    rows = library.timeline_for(args.entity)
    if args.json:
        print_json([{"date": row.date.isoformat(), "precision": row.precision.value,
                     "date_text": row.date_text, "sentence": row.sentence, "briefing_id": row.briefing_id,
                     "briefing_title": row.briefing_title, "card": row.card} for row in rows])
        return 0
    if not rows:
        if not say_if_empty(library):
            say(f"no dated events name {args.entity!r}")
        return 1
    short = library.short_ids(row.briefing_id for row in rows)
    shown = table("date", "event", "id", ids=short.values())
    for row in rows:
        event = safe_text(row.sentence)
        event.append("\n").append_text(safe_text(row.briefing_title, "dim"))
        shown.add_row(safe_text(event_date(row.date, row.precision, row.date_text)), event,
                      safe_text(short[row.briefing_id], "dim"))
    console().print(shown)
    return 0
