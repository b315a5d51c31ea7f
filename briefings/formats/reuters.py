"""Reuters-21578 SGML (`reut2-NNN.sgm`, gzipped or not): many wire stories per file, each a briefing.

Records are found with a regex scan over the file's text and turned into briefings one at a
time, so a file of 1,000 stories never holds 1,000 briefings. A story's TITLE, DATELINE and
BODY become title and article card; TOPICS the topics; PLACES, PEOPLE, ORGS and EXCHANGES
entities (the corpus writes them as lower-case codes, so they get display names).

The wire text carries SGML character references for control characters (`&#3;` ends every
story); they are decoded and dropped with the other control characters. What we decided for
the two unusual story types: a BRIEF story is a headline flash without a story (its body is
the placeholder "Blah blah blah."), so it becomes a briefing with a title, no cards and a note;
an UNPROC story has no TITLE or BODY markup, so its first line is the title and the rest is
kept as sent, in a code block (the lines are tables that reflowing would garble). Tables inside
ordinary stories (earnings rows, aligned columns: see `briefings.tables`) are kept the same way
while the prose around them is joined into paragraphs. A story with no text at all is skipped,
with a reason.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from briefings.dates import parse_date
from briefings.formats import Format, Parsed, SkippedItem, first_of
from briefings.model import Briefing, Card, CardKind, Entity, EntityKind, Source
from briefings.tables import Chunk, chunks, fenced, is_fenced
from briefings.text import clean

NAME = "reuters"
BRIEF_NOTE = "headline only: a Reuters BRIEF flash, sent without a story"
UNPROC_NOTE = "unprocessed Reuters story: text kept as the wire sent it"

_RECORD = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.DOTALL)
_ATTRIBUTE = re.compile(r'([A-Z]+)="([^"]*)"')
_LIST_FIELDS = ("TOPICS", "PLACES", "PEOPLE", "ORGS", "EXCHANGES")
_ITEM = re.compile(r"<D>(.*?)</D>", re.DOTALL)
_TEXT = re.compile(r"<TEXT\b([^>]*)>(.*?)</TEXT>", re.DOTALL)
_DATE = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})")
_SIGN_OFF = re.compile(r"\n\s*reuter\s*$", re.IGNORECASE)
_NEW_PARAGRAPH = re.compile(r"\n(?=[ \t])")
_PLACEHOLDER = "blah blah blah."

_PLACE_NAMES = {"usa": "United States", "uk": "United Kingdom", "ussr": "Soviet Union",
                "uae": "United Arab Emirates"}
_ORG_NAMES = {"worldbank": "World Bank", "adb-africa": "African Development Bank",
              "adb-asia": "Asian Development Bank", "ico-coffee": "International Coffee Organization",
              "ico-islam": "Organisation of the Islamic Conference",
              "iwc-whale": "International Whaling Commission", "iwc-wheat": "International Wheat Council"}


@dataclass(frozen=True)
class Story:
    """One record as the corpus states it, before it becomes a briefing (benchmarks read labels here)."""

    new_id: str
    split: str
    type: str
    date: dt.date | None
    title: str
    dateline: str
    body: str
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def topics(self) -> tuple[str, ...]:
        return self.lists.get("TOPICS", ())


def matches(text: str, suffix: str) -> bool:
    head = text[:2000]
    return "<REUTERS" in head and ("NEWID=" in head or suffix == ".sgm")


def stories(text: str) -> Iterator[Story]:
    """The file's records in order, each read only when asked for."""
    for match in _RECORD.finditer(text):
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        yield _story(attributes, match.group(2))


def _story(attributes: dict[str, str], record: str) -> Story:
    lists = {name: _items(record, name) for name in _LIST_FIELDS}
    text_match = _TEXT.search(record)
    text_attributes = dict(_ATTRIBUTE.findall(text_match.group(1))) if text_match else {}
    text = text_match.group(2) if text_match else ""
    date = _DATE.search(_element(record, "DATE"))
    return Story(
        new_id=attributes.get("NEWID", "").strip().lower(),
        split=attributes.get("LEWISSPLIT", ""),
        type=text_attributes.get("TYPE", "NORM"),
        date=parse_date(" ".join(date.groups())) if date else None,
        title=" ".join(_decoded(_element(text, "TITLE")).split()),
        dateline=" ".join(_decoded(_element(text, "DATELINE")).split()).rstrip(" -"),
        body=_decoded(_element(text, "BODY") if "<BODY>" in text else _strip_tags(text)),
        lists=lists,
    )


