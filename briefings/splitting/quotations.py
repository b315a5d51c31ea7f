"""Quotation marks: what a sentence quotes, and quotations running over several sentences.

What a quotation says never speaks, so a reporting verb inside one tags no one, and a quotation running
over several sentences is its tagged speaker's throughout. Wire copy leaves closing marks out and writes
apostrophes as quotation marks, so a mark is read by where it stands, not by its character.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_IN_WORD_MARK = re.compile(r'[A-Za-z]"[A-Za-z]')
_APOSTROPHE = re.compile(r'(?<=[A-Za-z])"(?=[A-Za-z])|(?<=[a-z]s)"(?= [a-z])')
"""Some wire copy writes the apostrophe as a quotation mark ("Japan"s", "member states" budgets"): in a
story that does, those are apostrophes."""
_QUOTE = re.compile(r"[\"“”‘][^\"“”]{12,}")
"""A quotation's words; "‘" opens a single-quoted one (British style), where "’" may be an apostrophe."""
_UNCLOSED_TAG = re.compile(r",\s+(?:(?:[A-Z][\w.'-]*\s+){1,5}|(?:he|she|they)\s+)"
                           r"(?:said|says|added|adds|told|noted)\b[^\"“”,]{0,40}$")
"""A tag ending a sentence whose quotation was never closed: the writer left the closing mark out."""
_OPENS = re.compile(r"[^\s.,;:!?)-]")
"""What follows an opening quotation mark: the first character of a word."""
_QUOTE_MARK = re.compile(r"(?<![A-Za-z])[\"“”]|[\"“”](?![A-Za-z])")
"""A quotation mark; one between letters ("Japan"s") stands for an apostrophe."""
_QUOTED_SENTENCES = 6
"""Sentences a quotation may run on before its closing mark; a stray mark opens nothing longer."""


def apostrophes_restored(texts: list[str]) -> list[str]:
    """A story's sentences, with the quotation marks it writes for apostrophes made apostrophes again."""
    if any('"' in text and _IN_WORD_MARK.search(text) for text in texts):
        return [_APOSTROPHE.sub("'", text) for text in texts]
    return texts


def quotes_words(text: str) -> bool:
    """Whether the sentence quotes its speaker word for word: a quotation mark with words after it."""
    return bool(_QUOTE.search(text))


def continued_quotations(marks: Sequence[Sequence[tuple[int, bool]]]) -> list[tuple[bool, bool]]:
    """Per sentence: whether it goes on with a quotation an earlier sentence left open, and whether it
    opens inside that quotation (not reopening it with a mark of its own, as a new paragraph does).

    A quotation left open counts only when a closing mark, or a sentence reopening it, comes within a
    few sentences: a stray mark ("advanced' proposals) opens nothing."""
    states = [(False, False)]
    for index, sentence in enumerate(marks[:-1]):
        left_open = sentence[-1][1] if sentence else states[-1][1]
        linked = left_open and _closed_later(marks[index + 1: index + 1 + _QUOTED_SENTENCES])
        states.append((linked, linked and not opening_quotation(marks[index + 1])))
    return states[: len(marks)]


def _closed_later(marks: Sequence[Sequence[tuple[int, bool]]]) -> bool:
    """The first quotation mark to come closes a quotation ("ominous.\"") or reopens it at a sentence
    start."""
    sentence = next((sentence for sentence in marks if sentence), None)
    return sentence is not None and (sentence[0][0] == 0 or not sentence[0][1])


def opening_quotation(marks: Sequence[tuple[int, bool]]) -> bool:
    """The sentence opens with a quotation mark."""
    return bool(marks) and marks[0] == (0, True)


def quotation_marks(text: str) -> list[tuple[int, bool]]:
    """Each quotation mark's place and whether it opens a quotation: an opening mark comes before a word
    ("said "we), a closing one after it (dlrs," he), so a mark left out or added by mistake is read right."""
    if not _marked(text):
        return []
    marks = [(mark.start(), mark.group() == "“" or (mark.group() == '"' and _opens(text, mark.end())))
             for mark in _QUOTE_MARK.finditer(text)]
    forgotten = _UNCLOSED_TAG.search(text, marks[-1][0]) if marks and marks[-1][1] else None
    if forgotten:  # "...we would pursue it, Fitzwater said.": the closing mark left out before the tag
        marks.append((forgotten.start(), False))
    return marks


def _opens(text: str, after: int) -> bool:
    return _OPENS.match(text, after) is not None


def quoted_at(marks: Sequence[tuple[int, bool]], position: int, inside: bool) -> bool:
    """Whether `position` lies within a quotation, given whether the sentence opens within one."""
    return next((opens for at, opens in reversed(marks) if at < position), inside)


def without_quotations(text: str, marks: Sequence[tuple[int, bool]], inside: bool) -> str:
    """The text with what it quotes taken out: no quoted word says the sentence."""
    kept, start = [], 0 if not inside else len(text)
    for at, opens in marks:
        if at >= len(text):
            break
        if opens and start <= at:
            kept.append(text[start:at])
            start = len(text)
        elif not opens:
            start = at + 1
    kept.append(text[start:])
    return ", ".join(kept)


def _marked(text: str) -> bool:
    """Whether the text holds a quotation mark at all: most sentences do not, and need no closer look."""
    return '"' in text or "“" in text or "”" in text
