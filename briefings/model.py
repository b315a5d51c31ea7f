"""The briefing model: the immutable contract between parsers, search and the reader.

Every layer above reads these dataclasses and nothing else, so a new input format
only has to produce them. Collections are tuples so a Briefing can be hashed,
compared and shared between threads without copying.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class CardKind(StrEnum):
    """What a card is for. Labels live here so the reader needs no table of its own."""

    SUMMARY = "summary"
    ANALYSIS = "analysis"
    FORECAST = "forecast"
    IMPACT = "impact"
    PAPERS = "papers"
    STATEMENTS = "statements"
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
    CardKind.STATEMENTS: "Who says what",
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


class EntityKind(StrEnum):
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


class Precision(StrEnum):
    """How much of a date the text states: "2025" is a year, "June 2025" a month, "June 25, 2025" a day."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class TimelineEvent:
    """An entry of a timeline card; `date` None while its words ("last year") have nothing to resolve
    against."""

    date_text: str
    text: str
    date: dt.date | None = None
    precision: Precision = Precision.DAY


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
    derived: bool = False
    """Built by rule from the briefing's full text (`briefings.splitting`): it quotes sentences of the
    body card, which keeps them all, so what it holds is counted once, here, and not again in the body."""


@dataclass(frozen=True)
class Entity:
    """A person, country or organisation; `mentioned` says whether the briefing's text names it.

    `inferred` is empty when the text names the entity by one of its names, else why it was taken
    as mentioned all the same ('surname "Lavrov" alone'), so a reader can tell a guess from a name.
    """

    name: str
    aliases: tuple[str, ...] = ()
    kind: EntityKind = EntityKind.UNKNOWN
    description: str = ""
    truncated: bool = False
    mentioned: bool = False
    inferred: str = ""

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


class ClaimSource(StrEnum):
    """Who states a figure: a "What the papers say" outlet, a cited reference, a Q&A item, the briefing."""

    OUTLET = "outlet"
    REFERENCE = "reference"
    QA = "qa"
    BRIEFING = "briefing"


@dataclass(frozen=True)
class Claim:
    """A figure stated in a briefing, with the range its wording allows ("over 10,000" is 10,000 and up).

    `high` None means no upper bound. `subject` is the phrase as written ("North Korean troops"),
    `group` its normalised form ("troops") under which figures about the same thing are compared.
    """

    text: str
    value: float
    low: float
    high: float | None
    subject: str
    group: str
    unit: str = ""
    qualifier: str = ""
    change: str = ""
    denied: bool = False
    hedged: bool = False
    card: int | None = None
    source_kind: ClaimSource = ClaimSource.BRIEFING
    source: str = ""
    reference: int | None = None
    date: dt.date | None = None


class FlagCode(StrEnum):
    """Why part of a briefing cannot be trusted as written; the values are the search facet's words."""

    TRUNCATED = "truncated"
    UNRELATED = "unrelated"
    UNMENTIONED = "unmentioned"
    HEADLINE = "headline"
    LATE_CITATION = "late-citation"
    OFF_TOPIC_CITATION = "off-topic-citation"
    SLUG = "slug"
    DUPLICATE = "duplicate"
    DISCREPANCY = "discrepancy"
    UNHEDGED = "unhedged"
    MIXED_CONFIDENCE = "mixed-confidence"


@dataclass(frozen=True)
class Flag:
    """A quality problem with a reason a person can check; `card` None means the whole briefing."""

    code: FlagCode
    reason: str
    card: int | None = None


@dataclass(frozen=True)
class DatedEvent:
    """A sentence stating a date, that date resolved (the first day of a month or year when partial).
    `date_text` keeps the words ("last month", "on Tuesday"): shown beside the date they resolved to."""

    date: dt.date
    precision: Precision
    date_text: str
    sentence: str
    card: int | None = None
    entities: tuple[str, ...] = ()


