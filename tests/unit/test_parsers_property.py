"""No text, however odd, makes a parser give a malformed briefing or fail but with a one-line ParseError."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefings.errors import ParseError
from briefings.formats import Format, detect, parse_all, registry
from tests.unit.briefing_checks import assert_one_line_error, assert_well_formed

MARKERS = [
    "---", "...", "## Outlook", "# Title", "## References", "## Timeline", "## Go deeper",
    "## Common questions", "### Why?", "- ", "-", "1. ",
    "[1] Smith, J. (2025, June 25). Title. Outlet. https://x.example[2] Kim",
    "title: T", "date: 2025-13-45", "entities: [x, {name: y}]", "sources: [[1]]", "schema_version: 1",
    "id: a", "cards: []", "cards:\n- kind: summary\n  heading: h\n  text: t", "What's happened",
    "What's behind the headline?", "What the papers say", "How we got here", "Go deeper", "Common question",
    "More on these topics", "Forecast and Consequences", "Al Jazeera's Niko Vorobyov reports that",
    "!!python/object:os.system {}", "&a [1]", "*a", "> quote", "```", "| a | b |", "\ufeff", "\r\n", "\x00",
]
LINES = st.lists(st.one_of(st.sampled_from(MARKERS), st.text(max_size=60)), max_size=25).map("\n".join)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_parsed_or_refused(fmt: Format, text: str, name: str) -> None:
    """A well-formed briefing, the same one each time, or a one-line ParseError naming the file."""
    try:
        briefing = fmt.parse(text, name)
    except ParseError as error:
        assert_one_line_error(error)
        return
    assert_well_formed(briefing)
    assert fmt.parse(text, name) == briefing


@pytest.mark.parametrize("fmt", registry(), ids=lambda fmt: fmt.name)
@SETTINGS
@given(text=st.text(max_size=400))
def test_arbitrary_text(fmt: Format, text: str) -> None:
    _assert_parsed_or_refused(fmt, text, "input" + (fmt.suffixes[0] if fmt.suffixes else ""))


@pytest.mark.parametrize("fmt", registry(), ids=lambda fmt: fmt.name)
@SETTINGS
@given(text=LINES)
def test_format_markers_mixed_with_random_lines(fmt: Format, text: str) -> None:
    _assert_parsed_or_refused(fmt, text, "input" + (fmt.suffixes[0] if fmt.suffixes else ""))


@SETTINGS
@given(text=LINES, name=st.sampled_from(["a.md", "a.yaml", "a.txt", "a", "a.markdown"]))
def test_every_item_of_any_file_is_well_formed_or_a_one_line_error(text: str, name: str) -> None:
    assert detect(text, name) in registry()
    items = list(parse_all(text, name))
    assert items  # a file always gives at least a briefing or the reason it gives none
    for item in items:
        if isinstance(item, ParseError):
            assert_one_line_error(item)
        else:
            assert_well_formed(item)
