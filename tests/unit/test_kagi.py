"""Kagi News (Kite) JSON: category files, old `stories` files, single clusters, citations, bad clusters.

The fixture is our own invented news in the shape of kite-public's `src/lib/types.ts`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from briefings.errors import ParseError
from briefings.formats import detect, parse_all, parse_text
from briefings.formats.kagi import COMMON_KNOWLEDGE
from briefings.ingest import IngestStatus, ingest_paths
from briefings.library import Library
from briefings.model import Briefing, CardKind

ARTICLES = [
    {
        "title": "Ferry line resumes winter crossings",
        "link": "https://harbour.example/ferry",
        "domain": "harbour.example",
        "date": "2025-11-03T08:00:00Z",
    },
    {
        "title": "Port authority sets new timetable",
        "link": "https://coastnews.example/a",
        "domain": "coastnews.example",
        "date": "2025-11-04T09:30:00+00:00",
    },
    {
        "title": "Unions welcome restart",
        "link": "https://harbour.example/unions",
        "domain": "harbour.example",
        "date": "2025-11-05",
    },
]

FULL_CLUSTER: dict[str, Any] = {
    "cluster_number": 1,
    "unique_domains": 2,
    "category": "World",
    "title": "Island ferry service returns after storm repairs",
    "short_summary": "The island ferry sailed again on Monday [harbour.example#1], with a new timetable "
    "[coastnews.example#1] that unions backed [harbour.example#2].",
    "talking_points": [
        "Crossings: four a day until March [coastnews.example#1].",
        "Repairs: the pier was rebuilt in six weeks [common].",
    ],
    "quote": "We are glad to carry people home again.",
    "quote_author": "Mara Lind",
    "quote_attribution": "ferry captain",
    "quote_source_domain": "harbour.example",
    "perspectives": [
        {
            "text": "Port authority: the timetable balances cost and demand [coastnews.example#1].",
            "sources": [{"name": "Coast News", "url": "https://coastnews.example/a"}],
        },
        {"text": "Residents: the winter gap was too long.", "sources": []},
    ],
    "historical_background": "The ferry has linked the island to the mainland since 1952 [common].",
    "humanitarian_impact": "Patients could not reach the mainland clinic for six weeks.",
    "economic_implications": "Shops on the island lost most of their autumn trade.",
    "international_reactions": ["The neighbouring island council sent engineers."],
    "key_players": ["Mara Lind (ferry captain)", "Harbour Port Authority"],
    "technical_details": ["The new pier stands on 40 steel piles."],
    "timeline": [
        {"date": "October 2, 2025", "content": "A storm damages the pier [harbour.example#1]."},
        {"date": "November 3, 2025", "content": "Crossings resume."},
    ],
    "future_outlook": "A second pier may follow in 2027 if funding is found.",
    "suggested_qna": [
        {"question": "How often does the ferry sail?", "answer": "Four times a day [coastnews.example#1]."}
    ],
    "did_you_know": "The ferry is the oldest of its kind still in service.",
    "emoji": "⛴️",
    "primary_image": {"url": "https://img.example/p.jpg", "caption": "The pier"},
    "weather_note": "Gales are forecast for next week.",
    "local_voices": [{"name": "Ola", "said": "Finally."}],
    "articles": ARTICLES,
    "domains": [{"name": "harbour.example"}],
}
MINIMAL_CLUSTER = {
    "title": "Library opens late on Fridays",
    "short_summary": "The town library now opens until 9 pm.",
    "talking_points": None,
    "quote": "",
    "timeline": [],
    "articles": [],
}
BROKEN_CLUSTER = {"short_summary": "A cluster without its title.", "articles": []}


def category_file(tmp_path: Path, key: str = "clusters") -> Path:
    data = {
        "category": "World",
        "timestamp": 1762156800,
        "read": 3,
        key: [FULL_CLUSTER, BROKEN_CLUSTER, MINIMAL_CLUSTER],
    }
    path = tmp_path / "world.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def briefings_of(path: Path) -> list[Briefing | ParseError]:
    return list(parse_all(path.read_text(encoding="utf-8"), path.name))


def test_detected_by_content_not_name(tmp_path: Path) -> None:
    text = category_file(tmp_path).read_text()
    assert detect(text, "world.json").name == "kagi"
    assert detect(text, "download.txt").name == "kagi"
    assert detect('{"title": "not kagi"}', "x.json").name != "kagi"


@pytest.mark.parametrize("key", ["clusters", "stories"])
def test_category_file_gives_one_briefing_per_cluster_and_an_error_for_the_broken_one(tmp_path, key) -> None:
    full, broken, minimal = briefings_of(category_file(tmp_path, key))
    assert isinstance(full, Briefing) and isinstance(minimal, Briefing)
    assert isinstance(broken, ParseError)
    assert "world.json: cluster 2" in str(broken) and "no title" in str(broken)
    assert full.title == FULL_CLUSTER["title"]
    assert full.topics == ("World",)
    assert str(full.date) == "2025-11-03"  # the category's timestamp
    assert [card.kind for card in minimal.cards] == [CardKind.SUMMARY]


def test_sections_become_cards_in_kite_order_and_unknown_fields_are_kept(tmp_path: Path) -> None:
    full = briefings_of(category_file(tmp_path))[0]
    assert isinstance(full, Briefing)
    kinds = [card.kind for card in full.cards]
    assert kinds == [
        CardKind.SUMMARY,
        CardKind.TAKEAWAYS,
        CardKind.QUOTE,
        CardKind.PERSPECTIVES,
        CardKind.BACKGROUND,
        CardKind.HUMANITARIAN,
        CardKind.ECONOMIC,
        CardKind.REACTIONS,
        CardKind.KEY_PLAYERS,
        CardKind.TECHNICAL,
        CardKind.TIMELINE,
        CardKind.FORECAST,
        CardKind.QA,
        CardKind.DID_YOU_KNOW,
        CardKind.OTHER,
        CardKind.OTHER,
    ]
    by_kind = {card.kind: card for card in full.cards}
    assert by_kind[CardKind.TAKEAWAYS].heading == "Highlights"
    quote = by_kind[CardKind.QUOTE].quote
    assert quote is not None and (quote.author, quote.source) == ("Mara Lind", "ferry captain")
    timeline = by_kind[CardKind.TIMELINE].events
    assert [(e.date_text, str(e.date)) for e in timeline] == [
        ("October 2, 2025", "2025-10-02"),
        ("November 3, 2025", "2025-11-03"),
    ]
    assert by_kind[CardKind.QA].qa[0].question == "How often does the ferry sail?"
    assert "(sources: Coast News)" in by_kind[CardKind.PERSPECTIVES].text
    others = [card for card in full.cards if card.kind is CardKind.OTHER]
    assert [card.heading for card in others] == ["Weather note", "Local voices"]
    assert "Gales are forecast" in others[0].text and "Ola" in others[1].text
    assert "img.example" not in full.plain_text()  # images point at the network


def test_articles_are_references_and_markers_are_rewritten_to_their_numbers(tmp_path: Path) -> None:
    full = briefings_of(category_file(tmp_path))[0]
    assert isinstance(full, Briefing)
    assert [(r.number, r.outlet, str(r.date)) for r in full.references[:3]] == [
        (1, "harbour.example", "2025-11-03"),
        (2, "coastnews.example", "2025-11-04"),
        (3, "harbour.example", "2025-11-05"),
    ]
    assert full.references[3].number == 4 and full.references[3].title == COMMON_KNOWLEDGE
    summary = full.cards[0]
    # harbour.example#2 is the third article: the second from that domain
    assert summary.text == (
        "The island ferry sailed again on Monday [1], with a new timetable [2] that unions backed [3]."
    )
    assert summary.citations == (1, 2, 3)
    assert full.cards[1].citations == (2, 4)
    assert "#" not in full.plain_text() and "[common]" not in full.plain_text()
    assert not full.notes


def test_a_marker_naming_no_article_is_dropped_with_a_note() -> None:
    cluster = {
        "title": "Bridge closes",
        "short_summary": "The bridge shut [nowhere.example#1] at noon [a.example#3].",
        "articles": [{"title": "A", "link": "https://a.example/1", "domain": "a.example", "date": ""}],
    }
    briefing = parse_text(json.dumps(cluster), "bridge.json")
    assert briefing.cards[0].text == "The bridge shut at noon."
    assert briefing.notes and "2 citation marker(s)" in briefing.notes[0]


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"short_summary": "x", "clusters": 5', "not valid JSON"),
        ('[{"title": 5, "short_summary": "x"}]', "must be text"),
        (
            '{"clusters": [{"title": "T", "short_summary": "x", "talking_points": "oops"}]}',
            "must be a list",
        ),
        ("[" * 100_000 + '"short_summary"', "nested too deeply"),
    ],
)
def test_malformed_files_give_one_line_errors(text: str, message: str) -> None:
    (item,) = parse_all(text, "bad.json")
    assert isinstance(item, ParseError) and message in str(item)


def test_ingest_reports_each_cluster_with_its_title(tmp_path: Path) -> None:
    path = category_file(tmp_path)
    with Library(tmp_path / "library") as library:
        outcomes = list(ingest_paths(library, [path]))
        assert [o.status for o in outcomes] == [IngestStatus.ADDED, IngestStatus.ERROR, IngestStatus.ADDED]
        assert outcomes[0].title == FULL_CLUSTER["title"] and outcomes[0].path == path
        assert len(library) == 2
        assert {o.status for o in ingest_paths(library, [path]) if o.briefing_id} == {IngestStatus.UNCHANGED}
