"""The catch-all: any text becomes a briefing with one article-body card, so nothing dropped in is lost.
The text is kept as it is, but for tables (aligned columns), fenced so Markdown keeps their lines."""

from __future__ import annotations

from pathlib import PurePath

from briefings.errors import ParseError
from briefings.formats import Format
from briefings.model import Briefing, Card, CardKind
from briefings.tables import fence_tables
from briefings.text import citations_in, clean, looks_truncated, make_id, paragraphs

NOTE = "no known format matched; ingested as a single article body"
MAX_TITLE_LENGTH = 150


def title_from_name(name: str) -> str:
    """A title of last resort: the file name without folder or suffix."""
    return PurePath(name).stem.strip() or "Untitled"


def parse(text: str, name: str) -> Briefing:
    text = clean(text).strip()
    if not text:
        raise ParseError("no text to read")
    first_line, _, rest = text.partition("\n")
    first_line = first_line.strip()
    short = len(first_line) < MAX_TITLE_LENGTH
    title = first_line if short else title_from_name(name)
    body = fence_tables(rest.strip() if short and rest.strip() else text)
    last_paragraph = paragraphs(body)[-1]
    card = Card(kind=CardKind.BODY, heading=CardKind.BODY.label, text=body, citations=citations_in(body),
                truncated=looks_truncated(last_paragraph) and not body.endswith("```"))
    return Briefing(id=make_id(title), title=title, cards=(card,), notes=(NOTE,))


def _matches(_text: str, _suffix: str) -> bool:
    return True


FORMAT = Format(name="plain", suffixes=(".txt",), matches=_matches, parse=parse)
