"""The sentence-end patterns' leading lookahead only makes them faster: they match exactly where the
same patterns without it match (the lookbehinds it skips are tried at the same position after it)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefings import sentences

LOOKAHEAD = "(?=[.?!…])"
PIECES = ["Mr", "ST", "U.S", "J", "No", "oil", "Prices", "said", " ", "  ", "\n", "\n\n", ".", "?", "!", "…",
          "...", '"', "'", ")", "]", "”", "A.B", "x"]


def _without_lookahead(pattern: re.Pattern[str]) -> re.Pattern[str]:
    assert LOOKAHEAD in pattern.pattern
    return re.compile(pattern.pattern.replace(LOOKAHEAD, "", 1))


@pytest.mark.parametrize("pattern", [sentences.SENTENCE_END, sentences._SPLIT_END])
@given(text=st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_the_lookahead_changes_no_match(pattern: re.Pattern[str], text: str) -> None:
    plain = _without_lookahead(pattern)
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]
