"""Citation lists: "[1] Smith, J. (2025, June 25). Title. Outlet. URL[2] Kim, J. ..." into References.

Entries are split where a marker "[n]" starts a higher number than the previous entry, so
lists run together on one line split correctly while a "[2]" inside a later title does not.
Each entry is read from both ends, because titles may contain full stops ("U.S."): the URL
is the last thing, the outlet the segment before it, the author and "(date)" come first and
the title is what is left. Nothing here raises: what cannot be split stays in `raw`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from briefings.dates import parse_date
from briefings.model import Reference
from briefings.sentences import SENTENCE_END

_MARKER = re.compile(r"\[(\d{1,4})\]\s*")
_LIST_START = re.compile(r"(?:^|\n)\s*\[\d{1,4}\]\s+\S")
_URL_AT_END = re.compile(r"\s*(?P<url>(?:https?://|www\.)\S+?)[\s.,;]*$")
_AUTHOR_DATE = re.compile(
    r"^(?P<author>[^()]{0,300}?)\s*\((?P<date>[^()]{0,30}?\d{4}[^()]{0,30}|n\.\s?d\.)\)[.,]?\s*"
)


def looks_like_reference_list(text: str) -> bool:
    """True when a line of `text` starts with a "[n] " citation entry."""
    return bool(_LIST_START.search(text))


def parse_references(text: str) -> tuple[Reference, ...]:
    """Every numbered entry in `text`, in order; text before the first marker is ignored."""
    starts: list[tuple[int, int, int]] = []  # (number, marker start, body start)
    for match in _MARKER.finditer(text):
        number = int(match.group(1))
        if not starts or number > starts[-1][0]:
            starts.append((number, match.start(), match.end()))
    references = []
    for index, (number, _, body_start) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else len(text)
        references.append(parse_reference(number, text[body_start:end]))
    return tuple(references)


def parse_reference(number: int, entry: str) -> Reference:
    """One entry without its "[n]" marker; fields that cannot be found stay empty."""
    raw = " ".join(entry.split())
    rest = raw
    url = ""
    url_match = _URL_AT_END.search(rest)
    if url_match:
        url = url_match.group("url")
        rest = rest[: url_match.start()]
    author, date_text = "", ""
    author_match = _AUTHOR_DATE.match(rest)
    if author_match:
        author, date_text = author_match.group("author").strip(), author_match.group("date")
        rest = rest[author_match.end():]
    title, outlet = _title_and_outlet(rest.strip())
    return Reference(
        number=number,
        author=author,
        date=parse_date(date_text) if date_text else None,
        title=title,
        outlet=outlet,
        url=url,
        raw=raw,
    )


def _title_and_outlet(rest: str) -> tuple[str, str]:
    """"Title. Outlet." splits at the last sentence end; a lone segment is the title."""
    rest = rest.rstrip(" .")
    ends = [end for end in SENTENCE_END.finditer(rest) if end.end() < len(rest)]
    if not ends:
        return rest, ""
    last = ends[-1]
    title = rest[: last.start()] + last.group().rstrip(".")
    return title.strip(), rest[last.end():].strip()


def newest_reference_date(references: Iterable[Reference]) -> dt.date | None:
    """The latest date any reference carries: what an undated briefing's relative dates count from."""
    return max((reference.date for reference in references if reference.date), default=None)
