"""Who says a sentence: "X said", "said X", "according to X", "X told reporters", "he denied".

Each sentence's tag names a speaker phrase (`tags`), outside what it quotes (`quotations`); the phrase
is resolved against the speakers named before it (`resolution`), so "he", "the company" and "Krumm" are
someone the story named, and a quotation over several sentences is its tagged speaker's throughout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefings.splitting.names import ACRONYM
from briefings.splitting.quotations import (
    apostrophes_restored,
    continued_quotations,
    opening_quotation,
    quotation_marks,
    quotes_words,
)
from briefings.splitting.resolution import Memory
from briefings.splitting.tags import tag_of
from briefings.splitting.words import CONNECTORS, DETERMINERS, TITLES

_DATELINE = re.compile(r"^(?:[^\n]{0,60}?,\s*[A-Za-z]{3,9}\.?\s*\d{1,2}|[A-Z][A-Z .'&/]{2,30}"
                       r"(?:,\s*[A-Z][A-Za-z .'-]{1,30})?|[A-Z][a-z]+)"
                       r"(?:\s*\([^()\n]{1,30}\))?\s+[-–—]\s+")
"""A wire dateline: "NEW YORK, March 9 -", "PARIS, Nov. 4 —", "ROTTERDAM, Netherlands (AP) —"."""
_DASHES = ("-", "–", "—")
_TICKER = re.compile(r"\s*<[A-Z0-9.]{1,12}>")
_ANGLED = re.compile(r"<([^<>]{1,80})>")
"""The wire marks unlisted companies "<Morgan Guaranty Australia Ltd>": the name is the speaker."""
_BRACKETED_COMPANY = re.compile(r"\(([A-Z][^()]{0,60} (?:Inc|Corp|Co|Ltd|Plc|PLC|AG|SA|NV|SpA|Bancorp))\)")
_SUFFIXES = frozenset({"inc", "corp", "co", "ltd", "plc", "the", "s"})


@dataclass(frozen=True)
class Attribution:
    """Who says a sentence, with which verb (past form), and whether it quotes them word for word."""

    speaker: str
    verb: str
    quoted: bool


def strip_dateline(sentence: str) -> str:
    """"NEW YORK, March 9 - Dart said" is "Dart said": the dateline is where, not who. Every dateline ends
    in a dash, which two sentences in three lack: those are not searched."""
    return _DATELINE.sub("", sentence, count=1) if any(dash in sentence for dash in _DASHES) else sentence


def attributions(sentences: Sequence[str]) -> list[Attribution | None]:
    """Each sentence's attribution in story order; pronouns resolve to the speakers named before them.

    A sentence opening with a quotation and tagging no one continues the previous speaker."""
    memory = Memory()
    texts = apostrophes_restored([_plain(strip_dateline(sentence)) for sentence in sentences])
    marks = [quotation_marks(text) for text in texts]
    continued = continued_quotations(marks)
    found: list[Attribution | None] = []
    for text, quoted in zip(texts, marks, strict=True):
        memory.read(text)
        inside = continued[len(found)][1]
        # "the Gulf News Agency (GNA) said" is the agency; a name too long to read before "(ESCAP)" is ESCAP
        plain = ACRONYM.sub("", text) if "(" in text else text
        tag = (tag_of(plain, quotation_marks(plain), inside) if plain != text else None) \
            or tag_of(text, quoted, inside)
        speaker = memory.resolve(tag[0]) if tag else ""
        found.append(Attribution(speaker, tag[1], quotes_words(text)) if tag and speaker else None)
    _credit_quotations(found, marks, continued)
    return found


def _plain(text: str) -> str:
    """The sentence without ticker symbols, and with the wire's angle brackets (or, in some files, round
    ones) taken off company names."""
    text = _ANGLED.sub(r"\1", _TICKER.sub("", text)) if "<" in text else text
    return _BRACKETED_COMPANY.sub(r"\1", text) if "(" in text else text


def _credit_quotations(found: list[Attribution | None], marks: Sequence[Sequence[tuple[int, bool]]],
                       continued: Sequence[tuple[bool, bool]]) -> None:
    """A quotation over several sentences is its tagged speaker's throughout, whether the tag comes at its
    end ("...," added Bannon.) or its start; a quotation of its own with no tag goes on with the speaker
    before it."""
    for index in range(len(found) - 1, 0, -1):
        later = found[index]
        if continued[index][0] and found[index - 1] is None and later is not None:
            found[index - 1] = Attribution(later.speaker, later.verb, True)
    for index in range(1, len(found)):
        earlier = found[index - 1]
        if found[index] is None and earlier is not None \
                and (continued[index][0] or opening_quotation(marks[index])):
            found[index] = Attribution(earlier.speaker, "said", True)


def same_speaker(one: str, other: str) -> bool:
    """Two writings of one speaker: the same identifying words, ignoring case, titles and company suffixes,
    or one's words all within the other's ("Subroto" and "Indonesian Energy Minister Subroto")."""
    first, second = _identifying(one), _identifying(other)
    return bool(first and second) and (first <= second or second <= first)


def _identifying(name: str) -> frozenset[str]:
    words = re.split(r"[\s,.'’<>]+", name.lower())
    return frozenset(word for word in words if word and word not in TITLES | DETERMINERS | CONNECTORS
                     and word not in _SUFFIXES)
