"""The catch-all: any text becomes a briefing with one article-body card, so nothing dropped in is lost.
The text is kept as it is, but for tables (aligned columns), fenced so Markdown keeps their lines, a text
written a paragraph a line, whose lines are set apart by blank lines (`lines_as_paragraphs`), and a byline
and a date on lines of their own under the title, which become the briefing's (`header`)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePath

from briefings.counting import paragraph_texts
from briefings.dates import parse_date
from briefings.errors import ParseError
from briefings.formats import Format
from briefings.model import Briefing, Card, CardKind
from briefings.tables import chunks, fence_tables
from briefings.text import citations_in, clean, looks_truncated, make_id, paragraphs

NOTE = "no known format matched; read as a plain-text article"
MAX_TITLE_LENGTH = 150
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_ENDED_SHARE = 2 / 3
"""How many of a text's lines (but its last) must end a sentence for each line to be read as a paragraph."""
_BYLINE = re.compile(r"^(?:By|BY|by)\s+(?P<who>[A-Z][\w.'’-]*"
                     r"(?:,?\s+(?:[A-Z][\w.'’-]*|and|&|in|of|for|the|de|van|von|al)){0,9}"
                     r"(?:,\s+[\w'’&-]+(?:\s+[\w'’&-]+){0,5})?)\s*$")
"""A byline line: "By Laura Whitfield", "By Ana Ruiz and Tom Ng, Harbour Wire", "By Priya Shah, Environment
correspondent"; not a sentence ("By Tuesday prices had fallen.")."""
_DATE_LINE = re.compile(r"^(?:(?:published|updated|posted)(?:\s+on)?:?\s+)?"
                        r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?P<date>[\w ,.-]{6,30}?)"
                        r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d\d\b[^\n]{0,20})?\s*$", re.IGNORECASE)
"""A line that is only a date, perhaps with its weekday and time: "May 13, 2025", "Updated Tuesday, 13 May
2025 10:30 BST"."""
_HEADER_LINES = 3


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
    byline, date, rest = header(rest) if short else ("", None, rest)
    body = fence_tables(lines_as_paragraphs(rest.strip() if short and rest.strip() else text))
    last_paragraph = paragraphs(body)[-1]
    card = Card(kind=CardKind.BODY, heading=CardKind.BODY.label, text=body, citations=citations_in(body),
                truncated=looks_truncated(last_paragraph) and not body.endswith("```"))
    return Briefing(id=make_id(title), title=title, cards=(card,), notes=(NOTE,), byline=byline, date=date)


def header(text: str) -> tuple[str, dt.date | None, str]:
    """The byline and the date on lines of their own at the top of an article's text (under its title, as
    pages pasted or saved as text carry them), and the text after them; ("", None, text) when it has none
    or nothing after them. The id stays the title's alone, as it was before the date was read."""
    lines = text.split("\n")
    byline, date, taken = "", None, 0
    for index, line in enumerate(lines[: _HEADER_LINES + 1]):
        named = _BYLINE.match(line.strip()) if not byline else None
        dated = _DATE_LINE.match(line.strip()) if date is None and named is None else None
        day = parse_date(dated.group("date").rstrip(" ,")) if dated else None
        if named:
            byline = named.group("who")
        elif day is not None:
            date = day
        elif line.strip() or index >= _HEADER_LINES:
            break
        taken = index + 1
    rest = "\n".join(lines[taken:])
    return (byline, date, rest) if taken and rest.strip() else ("", None, text)


def lines_as_paragraphs(text: str) -> str:
    """A text whose lines end as sentences end is written a paragraph a line (a web page's text as
    extracted, an article pasted from one, the seeds): its lines are set apart by blank lines, as the
    article format reads them, so a split quotes each sentence from its own paragraph and the reader shows
    them apart. Counted are the lines that are not the last of a block between blank lines; a table's lines
    stay together. Hard-wrapped text, whose lines mostly end mid-sentence, is left as it is, and so is text
    whose paragraphs blank lines part already (no line to count)."""
    blocks = [list(chunks(block.split("\n"))) for block in paragraph_texts(text)]
    prose = ([line for part in parts if not part.table for line in part.lines if line.strip()]
             for parts in blocks)
    inner = [line for lines in prose for line in lines[:-1]]
    ended = sum(1 for line in inner if _SENTENCE_END.search(line.rstrip()))
    if not inner or ended < _ENDED_SHARE * len(inner):
        return text
    pieces = (["\n".join(part.lines)] if part.table else [line.strip() for line in part.lines if line.strip()]
              for parts in blocks for part in parts)
    return "\n\n".join(piece for found in pieces for piece in found if piece.strip())


def _matches(_text: str, _suffix: str) -> bool:
    return True


FORMAT = Format(name="plain", suffixes=(".txt",), matches=_matches, parse=parse)
