"""The briefing model: the immutable contract between parsers, search and the reader.

Every layer above reads these dataclasses and nothing else, so a new input format
only has to produce them. Collections are tuples so a Briefing can be hashed,
compared and shared between threads without copying.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum


class CardKind(str, Enum):
    """What a card is for. Labels live here so the reader needs no table of its own."""

    SUMMARY = "summary"
    ANALYSIS = "analysis"
    FORECAST = "forecast"
    IMPACT = "impact"
    PAPERS = "papers"
    BACKGROUND = "background"
    TIMELINE = "timeline"
    QUOTE = "quote"
    TAKEAWAYS = "takeaways"
    QUESTIONS = "questions"
    QA = "qa"
    BODY = "body"
    PERSPECTIVES = "perspectives"
    REACTIONS = "reactions"
    HUMANITARIAN = "humanitarian"
    ECONOMIC = "economic"
    KEY_PLAYERS = "key_players"
    TECHNICAL = "technical"
    DID_YOU_KNOW = "did_you_know"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    CardKind.SUMMARY: "What happened",
    CardKind.ANALYSIS: "Analysis",
    CardKind.FORECAST: "Forecast",
    CardKind.IMPACT: "Impact",
    CardKind.PAPERS: "What the papers say",
    CardKind.BACKGROUND: "Background",
    CardKind.TIMELINE: "Timeline",
    CardKind.QUOTE: "Quote",
    CardKind.TAKEAWAYS: "Key takeaways",
    CardKind.QUESTIONS: "Go deeper",
    CardKind.QA: "Common questions",
    CardKind.BODY: "Article",
    CardKind.PERSPECTIVES: "Perspectives",
    CardKind.REACTIONS: "Reactions",
    CardKind.HUMANITARIAN: "Humanitarian impact",
    CardKind.ECONOMIC: "Economic implications",
    CardKind.KEY_PLAYERS: "Key players",
    CardKind.TECHNICAL: "Technical details",
    CardKind.DID_YOU_KNOW: "Did you know",
    CardKind.OTHER: "Other",
}


class EntityKind(str, Enum):
    PERSON = "person"
    COUNTRY = "country"
    ORGANISATION = "organisation"
    PLACE = "place"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Reference:
    """One numbered source. `raw` keeps the citation as written when fields could not be split."""

    number: int
    author: str = ""
    date: dt.date | None = None
    title: str = ""
    outlet: str = ""
    url: str = ""
    raw: str = ""


@dataclass(frozen=True)
class OutletSummary:
    """One paragraph of "What the papers say": who says it and what they say."""

    outlets: tuple[str, ...]
    text: str
    journalist: str = ""
    truncated: bool = False

    @property
    def outlet(self) -> str:
        return self.outlets[0] if self.outlets else ""


@dataclass(frozen=True)
class QA:
    """A common question with its answer; `related` is False for off-topic items the page carries."""

    question: str
    answer: str
    related: bool = True
    truncated: bool = False


@dataclass(frozen=True)
class TimelineEvent:
    date_text: str
    text: str
    date: dt.date | None = None


@dataclass(frozen=True)
class Quote:
    text: str
    author: str = ""
    source: str = ""


@dataclass(frozen=True)
class Card:
    """A section of a briefing. `text` is Markdown; the typed fields carry the structure inside it."""

    kind: CardKind
    heading: str
    text: str
    citations: tuple[int, ...] = ()
    truncated: bool = False
    outlets: tuple[OutletSummary, ...] = ()
    questions: tuple[str, ...] = ()
    qa: tuple[QA, ...] = ()
    events: tuple[TimelineEvent, ...] = ()
    quote: Quote | None = None


@dataclass(frozen=True)
class Entity:
    """A person, country or organisation; `mentioned` says whether the briefing's text names it."""

    name: str
    aliases: tuple[str, ...] = ()
    kind: EntityKind = EntityKind.UNKNOWN
    description: str = ""
    truncated: bool = False
    mentioned: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Source:
    """Where a briefing came from, so a re-ingest can tell unchanged from updated."""

    path: str = ""
    format: str = ""
    encoding: str = "utf-8"
    sha256: str = ""


@dataclass(frozen=True)
class Briefing:
    id: str
    title: str
    cards: tuple[Card, ...]
    date: dt.date | None = None
    topics: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    entities: tuple[Entity, ...] = ()
    source: Source = field(default_factory=Source)
    notes: tuple[str, ...] = ()

    def reference(self, number: int) -> Reference | None:
        return next((r for r in self.references if r.number == number), None)

    def plain_text(self) -> str:
        """All the prose a reader sees, for entity matching and analysis."""
        return "\n\n".join([self.title, *(card.text for card in self.cards)])
