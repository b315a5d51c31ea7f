"""The sections of a Kagi News cluster, each a card, in the order Kite shows them.

Every field Kite shows as a section has its card kind and heading here; the older names of a
field (`summary` for `short_summary`) are tried after the current one. Inline markers
`[nytimes.com#2]` (the second article from that domain, as Kite counts) become that article's
`[n]`, `[common]` (common knowledge) a last reference saying so, and a marker naming no article
is dropped and counted, as Kite drops it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from briefings.dates import parse_date, parse_partial_date
from briefings.formats.kagi_fields import Fields, describe, domain_of, flat, item_text
from briefings.model import QA, Card, CardKind, OutletSummary, Quote, TimelineEvent
from briefings.text import citations_in, clean

COMMON_KNOWLEDGE = "Common knowledge (stated without a source article)"
_MARKER = re.compile(r"(\s?)\[((?:[^#\[\]\s]{1,100}#\d{1,4})|common)\]")
_DATED = re.compile(r"^(.{1,60}?)::\s*(.*)$", re.DOTALL)
_COLON = re.compile(r"^([^:]{1,40}):\s+(.*)$", re.DOTALL)


@dataclass
class Citations:
    """Rewrites one cluster's markers to reference numbers and remembers what it could not place."""

    articles: list[dict[str, Any]]
    common: int | None = None
    dropped: list[str] = field(default_factory=list)

    def rewrite(self, text: str) -> str:
        return _MARKER.sub(self._number, text).strip()

    def _number(self, match: re.Match[str]) -> str:
        space, marker = match.groups()
        if marker == "common":
            self.common = self.common or len(self.articles) + 1
            return f"{space}[{self.common}]"
        domain, _, position = marker.rpartition("#")
        number = _article_number(self.articles, domain.casefold(), int(position))
        if number is None:
            self.dropped.append(f"[{marker}]")
            return ""
        return f"{space}[{number}]"


def _article_number(articles: list[dict[str, Any]], domain: str, position: int) -> int | None:
    """The number of the `position`-th article from `domain`: an exact domain first, else the only
    domain that contains it or that it contains ("bbc" or "bbc.co.uk" for "bbc.co.uk")."""
    domains = [str(article.get("domain") or "").casefold() for article in articles]
    candidates = {d for d in domains if d == domain}
    candidates = candidates or {d for d in domains if d and (domain in d or d in domain)}
    if len(candidates) != 1:
        return None
    (chosen,) = candidates
    numbers = [number for number, d in enumerate(domains, 1) if d == chosen]
    return numbers[position - 1] if 0 < position <= len(numbers) else None


Builder = Callable[[Fields, str, Citations], Card | None]


def _card(kind: CardKind, heading: str, text: str, **typed: Any) -> Card:
    return Card(kind, heading, text, citations_in(text), **typed)


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items if item)


def _prose(kind: CardKind, heading: str = "") -> Builder:
    def build(fields: Fields, key: str, citations: Citations) -> Card | None:
        text = citations.rewrite(fields.text(key))
        return _card(kind, heading or kind.label, text) if text else None

    return build


_LIST_BUILDERS: set[Builder] = set()


def _list(kind: CardKind, heading: str = "") -> Builder:
    def build(fields: Fields, key: str, citations: Citations) -> Card | None:
        text = _bullets([citations.rewrite(item) for item in fields.items(key)])
        return _card(kind, heading or kind.label, text) if text else None

    _LIST_BUILDERS.add(build)
    return build


def _quote(fields: Fields, key: str, citations: Citations) -> Card | None:
    text = citations.rewrite(fields.text(key))
    if not text:
        return None
    author = fields.text("quote_author")
    source = fields.text("quote_attribution") or fields.text("quote_source_domain") or fields.text(
        "quote_source_url")
    credit = ", ".join(part for part in (author, source) if part)
    markdown = f"> {text}" + (f"\n\n— {credit}" if credit else "")
    return _card(CardKind.QUOTE, CardKind.QUOTE.label, markdown, quote=Quote(text, author, source))


