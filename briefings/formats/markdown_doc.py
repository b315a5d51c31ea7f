"""Markdown briefings: optional YAML front matter, `#` title, one card per `##` section.

The structure comes from markdown-it-py's tokens, and a card's text is the section's own
Markdown source (sliced by the tokens' line maps), so what the writer typed is what is shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefings.dates import parse_date
from briefings.formats import Format
from briefings.formats.front_matter import FrontMatter, read_front_matter, split_front_matter
from briefings.formats.plain import title_from_name
from briefings.kinds import kind_for_heading
from briefings.model import QA, Briefing, Card, CardKind, OutletSummary, Reference, TimelineEvent
from briefings.outlets import outlet_summary
from briefings.references import parse_references
from briefings.text import citations_in, clean, looks_truncated, make_id

_MARKDOWN = MarkdownIt("commonmark")
EXPORT_DETAILS = "About this briefing"
"""The section where `briefing export` writes what the reader shows under a title (date, quality notes).
Read back, it is left out: ingest works all of it out again, and it is not a card of the briefing."""
_REFERENCES_HEADING = re.compile(r"^(references|sources|citations|bibliography|notes):?$", re.IGNORECASE)
_H2_LINE = re.compile(r"^## ", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n[A-Za-z_][\w -]*:.*\n(?:.*\n)*?(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_TIMELINE_ITEM = re.compile(r"^(?P<date>[^:—–]{1,40}?)\s*(?::|—|–|\s-\s)\s*(?P<text>\S.*)$", re.DOTALL)


@dataclass
class _Section:
    """Block tokens under one heading; `heading` is None for text before the first `##`."""

    heading: str | None
    first_line: int
    last_line: int = 0
    tokens: list[Token] = field(default_factory=list)


def parse(text: str, name: str) -> Briefing:
    text = clean(text)
    block, body_start = split_front_matter(text)
    front = read_front_matter(block) if block is not None else FrontMatter()
    lines = text.split("\n")[body_start:]
    tokens = _MARKDOWN.parse("\n".join(lines))
    sections = list(_sections(tokens, len(lines)))
    h1 = next((_plain(tokens[i + 1]) for i, t in enumerate(tokens) if _is_boundary(t) and t.tag == "h1"), "")
    title = front.title or h1 or title_from_name(name)
    cards: list[Card] = []
    references = list(front.references)
    if front.summary:
        cards.append(Card(kind=CardKind.SUMMARY, heading=CardKind.SUMMARY.label, text=front.summary,
                          citations=citations_in(front.summary), truncated=looks_truncated(front.summary)))
    has_headings = any(section.heading is not None for section in sections)
    for section in sections:
        source = _source(lines, section)
        if not source or section.heading == EXPORT_DETAILS:
            continue
        found = _references(section) if section.heading and _REFERENCES_HEADING.match(section.heading) else ()
        if found:
            references.extend(found)
            continue
        intro_kind = CardKind.SUMMARY if has_headings and not front.summary else CardKind.BODY
        cards.append(_card(section, source, lines, intro_kind))
    return Briefing(
        id=front.id or make_id(title, front.date),
        title=title,
        cards=tuple(cards),
        date=front.date,
        topics=front.topics,
        references=tuple(references),
        entities=front.entities,
        notes=front.notes,
    )


def _sections(tokens: list[Token], line_count: int) -> Iterator[_Section]:
    """`#` and `##` headings end a section; deeper headings stay inside the card's text."""
    current = _Section(heading=None, first_line=0)
    heading_tokens_left = 0
    for index, token in enumerate(tokens):
        if heading_tokens_left:
            heading_tokens_left -= 1
        elif _is_boundary(token) and token.map:
            current.last_line = token.map[0]
            yield current
            heading = _plain(tokens[index + 1]) if token.tag == "h2" else None
            current = _Section(heading=heading, first_line=token.map[1])
            heading_tokens_left = 2  # its inline and heading_close tokens
        else:
            current.tokens.append(token)
    current.last_line = line_count
    yield current


