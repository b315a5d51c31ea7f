"""The aggregator's briefing page saved as plain text (seed 003): fixed section headings, no markup.

Sections start at the page's own headings ("What's happened", "What the papers say", ...).
Inside "What's behind the headline?" a short line without a final full stop that is followed
by a paragraph is a sub-heading, and each sub-section becomes its own card whose kind comes
from its heading. Lone "-" lines separate Q&A items and entity blurbs.

Which common questions are related: the page's subject is the set of its own entities (from
"More on these topics") that its prose outside the Q&A names; a Q&A item is related when it
names one of them. Aggregators pad the Q&A with trending items (floods, football) that name
none of the subject's people or countries. A page without blurbs takes its subject from the
bundled gazetteer instead; when no subject can be found at all, every item counts as related.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import PurePath

from briefings.dates import parse_date
from briefings.entities import (
    Gazetteer,
    bundled_gazetteer,
    entity_from_blurb,
    name_keys,
    outlet_names,
    with_mentions,
)
from briefings.errors import ParseError
from briefings.formats import Format
from briefings.kinds import kind_for_heading
from briefings.model import QA, Briefing, Card, CardKind, Entity, Source
from briefings.outlets import outlet_summary
from briefings.sentences import first_sentence
from briefings.text import citations_in, clean, looks_truncated, make_id

NAME = "briefing-page"
_SECTIONS = {
    "what's happened": "summary",
    "what happened": "summary",
    "what's behind the headline": "analysis",
    "what the papers say": "papers",
    "how we got here": "background",
    "go deeper": "questions",
    "common question": "qa",
    "common questions": "qa",
    "more on these topics": "entities",
}
_SEPARATORS = frozenset("-–—•*")
_BULLET = re.compile(r"^[-–—•*]\s+")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_LEADING_DATE = re.compile(
    rf"^(?:(?:as of|as at|on|in|since|by|until|throughout)\s+)?(?:(?:early|mid|late)[\s-]+)?"
    rf"(?:(?:\d{{1,2}}\s+)?{_MONTH}(?:\s+\d{{1,2}})?,?\s+)?\d{{4}},\s+",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(r"^(?:(?:published|updated|dated?|as of)\s*:?\s*)?(?P<date>.+?)\.?$", re.IGNORECASE)
_BLURB_START = re.compile(
    r"^(?!(?:It|Its|He|His|She|Her|They|Their|This|These|That|Those|There)\b)[A-Z0-9\"“].{0,150}?\s(?:is|was|are|were)\s"
)
_CLAUSE_BREAK = re.compile(r",\s|;\s|:\s|\s[–—]\s")
_TITLE_LIMIT = 100


def _section_role(line: str) -> str | None:
    return _SECTIONS.get(line.strip().replace("’", "'").casefold().rstrip("?:").strip())


def matches(text: str, suffix: str) -> bool:
    """At least two of the page's section headings, each on a line of its own."""
    roles = set()
    for line in text.splitlines():
        role = _section_role(line) if len(line) < 40 else None
        if role:
            roles.add(role)
            if len(roles) >= 2:
                return True
    return False


def parse(text: str, source_name: str) -> Briefing:
    lines = [line.strip() for line in clean(text).split("\n") if line.strip()]
    preamble, sections = _split_sections(lines)
    if not sections:
        raise ParseError(f"{source_name}: not a briefing page (none of its section headings found)")
    blurbs = [body for _, role, body in sections if role == "entities"]
    own_entities = tuple(entity for body in blurbs for entity in _entities(body))
    not_outlets = [name for entity in own_entities for name in entity.names]
    title_line, date, intro = _preamble(preamble)
    cards = [*_prose_cards(CardKind.BODY, "", intro)]
    for heading, role, body in sections:
        cards.extend(_BUILDERS[role](heading, body, not_outlets))
    if not cards:
        raise ParseError(f"{source_name}: briefing page has section headings but no text under them")
    title = title_line or _title_from(cards) or PurePath(source_name).stem or "Untitled briefing"
    briefing = Briefing(
        id=make_id(title, date),
        title=title,
        cards=tuple(cards),
        date=date,
        entities=own_entities,
        source=Source(format=NAME),
    )
    related = _mark_related(list(briefing.cards), own_entities, outlet_names(briefing))
    return with_mentions(replace(briefing, cards=tuple(related)), Gazetteer())


def _split_sections(lines: list[str]) -> tuple[list[str], list[tuple[str, str, list[str]]]]:
    preamble: list[str] = []
    sections: list[tuple[str, str, list[str]]] = []
    for line in lines:
        role = _section_role(line)
        if role:
            sections.append((line, role, []))
        elif sections:
            sections[-1][2].append(line)
        else:
            preamble.append(line)
    return preamble, sections


def _preamble(lines: list[str]) -> tuple[str, dt.date | None, list[str]]:
    """A page may open with a title line and a date line before its first section; the rest is an intro."""
    title, date, rest = "", None, list[str]()
    for line in lines:
        match = _DATE_LINE.match(line)
        stated = parse_date(match.group("date")) if match else None
        if stated and date is None:
            date = stated
        elif not title and not rest and len(line) <= 200:
            title = line.rstrip(".")
        else:
            rest.append(line)
    return title, date, rest


def _prose_cards(kind: CardKind, heading: str, body: list[str]) -> Iterator[Card]:
    paragraphs = [line for line in body if line not in _SEPARATORS]
    if paragraphs:
        text = "\n\n".join(paragraphs)
        yield Card(kind, heading, text, citations_in(text), any(map(looks_truncated, paragraphs)))


