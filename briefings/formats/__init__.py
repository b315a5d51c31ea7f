"""Input formats: one module each, every one a pure function from text to a Briefing.

`parse_text` picks the format from the content first and the file name second; text
that matches no format still becomes a briefing (one article-body card) with a note
saying so, so nothing an analyst drops in is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from briefings.model import Briefing


@dataclass(frozen=True)
class Format:
    name: str
    suffixes: tuple[str, ...]
    matches: Callable[[str, str], bool]
    """(text, lower-case suffix) -> True when this format should read the text."""
    parse: Callable[[str, str], Briefing]
    """(text, source name) -> Briefing; raises ParseError when the text does not fit."""


def registry() -> tuple[Format, ...]:
    """Formats in the order they are tried: the most specific first, the catch-all last."""
    from briefings.formats import article, briefing_page, markdown_doc, native_yaml, plain

    return (native_yaml.FORMAT, markdown_doc.FORMAT, briefing_page.FORMAT, article.FORMAT, plain.FORMAT)


def detect(text: str, name: str) -> Format:
    suffix = PurePath(name).suffix.lower()
    return next(fmt for fmt in registry() if fmt.matches(text, suffix))


def parse_text(text: str, name: str) -> Briefing:
    """Parse text read from a file called `name` (used for format hints and as a title of last resort)."""
    return detect(text, name).parse(text, name)
