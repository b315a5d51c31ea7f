"""Search matches drawn: a hit's fragment with its matches lit, the words to light in the reader, and
the paragraph of a card a jump (a hit, a figure) lands on."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Passage:
    """Where in a card to land: the paragraph holding the most of `phrases`, compared word by word so
    markup, emphasis and wrapping do not matter; within outlet paragraph `outlet` (its index in
    `Card.outlets`) when given. Nothing found lands on the outlet's label, else the card's top."""

    phrases: tuple[str, ...] = ()
    outlet: int | None = None


CONTEXT_WORDS = 3
"""Words kept either side of a hit's first match: enough to tell its paragraph from others using the
word, few enough that a fragment's cut edge rarely reaches them."""


def hit_passage(fragment: Iterable[tuple[str, bool]], outlet: int | None = None) -> Passage:
    """The passage a search hit matched: its first matching words with the words around them on the
    same line, then those words alone (when the context was cut short)."""
    spans = list(fragment)
    first = next((index for index, (_, is_match) in enumerate(spans) if is_match), None)
    if first is None:
        return Passage((), outlet)
    before = "".join(value for value, _ in spans[:first]).rsplit("\n", 1)[-1]
    after = "".join(value for value, _ in spans[first + 1 :]).split("\n", 1)[0]
    match = spans[first][0]
    around = [*words_of(before)[-CONTEXT_WORDS:], *words_of(match), *words_of(after)[:CONTEXT_WORDS]]
    return Passage((" ".join(around), match), outlet)


def words_of(value: str) -> list[str]:
    """The words of `value`, any case, as paragraphs are compared."""
    return _WORD.findall(_EMPHASIS.sub("", value.casefold()))


def best_paragraph(paragraphs: Iterable[str], phrases: Iterable[str]) -> int | None:
    """Which of `paragraphs` holds the most of `phrases` (the first of equals); None: none holds any."""
    wanted = [f" {' '.join(words)} " for phrase in phrases if (words := words_of(phrase))]
    best, best_count = None, 0
    for index, paragraph in enumerate(paragraphs):
        spoken = f" {' '.join(words_of(paragraph))} "
        count = sum(phrase in spoken for phrase in wanted)
        if count > best_count:
            best, best_count = index, count
    return best
