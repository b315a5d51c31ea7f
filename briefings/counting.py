"""Each sentence counted once: what the lens and the search index read of each card.

A split article's derived cards quote sentences of its body card, which keeps the article whole, and a
sentence may be quoted twice (a speaker's forecast is in "Who says what" and in the forecast). The lens
and the index read every sentence once, in the first card that holds it, so a figure is not stated
twice and a word does not hit twice; the body card counts only what no derived card quotes. The
paragraph marks quotes end with ("(¶3)") are for the reader, not the text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefings.model import Briefing, Card
from briefings.sentences import split_sentences
from briefings.tables import is_fenced

PARAGRAPH_MARK = re.compile(r" ?\(¶(\d+)\)")
"""What ends each quote of a derived card: the paragraph of the full text it comes from."""
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def paragraph_texts(text: str) -> list[str]:
    """A body's paragraphs as quotes number them: the first is 1, blank lines part them (an empty one
    before the first keeps the count)."""
    return _PARAGRAPH_BREAK.split(text)


@lru_cache(maxsize=256)
def placed_in_paragraphs(text: str) -> tuple[tuple[str, int], ...]:
    """`split_sentences(text)`, each with the number of the paragraph it stands in (as `paragraph_texts`
    numbers them), counted as the sentences pass so a long body stays linear. Cached: the split and the
    counting both read a body's sentences."""
    placed: list[tuple[str, int]] = []
    cursor, paragraph = 0, 1
    for sentence in split_sentences(text):
        start = text.find(sentence, cursor)
        if start >= 0:
            paragraph += len(_PARAGRAPH_BREAK.findall(text, cursor, start))
            cursor = start + len(sentence)
        placed.append((sentence, paragraph))
    return tuple(placed)


def counted_texts(briefing: Briefing) -> tuple[str, ...]:
    """Per card, the text to count: every card as written when none is derived; else a derived card's
    quotes no earlier card holds, and the other cards without what a derived card quotes (paragraphs
    kept apart by blank lines, tables whole)."""
    return _counted(briefing.cards)


COUNTED_KEPT = 1024
"""Briefings whose counted texts are kept: an ingest indexes a batch of 1,000 (`search.ingest`) after
analysing all of them, and with 64 kept it counted every split article a second time to index it."""


@lru_cache(maxsize=COUNTED_KEPT)
def _counted(cards: tuple[Card, ...]) -> tuple[str, ...]:
    """Cached: the lens, its quality rules and the index each ask for the same cards."""
    if not any(card.derived for card in cards):
        return tuple(card.text for card in cards)
    as_quoted = {sentence: collapsed(sentence) for card in cards if not card.derived
                 for sentence, _ in placed_in_paragraphs(card.text) if not is_fenced(sentence)}
    by_ending: dict[str, list[str]] = {}
    for sentence in as_quoted.values():
        by_ending.setdefault(sentence[-_ENDING:], []).append(sentence)
    for bucket in by_ending.values():
        bucket.sort(key=len, reverse=True)
    # a short sentence is its whole ending; the longest that ends at a mark is the one quoted
    lengths = sorted({len(ending) for ending in by_ending}, reverse=True)
    counted: set[str] = set()
    texts = []
    for card in cards:
        if card.derived:
            texts.append(_first_quotes(card.text, by_ending, lengths, counted))
        else:
            texts.append(_unquoted(card, counted, as_quoted))
    return tuple(texts)


def _first_quotes(text: str, by_ending: dict[str, list[str]], lengths: list[int], counted: set[str]) -> str:
    """The sentences a derived card is the first to quote, in its order, a paragraph each: its labels
    ("**Subroto** — said", "- 1985:") and marks are the reader's, not the article's. Each mark is matched
    to the body sentence ending just before it, found among `by_ending` (the body's sentences by their
    last characters, longest first; `lengths` their endings' lengths, longest first) by its last words
    (linear in a long article)."""
    found: list[str] = []
    for mark in PARAGRAPH_MARK.finditer(text):
        quoted = _quoted_before(text, mark.start(), by_ending, lengths)
        if quoted is not None and quoted not in counted:
            counted.add(quoted)
            found.append(quoted)
    return "\n\n".join(found)


def _quoted_before(text: str, end: int, by_ending: dict[str, list[str]], lengths: list[int]) -> str | None:
    """The longest body sentence `text` holds ending at `end`, or None. Plain loops: this runs for every
    quote of every split article."""
    for length in lengths:
        if length <= end:
            for sentence in by_ending.get(text[end - length:end], ()):
                if text.startswith(sentence, end - len(sentence)):
                    return sentence
    return None


_ENDING = 24
"""Characters of a sentence's end that find it among a body's sentences."""


def _unquoted(card: Card, quoted: set[str], as_quoted: dict[str, str]) -> str:
    """The card without the sentences quoted elsewhere; `as_quoted`: each sentence as a quote writes it."""
    kept: list[str] = []
    prose: list[str] = []
    current = 1
    for sentence, paragraph in placed_in_paragraphs(card.text):
        if paragraph != current:
            kept.append(" ".join(prose))
            prose, current = [], paragraph
        if is_fenced(sentence):  # a table is no sentence a card quotes: kept, on lines of its own
            kept += [" ".join(prose), sentence]
            prose = []
        elif as_quoted[sentence] not in quoted:
            prose.append(sentence)
    kept.append(" ".join(prose))
    return "\n\n".join(paragraph for paragraph in kept if paragraph)


def collapsed(text: str) -> str:
    """Whitespace as single spaces: a quote joins the lines a wire paragraph was broken into."""
    return " ".join(text.split())
