"""`briefing saved add|list|remove`: the analyst's saved searches (`briefings.saved_searches`), with how
many briefings each matches, how many of those are unread, and how many are new since the reader last
opened it. A bad name or a query with a mistake is one line and exit status 2 (`BriefingError`)."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import Any

from briefings import saved_searches as saved
from briefings.errors import BriefingError
from briefings.library import Library
from briefings.read_marks import load_read_ids
from cli.listing import one_line
from cli.output import console, open_engine, print_json, safe_text, say, table, to_terminal

Handler = Callable[[Library, argparse.Namespace], int]


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`saved` and its actions, into the `briefing` command's subcommands."""
    command = commands.add_parser("saved", help="saved searches with unread counts: add, list, remove",
                                  description="Named searches you follow, with their unread counts.")
    command.set_defaults(command="saved")
    actions = command.add_subparsers(title="actions", metavar="ACTION", required=True)
    add = _action(actions, "add", run_add, "save a search under a name")
    add.add_argument("name", metavar="NAME")
    add.add_argument("query", metavar="QUERY",
                     help="as `briefing search` takes it, e.g. 'floods date:last7days'")
    listing = _action(actions, "list", run_list,
                      "each saved search with its query, matching briefings, unread ones and new ones")
    listing.add_argument("--json", action="store_true", help="one JSON document (see README)")
    remove = _action(actions, "remove", run_remove, "forget a saved search")
    remove.add_argument("name", metavar="NAME")


def _action(actions: argparse._SubParsersAction[argparse.ArgumentParser], name: str, handler: Handler,
            help_text: str) -> argparse.ArgumentParser:
    sub = actions.add_parser(name, help=help_text, description=help_text)
    sub.set_defaults(handler=handler)
    return sub


def run_add(library: Library, args: argparse.Namespace) -> int:
    current = saved.load_for_change(library.root)
    with open_engine(library) as engine:  # a query with a mistake is said now, not at every count
        check = engine.search(args.query, limit=1, facets=False, complete_last=False)
    if check.error_line:
        raise BriefingError(check.error_line)
    searches = saved.added(current, args.name, args.query)
    saved.write(library.root, searches)
    say(f"saved search {searches[-1].name!r}: {searches[-1].query}")
    return 0


def run_remove(library: Library, args: argparse.Namespace) -> int:
    saved.write(library.root, saved.removed(saved.load_for_change(library.root), args.name))
    say(f"removed saved search {args.name.strip()!r}")
    return 0


def run_list(library: Library, args: argparse.Namespace) -> int:
    found = saved.load(library.root)
    read, problem = load_read_ids(library.root, library)
    for line in (*found.problems, *([problem] if problem else [])):
        say(line)
    rows: list[dict[str, Any]] = []
    if found.searches:
        with open_engine(library) as engine:
            rows = [_row(library, search, read, engine) for search in found.searches]
    if args.json:
        print_json({"saved_searches": rows})
        return 0
    if not rows:
        say("no saved searches yet: `briefing saved add NAME QUERY` saves one")
        return 0
    if not to_terminal():
        for row in rows:  # name, query, then the counts (or why there are none), a tab between
            counts = [row["error"]] if row["error"] else [str(row[key]) for key in ("total", "unread", "new")]
            print("\t".join(one_line(text) for text in (row["name"], _query_text(row), *counts)))
        return 0
    shown = table("name", "query", "briefings", "unread", "new", ids=())
    for row in rows:
        numbers = ("", "", "") if row["error"] else (str(row["total"]), str(row["unread"]), str(row["new"]))
        query = _query_text(row) + (f"  ({row['error']})" if row["error"] else "")
        shown.add_row(*(safe_text(text) for text in (row["name"], query, *numbers)))
    console().print(shown)
    return 0


def _row(library: Library, search: saved.SavedSearch, read: set[str],
         engine: saved.Searcher) -> dict[str, Any]:
    row: dict[str, Any] = {"name": search.name, "query": search.query, "filters": dict(search.filters),
                           "created": _iso(search.created), "last_viewed": _iso(search.last_viewed),
                           "total": None, "unread": None, "new": None, "error": None}
    try:
        matching = saved.matching_briefings(engine, search)
    except BriefingError as error:
        return {**row, "error": str(error)}
    counts = saved.count(search, matching, read, lambda briefing_id: saved.arrived(library, briefing_id))
    return {**row, "total": counts.total, "unread": counts.unread, "new": counts.new}


def _query_text(row: dict[str, Any]) -> str:
    return " ".join([row["query"], *(f"{field}:{value}" for field, value in row["filters"].items())])


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None
