"""A rewritten news article (seed 000): headline line, prose with [n] citations, a numbered
reference list (often run together on one line) and trailing "- " bullets as key takeaways.
Lines set in aligned columns (a table) are kept together as a code block, spacing intact.

Nothing marks the parts but their shape, so `matches` asks for the shapes that tell an article
from any other text: a headline line followed by prose, plus a reference list, in-text [n]
markers or a closing run of bullets. Text with none of these goes to the plain fallback.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from briefings.errors import ParseError
from briefings.formats import Format
from briefings.model import Briefing, Card, CardKind, Source
from briefings.references import looks_like_reference_list, parse_references
from briefings.tables import chunks, fenced, is_fenced
from briefings.text import CITATION, citations_in, clean, looks_truncated, make_id

NAME = "article"
_BULLET = re.compile(r"^[-•*]\s+")
_REFERENCE_LINE = re.compile(r"^\[\d{1,4}\]\s+\S")
_HEADLINE_LIMIT = 200


def matches(text: str, suffix: str) -> bool:
    lines = [line.strip() for line in clean(text[:200_000]).split("\n") if line.strip()]
    if len(lines) < 2 or not _is_headline(lines[0]):
        return False
    prose = [line for line in lines[1:] if not _REFERENCE_LINE.match(line) and not _BULLET.match(line)]
    if not prose:
        return False
    has_takeaways = bool(_BULLET.match(lines[-1])) and not _BULLET.match(lines[1])
    return (
        looks_like_reference_list("\n".join(lines))
        or any(CITATION.search(line) for line in prose)
        or has_takeaways
    )


def _is_headline(line: str) -> bool:
    return (len(line) <= _HEADLINE_LIMIT and not _REFERENCE_LINE.match(line) and not _BULLET.match(line)
            and not is_fenced(line))


def _paragraphs(text: str) -> list[str]:
    """Each non-empty line stripped is a paragraph, but a table (aligned columns) stays one code block."""
    found: list[str] = []
    for chunk in chunks(clean(text).split("\n")):
        lines = [line.strip() for line in chunk.lines if line.strip()]
        if chunk.table and not any(_REFERENCE_LINE.match(line) or _BULLET.match(line) for line in lines):
            found.append(fenced(chunk.lines))
        else:
            found.extend(lines)
    return found


def parse(text: str, source_name: str) -> Briefing:
    lines = _paragraphs(text)
    if not lines:
        raise ParseError(f"{source_name}: the article is empty")
    title, *rest = lines
    if not _is_headline(title):
        title, rest = PurePath(source_name).stem or "Untitled article", lines
    takeaways: list[str] = []
    while rest and _BULLET.match(rest[-1]):
        takeaways.insert(0, _BULLET.sub("", rest.pop()))
    reference_lines = [line for line in rest if _REFERENCE_LINE.match(line)]
    body = [line for line in rest if not _REFERENCE_LINE.match(line)]
    cards = []
    if body:
        text_ = "\n\n".join(body)
        truncated = looks_truncated(body[-1]) and not is_fenced(body[-1])
        cards.append(Card(CardKind.BODY, "", text_, citations_in(text_), truncated))
    if takeaways:
        text_ = "\n".join(f"- {item}" for item in takeaways)
        cards.append(Card(CardKind.TAKEAWAYS, "", text_, citations_in(text_), looks_truncated(takeaways[-1])))
    if not cards:
        raise ParseError(f"{source_name}: the article has a headline but no body text")
    return Briefing(
        id=make_id(title),
        title=title,
        cards=tuple(cards),
        references=parse_references("\n".join(reference_lines)),
        source=Source(format=NAME),
    )


FORMAT = Format(name=NAME, suffixes=(".txt",), matches=matches, parse=parse)
