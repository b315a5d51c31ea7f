"""Listings as scripts read them: one line per item, the fields each listing offers, `--format` templates.

Into a pipe or a file, and with `--format` anywhere, a listing is plain lines: no wrapping, no colour, no
markup, and every field on one line (tabs and line breaks in it become a space) with control characters
shown rather than obeyed. No Rich here: this is the path `briefing list | head` takes.
"""

from __future__ import annotations

import re
import string
import sys
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from briefings.catalog import CatalogEntry, TimelineRow
from briefings.errors import BriefingError
from briefings.text import visible_controls
from briefings.wording import briefing_date, card_title, date_label, event_date

if TYPE_CHECKING:
    from search.results import Hit

Fields = Mapping[str, str]
"""A listing's field names and what each holds, for `--help` and for checking a template."""
Row = Mapping[str, str | int | float]

ISO_DATE = "the date as precise as known (2025-08-14, 2025-08 or 2025), empty when undated"
SHORT_ID_FIELDS: Fields = {
    "id": "the shortest unique start of the id, which every command takes",
    "full_id": "the whole id",
}
LIST_FIELDS: Fields = {
    **SHORT_ID_FIELDS,
    "date": "the date as listed (\"2025-08 (inferred)\", \"—\" when undated)",
    "iso_date": ISO_DATE,
    "cards": "how many cards",
    "title": "the title",
    "topics": "the topics, comma-separated",
    "format": "the format it was ingested from",
}
SEARCH_FIELDS: Fields = {
    **SHORT_ID_FIELDS,
    "date": "the briefing's date as listed (\"undated\" when it has none)",
    "iso_date": ISO_DATE,
    "title": "the briefing's title",
    "card": "the card's heading, or its kind's label",
    "kind": "the card's kind (e.g. forecast)",
    "outlets": "the outlets of the matching paragraph, \" & \" between them",
    "score": "relevance, a number ({score:.2f} rounds it)",
    "fragment": "the matching passage",
    "archived": "\"archived\" for a hit in an archived briefing (with --archived), else empty",
}
TIMELINE_FIELDS: Fields = {
    **SHORT_ID_FIELDS,
    "date": "the event's date as shown, with the words it was resolved from",
    "iso_date": ISO_DATE,
    "event": "the sentence that tells it",
    "title": "the briefing's title",
}

LIST_LINE = "{date:<}  {id:<}  {cards:>}  {title}"
TIMELINE_LINE = "{date:<}  {id:<}  {event} — {title}"
"""Plain lines for a pipe, in the terminal table's order; `{name:<}` pads to the widest value below it."""


def format_help(fields: Fields) -> str:
    """The fields for `--help` (its epilog, one a line), so that `--help` is the reference."""
    width = max(len(name) for name in fields) + 2
    lines = [f"  {{{name}}}".ljust(width + 4) + meaning for name, meaning in fields.items()]
    return "\n".join([r"--format fields (\t is a tab, \n a new line, {name:>8} pads to 8 columns):", *lines])


def template(text: str, fields: Fields) -> str:
    """The `--format` text with `\\t`, `\\n` and `\\\\` made real, checked against the listing's fields:
    a one-line BriefingError names an unknown field or a brace out of place."""
    decoded = re.sub(r"\\([tn\\])", lambda m: {"t": "\t", "n": "\n", "\\": "\\"}[m[1]], text)
    unknown = [name for name in _field_names(decoded, text) if name not in fields]
    if unknown:
        raise BriefingError(f"--format: unknown field {{{unknown[0]}}} (fields: {', '.join(fields)})")
    return decoded


def _field_names(decoded: str, text: str) -> Iterable[str]:
    """Every field the template names, those inside a format spec ("{id:{width}}") included."""
    try:
        parsed = list(string.Formatter().parse(decoded))
    except ValueError as error:
        raise BriefingError(f"--format {text!r} is not a template: {error}") from None
    for _literal, name, spec, _conversion in parsed:
        if name is not None:
            yield name
            yield from _field_names(spec or "", text)


def aligned(line: str, rows: Iterable[Row]) -> str:
    """`line` with each `{name:<}` or `{name:>}` given the width of the widest value of that field."""
    rows = list(rows)

    def widest(match: re.Match[str]) -> str:
        width = max((len(format(_field(row[match[1]]))) for row in rows), default=0)
        return f"{{{match[1]}:{match[2]}{width}}}"

    return re.sub(r"\{(\w+):([<>])\}", widest, line)


def one_line(value: str) -> str:
    """Text as a line shows it: control characters visible, tabs and line breaks a single space."""
    return re.sub(r"\s*[\t\n]\s*", " ", visible_controls(value))


def _field(value: str | int | float) -> str | int | float:
    """Numbers stay numbers, so `{score:.2f}` and `{cards:>4}` work."""
    return one_line(value) if isinstance(value, str) else value


def print_rows(line: str, rows: Iterable[Row]) -> None:
    """Each row through the template `line`, one after another, so `| head` sees the first at once."""
    write = sys.stdout.write
    for row in rows:
        try:
            text = line.format_map({name: _field(value) for name, value in row.items()})
        except (ValueError, TypeError) as error:  # a format spec that does not fit the field
            raise BriefingError(f"--format: {error}") from None
        write(text + "\n")


def entry_row(entry: CatalogEntry, short_ids: Mapping[str, str]) -> Row:
    return {"id": short_ids[entry.id], "full_id": entry.id,
            "date": briefing_date(entry.date, entry.date_precision, bool(entry.date_inferred), undated="—"),
            "iso_date": date_label(entry.date, entry.date_precision) if entry.date else "",
            "cards": entry.card_count, "title": entry.title, "topics": ", ".join(entry.topics),
            "format": entry.format}


def hit_row(hit: Hit, short_ids: Mapping[str, str], entries: Mapping[str, CatalogEntry],
            archived: frozenset[str] = frozenset()) -> Row:
    """A hit's fields, dated as the catalog `entries` date its briefing (as precise as known, marked when
    inferred): the index keeps only the day. `archived`: the archived briefings' ids, to mark their hits."""
    entry = entries.get(hit.briefing_id)
    date, iso_date = ((briefing_date(entry.date, entry.date_precision, bool(entry.date_inferred)),
                       date_label(entry.date, entry.date_precision) if entry.date else "") if entry
                      else (date_label(hit.date), date_label(hit.date)) if hit.date else ("undated", ""))
    return {"id": short_ids.get(hit.briefing_id, hit.briefing_id), "full_id": hit.briefing_id,
            "date": date, "iso_date": iso_date,
            "title": hit.briefing_title, "card": card_title(hit.card_kind, hit.heading),
            "kind": hit.card_kind.value, "outlets": " & ".join(hit.outlets), "score": round(hit.score, 4),
            "fragment": "".join(text for text, _ in hit.fragment),
            "archived": "archived" if hit.briefing_id in archived else ""}


def event_row(row: TimelineRow, short_ids: Mapping[str, str]) -> Row:
    return {"id": short_ids[row.briefing_id], "full_id": row.briefing_id,
            "date": event_date(row.date, row.precision, row.date_text),
            "iso_date": date_label(row.date, row.precision), "event": row.sentence,
            "title": row.briefing_title}
