"""A saved page as a flat list of blocks (headings, paragraphs, list items, preformatted text), each with
the classes of the elements around it and the links in it, plus the page's <title> and `[n]` footnote links.

Read with the standard library's HTML parser, as data: nothing in the page is fetched or run, and
scripts, styles, navigation, footers and figures are left out. It forgives what browsers forgive
(an unclosed <p> or <li>, a <head> never closed).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

from briefings.text import clean

_BLOCK_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "blockquote", "cite", "div",
                         "section", "article", "main", "header", "ul", "ol", "dl", "dt", "dd", "table", "tr",
                         "td", "th", "details", "summary", "aside"})
_SKIPPED = frozenset({"script", "style", "noscript", "nav", "footer", "figure", "svg", "button", "template",
                      "form", "select", "iframe", "object"})
_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col",
                   "embed", "param", "track"})
_HIDDEN_CLASSES = frozenset({"back-link", "skip-link", "sr-only", "visually-hidden", "screen-reader-text"})
"""Classes pages give to what is no content: links back to the index, text for screen readers only."""
_MAX_DEPTH = 200
"""Elements nested deeper than this are read as text of the one around them: real pages nest a few dozen
levels, and keeping a hostile page's fifty thousand would make every step walk them all."""
_FOOTNOTE = re.compile(r"^\[(\d{1,4})\]$")


@dataclass(frozen=True)
class Block:
    """A heading, paragraph, list item or preformatted text of the page, with what holds it."""

    tag: str
    text: str
    classes: frozenset[str]
    """The classes of the elements around it."""
    ancestors: frozenset[str]
    links: tuple[tuple[str, str], ...]
    """(text, href) of the links in it."""
    perspective: int | None = None
    """The serial number of the element of class `perspective` around it: a perspective's blocks share it."""


class PageReader(HTMLParser):
    """The page as a list of blocks, its <title>, and its `[n]` footnote links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.title = ""
        self.footnotes: dict[int, str] = {}
        self._stack: list[tuple[str, frozenset[str], int]] = []
        self._open: Counter[str] = Counter()
        self._text: list[str] = []
        self._links: list[tuple[str, str]] = []
        self._link: tuple[str, list[str]] | None = None
        """The href of the link being read and its text so far."""
        self._serial = 0
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self._text.append("\n" if tag == "br" and self._in("pre") else " ")
            return
        while tag == "body" and self._in("head"):  # a <head> the page never closed ends at <body>
            self._pop()
        if tag in _BLOCK_TAGS:
            self.flush()
            if self._stack and (self._stack[-1][0] == "p" or self._stack[-1][0] == tag == "li"):
                self._pop()  # an open <p> ends where the next block starts, an <li> at the next <li>
        values = dict(attrs)
        if tag == "a":
            self._link = (values.get("href") or "", [])
        if len(self._stack) >= _MAX_DEPTH:
            return
        self._serial += 1
        classes = frozenset((values.get("class") or "").split())
        self._stack.append((tag, classes, self._serial))
        self._open[tag] += 1
        self._hidden += bool(classes & _HIDDEN_CLASSES)

    def _pop(self) -> str:
        tag, classes, _ = self._stack.pop()
        self._open[tag] -= 1
        self._hidden -= bool(classes & _HIDDEN_CLASSES)
        return tag

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None:
            href, parts = self._link
            self._record_link(" ".join("".join(parts).split()), href)
            self._link = None
        if tag in _BLOCK_TAGS:
            self.flush()
        if self._in(tag):
            while self._stack and self._pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._in("title"):
            self.title = self.title or " ".join(data.split())
        elif not self._skipping():
            self._text.append(data)
            if self._link is not None:
                self._link[1].append(data)

    def _in(self, tag: str) -> bool:
        return self._open[tag] > 0

    def _skipping(self) -> bool:
        return bool(self._hidden) or self._in("head") or any(self._in(tag) for tag in _SKIPPED)

    def _record_link(self, text: str, href: str) -> None:
        if not href or href.startswith("#") or self._skipping():
            return
        self._links.append((text, href))
        footnote = _FOOTNOTE.match(text)
        if footnote:
            self.footnotes.setdefault(int(footnote.group(1)), href)

    def flush(self) -> None:
        """Ends the block being read: its text becomes a Block."""
        raw = "".join(self._text)
        text = clean(raw).strip() if self._in("pre") else " ".join(clean(raw).split())
        if text:
            tag = next((t for t, _, _ in reversed(self._stack) if t in _BLOCK_TAGS), "p")
            classes = frozenset(c for _, names, _ in self._stack for c in names)
            perspective = next((s for _, names, s in reversed(self._stack) if "perspective" in names), None)
            self.blocks.append(Block(tag, text, classes, frozenset(t for t, _, _ in self._stack),
                                     tuple(self._links), perspective))
        self._text, self._links = [], []


def read_page(html: str) -> PageReader:
    reader = PageReader()
    reader.feed(html)
    reader.close()
    reader.flush()
    return reader
