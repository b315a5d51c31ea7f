"""Preformatted tables in plain text: which lines are a table, and how they are kept."""

from __future__ import annotations

import pytest

from briefings.formats import plain
from briefings.tables import chunks, fence_tables, fenced, is_aligned


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (" Wheat   2.55   2.40       IV     4.65     --", True),
        ("Ill. Track  1.49  2.04", True),  # two gaps of two spaces
        ("starting from March 2          3.52 pct (3.57)", True),
        ("Prices\trose", True),
        ("Level VI covers wheat entered after January 19, 1984.  X-1986 rates.", False),  # typing
        ("the  company said", False),  # one stray double space
        ("Shr 34 cts vs 1.19 dlrs", False),
    ],
)
def test_aligned_columns(line: str, expected: bool) -> None:
    assert is_aligned(line) is expected


def test_wire_rows_make_a_table_only_as_whole_short_paragraphs_with_figures() -> None:
    lines = ["Shr 34 cts vs 1.19 dlrs", "    Net 807,000 vs 2,858,000", "    Six mths",
             "    Note: the year includes a gain of 132,000 dlrs, or", "five cts per shr."]
    found = list(chunks(lines, wire_rows=True))
    assert [(chunk.table, len(chunk.lines)) for chunk in found] == [(True, 3), (False, 2)]
    assert all(not chunk.table for chunk in chunks(lines))  # without wire rows, no aligned columns: prose
    prose = ["    The company said it earned 12 mln dlrs", "in 1986 against 9 mln in 1985"]
    assert [chunk.table for chunk in chunks(prose, wire_rows=True)] == [False]


def test_one_aligned_line_or_a_table_without_figures_is_prose() -> None:
    assert [chunk.table for chunk in chunks(["Said   so", "and went on."])] == [False]
    assert [chunk.table for chunk in chunks(["Name   Role", "Ada    Chair"])] == [False]


def test_a_fence_outlasts_the_backticks_inside_and_keeps_the_columns() -> None:
    assert fenced(["    a   1", "    ```   2   "]) == "````\na   1\n```   2\n````"


def test_plain_text_keeps_its_lines_and_fences_only_the_table() -> None:
    text = "Grain prices\nPrices at the close:\n Wheat   2.55   2.40\n Corn    1.35   1.92\nTrade was thin."
    briefing = plain.parse(text, "grain.txt")
    assert briefing.cards[0].text == (
        "Prices at the close:\n\n```\nWheat   2.55   2.40\nCorn    1.35   1.92\n```\n\nTrade was thin.")
    assert fence_tables("No table here.\nJust lines.") == "No table here.\nJust lines."
    assert not plain.parse(text.removesuffix("\nTrade was thin."), "grain.txt").cards[0].truncated
