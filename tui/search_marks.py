"""Search matches drawn: a hit's fragment with its matches lit, and the words to light in the reader."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rich.style import Style
from rich.text import Text

from briefings.text import visible_controls
from tui.blocks import Palette


def fragment_text(fragment: Iterable[tuple[str, bool]], palette: Palette) -> tuple[Text, int]:
    """A search fragment from (text, is_match) spans with matches styled; and where the first match starts."""
    text = Text(end="")
    first = -1
    for value, is_match in fragment:
        if is_match and first < 0:
            first = len(text)
        shown = _EMPHASIS.sub("", _SPACES.sub(" ", value))
        text.append(visible_controls(shown), palette["match"] if is_match else Style.null())
    return text, max(first, 0)


_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")
_EMPHASIS = re.compile(r"\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)")
"""Markdown emphasis markers: a fragment is a cut of raw card text, so its `**` are not balanced."""


def match_words(fragments: Iterable[Iterable[tuple[str, bool]]]) -> frozenset[str]:
    """The words search matched, for highlighting them inside the reader."""
    return frozenset(
        word.casefold()
        for fragment in fragments
        for value, is_match in fragment
        if is_match
        for word in _WORD.findall(value)
    )


@lru_cache(maxsize=64)
def words_pattern(words: frozenset[str]) -> re.Pattern[str] | None:
    """Whole words, any case, longest first so "troops" wins over "troop"."""
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)
