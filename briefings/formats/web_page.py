"""Saved web pages (`.html`, `.htm`): a Kagi News story page as its cluster, any other page's article
found by trafilatura, offline.

A Kagi News story page is recognised first (`kagi_page`) and read section by section. Any other
page's main text comes out one paragraph, heading or list item a line, which is the shape the
plain-text formats read, so it is parsed by whichever of them fits: a briefing page saved as HTML
gives the same cards as the same page saved as text, an article the article's cards, and any
other page one article card. Title, byline and date come from the page's metadata when it has
them. trafilatura only fetches when asked to (we never ask), and the date is read from markup
only, never guessed from the prose ("As of July 2025" is not the page's date).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import PurePath
from typing import Any

from briefings.errors import ParseError
from briefings.formats import Format, Parsed, first_of, kagi_page, plain, registry
from briefings.formats.html_blocks import read_page
from briefings.model import Briefing, Source
from briefings.text import clean, make_id

NAME = "web-page"
_SUFFIXES = (".html", ".htm", ".xhtml")
_PREAMBLE = re.compile(r"^(?:\ufeff|\s+|<\?xml[^>]{0,200}\?>|<!--.{0,2000}?-->)*", re.DOTALL)
_STARTS = ("<!doctype html", "<html")


def matches(text: str, suffix: str) -> bool:
    """By name, or by a page's start after the XML declaration and comments ("saved from url=…")."""
    if suffix in _SUFFIXES:
        return True
    return _PREAMBLE.sub("", text[:5000], count=1)[:20].lower().startswith(_STARTS)


def parse_many(text: str, name: str) -> Iterator[Parsed]:
    """The stories of a Kagi News page, else the page's one briefing (or why it has none)."""
    page = read_page(text)
    if kagi_page.is_story_page(text, page):
        for item in kagi_page.stories(page, name):
            yield replace(item, source=Source(format=NAME)) if isinstance(item, Briefing) else item
        return
    try:
        yield _article_page(text, name)
    except ParseError as error:
        yield error


def _article_page(text: str, name: str) -> Briefing:
    page = _extract(text)
    body = clean(page.get("text") or "").strip()
    if not body:
        raise ParseError(f"{name}: no article text found in the page")
    title = " ".join(clean(page.get("title") or "").split())
    lines = body.split("\n")
    if title and lines[0].strip() != title:
        body = f"{title}\n{body}"
    stem = PurePath(name).stem or "page"
    fmt = next(f for f in registry() if f.parse_many is None and f.name != NAME and f.matches(body, ".txt"))
    briefing = fmt.parse(body, f"{stem}.txt")
    title = title or briefing.title
    date = briefing.date or _date(page.get("date"))
    author = " ".join(clean(page.get("author") or "").split()) or briefing.byline
    notes = tuple(note for note in briefing.notes if note != plain.NOTE)  # the page is the format matched
    return replace(briefing, id=make_id(title, date), title=title, date=date, byline=author, notes=notes,
                   source=Source(format=NAME))


def _extract(text: str) -> dict[str, Any]:
    import trafilatura  # ~0.3 s to import: only when a page is read

    for logger in ("trafilatura", "htmldate", "courlan"):  # their warnings must not reach the terminal
        if not logging.getLogger(logger).handlers:
            logging.getLogger(logger).addHandler(logging.NullHandler())

    document = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=True, include_images=False,
        include_links=False, date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None:
        return {}
    data: dict[str, Any] = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    return data


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


FORMAT = Format(name=NAME, suffixes=_SUFFIXES, matches=matches, parse=first_of(parse_many),
                parse_many=parse_many)
