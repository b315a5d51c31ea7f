"""`briefing versions ID` and `briefing changes ID`: the versions a briefing kept as its story developed
(`briefings.versions`), and what changed between two of them (`briefings.changes`).

As the other read commands: a readable layout on a terminal, plain lines into a pipe or a file (no
wrapping, no colour, control characters shown as symbols), `--json` one document.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

from briefings.library import Library
from briefings.serialize import to_data
from briefings.versions import VersionInfo
from cli.listing import Row, aligned, one_line, print_rows
from cli.output import console, get_briefing, print_json, safe_text, say, table, to_terminal

if TYPE_CHECKING:
    from briefings.changes import Line

VERSION_LINE = "{version:>}  {saved:<}  {digest:<}  {title}"
"""A version per line into a pipe, as the terminal's table shows it."""
SHORT_DIGEST = 12
MARKS = {"+": "green", "-": "red", "~": "yellow", "→": "yellow", "=": "cyan"}
"""How a change line starts (added, removed, changed from, changed to, a figure) and its colour."""

def run_versions(library: Library, args: argparse.Namespace) -> int:
    briefing_id = get_briefing(library, args.id).id
    versions = library.versions(briefing_id)
    if args.json:
        print_json({"id": briefing_id, "versions": [_version_data(v) for v in versions]})
        return 0
    rows = [_version_row(version) for version in versions]
    if not to_terminal():
        print_rows(aligned(VERSION_LINE, rows), rows)
    else:
        shown = table("version", "saved", "digest", "title", ids=())
        for row in rows:
            shown.add_row(*(safe_text(str(row[name])) for name in ("version", "saved", "digest", "title")))
        console().print(shown)
    for version in versions:
        if version.problem:
            say(version.problem)
    return 0


def run_changes(library: Library, args: argparse.Namespace) -> int:
    from briefings.changes import change_lines, changes  # difflib and the sentence rules: only here

    briefing_id = get_briefing(library, args.id).id
    versions = {version.number: version for version in library.versions(briefing_id)}
    current = max(versions)
    new = current if args.to is None else args.to
    old = max(1, new - 1) if args.from_ is None else args.from_
    found = changes(library.version(briefing_id, old), library.version(briefing_id, new))  # or one line
    if args.json:
        print_json({"id": briefing_id, "from": _version_data(versions[old]),
                    "to": _version_data(versions[new]), **to_data(found)})
        return 0
    if old == new:
        say(f"{briefing_id} has one version: nothing to compare" if current == 1
            else f"version {old} of {briefing_id} against itself: nothing to compare")
        return 0
    lines = [(f"version {old} ({_saved(versions[old])}) → version {new} ({_saved(versions[new])}): "
              f"{versions[new].title}", ""), *change_lines(found)]
    if found.empty:
        lines.append(("no changes", ""))
    _print_lines(lines)
    return 0


def _print_lines(lines: list[Line]) -> None:
    """Plain into a pipe ("  + text", headings flush left); on a terminal the marks in colour."""
    if not to_terminal():
        write = sys.stdout.write
        for text, mark in lines:
            write((f"  {mark} {one_line(text)}" if mark else one_line(text)) + "\n")
        return
    from rich.table import Table

    out = console()
    for text, mark in lines:
        if not mark:
            out.print(safe_text(text, "bold"))
            continue
        row = Table.grid(padding=(0, 1))  # a long sentence wraps under itself, clear of the mark
        row.add_column(width=3, justify="right", no_wrap=True)
        row.add_column(ratio=1, overflow="fold")
        row.add_row(safe_text(mark, MARKS[mark]), safe_text(text))
        out.print(row)


def _saved(version: VersionInfo) -> str:
    """When a version was saved, in local time to the minute."""
    return version.saved_at.astimezone().strftime("%Y-%m-%d %H:%M") if version.saved_at else "unknown time"


def _version_row(version: VersionInfo) -> Row:
    title = f"(cannot be read: {version.problem})" if version.problem else version.title
    return {"version": version.number, "saved": _saved(version), "digest": version.digest[:SHORT_DIGEST],
            "title": title + ("  (current)" if version.current else "")}


def _version_data(version: VersionInfo) -> dict[str, Any]:
    saved = version.saved_at.astimezone(dt.UTC).isoformat() if version.saved_at else None
    return {"number": version.number, "saved_at": saved, "digest": version.digest, "title": version.title,
            "current": version.current, "problem": version.problem}
