"""Preformatted tables inside plain text: runs of lines whose spacing carries the meaning.

Wire copy sends earnings as label-number rows ("Shr 1.25 dlrs vs 1.10 dlrs") and trade figures
as columns aligned with spaces; joining those lines into a paragraph, as prose is joined, turns
them into one line of numbers. Parsers ask here which lines form such a table and keep them as a
fenced code block, spaces intact, which every surface shows in monospace line by line.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

_GAP = re.compile(r"(?<=(\S))([ \t]{2,}|\t)(?=\S)")
_SENTENCE_END = tuple(".!?")
_PUNCTUATION = ".!?:;,"
ROW_LIMIT = 60
"""Longest label-number row: wire prose is wrapped near 65 characters, its figure rows run shorter."""
_DIGIT = re.compile(r"\d")
_BACKTICKS = re.compile(r"`{3,}")


@dataclass(frozen=True)
class Chunk:
    """Consecutive lines of the text: a table to keep as it is, or prose for the parser to join."""

    lines: tuple[str, ...]
    table: bool


def is_aligned(line: str) -> bool:
    """Columns set apart by runs of spaces: one gap of three or more (or a tab), or two gaps of two.

    A double space after a full stop is typing, not a column, so it does not count."""
    wide = narrow = 0
    for match in _GAP.finditer(line.strip()):
        gap = match.group(2)
        if len(gap) >= 3 or "\t" in gap:
            wide += 1
        elif match.group(1) not in _PUNCTUATION:
            narrow += 1
    return wide >= 1 or narrow >= 2


def chunks(lines: Sequence[str], *, wire_rows: bool = False) -> Iterator[Chunk]:
    """The lines in order, cut into tables and the prose around them.

    A table is two lines or more that are aligned columns or, with `wire_rows`, short lines standing
    alone as a wire paragraph that hold no sentence ("Net 4.5 mln vs 3.9 mln", "Six mths"); at least
    two of its lines hold a figure. Blank lines inside a table are kept; with `wire_rows` a table takes
    the whole wire paragraphs (indented first line) it touches, so a caption wrapped onto a row stays."""
    kinds = [_is_table_line(lines, index, wire_rows) for index in range(len(lines))]
    spans = [span for span in _runs(lines, kinds) if _holds_figures(lines, span)]
    if wire_rows:
        spans = _merged([_whole_paragraphs(lines, span) for span in spans])
    position = 0
    for start, end in spans:
        if start > position:
            yield Chunk(tuple(lines[position:start]), table=False)
        yield Chunk(tuple(lines[start:end]), table=True)
        position = end
    if position < len(lines):
        yield Chunk(tuple(lines[position:]), table=False)


def fenced(lines: Sequence[str]) -> str:
    """A Markdown code block holding the lines as written, whatever they hold: only the indentation they
    all share and trailing spaces are dropped, so the columns line up as they did."""
    body = textwrap.dedent("\n".join(line.rstrip() for line in lines)).split("\n")
    longest = max((len(run) for line in body for run in _BACKTICKS.findall(line)), default=2)
    fence = "`" * max(3, longest + 1)
    return "\n".join([fence, *body, fence])


def is_fenced(paragraph: str) -> bool:
    """The paragraph is a code block as `fenced` writes it."""
    return paragraph.startswith("```") and paragraph.endswith("```") and "\n" in paragraph


def fence_tables(text: str) -> str:
    """Plain text with its tables fenced, set apart by blank lines; every other line as it was."""
    parts = [fenced(chunk.lines) if chunk.table else "\n".join(chunk.lines)
             for chunk in chunks(text.split("\n"))]
    return "\n\n".join(part.strip("\n") for part in parts if part.strip())


def _is_table_line(lines: Sequence[str], index: int, wire_rows: bool) -> bool:
    line = lines[index]
    if not line.strip():
        return False
    if is_aligned(line):
        return True
    return wire_rows and _stands_alone(lines, index) and _is_row(line)


def _is_row(line: str) -> bool:
    text = line.strip()
    return len(text) <= ROW_LIMIT and not text.endswith(_SENTENCE_END)


def _starts_paragraph(lines: Sequence[str], index: int) -> bool:
    return index == 0 or lines[index][:1] in (" ", "\t") or not lines[index - 1].strip()


def _stands_alone(lines: Sequence[str], index: int) -> bool:
    """The line is a whole wire paragraph: it starts one and the next line starts another."""
    last = index + 1 == len(lines)
    return _starts_paragraph(lines, index) and (last or _starts_paragraph(lines, index + 1))


def _runs(lines: Sequence[str], kinds: list[bool]) -> Iterator[tuple[int, int]]:
    """Spans of table lines, bridging blank lines between two of them."""
    start: int | None = None
    last = -1
    for index, is_table in enumerate(kinds):
        if is_table:
            if start is None:
                start = index
            last = index
        elif lines[index].strip() and start is not None:
            yield start, last + 1
            start = None
    if start is not None:
        yield start, last + 1


def _holds_figures(lines: Sequence[str], span: tuple[int, int]) -> bool:
    rows = [line for line in lines[span[0]:span[1]] if line.strip()]
    return len(rows) >= 2 and sum(1 for line in rows if _DIGIT.search(line)) >= 2


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in order with those that overlap (grown over the same paragraph) made one."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _whole_paragraphs(lines: Sequence[str], span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start > 0 and not _starts_paragraph(lines, start) and lines[start - 1].strip():
        start -= 1
    while end < len(lines) and lines[end].strip() and not _starts_paragraph(lines, end):
        end += 1
    return start, end