def _analysis(heading: str, body: list[str], _: list[str]) -> Iterator[Card]:
    """One card per sub-section; text before the first sub-heading keeps the section's heading."""
    current, paragraphs = heading, list[str]()
    for index, line in enumerate(body):
        following = body[index + 1] if index + 1 < len(body) else ""
        if _is_subheading(line, following):
            yield from _prose_cards(kind_for_heading(current), current, paragraphs)
            current, paragraphs = line, []
        else:
            paragraphs.append(line)
    yield from _prose_cards(kind_for_heading(current), current, paragraphs)


def _is_subheading(line: str, following: str) -> bool:
    """A short capitalised line with no closing full stop, followed by a paragraph."""
    return (
        len(line) <= 80
        and len(line.split()) <= 12
        and line[:1].isupper()
        and not line.endswith((".", ",", ";", ":"))
        and not _BULLET.match(line)
        and bool(following)
        and (len(following) > 80 or not looks_truncated(following))
        and not following.endswith("?")
    )


def _papers(heading: str, body: list[str], not_outlets: list[str]) -> Iterator[Card]:
    paragraphs = [line for line in body if line not in _SEPARATORS]
    if paragraphs:
        outlets = tuple(outlet_summary(paragraph, not_outlets) for paragraph in paragraphs)
        text = "\n\n".join(paragraphs)
        truncated = any(summary.truncated for summary in outlets)
        yield Card(CardKind.PAPERS, heading, text, citations_in(text), truncated, outlets=outlets)


def _questions(heading: str, body: list[str], _: list[str]) -> Iterator[Card]:
    questions = tuple(_BULLET.sub("", line) for line in body if line not in _SEPARATORS)
    if questions:
        text = "\n".join(f"- {question}" for question in questions)
        yield Card(CardKind.QUESTIONS, heading, text, citations_in(text), looks_truncated(questions[-1]),
                   questions=questions)


def _qa(heading: str, body: list[str], _: list[str]) -> Iterator[Card]:
    items = tuple(
        QA(question=block[0], answer="\n\n".join(block[1:]), truncated=looks_truncated(block[-1]))
        for block in _blocks(body, starts_item=lambda line: line.endswith("?") and len(line) <= 200)
    )
    if items:
        yield Card(CardKind.QA, heading, _qa_markdown(items), citations_in(_qa_markdown(items)),
                   any(item.truncated for item in items), qa=items)


def _qa_markdown(items: tuple[QA, ...]) -> str:
    blocks = []
    for item in items:
        question = "**" + item.question.replace("*", r"\*") + "**"
        blocks.append(f"{question}\n\n{item.answer}" if item.answer else question)
    return "\n\n".join(blocks)


def _entities(body: list[str]) -> tuple[Entity, ...]:
    """Blurbs between "-" lines; without them, a line that names no subject continues the blurb before."""
    blocks = _blocks(body, starts_item=lambda line: bool(_BLURB_START.match(line)))
    return tuple(entity_from_blurb("\n".join(block)) for block in blocks)


def _blocks(body: list[str], starts_item: Callable[[str], bool]) -> list[list[str]]:
    """Items between separator lines, or when a page has none, items opened by `starts_item`."""
    separated = any(line in _SEPARATORS for line in body)
    blocks: list[list[str]] = []
    for line in body:
        if line in _SEPARATORS:
            blocks.append([])
        elif not blocks or (not separated and starts_item(line)):
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return [block for block in blocks if block]


_BUILDERS: dict[str, Callable[[str, list[str], list[str]], Iterator[Card]]] = {
    "summary": lambda heading, body, _: _prose_cards(CardKind.SUMMARY, heading, body),
    "analysis": _analysis,
    "papers": _papers,
    "background": lambda heading, body, _: _prose_cards(CardKind.BACKGROUND, heading, body),
    "questions": _questions,
    "qa": _qa,
    "entities": lambda heading, body, _: iter(()),
}


def _mark_related(cards: list[Card], entities: tuple[Entity, ...], outlets: tuple[str, ...]) -> list[Card]:
    """Q&A items are related when they name an entity the rest of the page names (see module docstring);
    a place inside a quoted outlet's name ("Tech in Asia") is not named."""
    if not any(card.qa for card in cards):
        return cards
    prose = "\n\n".join(card.text for card in cards if card.kind is not CardKind.QA)
    gazetteer = Gazetteer(entities) if entities else bundled_gazetteer()
    subject = {key for entity in gazetteer.mentions(prose, outlets) for key in name_keys(entity)}
    if not subject:
        return cards

    def related(item: QA) -> bool:
        named = gazetteer.mentions(f"{item.question}\n{item.answer}")
        return any(name_keys(entity) & subject for entity in named)

    return [
        replace(card, qa=tuple(replace(item, related=related(item)) for item in card.qa)) if card.qa else card
        for card in cards
    ]


def _title_from(cards: list[Card]) -> str:
    """The summary's first sentence without its date phrase, cut at a clause break near 100 characters."""
    prose = [c for c in cards if c.kind not in (CardKind.QA, CardKind.QUESTIONS)]
    card = next((c for c in prose if c.kind is CardKind.SUMMARY), prose[0] if prose else None)
    if card is None:
        return ""
    sentence = _LEADING_DATE.sub("", first_sentence(card.text.split("\n\n", 1)[0]))
    sentence = sentence.rstrip(".!…").strip()
    if len(sentence) > _TITLE_LIMIT:
        breaks = [m.start() for m in _CLAUSE_BREAK.finditer(sentence, 0, _TITLE_LIMIT + 1) if m.start() >= 20]
        sentence = sentence[: breaks[-1]] if breaks else sentence[:_TITLE_LIMIT].rsplit(" ", 1)[0] + "…"
    return sentence[:1].upper() + sentence[1:]


FORMAT = Format(name=NAME, suffixes=(".txt",), matches=matches, parse=parse)