def _element(text: str, tag: str) -> str:
    start = text.find(f"<{tag}>")
    if start < 0:
        return ""
    end = text.find(f"</{tag}>", start)
    return text[start + len(tag) + 2 : end if end >= 0 else len(text)]


def _items(record: str, tag: str) -> tuple[str, ...]:
    return tuple(item.strip().lower() for item in _ITEM.findall(_element(record, tag)) if item.strip())


def _strip_tags(text: str) -> str:
    return re.sub(r"<TITLE>.*?</TITLE>|<[^>]{0,40}>", "", text, flags=re.DOTALL)


def _decoded(text: str) -> str:
    """Character references decoded (`&lt;` is "<", `&#3;` a control character), then controls dropped."""
    return clean(html.unescape(text)).strip()


def parse_many(text: str, name: str) -> Iterator[Parsed]:
    for number, story in enumerate(stories(text), 1):
        where = f"{name}: story {story.new_id or f'#{number}'}"
        if not story.new_id.replace("-", "").isalnum():
            yield SkippedItem(f"{where}: no usable NEWID; skipped")
            continue
        briefing = briefing_from_story(story)
        if briefing is None:
            yield SkippedItem(f"{where}: no title and no text; skipped")
        else:
            yield briefing


def briefing_from_story(story: Story) -> Briefing | None:
    title, body, notes = story.title, _SIGN_OFF.sub("", story.body).strip(), list[str]()
    if story.type == "UNPROC":
        first, _, rest = body.partition("\n")
        title, body = title or " ".join(first.split()), rest.strip("\n")
        notes.append(UNPROC_NOTE)
    if story.type == "BRIEF" or body.casefold() == _PLACEHOLDER:
        body = ""
        notes.append(BRIEF_NOTE)
    if not title and not body:
        return None
    cards = (Card(CardKind.BODY, "", _card_text(story, body)),) if body else ()
    return Briefing(
        id=f"reuters-{story.new_id}",
        title=title or f"Reuters story {story.new_id}",
        cards=cards,
        date=story.date,
        topics=story.topics,
        entities=_entities(story),
        source=Source(format=NAME),
        notes=tuple(notes),
    )


def _card_text(story: Story, body: str) -> str:
    """Prose paragraphs joined into lines; tables (and all of an UNPROC story) fenced, spacing kept.

    The dateline leads the first paragraph, or stands alone when the story opens with a table. On the
    wire it stood where the first line's indentation was, so that line gets the next one's back."""
    lines = body.split("\n")
    if story.type == "UNPROC":
        return fenced(lines)
    if len(lines) > 1:
        lines[0] = lines[1][: len(lines[1]) - len(lines[1].lstrip())] + lines[0]
    parts = [part for chunk in chunks(lines, wire_rows=True) for part in _paragraphs(chunk) if part]
    if not story.dateline or not parts:
        return "\n\n".join(parts)
    lead = f"{story.dateline} -"
    first = [lead] if is_fenced(parts[0]) else [f"{lead} {parts.pop(0)}"]
    return "\n\n".join([*first, *parts])


def _paragraphs(chunk: Chunk) -> list[str]:
    if chunk.table:
        return [fenced(chunk.lines)]
    return [" ".join(part.split()) for part in _NEW_PARAGRAPH.split("\n".join(chunk.lines))]


def _entities(story: Story) -> tuple[Entity, ...]:
    found = [
        *(Entity(_PLACE_NAMES.get(code) or _words(code), kind=EntityKind.COUNTRY)
          for code in story.lists.get("PLACES", ())),
        *(Entity(_words(code), kind=EntityKind.PERSON) for code in story.lists.get("PEOPLE", ())),
        *(Entity(_ORG_NAMES.get(code) or code.upper(), kind=EntityKind.ORGANISATION)
          for code in (*story.lists.get("ORGS", ()), *story.lists.get("EXCHANGES", ()))),
    ]
    return tuple(dict.fromkeys(found))


def _words(code: str) -> str:
    """"west-germany" is West Germany, "deng-xiaoping" Deng Xiaoping."""
    return " ".join(word.capitalize() for word in code.split("-"))


FORMAT = Format(name=NAME, suffixes=(".sgm",), matches=matches, parse=first_of(parse_many),
                parse_many=parse_many)
