"""`briefing archive ID...` / `briefing unarchive ID...`: set briefings aside without deleting them
(`briefings.archive`), and what `briefing list` shows with and without `--archived`.

Ids are taken as `briefing remove` takes them: an unknown or ambiguous one is one line, the others are
still done (exit 1), and none usable exits 2."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from briefings import archive
from briefings.catalog import CatalogEntry
from briefings.errors import BriefingError
from briefings.library import EMPTY_LIBRARY, Library
from cli.output import console, safe_text, say

Handler = Callable[[Library, argparse.Namespace], int]
ID_HELP = "a briefing id, or its start as `briefing list` shows it"


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`archive` and `unarchive`, into the `briefing` command's subcommands."""
    for name, handler, help_text in (
        ("archive", run_archive, "hide briefings from lists and searches, without deleting them"),
        ("unarchive", run_unarchive, "bring archived briefings back into lists and searches"),
    ):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(command=name, handler=handler)
        sub.add_argument("ids", nargs="+", metavar="ID", help=ID_HELP)


def run_archive(library: Library, args: argparse.Namespace) -> int:
    return _change(library, args.ids, archiving=True)


def run_unarchive(library: Library, args: argparse.Namespace) -> int:
    return _change(library, args.ids, archiving=False)


def listed(library: Library, *, archived: bool) -> list[CatalogEntry]:
    """The library's entries, newest first: the archived ones only, or (the usual list) all the others.
    A damaged archive file is said in one line, and then nothing counts as archived."""
    current = archive.load(library.root)
    for problem in current.problems:
        say(problem)
    return [entry for entry in library.entries() if (entry.id in current.ids) == archived]


def _change(library: Library, texts: list[str], *, archiving: bool) -> int:
    """Exits 1 when some ids were unknown (after doing the others), 2 when none was usable."""
    if not len(library):
        raise BriefingError(f"no briefing with id {texts[0]!r}. {EMPTY_LIBRARY}")
    current = archive.load_for_change(library.root)
    wanted: list[str] = []
    for text in texts:
        try:
            wanted.append(library.resolve(text))
        except BriefingError as error:
            say(f"briefing: {error}")
    if not wanted:
        return 2
    changed = current.ids | set(wanted) if archiving else current.ids - set(wanted)
    archive.write(library.root, (briefing_id for briefing_id in changed if briefing_id in library))
    titles = {entry.id: entry.title for entry in library.entries()}
    word = "archived" if archiving else "unarchived"
    out = console()
    for briefing_id in dict.fromkeys(wanted):
        already = (briefing_id in current.ids) == archiving
        said = f"{word:<10}  {briefing_id}  {titles.get(briefing_id, '')}" + (" (already)" if already else "")
        out.print(safe_text(said), soft_wrap=True)
    return 1 if len(wanted) < len(texts) else 0
