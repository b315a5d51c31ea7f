"""Kagi News (Kite) JSON: a category file (`{"category": ..., "clusters": [...]}`, older files
`stories`), a list of clusters, or one cluster; every cluster is a briefing.

The schema is kagisearch/kite-public `src/lib/types.ts` (`Story`, `CategoryData`). Sections
come in the order Kite shows them; each known field has its card kind and heading, an empty
or missing one is left out, and a field this parser does not know becomes an "Other" card
headed with its name, so nothing the file says is dropped. Image fields are left out: they
only point at the network. The cluster's articles become its references, numbered in order;
an inline marker `[nytimes.com#2]` (the second article from that domain, as Kite counts) is
rewritten to that article's `[n]`, `[common]` (common knowledge) to a last reference saying
so, and a marker naming no article is dropped with a note, as Kite drops it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from briefings.dates import parse_date
from briefings.errors import ParseError
from briefings.formats import Format, Parsed, first_of
from briefings.model import QA, Briefing, Card, CardKind, Quote, Reference, Source, TimelineEvent
from briefings.text import citations_in, clean, make_id

NAME = "kagi"
COMMON_KNOWLEDGE = "Common knowledge (stated without a source article)"
_MARKER = re.compile(r"(\s?)\[((?:[^#\[\]\s]{1,100}#\d{1,4})|common)\]")
_IGNORED = frozenset({
    "id", "cluster_number", "unique_domains", "number_of_titles", "sourceLanguage", "selectedLanguage",
    "category", "emoji", "primary_image", "secondary_image", "domains", "expanded", "title", "articles",
    "quote_author", "quote_attribution", "quote_source_url", "quote_source_domain",
})


@dataclass
class _Citations:
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


def matches(text: str, suffix: str) -> bool:
    start = text.lstrip("\ufeff \t\r\n")[:1]
    return start in ("{", "[") and '"short_summary"' in text


def parse_many(text: str, name: str) -> Iterator[Parsed]:
    try:
        data = json.loads(text)
    except RecursionError:
        yield ParseError(f"{name}: JSON is nested too deeply")
        return
    except ValueError as error:
        yield ParseError(f"{name}: not valid JSON ({error})")
        return
    category, timestamp, clusters = _clusters(data)
    if clusters is None:
        yield ParseError(f"{name}: not a Kagi News file (no clusters, stories or short_summary)")
        return
    for number, cluster in enumerate(clusters, 1):
        where = f"{name}: cluster {number}"
        if isinstance(cluster, dict) and isinstance(cluster.get("title"), str):
            where += f" ({' '.join(cluster['title'].split())[:80]})"
        try:
            yield _briefing(cluster, category, timestamp)
        except ParseError as error:
            yield ParseError(f"{where}: {error}")


def _clusters(data: Any) -> tuple[str, dt.date | None, list[Any] | None]:
    if isinstance(data, list):
        return "", None, data
    if not isinstance(data, dict):
        return "", None, None
    if "short_summary" in data:
        return "", None, [data]
    clusters = data.get("clusters") if data.get("clusters") is not None else data.get("stories")
    if not isinstance(clusters, list):
        return "", None, None
    category = data.get("category")
    timestamp = data.get("timestamp")
    date = None
    if isinstance(timestamp, int | float) and not isinstance(timestamp, bool):
        try:
            date = dt.datetime.fromtimestamp(timestamp, dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            date = None
    return (category.strip() if isinstance(category, str) else ""), date, clusters


def _briefing(cluster: Any, category: str, timestamp: dt.date | None) -> Briefing:
    if not isinstance(cluster, dict):
        raise ParseError("is not a JSON object")
    title = " ".join(_text(cluster, "title").split())
    if not title:
        raise ParseError("has no title")
    articles = _list(cluster, "articles")
    if not all(isinstance(article, dict) for article in articles):
        raise ParseError("articles must be objects")
    citations = _Citations(articles)
    references = [_reference(number, article) for number, article in enumerate(articles, 1)]
    cards = [card for key, build in _SECTIONS if (card := build(cluster, key, citations)) is not None]
    cards.extend(_other_card(key, value, citations) for key, value in cluster.items()
                 if key not in _KNOWN and value not in (None, "", [], {}))
    if not cards:
        raise ParseError("has no text in any section")
    if citations.common is not None:
        references.append(Reference(number=citations.common, title=COMMON_KNOWLEDGE, raw=COMMON_KNOWLEDGE))
    notes: tuple[str, ...] = ()
    if citations.dropped:
        shown = ", ".join(dict.fromkeys(citations.dropped))[:200]
        notes = (f"{len(citations.dropped)} citation marker(s) name no article of the cluster and were "
                 f"dropped: {shown}",)
    date = timestamp or max((r.date for r in references if r.date), default=None)
    topics = tuple(dict.fromkeys(t for t in (category, _text(cluster, "category").strip()) if t))
    return Briefing(id=make_id(title, date), title=title, cards=tuple(cards), date=date, topics=topics,
                    references=tuple(references), source=Source(format=NAME), notes=notes)


def _text(cluster: dict[str, Any], key: str) -> str:
    value = cluster.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ParseError(f"field {key!r} must be text")
    return clean(value).strip()


def _list(cluster: dict[str, Any], key: str) -> list[Any]:
    value = cluster.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ParseError(f"field {key!r} must be a list")
    return value


def _strings(cluster: dict[str, Any], key: str) -> list[str]:
    items = _list(cluster, key)
    if not all(isinstance(item, str) for item in items):
        raise ParseError(f"field {key!r} must be a list of text")
    return [clean(item).strip() for item in items if item.strip()]


def _reference(number: int, article: dict[str, Any]) -> Reference:
    def value(key: str) -> str:
        item = article.get(key)
        return " ".join(clean(item).split()) if isinstance(item, str) else ""

    return Reference(number=number, title=value("title"), outlet=value("domain"), url=value("link"),
                     date=_date(value("date")))


def _date(text: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return parse_date(text)


def _card(kind: CardKind, heading: str, text: str, **typed: Any) -> Card:
    return Card(kind, heading, text, citations_in(text), **typed)


def _prose(kind: CardKind, heading: str = "") -> Callable[[dict[str, Any], str, _Citations], Card | None]:
    def build(cluster: dict[str, Any], key: str, citations: _Citations) -> Card | None:
        text = citations.rewrite(_text(cluster, key))
        return _card(kind, heading or kind.label, text) if text else None

    return build


def _bullets(kind: CardKind, heading: str = "") -> Callable[[dict[str, Any], str, _Citations], Card | None]:
    def build(cluster: dict[str, Any], key: str, citations: _Citations) -> Card | None:
        items = [citations.rewrite(item) for item in _strings(cluster, key)]
        text = "\n".join(f"- {item}" for item in items if item)
        return _card(kind, heading or kind.label, text) if text else None

    return build


def _quote(cluster: dict[str, Any], key: str, citations: _Citations) -> Card | None:
    text = citations.rewrite(_text(cluster, key))
    if not text:
        return None
    author = _text(cluster, "quote_author")
    source = (_text(cluster, "quote_attribution") or _text(cluster, "quote_source_domain")
              or _text(cluster, "quote_source_url"))
    credit = ", ".join(part for part in (author, source) if part)
    markdown = f"> {text}" + (f"\n\n— {credit}" if credit else "")
    return _card(CardKind.QUOTE, CardKind.QUOTE.label, markdown, quote=Quote(text, author, source))


def _perspectives(cluster: dict[str, Any], key: str, citations: _Citations) -> Card | None:
    lines = []
    for item in _list(cluster, key):
        if not isinstance(item, dict) or not isinstance(item.get("text") or "", str):
            raise ParseError(f"field {key!r} must be a list of objects with text")
        text = citations.rewrite(clean(item.get("text") or "").strip())
        sources = item.get("sources") or []
        names = [str(s.get("name") or s.get("url") or "").strip() for s in sources if isinstance(s, dict)]
        names = [name for name in names if name]
        if text:
            lines.append(f"- {text}" + (f" (sources: {', '.join(names)})" if names else ""))
    return _card(CardKind.PERSPECTIVES, CardKind.PERSPECTIVES.label, "\n".join(lines)) if lines else None


def _timeline(cluster: dict[str, Any], key: str, citations: _Citations) -> Card | None:
    events = []
    for item in _list(cluster, key):
        if not isinstance(item, dict):
            raise ParseError(f"field {key!r} must be a list of {{date, content}} objects")
        when = " ".join(citations.rewrite(clean(str(item.get("date") or ""))).split())
        what = citations.rewrite(clean(str(item.get("content") or "")).strip())
        if when or what:
            events.append(TimelineEvent(when, what, parse_date(when)))
    text = "\n".join(f"- {e.date_text}: {e.text}" if e.date_text else f"- {e.text}" for e in events)
    return _card(CardKind.TIMELINE, CardKind.TIMELINE.label, text, events=tuple(events)) if events else None


def _questions(cluster: dict[str, Any], key: str, citations: _Citations) -> Card | None:
    items = []
    for item in _list(cluster, key):
        if not isinstance(item, dict):
            raise ParseError(f"field {key!r} must be a list of {{question, answer}} objects")
        question = citations.rewrite(clean(str(item.get("question") or "")).strip())
        answer = citations.rewrite(clean(str(item.get("answer") or "")).strip())
        if question or answer:
            items.append(QA(question, answer))
    text = "\n\n".join(f"**{qa.question}**\n\n{qa.answer}" for qa in items)
    return _card(CardKind.QA, CardKind.QA.label, text, qa=tuple(items)) if items else None


def _business(cluster: dict[str, Any], key: str, citations: _Citations) -> Card | None:
    prose = citations.rewrite(_text(cluster, key))
    points = [citations.rewrite(item) for item in _strings(cluster, "business_angle_points")]
    text = "\n\n".join(part for part in (prose, "\n".join(f"- {p}" for p in points if p)) if part)
    return _card(CardKind.ECONOMIC, "Business angle", text) if text else None


def _other_card(key: str, value: Any, citations: _Citations) -> Card:
    """A field this parser does not know, kept readable: text as is, lists as bullets, objects as pairs."""
    heading = key.replace("_", " ").strip().capitalize() or "Other"
    if isinstance(value, list):
        text = "\n".join(f"- {_flat(item)}" for item in value)
    elif isinstance(value, dict):
        text = "\n".join(f"- {k}: {_flat(v)}" for k, v in value.items())
    else:
        text = _flat(value)
    return _card(CardKind.OTHER, heading, citations.rewrite(clean(text)))


_MAX_FLAT_DEPTH = 20
"""Deeper than this, an unknown field's value is cut with a note: real Kagi fields nest two or three levels,
and walking a hostile one a thousand levels deep would exhaust Python's stack."""


