"""Kagi News (Kite) JSON, every generation: a category file (`{"category", "timestamp", "clusters"}`,
older files `stories`), a top-level list of clusters (public mirrors write `summary` and a
`published` time), or one cluster; every cluster is a briefing.

The schema is kagisearch/kite-public `src/lib/types.ts` (`Story`, `CategoryData`); its sections and
their older names are in `kagi_sections`, the lenient reading of each field in `kagi_fields`. A
field this parser does not know becomes an "Other" card headed with its name, so nothing the file
says is dropped; image and bookkeeping fields are left out, as they only point at the network or
count things. The cluster's articles become its references, numbered in order. JSON that is not
Kagi News at all is refused with one line saying what it holds.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from briefings.dates import parse_date
from briefings.errors import ParseError
from briefings.formats import Format, Parsed, SkippedItem, first_of
from briefings.formats.kagi_fields import Fields, describe, domain_of, flat
from briefings.formats.kagi_sections import COMMON_KNOWLEDGE, Citations, other_card, section_cards
from briefings.model import Briefing, Reference, Source
from briefings.references import newest_reference_date
from briefings.text import make_id

NAME = "kagi"
CLUSTER_KEYS = frozenset({"short_summary", "summary", "talking_points", "articles", "perspectives",
                          "cluster_number", "did_you_know", "timeline"})
"""A JSON object with a title and one of these is a cluster."""
_SIGNATURES = ('"short_summary"', '"talking_points"', '"cluster_number"')
_METADATA = frozenset({
    "id", "cluster_number", "unique_domains", "number_of_titles", "sourceLanguage", "selectedLanguage",
    "language", "category", "feed_category", "item_category", "emoji", "primary_image", "secondary_image",
    "domains", "expanded", "title", "articles", "published", "timestamp", "heading_level", "url",
    "source_urls",
})
"""Fields that are no section: identity, counts, images, the categories (topics) and dates."""


def matches(text: str, suffix: str) -> bool:
    """JSON by its first character, and either named `.json` or carrying a field only Kagi writes."""
    if text.lstrip("\ufeff \t\r\n")[:1] not in ("{", "["):
        return False
    return suffix == ".json" or any(signature in text[:200_000] for signature in _SIGNATURES)


def parse_many(text: str, name: str) -> Iterator[Parsed]:
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except RecursionError:
        yield ParseError(f"{name}: JSON is nested too deeply")
        return
    except ValueError as error:
        yield ParseError(f"{name}: not valid JSON ({error})")
        return
    yield from clusters_of(data, name)


def clusters_of(data: Any, name: str) -> Iterator[Parsed]:
    """Every cluster of a decoded Kagi file as a briefing, or as the error that one cluster gives."""
    try:
        category, date, clusters = _shape(data, name)
    except ParseError as error:
        yield error
        return
    if not clusters:
        yield SkippedItem(f"{name}: the Kagi file holds no stories")
    for number, cluster in enumerate(clusters, 1):
        where = f"{name}: cluster {number}"
        if isinstance(cluster, dict) and isinstance(cluster.get("title"), str):
            where += f" ({' '.join(cluster['title'].split())[:80]})"
        try:
            yield cluster_briefing(cluster, category, date)
        except ParseError as error:
            yield ParseError(f"{where}: {error}")
        except RecursionError:
            yield ParseError(f"{where}: nested too deeply")


def is_cluster(value: Any) -> bool:
    return isinstance(value, dict) and "title" in value and not CLUSTER_KEYS.isdisjoint(value)


def holds_stories(data: Any) -> bool:
    """A cluster, a list of clusters or a category file."""
    if isinstance(data, list):
        return any(is_cluster(item) for item in data)
    return is_cluster(data) or (isinstance(data, dict) and (
        isinstance(data.get("clusters"), list) or isinstance(data.get("stories"), list)))


def _shape(data: Any, name: str) -> tuple[str, dt.date | None, list[Any]]:
    """(category, date, clusters) of a category file, a list of clusters or one cluster."""
    if isinstance(data, list) and any(is_cluster(item) for item in data):
        return "", None, data
    if is_cluster(data):
        return "", None, [data]
    if isinstance(data, dict):
        clusters = data.get("clusters") if data.get("clusters") is not None else data.get("stories")
        if isinstance(clusters, list):
            category = data.get("category")
            category_name = category.strip() if isinstance(category, str) else ""
            return category_name, _date(data.get("timestamp")), clusters
        if isinstance(data.get("events"), list):
            return "On This Day", _date(data.get("timestamp")), [_on_this_day(data)]
        if isinstance(data.get("categories"), list):
            raise ParseError(f"{name}: a Kagi News index (kite.json): it names the category files; "
                             "ingest those instead")
    raise ParseError(f"{name}: JSON, but not a Kagi News file: {_what(data)} (Kagi files hold clusters, "
                     "or a cluster's title with short_summary, talking_points or articles)")


def _on_this_day(data: dict[str, Any]) -> dict[str, Any]:
    """Kagi's On This Day file (`{timestamp, events: [{year, content, sort_year, type}]}`) as one
    cluster whose timeline is its events, oldest first."""
    events = [event for event in data["events"] if isinstance(event, dict)]
    events.sort(key=_sort_year)
    date = _date(data.get("timestamp"))
    title = f"On this day, {date.day} {date:%B}" if date else "On this day"
    timeline = [{"date": flat(event.get("year")), "content": event.get("content")} for event in events]
    return {"title": title, "timeline": timeline}


def _sort_year(event: dict[str, Any]) -> float:
    year = event.get("sort_year")
    return float(year) if isinstance(year, int | float) and not isinstance(year, bool) else 0.0


def _what(data: Any) -> str:
    if isinstance(data, dict):
        keys = ", ".join(str(key) for key in list(data)[:6]) + (", …" if len(data) > 6 else "")
        return f"an object with {keys}" if data else "an empty object"
    if isinstance(data, list):
        kinds = sorted({describe(item) for item in data})
        return f"a list of {len(data)} item(s): {', '.join(kinds)}" if data else "an empty list"
    return describe(data)


def cluster_briefing(cluster: Any, category: str = "", date: dt.date | None = None) -> Briefing:
    """One cluster as a briefing; only a cluster that is no object, has no title or no text is refused."""
    if not isinstance(cluster, dict):
        raise ParseError(f"is {describe(cluster)}, not a JSON object")
    fields = Fields(cluster)
    if not isinstance(cluster.get("title"), str | None):
        fields.flag("title", describe(cluster["title"]), "text")
    title = " ".join(flat(cluster.get("title")).split())
    if not title:
        raise ParseError("has no title")
    articles = _articles(fields)
    citations = Citations(articles)
    cards, read = section_cards(fields, citations)
    others = (other_card(key, value, citations) for key, value in cluster.items()
              if key not in read and key not in _METADATA and value not in (None, "", [], {}))
    cards.extend(card for card in others if card is not None)
    if not cards:
        raise ParseError("has no text in any section")
    references = [_reference(number, article) for number, article in enumerate(articles, 1)]
    if citations.common is not None:
        references.append(Reference(number=citations.common, title=COMMON_KNOWLEDGE, raw=COMMON_KNOWLEDGE))
    references.extend(_further_sources(fields, references))
    notes = [fields.note()]
    if citations.dropped:
        shown = ", ".join(dict.fromkeys(citations.dropped))[:200]
        notes.append(f"{len(citations.dropped)} citation marker(s) name no article of the cluster and were "
                     f"dropped: {shown}")
    date = date or _date(cluster.get("published")) or _date(cluster.get("timestamp"))
    newest = newest_reference_date(references)
    feed = fields.text("feed_category").split(",")
    topics = (category, fields.text("category"), fields.text("item_category"), *feed)
    # An undated cluster's id hashes its newest article's date, as earlier releases did, so ids stay; the
    # date itself is left to date inference, which says where it came from.
    return Briefing(id=make_id(title, date or newest), title=title, cards=tuple(cards), date=date,
                    topics=tuple(dict.fromkeys(t.strip() for t in topics if t.strip())),
                    references=tuple(references), source=Source(format=NAME),
                    notes=tuple(note for note in notes if note))


def _articles(fields: Fields) -> list[dict[str, Any]]:
    """The cluster's articles as objects; a bare URL or title (odd) stands for its article."""
    articles = []
    for item in fields.objects("articles"):
        if isinstance(item, dict):
            articles.append(item)
            continue
        fields.flag("articles", f"an item that is {describe(item)}", "an object")
        text = flat(item)
        host = domain_of(text) if text.startswith(("http://", "https://")) else None
        articles.append({"link": text, "domain": host} if host else {"title": text})
    return articles


def _reference(number: int, article: dict[str, Any]) -> Reference:
    def value(key: str) -> str:
        item = article.get(key)
        return flat(item) if isinstance(item, str | int | float) else ""

    return Reference(number=number, title=value("title"), outlet=value("domain"), url=value("link"),
                     date=_date(value("date")), author=value("author"))


def _further_sources(fields: Fields, references: list[Reference]) -> list[Reference]:
    """The cluster's `url` and `source_urls` that are none of its articles, as further references."""
    known = {r.url for r in references if r.url}
    urls = [fields.text("url"), *fields.items("source_urls")]
    new = [url for url in dict.fromkeys(urls) if url.startswith(("http://", "https://")) and url not in known]
    start = max((r.number for r in references), default=0) + 1
    return [Reference(number=number, url=url, outlet=domain_of(url), raw=url)
            for number, url in enumerate(new, start)]


def _date(value: Any) -> dt.date | None:
    """A unix time (seconds, or milliseconds as some mirrors write), an ISO time or a written date."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 100_000_000_000 else value
        try:
            return dt.datetime.fromtimestamp(seconds, dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        return parse_date(value)


FORMAT = Format(name=NAME, suffixes=(".json",), matches=matches, parse=first_of(parse_many),
                parse_many=parse_many)
