"""Input formats: one module each, every one a pure function from text to a Briefing.

`parse_text` picks the format from the content first and the file name second; text
that matches no format still becomes a briefing (one article-body card) with a note
saying so, so nothing an analyst drops in is lost.

Some files hold many briefings (a Kagi News category, a Reuters archive file): their format
has `parse_many`, which yields each briefing as it is read and yields, rather than raises, a
ParseError for an item it cannot read (a `SkippedItem` for one it leaves out on purpose), so
one bad item never loses the others. `parse_all` is the entry point that handles both kinds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePath

from briefings.errors import ParseError
from briefings.model import Briefing

Parsed = Briefing | ParseError
"""One item of a multi-briefing file: its briefing, or why it could not be read."""


class SkippedItem(ParseError):
    """An item a multi-briefing format leaves out on purpose (nothing in it to read), with the reason."""


@dataclass(frozen=True)
class Format:
    name: str
    suffixes: tuple[str, ...]
    matches: Callable[[str, str], bool]
    """(text, lower-case suffix) -> True when this format should read the text."""
    parse: Callable[[str, str], Briefing]
    """(text, source name) -> Briefing; raises ParseError when the text does not fit."""
    parse_many: Callable[[str, str], Iterator[Parsed]] | None = None
    """(text, source name) -> every briefing in a file that holds many; None: one briefing from `parse`."""


def registry() -> tuple[Format, ...]:
    """Formats in the order they are tried: the most specific first, the catch-all last. Saved web pages
    come first, so every `.html` goes through the page reader whatever text it holds."""
    from briefings.formats import (
        article,
        briefing_page,
        kagi,
        markdown_doc,
        native_yaml,
        plain,
        reuters,
        web_page,
    )

    return (web_page.FORMAT, native_yaml.FORMAT, kagi.FORMAT, reuters.FORMAT, markdown_doc.FORMAT,
            briefing_page.FORMAT, article.FORMAT, plain.FORMAT)


def suffix_of(name: str) -> str:
    """The lower-case suffix that says the format: "reut2-000.sgm.gz" is ".sgm" (reading undoes gzip)."""
    path = PurePath(name)
    if path.suffix.lower() == ".gz":
        path = PurePath(path.stem)
    return path.suffix.lower()


def detect(text: str, name: str) -> Format:
    suffix = suffix_of(name)
    return next(fmt for fmt in registry() if fmt.matches(text, suffix))


def parse_text(text: str, name: str) -> Briefing:
    """Parse text read from a file called `name` (used for format hints and as a title of last resort)."""
    return detect(text, name).parse(text, name)


def parse_all(text: str, name: str) -> Iterator[Parsed]:
    """Every briefing in the text, one at a time; `parse_text` for files that hold one."""
    return parse_items(detect(text, name), text, name)


def parse_items(fmt: Format, text: str, name: str) -> Iterator[Parsed]:
    if fmt.parse_many is not None:
        yield from fmt.parse_many(text, name)
        return
    try:
        yield fmt.parse(text, name)
    except ParseError as error:
        yield error


def first_of(parse_many: Callable[[str, str], Iterator[Parsed]]) -> Callable[[str, str], Briefing]:
    """A `parse` for a multi-briefing format: the first briefing it reads, or its first error."""

    def parse(text: str, name: str) -> Briefing:
        first_error: ParseError | None = None
        for item in parse_many(text, name):
            if isinstance(item, Briefing):
                return item
            first_error = first_error or item
        raise first_error or ParseError(f"{name}: holds no briefings")

    return parse