def _flat(value: Any, depth: int = 0) -> str:
    if depth > _MAX_FLAT_DEPTH:
        return "(nested too deeply to show)"
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_flat(v, depth + 1)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(_flat(item, depth + 1) for item in value)
    return json.dumps(value)


_SECTIONS: tuple[tuple[str, Callable[[dict[str, Any], str, _Citations], Card | None]], ...] = (
    ("short_summary", _prose(CardKind.SUMMARY)),
    ("talking_points", _bullets(CardKind.TAKEAWAYS, "Highlights")),
    ("quote", _quote),
    ("perspectives", _perspectives),
    ("historical_background", _prose(CardKind.BACKGROUND)),
    ("geopolitical_context", _prose(CardKind.ANALYSIS, "Geopolitical context")),
    ("humanitarian_impact", _prose(CardKind.HUMANITARIAN)),
    ("economic_implications", _prose(CardKind.ECONOMIC)),
    ("business_angle_text", _business),
    ("international_reactions", _bullets(CardKind.REACTIONS, "International reactions")),
    ("key_players", _bullets(CardKind.KEY_PLAYERS)),
    ("technical_details", _bullets(CardKind.TECHNICAL)),
    ("technical_specifications", _bullets(CardKind.TECHNICAL, "Technical specifications")),
    ("scientific_significance", _bullets(CardKind.OTHER, "Scientific significance")),
    ("industry_impact", _bullets(CardKind.IMPACT, "Industry impact")),
    ("gaming_industry_impact", _bullets(CardKind.IMPACT, "Gaming industry impact")),
    ("user_experience_impact", _prose(CardKind.IMPACT, "User experience impact")),
    ("gameplay_mechanics", _bullets(CardKind.OTHER, "Gameplay mechanics")),
    ("performance_statistics", _bullets(CardKind.OTHER, "Performance statistics")),
    ("league_standings", _prose(CardKind.OTHER, "League standings")),
    ("travel_advisory", _bullets(CardKind.OTHER, "Travel advisory")),
    ("destination_highlights", _prose(CardKind.OTHER, "Destination highlights")),
    ("culinary_significance", _prose(CardKind.OTHER, "Culinary significance")),
    ("design_principles", _prose(CardKind.OTHER, "Design principles")),
    ("diy_tips", _prose(CardKind.OTHER, "DIY tips")),
    ("location", _prose(CardKind.OTHER, "Location")),
    ("timeline", _timeline),
    ("future_outlook", _prose(CardKind.FORECAST)),
    ("user_action_items", _bullets(CardKind.OTHER, "Action items")),
    ("suggested_qna", _questions),
    ("did_you_know", _prose(CardKind.DID_YOU_KNOW)),
)
_KNOWN = _IGNORED | {key for key, _ in _SECTIONS} | {"business_angle_points"}

FORMAT = Format(name=NAME, suffixes=(".json",), matches=matches, parse=first_of(parse_many),
                parse_many=parse_many)