def _is_boundary(token: Token) -> bool:
    return token.type == "heading_open" and token.level == 0 and token.tag in ("h1", "h2")


def _card(section: _Section, source: str, lines: list[str], intro_kind: CardKind) -> Card:
    kind = intro_kind if section.heading is None else kind_for_heading(section.heading)
    tokens = section.tokens
    top_blocks = [index for index, token in enumerate(tokens) if token.level == 0 and token.nesting != -1]
    last = top_blocks[-1] if top_blocks else -1
    truncated = (last >= 0 and tokens[last].type == "paragraph_open"
                 and looks_truncated(tokens[last + 1].content))
    return Card(
        kind=kind,
        heading=section.heading or kind.label,
        text=source,
        citations=citations_in(source),
        truncated=truncated,
        questions=tuple(_list_items(section)) if kind is CardKind.QUESTIONS else (),
        qa=tuple(_questions_and_answers(section, lines)) if kind is CardKind.QA else (),
        events=tuple(_events(section)) if kind is CardKind.TIMELINE else (),
        outlets=tuple(_outlets(section)) if kind is CardKind.PAPERS else (),
    )


def _source(lines: list[str], section: _Section) -> str:
    return "\n".join(lines[section.first_line:section.last_line]).strip("\n").rstrip()


def _plain(inline: Token) -> str:
    """The words of an inline token without Markdown markup."""
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _top_items(section: _Section) -> Iterator[tuple[Token, Token]]:
    """(list_item_open, its first inline) for each item of the section's top-level lists."""
    tokens = section.tokens
    for index, token in enumerate(tokens):
        if (token.type == "list_item_open" and token.level == 1 and index + 2 < len(tokens)
                and tokens[index + 2].type == "inline"):
            yield token, tokens[index + 2]


def _list_items(section: _Section) -> Iterator[str]:
    for _item, inline in _top_items(section):
        if text := _plain(inline):
            yield text


def _paragraphs(section: _Section) -> Iterator[str]:
    for token in section.tokens:
        if token.type == "inline" and token.level == 1:
            yield token.content


def _references(section: _Section) -> tuple[Reference, ...]:
    """Entries as "[n] ..." paragraphs or lines, or as a numbered list."""
    entries = [f"[{item.info}] {inline.content}" if item.info.isdigit() else inline.content
               for item, inline in _top_items(section)]
    return parse_references("\n".join([*_paragraphs(section), *entries]))


def _events(section: _Section) -> Iterator[TimelineEvent]:
    """List items such as "2024-06-19: Treaty signed" or "**19 June 2024** — Treaty signed"."""
    for text in _list_items(section):
        match = _TIMELINE_ITEM.match(text)
        if match and any(char.isdigit() for char in match.group("date")):
            date_text = match.group("date").strip()
            yield TimelineEvent(date_text=date_text, text=match.group("text"), date=parse_date(date_text))
        else:
            yield TimelineEvent(date_text="", text=text)


def _outlets(section: _Section) -> Iterator[OutletSummary]:
    for paragraph in _paragraphs(section):
        summary = outlet_summary(" ".join(paragraph.split()))
        if summary.outlets:
            yield summary


def _questions_and_answers(section: _Section, lines: list[str]) -> Iterator[QA]:
    """Each `###` heading is a question and the Markdown under it, up to the next one, its answer."""
    tokens = section.tokens
    headings = [(token.map, _plain(tokens[index + 1])) for index, token in enumerate(tokens)
                if token.type == "heading_open" and token.level == 0 and token.map]
    ends = [span[0] for span, _ in headings[1:]] + [section.last_line]
    for ((_, answer_start), question), end in zip(headings, ends, strict=False):
        answer = "\n".join(lines[answer_start:end]).strip()
        yield QA(question=question, answer=answer, truncated=looks_truncated(answer))


def _matches(text: str, suffix: str) -> bool:
    return (suffix in FORMAT.suffixes or _FRONT_MATTER.match(text) is not None
            or _H2_LINE.search(text) is not None)


FORMAT = Format(name="markdown", suffixes=(".md", ".markdown"), matches=_matches, parse=parse)