class Likelihood(StrEnum):
    """The seven steps of ICD 203's likelihood scale, least likely first."""

    ALMOST_NO_CHANCE = "almost no chance"
    VERY_UNLIKELY = "very unlikely"
    UNLIKELY = "unlikely"
    ROUGHLY_EVEN = "roughly even chance"
    LIKELY = "likely"
    VERY_LIKELY = "very likely"
    ALMOST_CERTAIN = "almost certain"

    @property
    def percent(self) -> tuple[int, int]:
        return _PERCENT[self]


_PERCENT = {
    Likelihood.ALMOST_NO_CHANCE: (1, 5),
    Likelihood.VERY_UNLIKELY: (5, 20),
    Likelihood.UNLIKELY: (20, 45),
    Likelihood.ROUGHLY_EVEN: (45, 55),
    Likelihood.LIKELY: (55, 80),
    Likelihood.VERY_LIKELY: (80, 95),
    Likelihood.ALMOST_CERTAIN: (95, 99),
}


@dataclass(frozen=True)
class Estimate:
    """A likelihood word in a forecast card; `level` None for hedges off the scale ("possibly", "may")."""

    term: str
    card: int
    level: Likelihood | None = None


@dataclass(frozen=True)
class Briefing:
    id: str
    title: str
    cards: tuple[Card, ...]
    date: dt.date | None = None
    """As the input states it or, failing that, inferred (`date_inferred` says how): see date_inference."""
    topics: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    entities: tuple[Entity, ...] = ()
    source: Source = field(default_factory=Source)
    notes: tuple[str, ...] = ()
    byline: str = ""
    """Who wrote it, where the input says (a saved web page's author)."""
    claims: tuple[Claim, ...] = ()
    flags: tuple[Flag, ...] = ()
    timeline: tuple[DatedEvent, ...] = ()
    estimates: tuple[Estimate, ...] = ()
    date_precision: Precision = Precision.DAY
    """A month-only date ("As of July 2025") is stored as its first day with MONTH precision."""
    date_inferred: str = ""
    """Empty when the input states the date; else how it was inferred ('stated in the text: "As of July
    2025"', 'newest reference (2025-07-14)'). The id never depends on an inferred date."""
    place: str = ""
    """Where the story was filed, from its dateline ("NEW YORK, March 9 -" is New York); empty if unsaid."""

    def card_ids(self) -> tuple[str, ...]:
        """A name per card that a re-split does not change: its kind, with "-2", "-3" for a kind's later
        cards ("body", "summary", "papers-2"). Bookmarks and reading positions keep these, not positions."""
        seen: dict[CardKind, int] = {}
        ids = []
        for card in self.cards:
            seen[card.kind] = seen.get(card.kind, 0) + 1
            ids.append(card.kind.value if seen[card.kind] == 1 else f"{card.kind.value}-{seen[card.kind]}")
        return tuple(ids)

    def card_position(self, card: str) -> int | None:
        """Where the card a bookmark names is now: by id, or by "#N", the Nth card (from 0) the input
        brought, derived cards aside (how a state from before card ids names it). None when it is gone."""
        if card.startswith("#") and card[1:].isdigit():
            brought = self.brought_cards()
            position = int(card[1:])
            return brought[position] if position < len(brought) else None
        ids = self.card_ids()
        return ids.index(card) if card in ids else None

    def brought_cards(self) -> list[int]:
        """The positions of the cards the input brought, in its order: a split moved the article's body
        card, which the parsers give first, after the others, and put its derived cards before them."""
        brought = [index for index, card in enumerate(self.cards) if not card.derived]
        if len(brought) < len(self.cards):
            brought.sort(key=lambda index: self.cards[index].kind is not CardKind.BODY)
        return brought

    def reference(self, number: int) -> Reference | None:
        return next((r for r in self.references if r.number == number), None)

    def plain_text(self) -> str:
        """All the prose a reader sees, for entity matching and analysis; a derived card only quotes the
        full text, which is here already."""
        return "\n\n".join([self.title, *(card.text for card in self.cards if not card.derived)])
