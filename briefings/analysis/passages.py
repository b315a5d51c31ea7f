"""The pieces of a briefing the analysis reads: passages that know who speaks, and their sentences.

A figure or a date means little without its speaker, so every passage carries one: the outlets
of a "What the papers say" paragraph, a Q&A item, a cited reference's title, or the briefing.
Off-topic Q&A items are left out: their figures and dates belong to other stories.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from briefings.counting import counted_texts
from briefings.model import Briefing, Card, ClaimSource
from briefings.sentences import SENTENCE_END

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*•]|\d{1,3}[.)])\s)")
_MARKDOWN_EMPHASIS = re.compile(r"\*\*|__")
_MARK = re.compile(r"[.?!…]+")
_AFTER_QUOTED_END = re.compile(r"(?<=[.?!…]['\"”’])\s+(?=[A-Z])")


@dataclass(frozen=True)
class Passage:
    card: int | None
    text: str
    source_kind: ClaimSource = ClaimSource.BRIEFING
    source: str = ""
    reference: int | None = None
    date: dt.date | None = None


def passages(briefing: Briefing) -> Iterator[Passage]:
    """Card paragraphs in order, then the titles of the references (each at the first card citing it).

    Each sentence is read once, in the card it sits in (`briefings.counting`)."""
    for index, (card, text) in enumerate(zip(briefing.cards, counted_texts(briefing), strict=True)):
        yield from _card_passages(index, card, text)
    for reference in briefing.references:
        if reference.title:
            citing = next((i for i, card in enumerate(briefing.cards) if reference.number in card.citations),
                          None)
            yield Passage(citing, reference.title, ClaimSource.REFERENCE,
                          reference.outlet or reference.author or f"[{reference.number}]",
                          reference.number, reference.date)


def _card_passages(index: int, card: Card, text: str) -> Iterator[Passage]:
    if card.derived:  # its quotes, each read once (the papers' card names outlets the quotes cite)
        for paragraph in paragraphs(text):
            yield Passage(index, paragraph)
    elif card.qa:
        for item in card.qa:
            if item.related:
                yield Passage(index, f"{item.question}\n{item.answer}", ClaimSource.QA, item.question)
    elif card.outlets:
        for summary in card.outlets:
            if summary.outlets:
                yield Passage(index, summary.text, ClaimSource.OUTLET, ", ".join(summary.outlets))
            else:
                yield Passage(index, summary.text)
    else:
        for paragraph in paragraphs(text):
            yield Passage(index, paragraph)


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs and list items, without Markdown emphasis marks."""
    pieces = (_MARKDOWN_EMPHASIS.sub("", piece).strip() for piece in _PARAGRAPH_BREAK.split(text))
    return [piece for piece in pieces if piece]


@lru_cache(maxsize=2048)
def sentences(text: str) -> tuple[str, ...]:
    """The sentences of `text`; a line break ends one too, and so does a closing quote after a full stop.

    Every rule splits the same passages, hence the cache; SENTENCE_END is tried only where a
    full stop or other mark is, since its look-behinds are slow to try at every character.
    """
    found: list[str] = []
    for line in text.split("\n"):
        start = 0
        for mark in _MARK.finditer(line):
            end = SENTENCE_END.match(line, mark.start())
            if end is not None:
                found.extend(_AFTER_QUOTED_END.split(line[start : end.end()]))
                start = end.end()
        found.extend(_AFTER_QUOTED_END.split(line[start:]))
    return tuple(sentence.strip() for sentence in found if sentence.strip())
