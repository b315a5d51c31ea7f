"""What the index stores: one document per card, carrying its briefing's keywords.

One document per card lets a hit point at the card that matched; the briefing-level
keywords (entities, topics, date, title) are copied onto every card so a filter such
as `entity:"Kim Jong-un" sanctions` keeps the cards of briefings about him.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh import analysis, columns, fields
from whoosh.lang import porter2

from briefings.counting import counted_texts
from briefings.formats import native_yaml
from briefings.model import Briefing, Card, CardKind, FlagCode

SCHEMA_VERSION = 3
"""Bumped whenever a field is added, removed or analysed differently; an older index is rebuilt.
3: words stemmed by Porter2 ("shipping" is "ship"; the original Porter stem was "shipp")."""

KEYWORD_FIELDS = ("kind", "outlet", "entity", "topic", "journalist", "quality", "has")
"""The friendly filter names users type (`outlet:bloomberg`, `quality:truncated`, `has:discrepancy`)."""

TEXT_FIELDS = ("title", "text")
"""Fields plain words are looked up in: each more field multiplies the postings a query reads, so the
card's heading and its references' titles and outlets are indexed inside `text` (stored without them)."""


def _keywords() -> fields.KEYWORD:
    # Commas, not spaces, separate values so "Kim Jong-un" stays one case-insensitive keyword.
    return fields.KEYWORD(commas=True, lowercase=True, scorable=False)


def build_schema() -> fields.Schema:
    # No stop list: the default one drops "us", "it", "may", "will" ("US election" searched "elect").
    # Porter2 (Snowball English), not Whoosh's default Porter, which leaves doubled consonants: "shipping"
    # stemmed to "shipp" and never met "ship" or "ships" (likewise cutting, stopped, planning).
    stemmed = analysis.StemmingAnalyzer(stemfn=porter2.stem, stoplist=None)
    return fields.Schema(
        key=fields.ID(unique=True),
        briefing=fields.ID(stored=True, sortable=True),
        card=fields.STORED(),
        lead=fields.BOOLEAN(),
        digest=fields.ID(sortable=True),
        # spelling=True keeps the unstemmed words (field "spell_text") for completion and "did you mean".
        title=fields.TEXT(analyzer=stemmed, field_boost=2.0, stored=True, spelling=True),
        heading=fields.TEXT(analyzer=stemmed, stored=True),
        text=fields.TEXT(analyzer=stemmed, stored=True, spelling=True),
        kind=fields.ID(stored=True, sortable=True),
        outlet=_keywords(),
        journalist=_keywords(),
        entity=_keywords(),
        topic=_keywords(),
        # The briefing's quality flag codes (`quality:truncated`) and what it has worth finding
        # (`has:discrepancy`), on every card like the entities.
        quality=_keywords(),
        has=_keywords(),
        date=fields.DATETIME(stored=True, sortable=True),
        # Facet values packed in one column: counting them per query from a cached table costs
        # milliseconds, where Whoosh's multi-valued facets re-read every posting of the field.
        facets=fields.COLUMN(columns.VarBytesColumn()),
    )


def digest(briefing: Briefing) -> str:
    """The library catalog's digest of the same briefing (SHA-256 of its YAML), so an open can tell
    which documents are stale without reading a single briefing file; taken from the library's own
    stored text, never from a second serialisation."""
    return native_yaml.digest(briefing)


def card_key(briefing_id: str, card_index: int) -> str:
    return f"{briefing_id}#{card_index}"


def documents(briefing: Briefing) -> Iterator[dict[str, Any]]:
    """The documents for one briefing; a briefing without cards still gets one, for its title."""
    shared: dict[str, Any] = {
        "briefing": briefing.id,
        "title": briefing.title,
        "entity": _join(name for entity in briefing.entities for name in entity.names),
        "topic": _join(briefing.topics),
        "quality": _join(flag.code.value for flag in briefing.flags),
        "has": _join(_has(briefing)),
    }
    if briefing.date is not None:
        shared["date"] = dt.datetime(briefing.date.year, briefing.date.month, briefing.date.day)
    canonical_entities = _join(entity.name for entity in briefing.entities)
    cited = {n for card in briefing.cards for n in card.citations}
    uncited = tuple(ref.number for ref in briefing.references if ref.number not in cited)
    cards = briefing.cards or (Card(kind=CardKind.OTHER, heading="", text=""),)
    texts = counted_texts(briefing) or ("",)
    for index, (card, counted) in enumerate(zip(cards, texts, strict=True)):
        citations = card.citations + (uncited if index == 0 else ())
        document = {**shared, **_card_fields(briefing, card, counted, citations)}
        document.update(key=card_key(briefing.id, index), card=index, lead=index == 0)
        document["facets"] = pack_facets(document, canonical_entities)
        if index == 0:
            document["digest"] = digest(briefing)
        yield document


def _has(briefing: Briefing) -> Iterator[str]:
    if any(flag.code is FlagCode.DISCREPANCY for flag in briefing.flags):
        yield FlagCode.DISCREPANCY.value


def _card_fields(briefing: Briefing, card: Card, counted: str, citations: tuple[int, ...]) -> dict[str, Any]:
    """`counted`: the card's text as the index counts it, each sentence once (`briefings.counting`)."""
    references = [ref for ref in (briefing.reference(n) for n in citations) if ref is not None]
    outlets = [o for summary in card.outlets for o in summary.outlets] + [r.outlet for r in references]
    journalists = [s.journalist for s in card.outlets] + [r.author for r in references]
    cited = "\n".join(f"{r.title} {r.outlet}" for r in references)
    return {
        "heading": card.heading,
        "text": f"{card.heading}\n{counted}\n{cited}",
        "_stored_text": counted,  # what a fragment shows is what was indexed: no quote twice, no marks
        "kind": card.kind.value,
        "outlet": _join(outlets),
        "journalist": _join(journalists),
    }


GROUP, RECORD = "\x1d", "\x1e"
"""Separators in the packed facet column; control characters never occur in ids or keywords."""


def pack_facets(document: dict[str, Any], entities: str) -> bytes:
    """`briefing-id GS kind:forecast RS outlet:bloomberg GS entity:kim jong-un RS quality:truncated`.

    Values carry their facet name so counting needs two splits and no tuples. Entities by
    their main name only: aliases match a filter but would crowd the facet list.
    """
    card = [f"kind:{document['kind']}", *_prefixed("outlet", document["outlet"])]
    briefing = [
        *_prefixed("entity", entities),
        *_prefixed("topic", document["topic"]),
        *_prefixed("quality", document["quality"]),
    ]
    return GROUP.join([document["briefing"], RECORD.join(card), RECORD.join(briefing)]).encode("utf-8")


def unpack_facets(packed: bytes) -> tuple[str, list[str], list[str]]:
    """(briefing id, card facet values, briefing facet values), each value "name:value"."""
    briefing_id, card, briefing = packed.decode("utf-8").split(GROUP)
    return briefing_id, card.split(RECORD), briefing.split(RECORD) if briefing else []


def _prefixed(name: str, joined: str) -> list[str]:
    return [f"{name}:{value.lower()}" for value in joined.split(",") if value]


def _join(values: Iterable[str]) -> str:
    """Comma-separated keywords, commas inside a value dropped, duplicates and blanks removed."""
    seen = dict.fromkeys(" ".join(v.replace(",", " ").split()) for v in values)
    return ",".join(v for v in seen if v)