def _source_names(value: Any) -> tuple[str, ...]:
    """The outlets a perspective cites: `[{name, url}]` (a url stands for a missing name), or text."""
    values = value if isinstance(value, list) else [value]
    names = []
    for item in values:
        if isinstance(item, dict):
            name = item_text(item, "name") or domain_of(str(item.get("url") or ""))
        else:
            name = item_text(item) if item is not None else ""
        if name:
            names.append(" ".join(name.split()))
    return tuple(dict.fromkeys(names))


def _perspectives_card(summaries: list[OutletSummary]) -> Card | None:
    """One outlet summary per perspective, so each is attributed to the outlets it cites."""
    lines = [f"- {s.text}" + (f" (sources: {', '.join(s.outlets)})" if s.outlets else "") for s in summaries]
    if not lines:
        return None
    label = CardKind.PERSPECTIVES.label
    return _card(CardKind.PERSPECTIVES, label, "\n".join(lines), outlets=tuple(summaries))


def _perspectives(fields: Fields, key: str, citations: Citations) -> Card | None:
    summaries = []
    for item in fields.objects(key):
        if not (isinstance(item, dict) and isinstance(item.get("text"), str)):
            fields.flag(key, f"an item that is {describe(item)}", "an object with text")
        names = _source_names(item.get("sources") or item.get("source")) if isinstance(item, dict) else ()
        text = citations.rewrite(item_text(item))
        if text:
            summaries.append(OutletSummary(names, text))
    return _perspectives_card(summaries)


def _timeline_event(item: Any) -> TimelineEvent | None:
    """`{date, content}` (with `date_iso` in newer files), or "DATE:: text" as older files write it."""
    if isinstance(item, dict):
        when, what = flat(item.get("date")), item_text(item, "content")
        iso = item.get("date_iso")
        date = parse_date(when) or (parse_date(iso) if isinstance(iso, str) else None)
        return TimelineEvent(when, what, date) if when or what else None
    text = item_text(item)
    match = _DATED.match(text) or _COLON.match(text)
    when, what = (match.group(1).strip(), match.group(2).strip()) if match else ("", text)
    if match and match.re is _COLON and parse_partial_date(when) is None:
        when, what = "", text
    return TimelineEvent(when, what, parse_date(when)) if when or what else None


def _timeline_card(events: list[TimelineEvent]) -> Card | None:
    text = "\n".join(f"- {e.date_text}: {e.text}" if e.date_text else f"- {e.text}" for e in events)
    return _card(CardKind.TIMELINE, CardKind.TIMELINE.label, text, events=tuple(events)) if events else None


def _timeline(fields: Fields, key: str, citations: Citations) -> Card | None:
    events = []
    for item in fields.objects(key):
        if not isinstance(item, dict | str):
            fields.flag(key, f"an item that is {describe(item)}", "an object or text")
        event = _timeline_event(item)
        if event is not None:
            when = " ".join(citations.rewrite(event.date_text).split())
            events.append(TimelineEvent(when, citations.rewrite(event.text), event.date))
    return _timeline_card(events)


def _qa_card(items: list[QA]) -> Card | None:
    text = "\n\n".join(f"**{qa.question}**\n\n{qa.answer}".strip() for qa in items)
    return _card(CardKind.QA, CardKind.QA.label, text, qa=tuple(items)) if items else None


def _questions(fields: Fields, key: str, citations: Citations) -> Card | None:
    items = []
    for item in fields.objects(key):
        if isinstance(item, dict):
            question, answer = item_text(item.get("question") or ""), item_text(item.get("answer") or "")
        else:
            fields.flag(key, f"an item that is {describe(item)}", "a {question, answer} object")
            question, answer = item_text(item), ""
        question, answer = citations.rewrite(question), citations.rewrite(answer)
        if question or answer:
            items.append(QA(question, answer))
    return _qa_card(items)


def _business(fields: Fields, key: str, citations: Citations) -> Card | None:
    prose = citations.rewrite(fields.text(key))
    points = _bullets([citations.rewrite(item) for item in fields.items("business_angle_points")])
    text = "\n\n".join(part for part in (prose, points) if part)
    return _card(CardKind.ECONOMIC, "Business angle", text) if text else None


