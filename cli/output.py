"""What every command prints through: consoles, safe text, JSON, the index, the library's briefings.

Every line printed from briefing text goes through Rich `Text` objects (never markup strings) after
`visible_controls`, so titles, file names and queries can neither style nor drive the terminal.
Rich is imported when something is printed, not when the command starts.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

from briefings.errors import BriefingError
from briefings.library import EMPTY_LIBRARY, Library
from briefings.model import Briefing
from briefings.text import visible_controls

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from search import SearchEngine, SearchIndex


def to_terminal() -> bool:
    """Whether standard output is a terminal: there the readable Rich layout, elsewhere plain lines."""
    return sys.stdout.isatty()


def console(stderr: bool = False) -> Console:
    """Rich's console; into a pipe or a file it never wraps a line (Rich's own check leaves out colour)."""
    stream = sys.stderr if stderr else sys.stdout
    return _console_class()(stderr=stderr, highlight=False, markup=False, emoji=False,
                            soft_wrap=not stream.isatty())


@cache
def _console_class() -> type[Console]:
    from rich.console import Console

    class PipedConsole(Console):
        def on_broken_pipe(self) -> None:
            """Rich would exit with status 1; `cli.main` ends quietly with 0, as for every other line."""
            raise BrokenPipeError

    return PipedConsole


def safe_text(value: str, style: str = "") -> Text:
    """Text from a briefing, a file name or a query, shown but never obeyed."""
    from rich.text import Text

    return Text(visible_controls(value), style=style)


def say(message: str) -> None:
    """One line on standard error: what happened, beside the output a script reads."""
    console(stderr=True).print(safe_text(message), soft_wrap=True)


_CONTROLS_AS_JSON = {c: f"\\u{c:04x}" for c in (0x7F, *range(0x80, 0xA0))}


def print_json(data: Any) -> None:
    write_json_text(json.dumps(data, ensure_ascii=False, default=str) + "\n")


def write_json_text(text: str) -> None:
    """JSON escapes C0 controls itself but writes DEL and C1 (0x9b is a one-byte CSI) raw; they can only
    stand inside strings, so escaping them keeps the data exact and the terminal safe."""
    sys.stdout.write(text.translate(_CONTROLS_AS_JSON))


@contextmanager
def open_index(library: Library, *, quiet: bool = False) -> Iterator[SearchIndex]:
    from search import SearchIndex

    index = SearchIndex.open(None, library)
    try:
        for message in index.messages if not quiet else ():
            say(message)
        yield index
    finally:
        index.close()


@contextmanager
def open_engine(library: Library) -> Iterator[SearchEngine]:
    """The library's index as the commands that only search see it: through `search.SearchEngine`."""
    from search import WhooshEngine

    with open_index(library) as index:
        yield WhooshEngine(index)


def say_if_empty(library: Library) -> bool:
    """On standard error, so that `--json` output stays what scripts expect."""
    if len(library):
        return False
    say(EMPTY_LIBRARY)
    return True


def table(*columns: str, ids: Iterable[str]) -> Table:
    """A borderless table whose `id` column is as wide as its longest id, and nothing cut short with
    "…": an id must stay whole to be typed back (a narrow terminal folds it onto the next line)."""
    from rich.table import Table

    shown = Table(box=None, show_edge=False, pad_edge=False)
    for name in columns:
        shown.add_column(name, overflow="fold", no_wrap=name in ("date", "id", "cards"),
                         justify="right" if name == "cards" else "left",
                         min_width=max((len(i) for i in ids), default=2) if name == "id" else None)
    return shown


def get_briefing(library: Library, text: str) -> Briefing:
    """The briefing with this id, or with the only id that starts with it (ids are long to type)."""
    if not len(library):
        raise BriefingError(f"no briefing with id {text!r}. {EMPTY_LIBRARY}")
    return library.get(library.resolve(text))
