"""Saved web pages (`.html`, `.htm`): trafilatura finds the article in the page, offline.

The page's main text comes out one paragraph, heading or list item a line, which is the shape
the plain-text formats read, so it is parsed by whichever of them fits: a briefing page saved
as HTML gives the same cards as the same page saved as text, an article the article's cards.
Title, byline and date come from the page's metadata when it has them. trafilatura only
fetches when asked to (we never ask), and the date is read from markup only, never guessed
from the prose ("As of July 2025" is not the page's date).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from pathlib import PurePath
from typing import Any

from briefings.errors import ParseError
from briefings.formats import Format, registry
from briefings.model import Briefing, Source
from briefings.text import clean, make_id

NAME = "web-page"
_SUFFIXES = (".html", ".htm", ".xhtml")
_STARTS = ("<!doctype html", "<html")


def matches(text: str, suffix: str) -> bool:
    return suffix in _SUFFIXES or text.lstrip("\ufeff \t\r\n")[:20].lower().startswith(_STARTS)


def parse(text: str, name: str) -> Briefing:
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
    author = " ".join(clean(page.get("author") or "").split())
    return replace(briefing, id=make_id(title, date), title=title, date=date, byline=author,
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


FORMAT = Format(name=NAME, suffixes=_SUFFIXES, matches=matches, parse=parse)