def other_card(key: str, value: Any, citations: Citations) -> Card | None:
    """A field no section names, kept readable: text as is, lists as bullets, objects as pairs."""
    heading = key.replace("_", " ").strip().capitalize() or "Other"
    if isinstance(value, list):
        text = _bullets([flat(item) for item in value])
    elif isinstance(value, dict):
        text = _bullets([f"{k}: {flat(v)}" for k, v in value.items() if v not in (None, "", [], {})])
    else:
        text = flat(value)
    text = citations.rewrite(clean(text))
    return _card(CardKind.OTHER, heading, text) if text else None


SECTIONS: tuple[tuple[tuple[str, ...], Builder], ...] = (
    (("short_summary", "summary"), _prose(CardKind.SUMMARY)),
    (("talking_points", "highlights", "key_points"), _list(CardKind.TAKEAWAYS, "Highlights")),
    (("quote",), _quote),
    (("perspectives",), _perspectives),
    (("historical_background",), _prose(CardKind.BACKGROUND)),
    (("geopolitical_context",), _prose(CardKind.ANALYSIS, "Geopolitical context")),
    (("humanitarian_impact",), _prose(CardKind.HUMANITARIAN)),
    (("economic_implications",), _prose(CardKind.ECONOMIC)),
    (("business_angle_text", "business_angle"), _business),
    (("international_reactions",), _list(CardKind.REACTIONS, "International reactions")),
    (("key_players",), _list(CardKind.KEY_PLAYERS)),
    (("technical_details",), _list(CardKind.TECHNICAL)),
    (("technical_specifications",), _list(CardKind.TECHNICAL, "Technical specifications")),
    (("scientific_significance",), _list(CardKind.OTHER, "Scientific significance")),
    (("industry_impact",), _list(CardKind.IMPACT, "Industry impact")),
    (("gaming_industry_impact",), _list(CardKind.IMPACT, "Gaming industry impact")),
    (("user_experience_impact",), _prose(CardKind.IMPACT, "User experience impact")),
    (("gameplay_mechanics",), _list(CardKind.OTHER, "Gameplay mechanics")),
    (("performance_statistics",), _list(CardKind.OTHER, "Performance statistics")),
    (("league_standings",), _prose(CardKind.OTHER, "League standings")),
    (("travel_advisory",), _list(CardKind.OTHER, "Travel advisory")),
    (("destination_highlights",), _prose(CardKind.OTHER, "Destination highlights")),
    (("culinary_significance",), _prose(CardKind.OTHER, "Culinary significance")),
    (("design_principles",), _prose(CardKind.OTHER, "Design principles")),
    (("diy_tips",), _prose(CardKind.OTHER, "DIY tips")),
    (("location",), _prose(CardKind.OTHER, "Location")),
    (("timeline",), _timeline),
    (("future_outlook",), _prose(CardKind.FORECAST)),
    (("user_action_items",), _list(CardKind.OTHER, "Action items")),
    (("suggested_qna",), _questions),
    (("did_you_know",), _prose(CardKind.DID_YOU_KNOW)),
)
SECTION_KEYS = frozenset(key for keys, _ in SECTIONS for key in keys)
_LIST_BUILDERS.update((_perspectives, _timeline, _questions))
LIST_FIELDS = frozenset({"business_angle_points"} | {
    key for keys, build in SECTIONS if build in _LIST_BUILDERS for key in keys})
"""Fields whose value is a list; the others are text."""
PARTS = frozenset({"business_angle_points", "quote_author", "quote_attribution", "quote_source_url",
                   "quote_source_domain"})
"""Fields read into another section's card."""


def section_cards(fields: Fields, citations: Citations) -> tuple[list[Card], set[str]]:
    """A card for every section the cluster fills, under the first of its names the cluster fills;
    and the fields read (a second filled name of the same section is not, so the caller keeps it)."""
    cards, read = [], set(PARTS)
    for keys, build in SECTIONS:
        present = [k for k in keys if fields.cluster.get(k) is not None]
        filled = [k for k in present if fields.cluster[k] not in ("", [], {})]
        if not present:
            continue
        key = (filled or present)[0]
        read.update(k for k in present if k == key or k not in filled)
        if (built := build(fields, key, citations)) is not None:
            cards.append(built)
    return cards, read
