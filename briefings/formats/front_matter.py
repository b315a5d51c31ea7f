"""YAML front matter of a Markdown briefing: the fields a writer sets by hand, checked one by one.

Writers type these by hand, so the forms are forgiving (a single topic as text, entities as bare
names, sources as "[1] ..." lines) and every mistake is reported as "front matter: <what>".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from briefings.errors import ParseError
from briefings.model import Entity, Reference
from briefings.references import parse_references
from briefings.safe_yaml import load_yaml
from briefings.serialize import from_data
from briefings.text import is_valid_id

FENCE = "---"
_CLOSING_FENCES = ("---", "...")
FIELDS = ("title", "date", "topics", "entities", "sources", "id", "summary")


@dataclass(frozen=True)
class FrontMatter:
    title: str = ""
    date: dt.date | None = None
    topics: tuple[str, ...] = ()
    entities: tuple[Entity, ...] = ()
    references: tuple[Reference, ...] = ()
    id: str = ""
    summary: str = ""
    notes: tuple[str, ...] = ()


def split_front_matter(text: str) -> tuple[str | None, int]:
    """(the YAML between the fences or None, index of the first body line); ParseError when unclosed."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        return None, 0
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in _CLOSING_FENCES:
            return "\n".join(lines[1:number]), number + 1
    raise ParseError("front matter: no closing '---' line")


def read_front_matter(block: str) -> FrontMatter:
    """The block starts on line 2 of its file, which is what error messages count from."""
    try:
        data = load_yaml(block, first_line=2)
        return _from_mapping({} if data is None else data)
    except ParseError as error:
        raise ParseError(f"front matter: {error}") from None


def _from_mapping(data: Any) -> FrontMatter:
    if not isinstance(data, dict):
        raise ParseError(f"expected fields such as 'title:' and 'date:', got {type(data).__name__}")
    unknown = [str(key) for key in data if key not in FIELDS]
    briefing_id = _text(data, "id")
    if briefing_id and not is_valid_id(briefing_id):
        raise ParseError(f"id {briefing_id[:80]!r} is not a valid briefing id")
    date = data.get("date")
    return FrontMatter(
        title=_text(data, "title"),
        date=None if date is None else from_data(dt.date, date),
        topics=tuple(_text_items(data, "topics")),
        entities=tuple(_entity(item, index) for index, item in enumerate(_items(data, "entities"))),
        references=_references(_items(data, "sources")),
        id=briefing_id,
        summary=_text(data, "summary"),
        notes=tuple(f"front matter: ignored unknown field {name!r}" for name in unknown),
    )


def _text(data: dict[Any, Any], key: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise ParseError(f"{key}: expected text, got {type(value).__name__}")
    return str(value).strip()


def _items(data: dict[Any, Any], key: str) -> list[Any]:
    value = data.get(key)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text_items(data: dict[Any, Any], key: str) -> list[str]:
    items = _items(data, key)
    if any(isinstance(item, (dict, list)) for item in items):
        raise ParseError(f"{key}: expected a list of words or phrases")
    return [str(item).strip() for item in items if item is not None and str(item).strip()]


def _entity(item: Any, index: int) -> Entity:
    if isinstance(item, dict):
        try:
            return from_data(Entity, item)
        except ParseError as error:
            raise ParseError(f"entities[{index}]: {error}") from None
    if item is None or isinstance(item, list) or not str(item).strip():
        raise ParseError(f"entities[{index}]: expected a name or a mapping with 'name:'")
    return Entity(name=str(item).strip())


def _references(items: list[Any]) -> tuple[Reference, ...]:
    """Mappings are read field by field; text entries are numbered in order unless they say "[n]"."""
    references = []
    for index, item in enumerate(items, start=1):
        if isinstance(item, dict):
            try:
                references.append(from_data(Reference, {"number": index, **item}))
            except ParseError as error:
                raise ParseError(f"sources[{index - 1}]: {error}") from None
        elif item is not None and not isinstance(item, list):
            entry = str(item).strip()
            parsed = parse_references(entry if entry.startswith("[") else f"[{index}] {entry}")
            references.extend(parsed[:1])
    return tuple(references)
